// Groundwater classification benchmark: the GB/T 14848 class of every sample (worst item) for the columns
// written by bench/groundwater/make_samples.py, with engine::groundwater::ClassKernel. Prints one line of JSON.
#include <fmt/format.h>
#include <sys/resource.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/groundwater/class_kernel.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bench_groundwater FILE.f64   (made by bench/groundwater/make_samples.py)\n");
    return 2;
  }
  const std::string data = argv[1];
  std::ifstream meta_file(data.substr(0, data.size() - 4) + ".json");
  const auto meta = nlohmann::json::parse(meta_file);
  const std::size_t n = meta["n"];
  const auto items = meta["items"].get<std::vector<std::string>>();
  std::vector<double> buffer(n * items.size());
  std::ifstream in(data, std::ios::binary);
  in.read(reinterpret_cast<char*>(buffer.data()), static_cast<std::streamsize>(buffer.size() * sizeof(double)));
  if (!in || in.peek() != std::char_traits<char>::eof()) {
    std::fprintf(stderr, "bench_groundwater: %s has the wrong size\n", data.c_str());
    return 1;
  }
  const double* columns = buffer.data();
  std::vector<eb::engine::groundwater::ClassKernel> kernels;
  for (const auto& item : items) kernels.emplace_back(item);
  // Read whole into memory first, as numpy's fromfile does; touched once more so both start from warm memory.
  double touch = 0;
  for (std::size_t i = 0; i < n * items.size(); i += 512) touch += columns[i] == columns[i] ? 0 : 1;
  std::vector<std::uint8_t> section(n, 0);
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<const double*> column_of(items.size());
  for (std::size_t k = 0; k < items.size(); ++k) column_of[k] = columns + k * n;
  eb::engine::groundwater::ClassKernel::sample_classes(kernels, column_of, n, section);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::array<long, 6> hist{};
  for (const auto c : section) ++hist[c];
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  fmt::print(
      "{{\"engine\":\"ecobarrier groundwater "
      "ClassKernel\",\"n\":{},\"items\":{},\"seconds\":{:.6f},\"samples_per_s\":{:.0f},"
      "\"class_histogram\":[{}],\"peak_rss_mb\":{:.1f},\"touch\":{}}}\n",
      n, items.size(), seconds, static_cast<double>(n) / seconds, fmt::join(hist, ","),
      static_cast<double>(ru.ru_maxrss) / 1024.0, touch);
  return 0;
}

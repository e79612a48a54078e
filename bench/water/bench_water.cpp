// Water classification benchmark: the GB 3838 class of every sample (worst class of its items) for the columns
// written by bench/water/make_samples.py, with engine::water::ClassKernel. Prints one line of JSON.
#include <fmt/format.h>
#include <sys/resource.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/water/class_kernel.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bench_water FILE.f64   (made by bench/water/make_samples.py)\n");
    return 2;
  }
  const std::string data = argv[1];
  std::ifstream meta_file(data.substr(0, data.size() - 4) + ".json");
  const auto meta = nlohmann::json::parse(meta_file);
  const std::size_t n = meta["n"];
  const auto items = meta["items"].get<std::vector<std::string>>();
  // Raw doubles, not text: read as bytes (io::FileBuffer checks text and refuses bytes that are not UTF-8).
  std::ifstream in(data, std::ios::binary);
  std::vector<double> values(n * items.size());
  in.read(reinterpret_cast<char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(double)));
  if (!in || in.peek() != std::char_traits<char>::eof()) {
    std::fprintf(stderr, "bench_water: %s has the wrong size\n", data.c_str());
    return 1;
  }
  const double* columns = values.data();
  std::vector<eb::engine::water::ClassKernel> kernels;
  for (const auto& item : items) kernels.emplace_back(item, eb::standards::Waterbody::river);
  // Touch the values once so that both engines start from memory, as numpy's fromfile does.
  double touch = 0;
  for (std::size_t i = 0; i < n * items.size(); i += 512) touch += columns[i] == columns[i] ? 0 : 1;
  std::vector<std::uint8_t> section(n, 0);
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<const double*> column_of(items.size());
  for (std::size_t k = 0; k < items.size(); ++k) column_of[k] = columns + k * n;
  eb::engine::water::ClassKernel::section_classes(kernels, column_of, n, section);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::array<long, 7> hist{};
  for (const auto c : section) ++hist[c];
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  fmt::print(
      "{{\"engine\":\"ecobarrier ClassKernel\",\"n\":{},\"items\":{},\"seconds\":{:.6f},\"samples_per_s\":{:.0f},"
      "\"class_histogram\":[{}],\"peak_rss_mb\":{:.1f},\"touch\":{}}}\n",
      n, items.size(), seconds, static_cast<double>(n) / seconds, fmt::join(hist, ","),
      static_cast<double>(ru.ru_maxrss) / 1024.0, touch);
  return 0;
}

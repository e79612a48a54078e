// Farmland soil classification benchmark: the GB 15618 category of every sample written by
// bench/soil/make_samples.py, with engine::soil::CategoryKernel. Prints one line of JSON.
#include <fmt/format.h>
#include <sys/resource.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/soil/category_kernel.hpp"
#include "io/file_buffer.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bench_soil FILE.f64   (made by bench/soil/make_samples.py)\n");
    return 2;
  }
  const std::string data = argv[1];
  const std::string base = data.substr(0, data.size() - 4);
  std::ifstream meta_file(base + ".json");
  const auto meta = nlohmann::json::parse(meta_file);
  const std::size_t n = meta["n"];
  const auto items = meta["items"].get<std::vector<std::string>>();
  eb::io::ReadOptions binary;
  binary.text = false;
  binary.max_bytes = std::uint64_t{1} << 40;
  const eb::io::FileBuffer file(data, binary);
  const eb::io::FileBuffer uses(base + ".u8", binary);
  if (file.text().size() != n * (items.size() + 1) * sizeof(double) || uses.text().size() != n) {
    std::fprintf(stderr, "bench_soil: %s has the wrong size\n", data.c_str());
    return 1;
  }
  const auto* columns = reinterpret_cast<const double*>(file.text().data());
  const auto* use = reinterpret_cast<const std::uint8_t*>(uses.text().data());
  const eb::engine::soil::CategoryKernel kernel(items);
  // Touch the mapped files once so that both engines start from memory, as numpy's fromfile does.
  double touch = 0;
  for (std::size_t i = 0; i < n * (items.size() + 1); i += 512) touch += columns[i] == columns[i] ? 0 : 1;
  for (std::size_t i = 0; i < n; i += 4096) touch += use[i];
  std::vector<std::uint8_t> category(n, 0);
  std::vector<const double*> column_of(items.size());
  for (std::size_t k = 0; k < items.size(); ++k) column_of[k] = columns + (k + 1) * n;
  const auto t0 = std::chrono::steady_clock::now();
  kernel.classify(columns, use, column_of, n, category.data());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::array<long, 4> hist{};
  for (const auto c : category) ++hist[c];
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  fmt::print(
      "{{\"engine\":\"ecobarrier CategoryKernel\",\"n\":{},\"items\":{},\"seconds\":{:.6f},\"samples_per_s\":{:.0f},"
      "\"category_histogram\":[{}],\"peak_rss_mb\":{:.1f},\"touch\":{}}}\n",
      n, items.size(), seconds, static_cast<double>(n) / seconds, fmt::join(hist, ","),
      static_cast<double>(ru.ru_maxrss) / 1024.0, touch);
  return 0;
}

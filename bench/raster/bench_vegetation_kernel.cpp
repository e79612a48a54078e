// In-memory speed of the vegetation kernels (engine/raster/vegetation_kernel) against the machine's memory
// bandwidth, measured in the same run with a STREAM-style triad over arrays of the same size. Prints GB/s of
// bytes each kernel must move (its inputs read and outputs written) and the ratio to the triad.
// Usage: bench_vegetation_kernel [--size N] [--threads T]   (N x N cells, default 4096)
#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "engine/raster/vegetation_kernel.hpp"
#include "standards/grade_scheme.hpp"
#include "standards/vegetation.hpp"

namespace raster = eb::engine::raster;
using Clock = std::chrono::steady_clock;

namespace {

// Best of `repeats` runs, in seconds.
template <class Fn>
double best_of(int repeats, Fn&& fn) {
  double best = 1e30;
  for (int r = 0; r < repeats; ++r) {
    const auto t = Clock::now();
    fn();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t).count());
  }
  return best;
}

template <class Fn>
void rows(int n, Fn&& fn) {
  tbb::parallel_for(tbb::blocked_range<int>(0, n, 8), [&](const tbb::blocked_range<int>& r) {
    for (int row = r.begin(); row < r.end(); ++row) fn(row);
  });
}

}  // namespace

int main(int argc, char** argv) {
  int size = 4096, threads = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--size") == 0) size = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--threads") == 0) threads = std::atoi(argv[i + 1]);
  }
  std::unique_ptr<tbb::global_control> limit;
  if (threads > 0)
    limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                  static_cast<std::size_t>(threads));
  const auto cols = static_cast<std::size_t>(size), n = cols * cols;
  std::vector<double> red(n), nir(n), ndvi(n), fvc(n), grade(n), triad(n);
  std::vector<std::uint8_t> valid(n, 1), ok(n);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> reflectance(0.02, 0.5);
  for (std::size_t i = 0; i < n; ++i) {
    red[i] = reflectance(rng);
    nir[i] = reflectance(rng);
    valid[i] = (i % 97) != 0;  // a few nodata cells
  }
  // Touch every output page once so the timings see no page faults.
  rows(size, [&](int r) {
    const std::size_t o = static_cast<std::size_t>(r) * cols;
    std::memset(&ndvi[o], 0, cols * 8);
    std::memset(&fvc[o], 0, cols * 8);
    std::memset(&grade[o], 0, cols * 8);
    std::memset(&triad[o], 0, cols * 8);
    std::memset(&ok[o], 0, cols);
  });

  const int repeats = 5;
  // Triad: triad = red + 0.5 nir; reads 16 bytes and writes 8 per cell.
  const double t_triad = best_of(repeats, [&] {
    rows(size, [&](int r) {
      const std::size_t o = static_cast<std::size_t>(r) * cols;
      for (std::size_t i = o; i < o + cols; ++i) triad[i] = red[i] + 0.5 * nir[i];
    });
  });
  // NDVI: reads red, nir and two validity flags (18 bytes), writes NDVI and its flag (9 bytes).
  const double t_ndvi = best_of(repeats, [&] {
    rows(size, [&](int r) {
      const std::size_t o = static_cast<std::size_t>(r) * cols;
      raster::ndvi_row(&red[o], &nir[o], &valid[o], &valid[o], cols, &ndvi[o], &ok[o]);
    });
  });
  // FVC + grade + areas: reads NDVI and its flag (9 bytes), writes FVC and grade (16 bytes).
  const raster::GradeLookup lookup(eb::standards::grade_scheme(eb::standards::kDefaultFvcScheme));
  const raster::FvcParameters p{0.05, 0.85};
  raster::CoverSums total;
  const double t_fvc = best_of(repeats, [&] {
    tbb::combinable<raster::CoverSums> sums;
    rows(size, [&](int r) {
      const std::size_t o = static_cast<std::size_t>(r) * cols;
      raster::fvc_row(&ndvi[o], &ok[o], cols, p, lookup, 900.0, &fvc[o], &grade[o], sums.local());
    });
    total = raster::CoverSums{};
    sums.combine_each([&](const raster::CoverSums& s) { total.merge(s); });
  });

  const double cells = static_cast<double>(n);
  const double bw = cells * 24 / t_triad / 1e9;
  fmt::print("{} x {} cells in memory ({:.0f} MiB of doubles per array), best of {}, {} threads\n", size, size,
             cells * 8 / 1048576, repeats, threads > 0 ? std::to_string(threads) : std::string("all"));
  fmt::print("memory bandwidth (triad)      {:7.2f} GB/s\n", bw);
  const auto line = [&](const char* name, double t, double bytes) {
    const double gbs = cells * bytes / t / 1e9;
    fmt::print("{:<29} {:7.2f} GB/s  {:7.1f} M cells/s  {:.2f}x of bandwidth  goal within 2x: {}\n", name, gbs,
               cells / t / 1e6, gbs / bw, gbs >= bw / 2 ? "met" : "NOT met");
  };
  line("ndvi_row", t_ndvi, 27);
  line("fvc_row (FVC, grade, areas)", t_fvc, 25);
  fmt::print("check: {} cells graded, mean FVC {:.4f}\n", total.cells, total.fvc_area_sum / total.area_m2);
  return 0;
}

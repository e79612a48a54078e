#include "engine/raster/vegetation_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace eb::engine::raster {

GradeLookup::GradeLookup(const standards::GradeScheme& scheme) {
  for (std::size_t i = 0; i < scheme.grades.size(); ++i) {
    if (i > 0) bounds_.push_back(scheme.grades[i].lower);
    codes_.push_back(scheme.grades[i].code);
    if (i > 0 && codes_[i] != codes_[i - 1] + 1) consecutive_ = false;
  }
}

void CoverSums::merge(const CoverSums& other) {
  for (std::size_t g = 0; g < grade_area_m2.size(); ++g) grade_area_m2[g] += other.grade_area_m2[g];
  fvc_area_sum += other.fvc_area_sum;
  area_m2 += other.area_m2;
  cells += other.cells;
}

void ndvi_row(const double* red, const double* nir, const std::uint8_t* valid_red, const std::uint8_t* valid_nir,
              std::size_t n, double* ndvi, std::uint8_t* ok) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < n; ++i) {
    const double sum = nir[i] + red[i];
    const bool good = valid_red[i] & valid_nir[i] & (sum != 0);
    // NaN in a band makes sum NaN, and NaN != 0 holds: keep the NaN test explicit.
    const double v = (nir[i] - red[i]) / (sum != 0 ? sum : 1.0);
    ndvi[i] = good ? v : nan;
    ok[i] = good && v == v;
  }
}

namespace {
// Σ of `n` doubles in eight partial sums: the additions vectorise without reordering a single accumulator.
inline double lane_sum(const double* __restrict x, std::size_t n) {
  constexpr std::size_t kLanes = 8;
  double partial[kLanes] = {};
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (std::size_t k = 0; k < kLanes; ++k) partial[k] += x[i + k];
  for (; i < n; ++i) partial[0] += x[i];
  double sum = 0;
  for (double p : partial) sum += p;
  return sum;
}
}  // namespace

// Built for AVX2 as well as the x86-64 baseline; the loader picks the version the CPU runs (GCC target_clones).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define EB_KERNEL_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define EB_KERNEL_CLONES
#endif

EB_KERNEL_CLONES void fvc_row(const double* ndvi_in, const std::uint8_t* use_in, std::size_t n, const FvcParameters& p,
                              const GradeLookup& grades, double cell_area_m2, double* fvc_out, double* grade_out,
                              CoverSums& sums) {
  // Straight passes over the row (it stays in cache between them), each of which the compiler vectorises: every
  // working array holds doubles, so no pass mixes lane widths. Restrict-qualified locals tell it the arrays do not
  // overlap.
  const double* __restrict ndvi = ndvi_in;
  const std::uint8_t* __restrict use = use_in;
  double* __restrict fvc = fvc_out;
  double* __restrict grade = grade_out;
  thread_local std::vector<double> good_buffer, counted_buffer, index_buffer;
  good_buffer.resize(n);
  counted_buffer.resize(n);
  index_buffer.resize(n);
  double* __restrict good = good_buffer.data();        // 1 for cells that count, else 0
  double* __restrict counted = counted_buffer.data();  // FVC of cells that count, else 0
  double* __restrict index = index_buffer.data();      // number of class bounds at or below FVC

  const double soil = p.ndvi_soil, range = p.ndvi_veg - p.ndvi_soil;
  // FVC as standards::fvc computes it, to the last bit; NaN NDVI stays NaN through the clamp.
  for (std::size_t i = 0; i < n; ++i) {
    double f = (ndvi[i] - soil) / range;
    f = f < 0 ? 0.0 : f;
    fvc[i] = f > 1 ? 1.0 : f;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const bool g = (use[i] != 0) & (fvc[i] == fvc[i]);
    good[i] = g ? 1.0 : 0.0;
    counted[i] = g ? fvc[i] : 0.0;
    index[i] = 0;
  }
  const double used = lane_sum(good, n);  // exact: integers below 2^53
  const double fvc_sum = lane_sum(counted, n);

  // The grade index, and the cells that count at or above each bound (reusing `counted` as scratch).
  const auto& bounds = grades.bounds();
  std::vector<double> at_or_above(bounds.size());
  for (std::size_t j = 0; j < bounds.size(); ++j) {
    const double b = bounds[j];
    for (std::size_t i = 0; i < n; ++i) {
      const double ge = fvc[i] >= b ? 1.0 : 0.0;
      index[i] += ge;
      counted[i] = good[i] * ge;
    }
    at_or_above[j] = lane_sum(counted, n);
  }
  const auto& codes = grades.codes();
  if (grades.consecutive()) {
    const double first = codes.front();
    for (std::size_t i = 0; i < n; ++i) grade[i] = first + index[i];
  } else {
    for (std::size_t i = 0; i < n; ++i) grade[i] = codes[static_cast<std::size_t>(index[i])];
  }
  // Class k holds the cells at or above bound k-1 and not at or above bound k.
  for (std::size_t k = 0; k < codes.size(); ++k) {
    const double from = k == 0 ? used : at_or_above[k - 1];
    const double beyond = k < bounds.size() ? at_or_above[k] : 0.0;
    sums.grade_area_m2[static_cast<std::size_t>(codes[k])] += (from - beyond) * cell_area_m2;
  }
  sums.fvc_area_sum += fvc_sum * cell_area_m2;
  sums.area_m2 += used * cell_area_m2;
  sums.cells += static_cast<std::int64_t>(used);
}

}  // namespace eb::engine::raster

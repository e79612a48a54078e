// Trend tests over a short series (years): Mann-Kendall with the tie correction and the continuity-corrected
// Z, and the Theil-Sen median slope. Used for air-quality trends and, per pixel, for vegetation trends.
#pragma once

#include <limits>
#include <span>
#include <vector>

namespace eb::engine {

struct Trend {
  long s = 0;            // Mann-Kendall S
  double var_s = 0;      // Var(S) with the tie correction
  double z = 0;          // (S - sign(S)) / sqrt(Var S)
  double sen_slope = 0;  // median of pairwise slopes per step
  int n = 0;
  // |Z| > 1.96: significant at 95 % (two-sided).
  bool significant() const { return z > 1.96 || z < -1.96; }
};

// Working memory for many short series (one per pixel): reused, so the per-series cost has no allocation.
struct TrendScratch {
  std::vector<double> steps, values, slopes, sorted;
};

// `y` at equally spaced steps (one per year); NaN values are left out (with their step kept for slopes).
Trend mann_kendall_sen(std::span<const double> y);
Trend mann_kendall_sen(std::span<const double> y, TrendScratch& scratch);

}  // namespace eb::engine

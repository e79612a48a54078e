// Exact percentiles of a raster too large to sort in memory, in two passes: a fine histogram locates the bins
// that hold the needed order statistics, then only the values of those bins are kept and sorted. The result
// equals a full sort (PERCENTILE.INC / numpy's default linear interpolation, the same formula as HJ 663
// Appendix A: h = (n - 1) p, x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h])), not an approximation.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace eb::engine::raster {

class TwoPassQuantiles {
 public:
  // `probabilities` in [0, 1]. Values outside [lo, hi) still count (in two overflow bins), so the range is a
  // speed hint, not a limit; for NDVI the default [-1, 1) with 65536 bins keeps each bin ~3e-5 wide.
  explicit TwoPassQuantiles(std::vector<double> probabilities, double lo = -1, double hi = 1, int bins = 1 << 16);

  // Pass 1, over every block: counts valid, non-NaN values.
  void count(std::span<const double> values, std::span<const std::uint8_t> valid);
  // Between the passes: chooses the bins to keep. Returns false when there are no values.
  bool plan();
  // Pass 2, over the same blocks in any order: keeps the values of the chosen bins.
  void collect(std::span<const double> values, std::span<const std::uint8_t> valid);
  // After pass 2: one value per probability (NaN when there were no values).
  std::vector<double> result();

  std::int64_t n() const { return n_; }

  // A job split into windows (ecobarrier.dask): each window counts (pass 1) into its own object, the counts of all
  // are added into one, whose plan every window's pass 2 follows; the values the windows keep are then added to
  // it, in any order (result() sorts them).
  const std::vector<std::int64_t>& counts() const { return counts_; }
  void add_counts(std::span<const std::int64_t> counts);
  const std::vector<std::vector<double>>& kept_values() const { return kept_values_; }
  void add_kept(std::size_t slot, std::span<const double> values);
  // Values pass 2 keeps (what `collect` costs in memory, 8 bytes each); known after `plan`.
  std::int64_t kept() const { return kept_; }

 private:
  int bin_of(double v) const;
  std::vector<double> p_;
  double lo_, hi_, scale_;
  int bins_;
  std::vector<std::int64_t> counts_;  // [0] below lo, [1..bins] inside, [bins + 1] at or above hi
  std::vector<std::int32_t> slot_;    // per bin: index into kept_values_, or -1
  std::vector<std::vector<double>> kept_values_;
  std::vector<std::int64_t> kept_offset_;  // rank of the first value of each kept bin
  std::int64_t n_ = 0, kept_ = 0;
};

// A value with its weight (a cell's coverage fraction in zonal statistics).
struct WeightedValue {
  double value = 0;
  double weight = 0;
};

// Weighted quantiles of `values` (sorted here in place), one per probability in [0, 1]: the k-th smallest value
// (1-based, weights w) sits at S_k = (k - 1) w_k + (n - 1) Σ_{i<k} w_i on a scale that ends at S_n = (n - 1) Σ w,
// and the p-quantile interpolates linearly between the values around p S_n. With equal weights this is
// PERCENTILE.INC (numpy's default); a value's weight stretches the interval it owns. NaN when `values` is empty;
// the value itself when there is one.
std::vector<double> weighted_quantiles(std::vector<WeightedValue>& values, const std::vector<double>& probabilities);

}  // namespace eb::engine::raster

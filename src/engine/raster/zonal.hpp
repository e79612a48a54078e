// Exact zonal statistics: every cell is weighted by the fraction of it the zone covers (ZoneCoverage), with the
// definitions exactextract uses: count = Σ fraction, sum = Σ fraction x value, mean = sum / count; stdev and
// majority/minority weighted by fraction too. Cells that are nodata or masked add nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/raster/coverage.hpp"
#include "engine/raster/quantiles.hpp"
#include "engine/raster/raster_source.hpp"

namespace eb::engine::raster {

struct ZonalStats {
  static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  double count = 0;   // Σ coverage fraction over valid cells (in cells)
  double sum = 0;     // Σ fraction x value
  double mean = nan;  // sum / count
  double min = nan;   // over valid cells with fraction > 0
  double max = nan;
  double stdev = nan;        // population standard deviation, weighted by fraction
  double majority = nan;     // value with the largest Σ fraction (categorical rasters); ties: the smaller value
  double minority = nan;     // value with the smallest Σ fraction; ties: the smaller value
  std::int64_t variety = 0;  // distinct values (categorical rasters)
  std::int64_t cells = 0;    // valid cells touched (fraction > 0)
  // With cell areas (ZonalOptions::row_area_m2): Σ fraction x cell area over valid cells, and the mean weighted by
  // that area (differs from `mean` on geographic grids, where cells shrink northwards).
  double area_m2 = nan;
  double area_weighted_mean = nan;
  // Categorical rasters: per value, Σ fraction (cells) and, with cell areas, Σ fraction x cell area; by value.
  struct ClassShare {
    double value = 0;
    double count = 0;
    double area_m2 = nan;
  };
  std::vector<ClassShare> classes;
  // With ZonalOptions::quantiles: the coverage-weighted quantiles of the valid values (weighted_quantiles), one per
  // probability.
  std::vector<double> quantiles;
};

struct ZonalOptions {
  bool categorical = false;             // track per-value weights for majority / minority / variety
  std::span<const double> row_area_m2;  // cell area per grid row (cell_area.hpp); empty: no area statistics
  // Probabilities in [0, 1] of weighted quantiles. Exact: every covered cell's value and fraction is kept (16
  // bytes a cell) and sorted at the end, so callers check the memory first (ZoneCoverage::cell_count()).
  std::vector<double> quantiles;
  // Rows per leaf (zonal_leaf_rows): the unit in which cells are summed before the leaves are folded in row
  // order. 0: the default for the raster's blocks.
  int leaf_rows = 0;
};

// The rows of one leaf. Each zone's runs are summed leaf by leaf, and the leaf sums are then folded in order:
// a job split into windows of whole leaves (zonal_partial.hpp) computes the very same leaf sums and folds them
// in the same order, so a distributed result equals the single-process one bit for bit. The default is the
// smallest multiple of the raster's block rows of at least 256 rows: windows of whole leaves are block-aligned.
int zonal_leaf_rows(const ZonalOptions& options, int block_rows);

// What a ZonalState tracks besides the sums, from ZonalOptions.
struct ZonalTracking {
  bool categorical = false;
  bool with_area = false;
  bool keep_values = false;  // for quantiles
  static ZonalTracking of(const ZonalOptions& options) {
    return {options.categorical, !options.row_area_m2.empty(), !options.quantiles.empty()};
  }
  bool operator==(const ZonalTracking&) const = default;
};

// The mergeable statistics of one zone over some of its cells. Cells arrive a run at a time: each run is summed
// in two tight passes (its weighted mean, then its squared deviations), and parts are combined with Chan et
// al.'s pairwise update, which is stable and needs no division per cell. Combining is deterministic but not
// associative in floating point, so callers fix the order (leaves in row order).
struct ZonalState {
  double weight = 0, sum = 0, mean = 0, m2 = 0;
  double min = std::numeric_limits<double>::infinity(), max = -std::numeric_limits<double>::infinity();
  std::int64_t cells = 0;
  double area = 0, area_sum = 0;  // Σ fraction x cell area, Σ fraction x value x cell area
  struct ClassSums {
    double weight = 0;
    double area = 0;
  };
  std::unordered_map<double, ClassSums> classes;  // categorical: per value
  std::vector<WeightedValue> values;              // quantiles: every covered valid cell

  bool empty() const { return cells == 0; }
  // `n` consecutive cells of one row: values, validity, coverage fractions (null: all 1); `area_m2` is the row's
  // cell area.
  void add_run(const double* values, const std::uint8_t* valid, const double* fractions, int n, double area_m2,
               const ZonalTracking& tracking);
  // Adds `later` (cells after this state's in the fold order).
  void merge(ZonalState&& later);
  ZonalStats result(const ZonalTracking& tracking, const std::vector<double>& quantiles);

 private:
  template <class Fraction>
  void accumulate(const double* values, const std::uint8_t* valid, int n, double area_m2, const ZonalTracking& tracking,
                  Fraction fraction);
};

// One zone's statistics in one pass: runs arrive in raster order; each leaf is summed on its own and folded into
// the total when the next leaf starts.
class ZonalAccumulator {
 public:
  explicit ZonalAccumulator(const ZonalOptions& options, int leaf_rows)
      : tracking_(ZonalTracking::of(options)), quantiles_(options.quantiles), leaf_rows_(leaf_rows) {}
  void add_run(int row, const double* values, const std::uint8_t* valid, const double* fractions, int n,
               double area_m2);
  ZonalStats result() &&;

 private:
  ZonalTracking tracking_;
  std::vector<double> quantiles_;
  int leaf_rows_;
  int leaf_ = -1;
  ZonalState total_, current_;
};

// Statistics of `raster` for each zone, reading the raster once in raster order (strips of whole block rows)
// whatever the number of zones. `on_progress(done_rows, total_rows)` is called after each strip when given.
std::vector<ZonalStats> zonal_statistics(RasterSource& raster, std::span<const ZoneCoverage> zones,
                                         const ZonalOptions& options = {},
                                         const std::function<void(int, int)>& on_progress = {});

// A stack of rasters on one grid in one traversal: the coverage is reused and every raster read once. Result
// [raster][zone]; `options` has one entry per raster.
std::vector<std::vector<ZonalStats>> zonal_statistics(std::span<RasterSource* const> rasters,
                                                      std::span<const ZoneCoverage> zones,
                                                      std::span<const ZonalOptions> options,
                                                      const std::function<void(int, int)>& on_progress = {});

// One statistic of ZonalStats by name, as `raster zonal --stats` and the API name it, with its labels.
struct ZonalStatistic {
  std::string key, label_zh, label_en;
  std::function<double(const ZonalStats&)> get;
};

// The statistics named in a comma-separated list, in order: the fixed ones (zonal_statistic_keys), `median` and
// `pNN` (coverage-weighted quantiles, e.g. p10, p98, p99.9; their probabilities go to `quantiles`), and
// `class_areas`, which is not one statistic but one area per class value found, so it is only flagged here.
struct ZonalStatisticList {
  std::vector<ZonalStatistic> statistics;
  bool class_areas = false;
  std::vector<double> quantiles;
  bool categorical() const;  // needs per-value weights: majority, minority, variety or class_areas
  bool with_area() const;    // needs cell areas: area_* or class_areas
};
// Throws UsageError (core/error.hpp) naming an unknown statistic, a percentile outside 0..100 or an empty list.
ZonalStatisticList parse_zonal_statistics(std::string_view list);
// The fixed statistics' keys, in the order they are documented.
std::vector<std::string> zonal_statistic_keys();

}  // namespace eb::engine::raster

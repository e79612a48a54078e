// Zonal statistics in pieces, for jobs split across processes or machines (the Python `ecobarrier.dask`): each
// task sums the zones over one window of whole leaves (zonal_leaf_rows: whole block rows, full width), the
// partial results are merged in any order and grouping, and the merged whole finishes to exactly what
// zonal_statistics returns on the whole raster: the same leaf sums, folded in the same row order, so every
// statistic is bit for bit the same (counts, sums, means, stdev, min/max, areas, classes, quantiles).
//
// Partials and coverage slices cross process boundaries as bytes (serialise/deserialise; native byte order,
// checked).
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/raster/coverage.hpp"
#include "engine/raster/strip_pipeline.hpp"
#include "engine/raster/zonal.hpp"

namespace eb::engine::raster {

// The leaf sums of every zone over some leaves of one raster.
class ZonalPartial {
 public:
  ZonalPartial(int rows, int leaf_rows, std::size_t zones, ZonalTracking tracking);

  int rows() const { return rows_; }
  int leaf_rows() const { return leaf_rows_; }
  int leaf_count() const { return (rows_ + leaf_rows_ - 1) / leaf_rows_; }
  std::size_t zone_count() const { return zones_; }
  const ZonalTracking& tracking() const { return tracking_; }
  // Leaves [begin, end) this partial holds, sorted and coalesced.
  const std::vector<std::pair<int, int>>& leaves() const { return covered_; }
  bool complete() const;

  // Marks leaves [begin, end) as summed (their zones' states are added with add_leaf_state).
  void cover_leaves(int begin, int end);
  void add_leaf_state(std::size_t zone, int leaf, ZonalState state);
  // Takes in `other`'s leaves. std::invalid_argument when the two do not belong to one job (grid, leaves, zones
  // or tracking differ) or share a leaf (a window counted twice).
  void merge(ZonalPartial&& other);
  // The statistics of every zone; std::logic_error when leaves are missing (a window never summed). `quantiles`
  // are the probabilities of ZonalOptions::quantiles.
  std::vector<ZonalStats> finish(const std::vector<double>& quantiles) &&;

  std::string serialise() const;
  static ZonalPartial deserialise(std::string_view bytes);

 private:
  int rows_, leaf_rows_;
  std::size_t zones_;
  ZonalTracking tracking_;
  std::vector<std::pair<int, int>> covered_;
  std::map<std::pair<std::size_t, int>, ZonalState> states_;  // (zone, leaf): ordered as the fold needs
};

// Rows [row_begin, row_end) of `raster`, which must be whole leaves of zonal_leaf_rows(options, block rows) (the
// last may end at the raster's last row). `zones` is the coverage of every zone on the raster's grid, whole or
// cut to these rows (coverage_rows): only the runs in these rows count. `buffers`: strips to reuse across windows
// (for_each_window).
ZonalPartial zonal_window(RasterSource& raster, std::span<const ZoneCoverage> zones, const ZonalOptions& options,
                          int row_begin, int row_end, StripBuffers* buffers = nullptr);

// The runs (and fractions) of `zones` in rows [row_begin, row_end) as bytes, for a task that sums that window;
// zones without runs there take a few bytes. deserialise_coverage gives one ZoneCoverage per zone back.
std::string serialise_coverage_rows(std::span<const ZoneCoverage> zones, int row_begin, int row_end);
std::vector<ZoneCoverage> deserialise_coverage(std::string_view bytes);

}  // namespace eb::engine::raster

// Zonal statistics in pieces, for jobs split across processes or machines (the Python `ecobarrier.dask`): each
// task sums the zones over one window of whole leaves (zonal_leaf_rows: whole block rows, full width), the
// partial results are merged in any order and grouping, and the merged whole finishes to exactly what
// zonal_statistics returns on the whole raster: the same leaf sums, folded in the same row order, so every
// statistic is bit for bit the same (counts, sums, means, stdev, min/max, areas, classes, quantiles).
//
// Partials and the zones' polygons cross process boundaries as bytes (serialise/deserialise; native byte order,
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
  // Marks a zone as covering cells of the grid (in some window), nodata or not.
  void mark_zone_covered(std::size_t zone);
  // Zones covering no cell of the grid in the leaves summed (all of them once complete): run_zonal's "zones
  // outside the raster".
  std::size_t zones_without_cells() const;
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
  std::vector<std::uint8_t> zone_covered_;                    // per zone: 1 when it covers cells in some window
  std::map<std::pair<std::size_t, int>, ZonalState> states_;  // (zone, leaf): ordered as the fold needs
};

// Rows [row_begin, row_end) of `raster`, which must be whole leaves of zonal_leaf_rows(options, block rows) (the
// last may end at the raster's last row). `zones` is the coverage of every zone on the raster's grid, whole or
// cut to these rows (coverage_rows): only the runs in these rows count. `buffers`: strips to reuse across windows
// (for_each_window).
ZonalPartial zonal_window(RasterSource& raster, std::span<const ZoneCoverage> zones, const ZonalOptions& options,
                          int row_begin, int row_end, StripBuffers* buffers = nullptr);

// The zones' polygons (in the raster's coordinates) as bytes, shipped once to every task: a task covers its own
// window's rows (compute_coverage with a row range, equal to those rows of the whole coverage bit for bit), so the
// coverage is computed in parallel and never shipped.
std::string serialise_zones(std::span<const Zone> zones);
std::vector<Zone> deserialise_zones(std::string_view bytes);

}  // namespace eb::engine::raster

// `raster zonal` split into windows for a cluster (the Python ecobarrier.dask): the client plans the job (zones
// read, reprojected and repaired as run_zonal reads them, the raster cut into windows of whole leaves: full width,
// whole block rows), each task covers its window's rows of every zone (exactly the rows of the whole coverage) and
// sums them into a partial (bytes), partials are merged in any order, and the client finishes them into the
// ZonalResult that run_zonal returns for the same request, bit for bit (engine/raster/zonal_partial.hpp).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/runs/raster/zonal.hpp"
#include "engine/raster/strip_pipeline.hpp"

namespace eb::app::runs {

struct ZonalWindowPlan {
  std::string raster;
  int band = 1;
  std::string stats;
  std::string zones_path;
  std::vector<std::string> zone_ids;
  engine::raster::Grid grid;
  int rows = 0, cols = 0, block_rows = 1, block_cols = 1, leaf_rows = 1;
  std::vector<std::pair<int, int>> windows;  // rows [begin, end), whole leaves, in raster order
  std::string zones;                         // every zone's polygons in the raster's coordinates (serialised)
};

// Plans `req` (one raster) in windows of `window_rows` rows rounded to whole leaves (0: about 16 M cells a
// window). Throws as run_zonal does (UsageError, InputError; memory checked for one window); a layer none of whose
// zones reaches the raster's extent is refused here, one whose zones reach it but cover no cell when finished.
ZonalWindowPlan plan_zonal_windows(const ZonalRequest& req, int window_rows, const RunEnv& env);

// One window (rows [row_begin, row_end) of `raster`) summed over the zones (the plan's `zones`) into a serialised
// ZonalPartial: the task covers the window's rows of every zone itself. Opens the raster itself: a task needs
// only the path (on shared or object storage). `buffers`: the strips a worker keeps from one window to the next
// (null: allocated for this window).
std::string sum_zonal_window(const std::string& raster, int band, const std::string& stats, std::string_view zones,
                             int row_begin, int row_end, engine::raster::StripBuffers* buffers = nullptr);

// Serialised partials merged into one.
std::string merge_zonal_partials(const std::vector<std::string_view>& partials);

// The merged partial of every window finished into the result run_zonal gives for the plan's request.
ZonalResult finish_zonal_windows(const ZonalWindowPlan& plan, std::string_view merged);

}  // namespace eb::app::runs

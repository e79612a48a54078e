// The one traversal behind every per-zone raster summary: the rasters (same grid) are read strip by strip (whole
// block rows, each block once, only the columns the live zones touch), and every coverage run of every zone is
// handed over with its cells of each raster. Coverage is computed once per (grid, zone layer) and reused for any
// number of rasters read together.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "engine/raster/coverage.hpp"
#include "engine/raster/raster_source.hpp"
#include "engine/raster/strip_pipeline.hpp"

namespace eb::engine::raster {

// The cells of one coverage run: values[r][i] and valid[r][i] of raster r for cell run.col_begin + i; fractions
// null when the run is fully covered.
struct RunCells {
  std::span<const double* const> values;
  std::span<const std::uint8_t* const> valid;
  const double* fractions = nullptr;
};

using ZoneRunFn = std::function<void(std::size_t zone, const CoverageRun& run, const RunCells& cells)>;

// Strips are read in raster order, each one while the previous is being summarised. Within a strip the zones
// are handed out to oneTBB's worker threads: `fn` is called concurrently for different zones, never for the same
// zone at once, and each zone's runs arrive in order. `on_progress(done_rows, total_rows)` after each strip when
// given (from the calling thread). The rasters must share the first one's grid. `buffers`: strips to reuse
// (for_each_window).
void for_each_zone_run(std::span<RasterSource* const> rasters, std::span<const ZoneCoverage> zones, const ZoneRunFn& fn,
                       const std::function<void(int, int)>& on_progress = {}, StripBuffers* buffers = nullptr);

}  // namespace eb::engine::raster

// What every raster run shares: opening aligned rasters, planning strips within the memory limit, the zones of a
// polygon layer with their exact coverage, grading schemes named on the command line, and areas by grade.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "engine/raster/coverage.hpp"
#include "engine/raster/strip_pipeline.hpp"
#include "io/gdal_raster.hpp"
#include "io/zone_layer.hpp"
#include "standards/grade_scheme.hpp"

namespace eb::app::runs {

// Rasters opened together, each on the first one's grid (InputError naming both files otherwise).
struct OpenRasters {
  std::vector<std::unique_ptr<io::GdalRaster>> owned;
  std::vector<io::GdalRaster*> gdal;
  std::vector<engine::raster::RasterSource*> sources;
  io::GdalRaster& front() const { return *gdal.front(); }
  void add(const std::string& path, int band = 1);
};
OpenRasters open_aligned(const std::vector<std::string>& paths, int band = 1);

// Stops a job whose estimated peak memory exceeds the limit, before it reads or writes anything more.
void require_memory(const RunEnv& env, std::int64_t bytes, const std::string& path, const std::string& what,
                    const std::string& detail, const std::string& advice);

// Stops a job whose grid has more cells than the limit (--max-pixels), before anything is read: the estimate
// names the cells, the values the job would read (cells x rasters x passes) and the memory it would take.
void require_pixels(const RunEnv& env, const io::GdalRaster& first, std::size_t rasters, int passes,
                    const std::string& what);

// The strips of a per-cell job (engine::raster::plan_strips) checked against the pixel limit (require_pixels, with
// the job's `passes` over its rasters) and the memory limit.
engine::raster::StripPlan plan_strips(const RunEnv& env, const std::vector<io::GdalRaster*>& sources,
                                      std::int64_t bytes_per_cell, const std::string& what, int passes = 1);

// The block cache and the program's own overhead, counted in every estimate.
inline constexpr std::int64_t kFixedRasterBytes = (64ll + 32ll) << 20;

// The zones of a polygon layer (reprojected to the raster's CRS) with their exact coverage on the raster's grid,
// computed once and reused for every raster on that grid. InputError when no zone overlaps the raster; the grid is
// checked against the pixel limit first (`rasters` read in one pass).
struct ZoneSet {
  std::vector<io::ZoneFeature> features;
  std::vector<engine::raster::ZoneCoverage> coverage;
  std::size_t outside = 0;  // zones that do not overlap the raster (their statistics are empty)
};
ZoneSet load_zones(const RunEnv& env, const io::GdalRaster& source, const std::string& zones_path,
                   const io::ZoneLayerOptions& options, std::size_t rasters = 1);
// The same on a grid and CRS (WKT; empty: the layer's coordinates as they are) of a raster that is no file (the
// Python module's arrays); `raster_name` names it in the error when no zone overlaps it.
ZoneSet load_zones(const RunEnv& env, const engine::raster::Grid& grid, const std::string& crs_wkt,
                   const std::string& raster_name, const std::string& zones_path, const io::ZoneLayerOptions& options);
// InputError: no zone of `zones_path` overlaps the raster (named, with its extent).
[[noreturn]] void throw_no_zone_overlaps(const engine::raster::Grid& grid, const std::string& raster_name,
                                         const std::string& zones_path);
// The note for zones outside the raster; empty when every zone overlaps it.
std::string zones_outside_note(std::size_t outside, Lang lang);

// A grading scheme of data/standards/grade_schemes.csv, or UsageError naming `option`.
const standards::GradeScheme& scheme_option(const std::string& id, const std::string& option = "--scheme");

// The area of every grade of a scheme (m² by grade code).
struct GradeAreas {
  standards::GradeScheme scheme;
  std::map<int, double> area_m2;
};
// Every grade with its area in km², ha and mu and its share (grades without area included); no title.
Table grade_area_table(const GradeAreas& areas, Lang lang);

}  // namespace eb::app::runs

#include "app/runs/raster/zonal_windows.hpp"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/error.hpp"
#include "engine/raster/cell_area.hpp"
#include "engine/raster/zonal_partial.hpp"

namespace eb::app::runs {

namespace raster = engine::raster;

namespace {

// The options run_zonal uses for `statistics` on `source`; `row_area` holds the cell areas they point to.
raster::ZonalOptions zonal_options(const raster::ZonalStatisticList& statistics, const io::GdalRaster& source,
                                   std::vector<double>& row_area) {
  raster::ZonalOptions options;
  options.categorical = statistics.categorical();
  options.quantiles = statistics.quantiles;
  if (statistics.with_area()) {
    row_area = raster::row_cell_areas_m2(source.grid(), source.geographic(), source.metres_per_unit());
    options.row_area_m2 = row_area;
  }
  return options;
}

}  // namespace

ZonalWindowPlan plan_zonal_windows(const ZonalRequest& req, int window_rows, const RunEnv& env) {
  if (req.rasters.size() != 1 || req.zones.empty())
    throw UsageError("zonal windows: give one raster and the zones (a stack is one job per raster)");
  const raster::ZonalStatisticList statistics = raster::parse_zonal_statistics(req.stats);
  OpenRasters in = open_aligned(req.rasters, req.band);
  const io::GdalRaster& source = in.front();
  require_pixels(env, source, 1, 1, "zonal statistics");
  const raster::Grid& grid = source.grid();
  // The zones as run_zonal reads them (reprojected to the raster's CRS, repaired when asked); their coverage is
  // computed by the tasks, a window's rows each.
  std::vector<io::ZoneFeature> features = io::read_zone_layer(req.zones, source.crs_wkt(), req.zone_options);
  std::vector<raster::Zone> zones;
  zones.reserve(features.size());
  // Zones whose bounding box overlaps the grid: when there is none the layer is refused now, as run_zonal refuses
  // it (a zone whose box overlaps but that covers no cell is known only once the windows are summed).
  bool any_reaches_grid = false;
  for (auto& f : features) {
    zones.push_back(std::move(f.zone));
    double u_lo = HUGE_VAL, u_hi = -HUGE_VAL, v_lo = HUGE_VAL, v_hi = -HUGE_VAL;
    for (const raster::Polygon& polygon : zones.back()) {
      for (const raster::Point& p : polygon.exterior) {
        u_lo = std::min(u_lo, grid.u_of(p.x));
        u_hi = std::max(u_hi, grid.u_of(p.x));
        v_lo = std::min(v_lo, grid.v_of(p.y));
        v_hi = std::max(v_hi, grid.v_of(p.y));
      }
    }
    any_reaches_grid |= u_hi > 0 && u_lo < grid.cols && v_hi > 0 && v_lo < grid.rows;
  }
  ZonalWindowPlan plan;
  plan.raster = req.rasters.front();
  plan.band = req.band;
  plan.stats = req.stats;
  plan.zones_path = req.zones;
  for (const auto& f : features) plan.zone_ids.push_back(f.id);
  plan.grid = grid;
  plan.rows = grid.rows;
  plan.cols = grid.cols;
  plan.block_rows = std::max(1, source.block_rows());
  plan.block_cols = std::max(1, source.block_cols());
  if (!features.empty() && !any_reaches_grid) throw_no_zone_overlaps(grid, plan.raster, plan.zones_path);
  std::vector<double> row_area;
  plan.leaf_rows = raster::zonal_leaf_rows(zonal_options(statistics, source, row_area), plan.block_rows);
  if (window_rows <= 0) {
    constexpr std::int64_t kWindowCells = 1 << 24;  // 16 M cells: 150 MiB of values and flags, read twice over
    window_rows = static_cast<int>(std::max<std::int64_t>(1, kWindowCells / std::max(1, grid.cols)));
  }
  const int leaves = std::max(1, (window_rows + plan.leaf_rows / 2) / plan.leaf_rows);
  const int rows_per_window = leaves * plan.leaf_rows;
  // One window in memory at a time per task: its strips (value and flag, read ahead), its coverage and, for
  // quantiles, its covered cells.
  require_memory(env, kFixedRasterBytes + std::int64_t{2} * 9 * plan.block_rows * grid.cols, plan.raster,
                 "a zonal window", fmt::format("strips of {} rows x {} columns", plan.block_rows, grid.cols),
                 "Use a raster with smaller blocks or raise the limit");
  for (int r = 0; r < grid.rows; r += rows_per_window)
    plan.windows.emplace_back(r, std::min(grid.rows, r + rows_per_window));
  plan.zones = raster::serialise_zones(zones);
  return plan;
}

std::string sum_zonal_window(const std::string& raster_path, int band, const std::string& stats,
                             std::string_view zones_bytes, int row_begin, int row_end, raster::StripBuffers* buffers) {
  const raster::ZonalStatisticList statistics = raster::parse_zonal_statistics(stats);
  io::set_gdal_cache_bytes(64ll << 20);
  io::GdalRaster source(raster_path, band);
  std::vector<double> row_area;
  const raster::ZonalOptions options = zonal_options(statistics, source, row_area);
  const std::vector<raster::Zone> zones = raster::deserialise_zones(zones_bytes);
  // This window's rows of every zone's coverage: the rows of the coverage run_zonal computes, bit for bit.
  std::vector<raster::ZoneCoverage> coverage(zones.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, zones.size(), 1), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t z = r.begin(); z < r.end(); ++z)
      coverage[z] = raster::compute_coverage(source.grid(), zones[z], row_begin, row_end);
  });
  return raster::zonal_window(source, coverage, options, row_begin, row_end, buffers).serialise();
}

std::string merge_zonal_partials(const std::vector<std::string_view>& partials) {
  if (partials.empty()) throw UsageError("merge_zonal_partials: no partial");
  raster::ZonalPartial merged = raster::ZonalPartial::deserialise(partials.front());
  for (std::size_t i = 1; i < partials.size(); ++i) merged.merge(raster::ZonalPartial::deserialise(partials[i]));
  return merged.serialise();
}

ZonalResult finish_zonal_windows(const ZonalWindowPlan& plan, std::string_view merged) {
  ZonalResult r;
  r.statistics = raster::parse_zonal_statistics(plan.stats);
  raster::ZonalPartial partial = raster::ZonalPartial::deserialise(merged);
  if (partial.zone_count() != plan.zone_ids.size() || partial.rows() != plan.rows)
    throw InputError(fmt::format("{}: partials of another job ({} zones, {} rows; the plan has {} and {})", plan.raster,
                                 partial.zone_count(), partial.rows(), plan.zone_ids.size(), plan.rows));
  const std::size_t without_cells = partial.zones_without_cells();
  r.stats.push_back(std::move(partial).finish(r.statistics.quantiles));
  r.raster_labels = {std::filesystem::path(plan.raster).stem().string()};
  r.zone_ids = plan.zone_ids;
  r.zones_outside = without_cells;
  if (!plan.zone_ids.empty() && r.zones_outside == plan.zone_ids.size())
    throw_no_zone_overlaps(plan.grid, plan.raster, plan.zones_path);
  r.class_values.resize(1);
  if (r.statistics.class_areas) r.class_values[0] = zonal_class_values(r.stats[0], plan.raster);
  return r;
}

}  // namespace eb::app::runs

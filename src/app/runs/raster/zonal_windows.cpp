#include "app/runs/raster/zonal_windows.hpp"

#include <fmt/format.h>

#include <algorithm>
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
  const ZoneSet zones = load_zones(env, source, req.zones, req.zone_options, 1);
  ZonalWindowPlan plan;
  plan.raster = req.rasters.front();
  plan.band = req.band;
  plan.stats = req.stats;
  plan.zones_outside = zones.outside;
  for (const auto& f : zones.features) plan.zone_ids.push_back(f.id);
  const raster::Grid& grid = source.grid();
  plan.rows = grid.rows;
  plan.cols = grid.cols;
  plan.block_rows = std::max(1, source.block_rows());
  plan.block_cols = std::max(1, source.block_cols());
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
  for (int r = 0; r < grid.rows; r += rows_per_window) {
    const int end = std::min(grid.rows, r + rows_per_window);
    plan.windows.emplace_back(r, end);
    plan.coverage.push_back(raster::serialise_coverage_rows(zones.coverage, r, end));
  }
  return plan;
}

std::string sum_zonal_window(const std::string& raster_path, int band, const std::string& stats,
                             std::string_view coverage, int row_begin, int row_end, raster::StripBuffers* buffers) {
  const raster::ZonalStatisticList statistics = raster::parse_zonal_statistics(stats);
  io::set_gdal_cache_bytes(64ll << 20);
  io::GdalRaster source(raster_path, band);
  std::vector<double> row_area;
  const raster::ZonalOptions options = zonal_options(statistics, source, row_area);
  const std::vector<raster::ZoneCoverage> zones = raster::deserialise_coverage(coverage);
  return raster::zonal_window(source, zones, options, row_begin, row_end, buffers).serialise();
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
  r.stats.push_back(std::move(partial).finish(r.statistics.quantiles));
  r.raster_labels = {std::filesystem::path(plan.raster).stem().string()};
  r.zone_ids = plan.zone_ids;
  r.zones_outside = plan.zones_outside;
  r.class_values.resize(1);
  if (r.statistics.class_areas) r.class_values[0] = zonal_class_values(r.stats[0], plan.raster);
  return r;
}

}  // namespace eb::app::runs

#include "app/runs/raster/raster_inputs.hpp"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>

#include "core/area.hpp"
#include "core/error.hpp"

namespace eb::app::runs {

namespace {

std::string mib(std::int64_t bytes) { return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / 1048576.0); }

}  // namespace

void OpenRasters::add(const std::string& path, int band) {
  owned.push_back(std::make_unique<io::GdalRaster>(path, band));
  if (!gdal.empty()) io::require_aligned(*gdal.front(), *owned.back());
  gdal.push_back(owned.back().get());
  sources.push_back(owned.back().get());
}

OpenRasters open_aligned(const std::vector<std::string>& paths, int band) {
  io::set_gdal_cache_bytes(64ll << 20);
  OpenRasters out;
  for (const auto& p : paths) out.add(p, band);
  return out;
}

void require_memory(const RunEnv& env, std::int64_t bytes, const std::string& path, const std::string& what,
                    const std::string& detail, const std::string& advice) {
  const std::int64_t limit = env.memory_limit_bytes();
  if (bytes <= limit) return;
  throw InputError(fmt::format("{}: {} needs about {} ({}), more than the memory limit of {} (--memory-limit). {}",
                               path, what, mib(bytes), detail, mib(limit), advice));
}

void require_pixels(const RunEnv& env, const io::GdalRaster& first, std::size_t rasters, int passes,
                    const std::string& what) {
  const engine::raster::Grid& grid = first.grid();
  const std::int64_t cells = std::int64_t{grid.rows} * grid.cols;
  const std::int64_t limit = env.max_pixels_or_default();
  if (cells <= limit) return;
  // What the job would do: read every cell of every raster on every pass, two strips of 9 bytes per cell in flight.
  const double reads = static_cast<double>(cells) * static_cast<double>(rasters) * passes;
  throw InputError(fmt::format(
      "{}: {} on a grid of {} x {} = {:.3g} cells, more than the limit of {:.3g} cells (--max-pixels); it would read "
      "{:.3g} cell values ({} raster(s) x {} pass(es)). Clip the raster to the area of interest (gdal_translate "
      "-projwin), coarsen it (gdalwarp -tr), or raise --max-pixels",
      first.path(), what, grid.cols, grid.rows, static_cast<double>(cells), static_cast<double>(limit), reads, rasters,
      passes));
}

engine::raster::StripPlan plan_strips(const RunEnv& env, const std::vector<io::GdalRaster*>& sources,
                                      std::int64_t bytes_per_cell, const std::string& what, int passes) {
  require_pixels(env, *sources.front(), sources.size(), passes, what);
  const engine::raster::Grid& grid = sources.front()->grid();
  const int block_rows = std::max(1, sources.front()->block_rows());
  const auto plan = engine::raster::plan_strips(grid, block_rows, sources.size(), bytes_per_cell, kFixedRasterBytes,
                                                env.memory_limit_bytes());
  require_memory(env, plan.bytes, sources.front()->path(), what,
                 fmt::format("strips of {} rows x {} columns of {} raster(s); its blocks are {} rows high", plan.rows,
                             grid.cols, sources.size(), block_rows),
                 "Rewrite it tiled (gdal_translate -co TILED=YES) or raise the limit");
  return plan;
}

ZoneSet load_zones(const RunEnv& env, const io::GdalRaster& source, const std::string& zones_path,
                   const io::ZoneLayerOptions& options, std::size_t rasters) {
  require_pixels(env, source, rasters, 1, "zonal statistics");
  return load_zones(env, source.grid(), source.crs_wkt(), source.path(), zones_path, options);
}

ZoneSet load_zones(const RunEnv& env, const engine::raster::Grid& grid, const std::string& crs_wkt,
                   const std::string& raster_name, const std::string& zones_path, const io::ZoneLayerOptions& options) {
  ZoneSet out;
  out.features = io::read_zone_layer(zones_path, crs_wkt, options);
  out.coverage.resize(out.features.size());
  {
    // Zones are independent: covered on the worker threads, a batch at a time so that progress and Ctrl-C are
    // seen from the calling thread between batches.
    Step step(env, "计算覆盖比例", "coverage", out.features.size());
    const std::size_t batch = 8 * static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
    for (std::size_t begin = 0; begin < out.features.size(); begin += batch) {
      const std::size_t end = std::min(out.features.size(), begin + batch);
      tbb::parallel_for(tbb::blocked_range<std::size_t>(begin, end, 1), [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t z = r.begin(); z < r.end(); ++z)
          out.coverage[z] = engine::raster::compute_coverage(grid, out.features[z].zone);
      });
      step.update(end);
    }
    for (const auto& c : out.coverage) out.outside += c.empty();
  }
  if (!out.features.empty() && out.outside == out.features.size())
    throw_no_zone_overlaps(grid, raster_name, zones_path);
  return out;
}

void throw_no_zone_overlaps(const engine::raster::Grid& grid, const std::string& raster_name,
                            const std::string& zones_path) {
  throw InputError(fmt::format("{}: no zone of {} overlaps the raster (extent x {}..{}, y {}..{})", raster_name,
                               zones_path, grid.x_min, grid.x_max(), grid.y_min(), grid.y_max));
}

std::string zones_outside_note(std::size_t outside, Lang l) {
  if (outside == 0) return {};
  return fmt::format("{} {}", outside,
                     tr(l, "个分区与栅格无重叠（统计量为空）", "zones do not overlap the raster (empty statistics)"));
}

const standards::GradeScheme& scheme_option(const std::string& id, const std::string& option) {
  try {
    return standards::grade_scheme(id);
  } catch (const std::invalid_argument& e) {
    throw UsageError(option + ": " + e.what());
  }
}

Table grade_area_table(const GradeAreas& areas, Lang l) {
  double total = 0;
  for (const auto& [code, a] : areas.area_m2) total += a;
  Table t;
  t.columns = {{"grade", "等级", "grade"},
               {"name", "名称", "name"},
               {"range", "范围", "range"},
               {"area_km2", "面积(km²)", "area (km²)", 3},
               {"area_ha", "面积(公顷)", "area (ha)", 2},
               {"area_mu", "面积(亩)", "area (mu)", 1},
               {"share_pct", "占比(%)", "share (%)", 2}};
  for (const standards::Grade& g : areas.scheme.grades) {
    const auto it = areas.area_m2.find(g.code);
    const double a = it == areas.area_m2.end() ? 0.0 : it->second;
    const std::string range = fmt::format("{}–{}", std::isinf(g.lower) ? std::string("") : fmt::format("{}", g.lower),
                                          std::isinf(g.upper) ? std::string("") : fmt::format("{}", g.upper));
    t.add({Cell(g.code), Cell(l == Lang::zh ? g.name_zh : g.name_en), Cell(range),
           Cell(convert_area(a, AreaUnit::m2, AreaUnit::km2)), Cell(convert_area(a, AreaUnit::m2, AreaUnit::ha)),
           Cell(convert_area(a, AreaUnit::m2, AreaUnit::mu)), Cell(total > 0 ? 100 * a / total : 0.0)});
  }
  return t;
}

}  // namespace eb::app::runs

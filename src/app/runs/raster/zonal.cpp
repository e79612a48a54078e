#include "app/runs/raster/zonal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/error.hpp"
#include "engine/raster/cell_area.hpp"

namespace eb::app::runs {

namespace raster = engine::raster;

namespace {

// Column prefixes for a stack of rasters: the file stems, made unique with their position when two collide.
std::vector<std::string> raster_labels(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const auto& p : paths) out.push_back(std::filesystem::path(p).stem().string());
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (std::count(out.begin(), out.end(), out[i]) > 1) {
      for (std::size_t j = 0; j < out.size(); ++j)
        if (j != i && out[j] == out[i]) out[j] = fmt::format("r{}_{}", j + 1, out[j]);
      out[i] = fmt::format("r{}_{}", i + 1, out[i]);
    }
  }
  return out;
}

// One strip of whole block rows of every raster, the coverage, and the quantiles' cells: within the limit or
// InputError with the estimate.
void check_zonal_memory(const RunEnv& env, const OpenRasters& in, const ZoneSet& zones,
                        const raster::ZonalStatisticList& statistics) {
  const io::GdalRaster& source = in.front();
  std::int64_t coverage_bytes = 0;
  for (const auto& c : zones.coverage)
    coverage_bytes += static_cast<std::int64_t>(c.fractions.size() * 8 + c.runs.size() * sizeof(raster::CoverageRun));
  const auto count = static_cast<std::int64_t>(in.sources.size());
  const std::int64_t strip = std::int64_t{std::max(1, source.block_rows())} * source.grid().cols;
  std::int64_t bytes = kFixedRasterBytes + strip * 9 * count + coverage_bytes;
  if (!statistics.quantiles.empty()) {  // exact weighted quantiles keep every covered cell's value and fraction
    for (const auto& c : zones.coverage) bytes += static_cast<std::int64_t>(c.cell_count()) * 16 * count;
  }
  require_memory(
      env, bytes, source.path(), "raster zonal",
      fmt::format("{:.1f} MiB for the coverage of {} zones, {:.1f} MiB for strips of {} rows of {} raster(s)",
                  static_cast<double>(coverage_bytes) / 1048576.0, zones.coverage.size(),
                  static_cast<double>(bytes - coverage_bytes - kFixedRasterBytes) / 1048576.0, source.block_rows(),
                  in.sources.size()),
      "Use a raster with smaller blocks or fewer zones at a time, or raise the limit");
}

}  // namespace

std::vector<double> zonal_class_values(const std::vector<raster::ZonalStats>& stats, const std::string& path) {
  std::vector<double> values;
  for (const auto& z : stats)
    for (const auto& c : z.classes) values.push_back(c.value);
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  if (values.size() > 256) {
    throw InputError(fmt::format("{}: {} distinct values; class_areas is for categorical rasters (at most 256 classes)",
                                 path, values.size()));
  }
  return values;
}

ZonalResult run_zonal(const ZonalRequest& req, const RunEnv& env) {
  if (req.rasters.empty() || req.zones.empty())
    throw UsageError("raster zonal: give RASTER... ZONES (at least one raster, then the zones)");
  const raster::ZonalStatisticList statistics = raster::parse_zonal_statistics(req.stats);
  OpenRasters in = open_aligned(req.rasters, req.band);
  const io::GdalRaster& source = in.front();
  // The coverage is computed once and serves every raster of the stack.
  const ZoneSet zones = load_zones(env, source, req.zones, req.zone_options, in.sources.size());
  check_zonal_memory(env, in, zones, statistics);
  const ZonalRasters rasters{in.sources, req.rasters, source.geographic(), source.metres_per_unit()};
  return zonal_of(rasters, zones, req.stats, env);
}

ZonalResult zonal_of(const ZonalRasters& rasters, const ZoneSet& zones, const std::string& stats, const RunEnv& env) {
  ZonalResult r;
  r.statistics = raster::parse_zonal_statistics(stats);
  r.zones_outside = zones.outside;
  const raster::Grid& grid = rasters.sources.front()->grid();
  std::vector<double> row_area;
  raster::ZonalOptions options;
  options.categorical = r.statistics.categorical();
  options.quantiles = r.statistics.quantiles;
  if (r.statistics.with_area()) {
    row_area = raster::row_cell_areas_m2(grid, rasters.geographic, rasters.metres_per_unit);
    options.row_area_m2 = row_area;
  }
  const std::vector<raster::ZonalOptions> all_options(rasters.sources.size(), options);
  {
    Step step(env, "分区统计", "zonal statistics", static_cast<std::size_t>(grid.rows));
    r.stats = raster::zonal_statistics(rasters.sources, zones.coverage, all_options, step.rows());
  }
  r.raster_labels = raster_labels(rasters.names);
  for (const auto& f : zones.features) r.zone_ids.push_back(f.id);
  r.class_values.resize(rasters.sources.size());
  if (r.statistics.class_areas)
    for (std::size_t k = 0; k < rasters.sources.size(); ++k)
      r.class_values[k] = zonal_class_values(r.stats[k], rasters.names[k]);
  return r;
}

Document zonal_document(const ZonalResult& r, Lang) {
  Table t;
  t.title_zh = "分区统计（按像元覆盖比例精确加权）";
  t.title_en = "Zonal statistics (cells weighted by exact coverage fraction)";
  t.columns.push_back({"id", "分区", "id"});
  // One raster: plain column names; a stack: "<stem>_<stat>".
  const std::size_t count = r.stats.size();
  auto prefixed = [&](std::size_t k, const std::string& key) {
    return count == 1 ? key : r.raster_labels[k] + "_" + key;
  };
  for (std::size_t k = 0; k < count; ++k) {
    for (const auto& d : r.statistics.statistics) {
      t.columns.push_back({prefixed(k, d.key), count == 1 ? d.label_zh : prefixed(k, d.label_zh),
                           count == 1 ? d.label_en : prefixed(k, d.label_en)});
    }
    for (double v : r.class_values[k]) {
      t.columns.push_back({prefixed(k, fmt::format("area_km2_class_{}", v)),
                           prefixed(k, fmt::format("类别{}面积(km²)", v)),
                           prefixed(k, fmt::format("class {} area (km²)", v))});
    }
  }
  for (std::size_t z = 0; z < r.zone_ids.size(); ++z) {
    std::vector<Cell> row{Cell(r.zone_ids[z])};
    for (std::size_t k = 0; k < count; ++k) {
      for (const auto& d : r.statistics.statistics) {
        const double v = d.get(r.stats[k][z]);
        row.push_back(std::isnan(v) ? Cell() : Cell(v));
      }
      for (double v : r.class_values[k]) {
        double area = 0;
        for (const auto& c : r.stats[k][z].classes)
          if (c.value == v) area = c.area_m2;
        row.push_back(Cell(area / 1e6));
      }
    }
    t.add(std::move(row));
  }
  return Document(std::move(t));
}

io::ZoneLayerOptions admin_unit_zones(int level) {
  io::ZoneLayerOptions options;
  options.layer = "admin_unit";
  options.where = fmt::format("level = {}", level);
  options.id_field = "code";
  options.make_valid = true;
  return options;
}

UnitRasterMeans unit_raster_means(const std::string& raster_path, const std::string& ws_path, int level,
                                  const RunEnv& env) {
  ZonalRequest req;
  req.rasters = {raster_path};
  req.zones = ws_path;
  req.zone_options = admin_unit_zones(level);
  req.stats = "cells,area_m2,area_weighted_mean";
  const ZonalResult zonal = run_zonal(req, env);
  UnitRasterMeans out;
  out.zones_outside = zonal.zones_outside;
  for (std::size_t z = 0; z < zonal.zone_ids.size(); ++z) {
    const auto& s = zonal.stats[0][z];
    UnitRasterMean m;
    m.code = zonal.zone_ids[z];
    m.cells = s.cells;
    if (s.cells > 0 && !std::isnan(s.area_weighted_mean)) {
      m.mean = s.area_weighted_mean;
      m.valid_area_km2 = s.area_m2 / 1e6;
    }
    out.units.push_back(std::move(m));
  }
  return out;
}

}  // namespace eb::app::runs

// ecobarrier raster zonal
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <sstream>

#include "app/cli/context.hpp"
#include "app/cli/messages.hpp"
#include "app/cli/progress.hpp"
#include "core/error.hpp"
#include "engine/raster/cell_area.hpp"
#include "engine/raster/coverage.hpp"
#include "engine/raster/zonal.hpp"
#include "io/gdal_raster.hpp"
#include "io/zone_layer.hpp"

namespace eb::app {
namespace {

namespace raster = engine::raster;

// Every statistic `raster zonal` can report: its column and how to take it from the result.
struct StatDef {
  const char* key;
  const char* label_zh;
  const char* label_en;
  double (*get)(const raster::ZonalStats&);
};

const std::vector<StatDef>& stat_defs() {
  static const std::vector<StatDef> defs = {
      {"count", "覆盖像元数", "count", [](const raster::ZonalStats& s) { return s.count; }},
      {"sum", "总和", "sum", [](const raster::ZonalStats& s) { return s.sum; }},
      {"mean", "均值", "mean", [](const raster::ZonalStats& s) { return s.mean; }},
      {"min", "最小值", "min", [](const raster::ZonalStats& s) { return s.min; }},
      {"max", "最大值", "max", [](const raster::ZonalStats& s) { return s.max; }},
      {"stdev", "标准差", "stdev", [](const raster::ZonalStats& s) { return s.stdev; }},
      {"majority", "众数", "majority", [](const raster::ZonalStats& s) { return s.majority; }},
      {"minority", "最少值", "minority", [](const raster::ZonalStats& s) { return s.minority; }},
      {"variety", "类别数", "variety", [](const raster::ZonalStats& s) { return double(s.variety); }},
      {"cells", "涉及像元数", "cells", [](const raster::ZonalStats& s) { return double(s.cells); }},
      {"area_m2", "有效面积(m²)", "area (m²)", [](const raster::ZonalStats& s) { return s.area_m2; }},
      {"area_km2", "有效面积(km²)", "area (km²)", [](const raster::ZonalStats& s) { return s.area_m2 / 1e6; }},
      {"area_weighted_mean", "面积加权均值", "area-weighted mean",
       [](const raster::ZonalStats& s) { return s.area_weighted_mean; }},
  };
  return defs;
}

std::vector<const StatDef*> parse_stats(const std::string& list) {
  std::vector<const StatDef*> out;
  std::stringstream ss(list);
  std::string name;
  while (std::getline(ss, name, ',')) {
    if (name.empty()) continue;
    const auto& defs = stat_defs();
    const auto it = std::find_if(defs.begin(), defs.end(), [&](const StatDef& d) { return name == d.key; });
    if (it == defs.end()) {
      std::string known;
      for (const auto& d : defs) known += fmt::format("{}{}", known.empty() ? "" : ", ", d.key);
      throw UsageError(fmt::format("--stats: unknown statistic \"{}\" (known: {})", name, known));
    }
    out.push_back(&*it);
  }
  if (out.empty()) throw UsageError("--stats: name at least one statistic");
  return out;
}

struct ZonalRequest {
  std::string raster_path, zones_path, id_field, stats = "count,sum,mean,min,max";
  int band = 1;
  bool make_valid = false;
};

void run_zonal(Context& ctx, const ZonalRequest& req) {
  const Lang l = ctx.lang();
  const auto stats = parse_stats(req.stats);
  const bool categorical = std::any_of(stats.begin(), stats.end(), [](const StatDef* d) {
    return std::string_view(d->key) == "majority" || std::string_view(d->key) == "minority" ||
           std::string_view(d->key) == "variety";
  });
  const bool with_area = std::any_of(stats.begin(), stats.end(),
                                     [](const StatDef* d) { return std::string_view(d->key).starts_with("area"); });

  io::set_gdal_cache_bytes(64ll << 20);
  io::GdalRaster source(req.raster_path, req.band);
  const raster::Grid& grid = source.grid();
  io::ZoneLayerOptions zone_options;
  zone_options.id_field = req.id_field;
  zone_options.make_valid = req.make_valid;
  const auto features = io::read_zone_layer(req.zones_path, source.crs_wkt(), zone_options);

  std::vector<raster::ZoneCoverage> coverage;
  coverage.reserve(features.size());
  std::size_t outside = 0;
  {
    Progress progress(tr(l, "计算覆盖比例", "coverage"), features.size());
    for (const auto& f : features) {
      coverage.push_back(raster::compute_coverage(grid, f.zone));
      outside += coverage.back().empty();
      progress.update(coverage.size());
    }
    progress.finish();
  }
  if (!features.empty() && outside == features.size()) {
    throw InputError(fmt::format("{}: no zone of {} overlaps the raster (extent x {}..{}, y {}..{})", req.raster_path,
                                 req.zones_path, grid.x_min, grid.x_max(), grid.y_min(), grid.y_max));
  }
  if (outside > 0) {
    ctx.note(fmt::format("{} {}", outside, tr(l, "个分区与栅格无重叠（统计量为空）", "zones do not overlap the raster (empty statistics)")));
  }

  std::vector<double> row_area;
  raster::ZonalOptions options;
  options.categorical = categorical;
  if (with_area) {
    row_area = raster::row_cell_areas_m2(grid, source.geographic(), source.metres_per_unit());
    options.row_area_m2 = row_area;
  }
  std::vector<raster::ZonalStats> results;
  {
    Progress progress(tr(l, "分区统计", "zonal statistics"), static_cast<std::size_t>(grid.rows));
    results = raster::zonal_statistics(source, coverage, options,
                                       [&](int done, int) { progress.update(static_cast<std::size_t>(done)); });
    progress.finish();
  }

  Table t;
  t.title_zh = "分区统计（按像元覆盖比例精确加权）";
  t.title_en = "Zonal statistics (cells weighted by exact coverage fraction)";
  t.columns.push_back({"id", "分区", "id"});
  for (const StatDef* d : stats) t.columns.push_back({d->key, d->label_zh, d->label_en});
  for (std::size_t i = 0; i < features.size(); ++i) {
    std::vector<Cell> row{Cell(features[i].id)};
    for (const StatDef* d : stats) {
      const double v = d->get(results[i]);
      row.push_back(std::isnan(v) ? Cell() : Cell(v));
    }
    t.add(std::move(row));
  }
  write_table(ctx.out(), t, ctx.format(), l);
}

}  // namespace

void add_raster_commands(CLI::App& app, Context& ctx) {
  auto* raster_cmd = app.add_subcommand("raster", "Raster ecology: exact zonal statistics");
  raster_cmd->require_subcommand(1);
  auto req = std::make_shared<ZonalRequest>();
  auto* zonal = raster_cmd->add_subcommand("zonal", "Statistics of a raster per polygon, each cell weighted by the exact "
                                                    "fraction of it the polygon covers");
  zonal->add_option("RASTER", req->raster_path, "Any raster GDAL reads (GeoTIFF, COG, ...)")->required();
  zonal->add_option("ZONES", req->zones_path, "Polygons: GeoJSON, GeoPackage, Shapefile, ... in any CRS")->required();
  zonal->add_option("--id-field", req->id_field, "Field that names each zone (default: the feature id)");
  zonal->add_option("--band", req->band, "Band number (1-based)")->capture_default_str();
  zonal->add_option("--stats", req->stats,
                    "Comma-separated: count,sum,mean,min,max,stdev,majority,minority,variety,cells,area_m2,area_km2,"
                    "area_weighted_mean")
      ->capture_default_str();
  zonal->add_flag("--make-valid", req->make_valid, "Repair invalid polygons (GEOS MakeValid) instead of stopping");
  zonal->footer(
      "Examples:\n"
      "  ecobarrier raster zonal cropland.tif counties.json --id-field adcode --format csv -o cropland.csv\n"
      "  ecobarrier raster zonal ndvi.tif banners.gpkg --stats mean,area_km2,area_weighted_mean\n\n"
      "count = Σ coverage fraction of valid cells, sum = Σ fraction x value, mean = sum / count (exactextract's\n"
      "definitions). area_* use each row's geodesic cell area on geographic grids. Zones are reprojected to the\n"
      "raster's CRS with PROJ. See docs/raster.md.");
  zonal->callback([req, &ctx] { run_zonal(ctx, *req); });
}

}  // namespace eb::app

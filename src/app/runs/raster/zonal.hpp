// Exact zonal statistics of one raster or a stack on one grid over the polygons of any OGR layer (a file, or a
// layer of the workspace such as the administrative units of a level), each cell weighted by the fraction of it
// the polygon covers (docs/raster.md).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/runs/raster/raster_inputs.hpp"
#include "engine/raster/zonal.hpp"

namespace eb::app::runs {

struct ZonalRequest {
  std::vector<std::string> rasters;   // one or more, on one grid
  std::string zones;                  // polygons: a file (GeoJSON, GeoPackage, Shapefile, ...) in any CRS
  io::ZoneLayerOptions zone_options;  // id field, repair, layer and attribute filter
  std::string stats = "count,sum,mean,min,max";
  int band = 1;
};
struct ZonalResult {
  engine::raster::ZonalStatisticList statistics;
  std::vector<std::string> raster_labels;  // column prefixes of a stack: the file stems, made unique
  std::vector<std::string> zone_ids;
  std::vector<std::vector<engine::raster::ZonalStats>> stats;  // [raster][zone]
  std::vector<std::vector<double>> class_values;               // per raster, with class_areas: values found
  std::size_t zones_outside = 0;
};
ZonalResult run_zonal(const ZonalRequest& req, const RunEnv& env);
// The class values found in any zone (class_areas), ascending; InputError naming `path` beyond 256 classes.
std::vector<double> zonal_class_values(const std::vector<engine::raster::ZonalStats>& stats, const std::string& path);

// Rasters already open on one grid, for zonal_of: run_zonal's files, or the Python module's arrays.
struct ZonalRasters {
  std::span<engine::raster::RasterSource* const> sources;
  std::vector<std::string> names;  // one per source, for messages; column prefixes of a stack are their stems
  bool geographic = false;         // cells in degrees (geodesic cell areas for area_*)
  double metres_per_unit = 1;      // a projected CRS's linear unit
};
// What run_zonal does once its rasters are open and the zones covered on their grid: the statistics named in
// `stats` (as --stats) of every raster over every zone.
ZonalResult zonal_of(const ZonalRasters& rasters, const ZoneSet& zones, const std::string& stats, const RunEnv& env);
Document zonal_document(const ZonalResult& r, Lang lang);

// The area-weighted mean of a raster (band 1, exact coverage fractions) over each administrative unit of a level
// of a workspace, with the area of the valid cells that entered it; no mean for a unit without valid cells.
struct UnitRasterMean {
  std::string code;
  std::optional<double> mean;
  double valid_area_km2 = 0;
  std::int64_t cells = 0;
};
struct UnitRasterMeans {
  std::vector<UnitRasterMean> units;
  std::size_t zones_outside = 0;
};
UnitRasterMeans unit_raster_means(const std::string& raster_path, const std::string& ws_path, int level,
                                  const RunEnv& env);
// The zone options that select the administrative units of a level of a workspace (layer admin_unit, id `code`).
io::ZoneLayerOptions admin_unit_zones(int level);

}  // namespace eb::app::runs

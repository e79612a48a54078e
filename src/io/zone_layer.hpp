// Zones for zonal statistics: the polygons of an OGR layer (GeoJSON, GeoPackage, Shapefile, ...), transformed
// with PROJ into the raster's CRS and turned into engine rings.
#pragma once

#include <string>
#include <vector>

#include "engine/raster/coverage.hpp"

namespace eb::io {

struct ZoneFeature {
  std::string id;  // the id field's value, or the feature id when no field is named
  long fid = 0;
  engine::raster::Zone zone;
};

struct ZoneLayerOptions {
  std::string id_field;     // empty: use the feature id
  bool make_valid = false;  // repair invalid polygons (GEOS MakeValid) instead of rejecting them
  std::string layer;        // empty: the first layer
  std::string where;        // an OGR SQL attribute filter ("level = 2"); empty: every feature
};

// Throws GeometryError naming the feature (id, fid) and GEOS's reason for an invalid polygon, InputError for a
// missing field or a non-polygon geometry, IoError when the file cannot be opened. An empty `target_crs_wkt`
// leaves coordinates as they are (the layer must then be in the raster's CRS).
std::vector<ZoneFeature> read_zone_layer(const std::string& path, const std::string& target_crs_wkt,
                                         const ZoneLayerOptions& options = {});

}  // namespace eb::io

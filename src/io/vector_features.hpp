// Features of any OGR vector source (GeoJSON, GeoPackage, Shapefile, ...): the first layer's features with the
// fields asked for as text and the geometry as 2D ISO WKB in lon/lat WGS 84 (transformed with PROJ when the layer
// has another CRS). Used for protected layers, screening sites and project outlines.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "io/file_buffer.hpp"

namespace eb::io {

struct VectorFeature {
  long fid = 0;                                              // the source's feature id, for messages
  std::map<std::string, std::optional<std::string>> fields;  // the requested fields; nullopt when unset or null
  std::vector<std::uint8_t> wkb;                             // empty when the feature has no geometry
};

struct VectorLayer {
  std::string crs_name;  // the layer's CRS as the source names it ("" when it has none)
  std::vector<VectorFeature> features;
};

// Throws IoError when the file cannot be opened, InputError for a missing requested field (naming the fields the
// layer has), a layer without a CRS, or a geometry that cannot be transformed (naming the feature). A field name
// starting with '?' is optional: absent from the layer, it is read as unset (and keyed without the '?').
// CSV inputs are checked by our reader first and every feature must be read (io/vector_source.hpp); text attributes
// must be valid UTF-8 (InputError naming the feature and field).
VectorLayer read_vector_features(const std::string& path, const std::vector<std::string>& fields,
                                 const ReadOptions& options = {});

}  // namespace eb::io

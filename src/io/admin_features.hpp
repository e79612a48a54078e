// Administrative boundary features read through OGR (GeoJSON, GeoPackage, Shapefile, ...).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/file_buffer.hpp"

namespace eb::io {

struct AdminFeature {
  long fid = 0;      // feature id in the source, for messages
  std::string code;  // GB/T 2260 code
  std::string name_zh;
  std::optional<std::string> parent_code;
  std::optional<double> center_lon, center_lat;  // the source's label point, when it has one
  std::vector<std::uint8_t> wkb;                 // ISO WKB (MultiPolygon), lon/lat on WGS 84
};

struct AdminFieldNames {
  std::string code = "adcode";
  std::string name = "name";
  std::string parent = "parent";  // a code, or a JSON object with "adcode" (Aliyun DataV)
  std::string center = "center";  // [lon, lat] list (DataV); optional
};

// Reads every feature of the first layer. Geometries in another CRS are transformed to lon/lat WGS 84.
// Throws InputError naming the file and feature for a missing code, a non-polygon geometry or a bad field.
std::vector<AdminFeature> read_admin_features(const std::string& path, const AdminFieldNames& fields = {},
                                              const ReadOptions& options = {});

}  // namespace eb::io

// The GeoJSON reading path of every vector import (protected layers, screening sites, project outlines): bytes
// handed to GDAL's GeoJSON driver through an in-memory file, read with the project's feature reader (fields as
// text, geometry to WKB in WGS 84), then each geometry written back as GeoJSON by the API's writer.
#include <cpl_vsi.h>
#include <gdal.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "io/geojson.hpp"
#include "io/vector_features.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  GDALAllRegister();
  CPLSetErrorHandler(CPLQuietErrorHandler);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = "/vsimem/fuzz.geojson";
  VSILFILE* f = VSIFileFromMemBuffer(path.c_str(), const_cast<GByte*>(data), size, FALSE);
  if (!f) return 0;
  VSIFCloseL(f);
  try {
    const eb::io::VectorLayer layer = eb::io::read_vector_features(path, {"?name", "?code"});
    for (const auto& feature : layer.features)
      if (!feature.wkb.empty()) (void)eb::io::geojson_geometry(feature.wkb);
  } catch (const eb::Error&) {
  }
  VSIUnlink(path.c_str());
  return 0;
}

// The API's WKB -> GeoJSON writer on arbitrary bytes (stored geometries come from GDAL, but a workspace file is
// user-controlled: a hand-edited or foreign GeoPackage must give an error, never a crash).
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/error.hpp"
#include "io/geojson.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)eb::io::geojson_geometry(std::span<const std::uint8_t>(data, size));
  } catch (const eb::Error&) {
  }
  return 0;
}

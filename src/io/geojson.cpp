#include "io/geojson.hpp"

#include <cpl_conv.h>
#include <ogr_api.h>
#include <ogr_geometry.h>

#include <memory>

#include "core/error.hpp"

namespace eb::io {

std::string geojson_geometry(std::span<const std::uint8_t> wkb, int decimals) {
  OGRGeometry* raw = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE || !raw)
    throw InputError("geometry is not WKB");
  std::unique_ptr<OGRGeometry> g(raw);
  const std::string precision = "COORDINATE_PRECISION=" + std::to_string(decimals);
  char* options[] = {const_cast<char*>(precision.c_str()), nullptr};
  char* json = OGR_G_ExportToJsonEx(OGRGeometry::ToHandle(g.get()), options);
  if (!json) throw InputError("geometry cannot be written as GeoJSON");
  std::string out(json);
  CPLFree(json);
  return out;
}

}  // namespace eb::io

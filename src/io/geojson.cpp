#include "io/geojson.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <fmt/format.h>
#include <ogr_api.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <cctype>
#include <cmath>
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

namespace {

// The points of a line or ring: at least `min_points`, each a lon/lat.
void check_curve(const OGRSimpleCurve& c, int min_points, const char* what) {
  if (c.getNumPoints() < min_points)
    throw InputError(fmt::format("a {} of {} point{} (at least {})", what, c.getNumPoints(),
                                 c.getNumPoints() == 1 ? "" : "s", min_points));
  for (int i = 0; i < c.getNumPoints(); ++i) {
    const double lon = c.getX(i), lat = c.getY(i);
    if (!std::isfinite(lon) || !std::isfinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90)
      throw InputError(fmt::format("[{}, {}] is not a longitude, latitude (-180..180, -90..90)", lon, lat));
  }
}

void check_parts(const OGRGeometry& g) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint: {
      const auto& p = *g.toPoint();
      if (p.IsEmpty() || p.getX() < -180 || p.getX() > 180 || p.getY() < -90 || p.getY() > 90)
        throw InputError("a point that is not a longitude, latitude (-180..180, -90..90)");
      return;
    }
    case wkbLineString:
      return check_curve(*g.toLineString(), 2, "line");
    case wkbPolygon:
      for (const auto* ring : *g.toPolygon()) check_curve(*ring, 4, "ring");
      if (g.toPolygon()->getExteriorRing() == nullptr) throw InputError("a polygon without rings");
      return;
    default:
      if (const auto* c = dynamic_cast<const OGRGeometryCollection*>(&g)) {
        if (c->getNumGeometries() == 0) throw InputError("no parts");
        for (const auto* part : *c) check_parts(*part);
      }
      return;
  }
}

}  // namespace

std::vector<std::uint8_t> wkb_from_geojson(const std::string& geometry, const std::vector<std::string_view>& types) {
  std::string allowed;
  for (const auto t : types) allowed += (allowed.empty() ? "" : " or ") + std::string(t);
  CPLErrorReset();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  OGRGeometryH handle = OGR_G_CreateGeometryFromJson(geometry.c_str());
  CPLPopErrorHandler();
  if (!handle) throw InputError(fmt::format("not a GeoJSON geometry ({})", allowed));
  std::unique_ptr<OGRGeometry> g(OGRGeometry::FromHandle(handle));
  const std::string type = OGRToOGCGeomType(g->getGeometryType());
  // OGC names are upper case (LINESTRING); GeoJSON's are camel case (LineString).
  const auto same = [&](std::string_view t) {
    return std::equal(t.begin(), t.end(), type.begin(), type.end(),
                      [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == b; });
  };
  if (std::none_of(types.begin(), types.end(), same))
    throw InputError(fmt::format("a GeoJSON {}, not {}", allowed, type));
  check_parts(*g);
  g->flattenTo2D();
  std::vector<std::uint8_t> wkb(static_cast<std::size_t>(g->WkbSize()));
  if (g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE)
    throw InputError("geometry cannot be written as WKB");
  return wkb;
}

}  // namespace eb::io

#include "engine/vector/outline.hpp"

#include "core/error.hpp"
#include "engine/vector/geos_support.hpp"

namespace eb::engine {

namespace {

int map_vertex(double* x, double* y, void* user) {
  const auto& to_plane = *static_cast<const std::function<PlanePoint(double, double)>*>(user);
  const PlanePoint p = to_plane(*x, *y);
  *x = p.first;
  *y = p.second;
  return 1;
}

PlaneRing ring_of(GEOSContextHandle_t h, const GEOSGeometry* ring) {
  PlaneRing out;
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
  unsigned n = 0;
  if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n)) return out;
  out.resize(n);
  for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(h, seq, i, &out[i].first, &out[i].second);
  return out;
}

void collect(GEOSContextHandle_t h, const GEOSGeometry* g, std::vector<PlanePolygon>& out) {
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    for (int i = 0; i < GEOSGetNumGeometries_r(h, g); ++i) collect(h, GEOSGetGeometryN_r(h, g, i), out);
    return;
  }
  if (type != GEOS_POLYGON || GEOSisEmpty_r(h, g)) return;
  PlanePolygon p;
  p.rings.push_back(ring_of(h, GEOSGetExteriorRing_r(h, g)));
  if (p.rings.front().size() < 4) return;
  for (int i = 0; i < GEOSGetNumInteriorRings_r(h, g); ++i) {
    PlaneRing hole = ring_of(h, GEOSGetInteriorRingN_r(h, g, i));
    if (hole.size() >= 4) p.rings.push_back(std::move(hole));
  }
  out.push_back(std::move(p));
}

geos::Geometry mapped_to_plane(GEOSContextHandle_t h, std::span<const std::uint8_t> wkb,
                               const std::function<PlanePoint(double, double)>& to_plane) {
  const geos::Geometry source = geos::own(h, geos::read_wkb(h, wkb));
  geos::Geometry mapped = geos::own(
      h, GEOSGeom_transformXY_r(h, source.get(), &map_vertex, const_cast<void*>(static_cast<const void*>(&to_plane))));
  if (!mapped) throw GeometryError("outline: the geometry could not be mapped to the plane");
  return mapped;
}

}  // namespace

std::vector<PlanePolygon> plane_outline(std::span<const std::uint8_t> wkb,
                                        const std::function<PlanePoint(double, double)>& to_plane, double tolerance) {
  geos::Context ctx;
  const GEOSContextHandle_t h = ctx.handle();
  geos::Geometry mapped = mapped_to_plane(h, wkb, to_plane);
  if (tolerance > 0) {
    geos::Geometry simple = geos::own(h, GEOSTopologyPreserveSimplify_r(h, mapped.get(), tolerance));
    if (!simple) throw GeometryError("outline: GEOS could not simplify the geometry");
    mapped = std::move(simple);
  }
  std::vector<PlanePolygon> out;
  collect(h, mapped.get(), out);
  return out;
}

std::optional<PlanePoint> plane_label_point(std::span<const std::uint8_t> wkb,
                                            const std::function<PlanePoint(double, double)>& to_plane) {
  geos::Context ctx;
  const GEOSContextHandle_t h = ctx.handle();
  const geos::Geometry mapped = mapped_to_plane(h, wkb, to_plane);
  double area = 0;
  if (GEOSArea_r(h, mapped.get(), &area) != 1 || !(area > 0)) return std::nullopt;
  const geos::Geometry point = geos::own(h, GEOSPointOnSurface_r(h, mapped.get()));
  if (!point || GEOSisEmpty_r(h, point.get())) return std::nullopt;
  PlanePoint p;
  if (GEOSGeomGetX_r(h, point.get(), &p.first) != 1 || GEOSGeomGetY_r(h, point.get(), &p.second) != 1)
    return std::nullopt;
  return p;
}

}  // namespace eb::engine

#include "engine/vector/geodesy.hpp"

#include <fmt/format.h>
#include <geodesic.h>
#include <proj.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/ellipsoid.hpp"
#include "core/error.hpp"
#include "engine/vector/geos_support.hpp"

namespace eb::engine {

namespace {

const geod_geodesic& wgs84() {
  static const geod_geodesic g = [] {
    geod_geodesic e{};
    geod_init(&e, 6378137.0, 1 / 298.257223563);
    return e;
  }();
  return g;
}

// |area| of one closed ring whose edges are straight in lon/lat, m². Green's theorem on dA = a²/2 q'(φ) dφ dλ gives
// area = |∮ F(φ) dλ| with F = a²/2 q(φ); along an edge φ is linear in λ, so each edge contributes Δλ times the
// mean of F over the edge, taken by 6-point Gauss-Legendre (exact to round-off for the short edges of real data;
// parallels are exact for any length). F is measured from the first vertex's latitude, which changes no closed
// integral and keeps the sum well conditioned for small rings.
double ring_area(GEOSContextHandle_t h, const GEOSGeometry* ring) {
  static constexpr double kNodes[6] = {-0.9324695142031521, -0.6612093864662645, -0.2386191860831969,
                                       0.2386191860831969,  0.6612093864662645,  0.9324695142031521};
  static constexpr double kWeights[6] = {0.1713244923791704, 0.3607615730481386, 0.4679139345726910,
                                         0.4679139345726910, 0.3607615730481386, 0.1713244923791704};
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(h, seq, &n);
  if (n < 4) return 0;
  double x0 = 0, y0 = 0;
  GEOSCoordSeq_getXY_r(h, seq, 0, &x0, &y0);
  const double q0 = wgs84::authalic_q(y0 * wgs84::kDegree);
  double sum = 0, xp = x0, yp = y0;
  for (unsigned i = 1; i < n; ++i) {
    double x = 0, y = 0;
    GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
    const double dlon = (x - xp) * wgs84::kDegree;
    if (dlon != 0) {
      double mean = 0;
      if (y == yp) {
        mean = wgs84::authalic_q(y * wgs84::kDegree) - q0;
      } else {
        for (int k = 0; k < 6; ++k) {
          const double lat = (yp + y) / 2 + (y - yp) / 2 * kNodes[k];
          mean += kWeights[k] / 2 * (wgs84::authalic_q(lat * wgs84::kDegree) - q0);
        }
      }
      sum += dlon * mean;
    }
    xp = x;
    yp = y;
  }
  return std::abs(wgs84::kA * wgs84::kA / 2 * sum);
}

// Length of a line whose segments are straight in lon/lat: geodesic pieces of at most 0.001°.
double line_length(GEOSContextHandle_t h, const GEOSGeometry* line) {
  constexpr double kStep = 0.001;
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, line);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(h, seq, &n);
  double total = 0, x0 = 0, y0 = 0;
  for (unsigned i = 0; i < n; ++i) {
    double x = 0, y = 0;
    GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
    if (i > 0) {
      const int pieces = std::max(1, static_cast<int>(std::ceil(std::max(std::abs(x - x0), std::abs(y - y0)) / kStep)));
      double px = x0, py = y0;
      for (int k = 1; k <= pieces; ++k) {
        const double t = static_cast<double>(k) / pieces;
        const double qx = x0 + (x - x0) * t, qy = y0 + (y - y0) * t;
        total += geodesic_distance_m(px, py, qx, qy);
        px = qx;
        py = qy;
      }
    }
    x0 = x;
    y0 = y;
  }
  return total;
}

}  // namespace

double ellipsoidal_area_m2(GEOSContextHandle_t h, const GEOSGeometry* g) {
  switch (GEOSGeomTypeId_r(h, g)) {
    case GEOS_POLYGON: {
      double a = ring_area(h, GEOSGetExteriorRing_r(h, g));
      const int holes = GEOSGetNumInteriorRings_r(h, g);
      for (int i = 0; i < holes; ++i) a -= ring_area(h, GEOSGetInteriorRingN_r(h, g, i));
      return a;
    }
    case GEOS_MULTIPOLYGON:
    case GEOS_GEOMETRYCOLLECTION: {
      double a = 0;
      const int n = GEOSGetNumGeometries_r(h, g);
      for (int i = 0; i < n; ++i) a += ellipsoidal_area_m2(h, GEOSGetGeometryN_r(h, g, i));
      return a;
    }
    default:
      return 0;
  }
}

double ellipsoidal_area_m2(std::span<const std::uint8_t> wkb) {
  geos::Context ctx;
  const geos::Geometry g = geos::own(ctx.handle(), geos::read_wkb(ctx.handle(), wkb));
  return ellipsoidal_area_m2(ctx.handle(), g.get());
}

double ellipsoidal_length_m(GEOSContextHandle_t h, const GEOSGeometry* g) {
  switch (GEOSGeomTypeId_r(h, g)) {
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
      return line_length(h, g);
    case GEOS_MULTILINESTRING:
    case GEOS_GEOMETRYCOLLECTION: {
      double total = 0;
      const int n = GEOSGetNumGeometries_r(h, g);
      for (int i = 0; i < n; ++i) total += ellipsoidal_length_m(h, GEOSGetGeometryN_r(h, g, i));
      return total;
    }
    default:
      return 0;
  }
}

double ellipsoidal_length_m(std::span<const std::uint8_t> wkb) {
  geos::Context ctx;
  const geos::Geometry g = geos::own(ctx.handle(), geos::read_wkb(ctx.handle(), wkb));
  return ellipsoidal_length_m(ctx.handle(), g.get());
}

double geodesic_distance_m(double lon1, double lat1, double lon2, double lat2) {
  double s12 = 0, azi1 = 0, azi2 = 0;
  geod_inverse(&wgs84(), lat1, lon1, lat2, lon2, &s12, &azi1, &azi2);
  return s12;
}

struct LocalProjection::Impl {
  PJ_CONTEXT* ctx = nullptr;
  PJ* pj = nullptr;
};

LocalProjection::LocalProjection(double lon0, double lat0) : impl_(std::make_unique<Impl>()) {
  impl_->ctx = proj_context_create();
  // A PROJ string needs no database: the projection is pure computation.
  const std::string def = fmt::format("+proj=aeqd +lat_0={:.12f} +lon_0={:.12f} +ellps=WGS84 +units=m", lat0, lon0);
  impl_->pj = proj_create(impl_->ctx, def.c_str());
  if (impl_->pj == nullptr) {
    proj_context_destroy(impl_->ctx);
    throw GeometryError("cannot set up a local projection at " + fmt::format("{} {}", lon0, lat0));
  }
}

LocalProjection::~LocalProjection() {
  if (impl_->pj) proj_destroy(impl_->pj);
  if (impl_->ctx) proj_context_destroy(impl_->ctx);
}

namespace {
struct TransformArgs {
  PJ* pj;
  PJ_DIRECTION direction;
};
int transform_xy(double* x, double* y, void* user) {
  const auto* a = static_cast<const TransformArgs*>(user);
  PJ_COORD c;
  if (a->direction == PJ_FWD) {
    c = proj_coord(proj_torad(*x), proj_torad(*y), 0, 0);
    c = proj_trans(a->pj, PJ_FWD, c);
    *x = c.xy.x;
    *y = c.xy.y;
  } else {
    c = proj_coord(*x, *y, 0, 0);
    c = proj_trans(a->pj, PJ_INV, c);
    *x = proj_todeg(c.lp.lam);
    *y = proj_todeg(c.lp.phi);
  }
  return std::isfinite(*x) && std::isfinite(*y) ? 1 : 0;
}
}  // namespace

GEOSGeometry* LocalProjection::to_metres(GEOSContextHandle_t h, const GEOSGeometry* g) const {
  TransformArgs args{impl_->pj, PJ_FWD};
  // Lon/lat-straight edges become curves on the projection: split them first.
  GEOSGeometry* dense = GEOSDensify_r(h, g, 0.01);
  if (dense == nullptr) throw GeometryError("a geometry could not be densified");
  GEOSGeometry* out = GEOSGeom_transformXY_r(h, dense, transform_xy, &args);
  GEOSGeom_destroy_r(h, dense);
  if (out == nullptr) throw GeometryError("a coordinate could not be projected");
  return out;
}

GEOSGeometry* LocalProjection::to_degrees(GEOSContextHandle_t h, const GEOSGeometry* g) const {
  TransformArgs args{impl_->pj, PJ_INV};
  GEOSGeometry* out = GEOSGeom_transformXY_r(h, g, transform_xy, &args);
  if (out == nullptr) throw GeometryError("a coordinate could not be unprojected");
  return out;
}

}  // namespace eb::engine

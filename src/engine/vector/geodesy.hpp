// Measures on the WGS 84 ellipsoid for geometries in lon/lat degrees. Edges are taken as straight lines in
// lon/lat — the convention GIS data and GEOS's planar intersections use — so that the pieces of a cut polygon add
// up to the whole exactly. Areas are exact for that convention (the authalic integral along each edge, by
// Gauss-Legendre quadrature); lengths and distances use Karney's geodesics (PROJ's geodesic.h) over edges split
// into pieces of at most 0.001°, where a geodesic and a lon/lat-straight piece differ by well under a millimetre.
#pragma once

#include <geos_c.h>

#include <cstdint>
#include <memory>
#include <span>

namespace eb::engine {

// Ellipsoidal area of the polygonal parts of `g` (holes subtracted), m²; 0 for points and lines.
double ellipsoidal_area_m2(GEOSContextHandle_t h, const GEOSGeometry* g);
// The same for WKB (lon/lat WGS 84).
double ellipsoidal_area_m2(std::span<const std::uint8_t> wkb);
// Ellipsoidal length of the linear parts of `g` (polygon boundaries not counted), m.
double ellipsoidal_length_m(GEOSContextHandle_t h, const GEOSGeometry* g);
// The same for WKB (lon/lat WGS 84): a patrol's track.
double ellipsoidal_length_m(std::span<const std::uint8_t> wkb);
// Geodesic distance between two lon/lat points, m.
double geodesic_distance_m(double lon1, double lat1, double lon2, double lat2);

// Azimuthal equidistant projection centred on (lon0, lat0): distances from the centre are true, and within a few
// hundred kilometres any distance is within a small fraction of a percent, which the callers refine where exactness
// matters. Geometries are split into pieces of at most 0.01° before projecting, so projected edges follow the
// lon/lat-straight ones to centimetres. Not thread-safe: one per thread.
class LocalProjection {
 public:
  LocalProjection(double lon0, double lat0);
  ~LocalProjection();
  LocalProjection(const LocalProjection&) = delete;
  LocalProjection& operator=(const LocalProjection&) = delete;
  // New geometries (the caller owns them), lon/lat -> metres and back.
  GEOSGeometry* to_metres(GEOSContextHandle_t h, const GEOSGeometry* g) const;
  GEOSGeometry* to_degrees(GEOSContextHandle_t h, const GEOSGeometry* g) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eb::engine

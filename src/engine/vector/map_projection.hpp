// The equal-area projection of the printed maps (the bulletin's choropleths): an Albers equal-area conic fitted to
// the mapped region, so that a unit's share of the page is its share of the ground — what a reader compares on a
// choropleth. Pure computation through PROJ (a PROJ string, no database): engine code, no I/O.
#pragma once

#include <memory>
#include <string>

#include "engine/vector/outline.hpp"

namespace eb::engine {

struct LonLatExtent {
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
};

// Albers parameters, degrees: central meridian, latitude of origin, two standard parallels.
struct AlbersParameters {
  double lon_0 = 0, lat_0 = 0, lat_1 = 0, lat_2 = 0;
};

// The conic fitted to an extent by Snyder's rule (Map Projections — A Working Manual, USGS PP 1395, §14): the
// standard parallels one sixth of the latitude range inside its ends, the central meridian and the origin at the
// extent's middle. For Inner Mongolia (97–126° E, 37–53° N) that is about lon_0 111.5, lat_1 39.7, lat_2 50.3:
// the region's own meridian stands upright in the middle of the page and the scale is true near the region's
// southern and northern thirds, where China's national Albers (lat_1 25, lat_2 47, lon_0 105) is fitted to the
// whole country and would draw the region tilted.
AlbersParameters albers_fitted_to(const LonLatExtent& extent);

// lon/lat (WGS 84, degrees) to Albers metres. Not thread-safe: one per thread.
class EqualAreaProjection {
 public:
  explicit EqualAreaProjection(const AlbersParameters& parameters);
  ~EqualAreaProjection();
  EqualAreaProjection(const EqualAreaProjection&) = delete;
  EqualAreaProjection& operator=(const EqualAreaProjection&) = delete;

  // Easting and northing in metres; throws GeometryError for a point PROJ cannot project.
  PlanePoint forward(double lon, double lat) const;
  // The direction of true north at (lon, lat) in the projected plane: degrees clockwise from the plane's +y axis
  // (the meridian convergence; 0 on the central meridian, growing with the distance from it).
  double north_bearing_deg(double lon, double lat) const;
  // The PROJ definition, for the map's caption and the docs.
  const std::string& definition() const { return definition_; }
  const AlbersParameters& parameters() const { return parameters_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  AlbersParameters parameters_;
  std::string definition_;
};

}  // namespace eb::engine

// The WGS 84 ellipsoid and the authalic-latitude function q(φ) (Snyder, Map Projections: A Working Manual,
// eq. 3-12): the area between the equator and latitude φ over one radian of longitude is a²/2 · q(φ). One home
// for the constants that raster cell areas and vector areas share.
#pragma once

#include <cmath>

namespace eb::wgs84 {

inline constexpr double kA = 6378137.0;          // semi-major axis, m
inline constexpr double kF = 1 / 298.257223563;  // flattening
inline constexpr double kE2 = kF * (2 - kF);     // first eccentricity squared
inline constexpr double kDegree = 3.14159265358979323846 / 180;

inline double authalic_q(double phi_radians) {
  const double e = std::sqrt(kE2);
  const double s = std::sin(phi_radians);
  return (1 - kE2) * (s / (1 - kE2 * s * s) - std::log((1 - e * s) / (1 + e * s)) / (2 * e));
}

}  // namespace eb::wgs84

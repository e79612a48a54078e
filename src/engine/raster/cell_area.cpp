#include "engine/raster/cell_area.hpp"

#include <algorithm>
#include <cmath>

#include "core/ellipsoid.hpp"

namespace eb::engine::raster {
namespace {
using wgs84::kA;
using wgs84::kDegree;
double q(double phi) { return wgs84::authalic_q(phi); }
}  // namespace

double ellipsoid_quadrangle_area_m2(double lat1_deg, double lat2_deg, double dlon_deg) {
  // Area between two parallels over dlon: a^2 / 2 * dlon * (q(phi2) - q(phi1)).
  return std::abs(kA * kA / 2 * (dlon_deg * kDegree) * (q(lat2_deg * kDegree) - q(lat1_deg * kDegree)));
}

std::vector<double> row_cell_areas_m2(const Grid& grid, bool geographic, double metres_per_unit) {
  std::vector<double> areas(static_cast<std::size_t>(std::max(0, grid.rows)));
  for (int r = 0; r < grid.rows; ++r) {
    if (geographic) {
      const double north = std::clamp(grid.y_max - r * grid.cell_height, -90.0, 90.0);
      const double south = std::clamp(grid.y_max - (r + 1) * grid.cell_height, -90.0, 90.0);
      areas[static_cast<std::size_t>(r)] = ellipsoid_quadrangle_area_m2(south, north, grid.cell_width);
    } else {
      areas[static_cast<std::size_t>(r)] = grid.cell_width * grid.cell_height * metres_per_unit * metres_per_unit;
    }
  }
  return areas;
}

}  // namespace eb::engine::raster

// The area of the cells of each grid row, in m². On a geographic grid (degrees) cells shrink towards the poles,
// so the area is computed per row on the WGS 84 ellipsoid; on a projected grid every cell has the same area.
#pragma once

#include <vector>

#include "engine/raster/grid.hpp"

namespace eb::engine::raster {

// Exact area of the ellipsoidal quadrangle between latitudes lat1, lat2 (degrees) and `dlon_deg` degrees of
// longitude, on the WGS 84 ellipsoid (authalic-latitude formula).
double ellipsoid_quadrangle_area_m2(double lat1_deg, double lat2_deg, double dlon_deg);

// `metres_per_unit`: the projected CRS's linear unit (1 for metres); ignored for geographic grids.
std::vector<double> row_cell_areas_m2(const Grid& grid, bool geographic, double metres_per_unit = 1.0);

}  // namespace eb::engine::raster

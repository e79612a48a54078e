// Small rasters for the runs' tests: GeoTIFFs written through the project's own writer into GDAL's in-memory file
// system (/vsimem), on a projected grid of 10 m cells so that every cell is exactly 100 m².
#pragma once

#include <string>
#include <vector>

#include "engine/raster/grid.hpp"

namespace eb::test {

// A grid of rows x cols cells of 10 m in UTM zone 50N, north-west corner at (500000, 4500000).
engine::raster::Grid utm_grid(int rows, int cols);
// Writes `values` (row-major; NaN = nodata) as a Float32 GeoTIFF under /vsimem and returns its path; the name
// must be unique within a test.
std::string memory_raster(const std::string& name, const engine::raster::Grid& grid, const std::vector<double>& values);
// A GeoJSON file of one polygon per ring (x, y pairs in the grid's CRS), with an "id" property, under /vsimem.
std::string memory_zones(const std::string& name,
                         const std::vector<std::pair<std::string, std::vector<double>>>& rings);
// Whether a file exists (also under /vsimem).
bool raster_exists(const std::string& path);

}  // namespace eb::test

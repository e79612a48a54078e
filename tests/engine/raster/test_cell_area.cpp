#include <gtest/gtest.h>

#include <numeric>

#include "engine/raster/cell_area.hpp"

namespace eb::engine::raster {
namespace {

TEST(CellArea, OneDegreeGridSumsToTheWgs84Surface) {
  const Grid world{-180, 90, 1, 1, 180, 360};
  const auto rows = row_cell_areas_m2(world, true);
  const double total = std::accumulate(rows.begin(), rows.end(), 0.0) * world.cols;
  EXPECT_NEAR(total / 1e6, 510065621.7, 0.1);  // km², the WGS 84 ellipsoid's surface
}

TEST(CellArea, RowsShrinkTowardsThePole) {
  const Grid g{97, 53.5, 1.0 / 12, 1.0 / 12, 194, 350};
  const auto rows = row_cell_areas_m2(g, true);
  EXPECT_LT(rows.front(), rows.back());
  // A 5-minute cell at 45°N is about 9.26 km (north-south) x 6.56 km (east-west).
  const double at_45 = ellipsoid_quadrangle_area_m2(45, 45 + 1.0 / 12, 1.0 / 12);
  EXPECT_NEAR(at_45 / 1e6, 60.7, 0.5);
}

TEST(CellArea, ProjectedCellsAreEqual) {
  const auto rows = row_cell_areas_m2(Grid{0, 0, 30, 30, 3, 3}, false);
  for (double a : rows) EXPECT_EQ(a, 900.0);
  EXPECT_EQ(row_cell_areas_m2(Grid{0, 0, 100, 100, 1, 1}, false, 0.3048)[0], 100 * 100 * 0.3048 * 0.3048);
}

}  // namespace
}  // namespace eb::engine::raster

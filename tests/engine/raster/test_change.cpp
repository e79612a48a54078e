#include <gtest/gtest.h>

#include <cmath>

#include "engine/raster/change.hpp"

namespace eb::engine::raster {
namespace {

TEST(Change, CountsTransitionsWithTheirAreas) {
  TransitionMatrix m;
  const double a[] = {1, 1, 2, 3, 3, 5};
  const double b[] = {1, 2, 2, 4, 4, 5};
  const std::uint8_t ok[] = {1, 1, 1, 1, 1, 0};  // the last cell is nodata in the first epoch
  const std::uint8_t all[] = {1, 1, 1, 1, 1, 1};
  EXPECT_EQ(m.add_row(a, b, ok, all, 6, 100.0), -1);
  EXPECT_EQ(m.add_row(a, b, ok, all, 2, 50.0), -1);  // a northern row with smaller cells
  const auto e = m.entries();
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ((std::vector<int>{e[0].from, e[0].to}), (std::vector<int>{1, 1}));
  EXPECT_EQ(e[0].cells, 2);
  EXPECT_DOUBLE_EQ(e[0].area_m2, 150.0);
  EXPECT_EQ((std::vector<int>{e[3].from, e[3].to}), (std::vector<int>{3, 4}));
  EXPECT_EQ(e[3].cells, 2);
  EXPECT_DOUBLE_EQ(e[3].area_m2, 200.0);
}

TEST(Change, NonClassValuesAreReportedByPosition) {
  TransitionMatrix m;
  const double a[] = {1, 2.5, 3};
  const double b[] = {1, 2, 300};
  const std::uint8_t ok[] = {1, 1, 1};
  EXPECT_EQ(m.add_row(a, b, ok, ok, 3, 1.0), 1);
  const double c[] = {1, 2, 3};
  EXPECT_EQ(m.add_row(c, b, ok, ok, 3, 1.0), 2);
}

TEST(Change, MatrixGrowsForLargeCodes) {
  TransitionMatrix m;
  const double a[] = {1, 200};
  const double b[] = {3, 254};
  const std::uint8_t ok[] = {1, 1};
  EXPECT_EQ(m.add_row(a, b, ok, ok, 1, 1.0), -1);
  EXPECT_EQ(m.add_row(a + 1, b + 1, ok, ok, 1, 2.0), -1);  // regrows, keeping 1 -> 3
  const auto e = m.entries();
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].to, 3);
  EXPECT_EQ(e[1].from, 200);
  EXPECT_DOUBLE_EQ(e[1].area_m2, 2.0);
}

TEST(Change, PerZoneTransitionsAreWeightedByCoverage) {
  // 4 x 4 grid of unit cells; the zone covers the left half of columns 0..1 fully and half of column 2.
  const Grid grid{0, 4, 1, 1, 4, 4};
  std::vector<double> before(16, 1), after(16, 1);
  for (int r = 0; r < 4; ++r) after[static_cast<std::size_t>(r * 4 + 2)] = 2;  // column 2 goes 1 -> 2
  MemoryRaster b(grid, before), a(grid, after);
  const Zone zone = {Polygon{{{0, 0}, {2.5, 0}, {2.5, 4}, {0, 4}}, {}}};
  const std::vector<ZoneCoverage> coverage = {compute_coverage(grid, zone)};
  const std::vector<double> row_area(4, 10.0);
  const auto m = zonal_transitions(b, a, coverage, row_area);
  const auto e = m.at(0).entries();
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].cells, 8);
  EXPECT_DOUBLE_EQ(e[0].weight, 8.0);
  EXPECT_DOUBLE_EQ(e[0].area_m2, 80.0);
  EXPECT_EQ(e[1].to, 2);
  EXPECT_EQ(e[1].cells, 4);
  EXPECT_DOUBLE_EQ(e[1].weight, 2.0);  // four half-covered cells
  EXPECT_DOUBLE_EQ(e[1].area_m2, 20.0);
}

TEST(Change, PerZoneNonClassValueNamesItsCell) {
  const Grid grid{0, 2, 1, 1, 2, 2};
  MemoryRaster b(grid, {1, 1, 1, 1.5}), a(grid, {1, 1, 1, 1});
  const Zone zone = {Polygon{{{0, 0}, {2, 0}, {2, 2}, {0, 2}}, {}}};
  const std::vector<ZoneCoverage> coverage = {compute_coverage(grid, zone)};
  const std::vector<double> row_area(2, 1.0);
  try {
    zonal_transitions(b, a, coverage, row_area);
    FAIL();
  } catch (const NotAClassCode& e) {
    EXPECT_EQ(e.row, 1);
    EXPECT_EQ(e.col, 1);
  }
}

TEST(Change, ChangeCodeFor0To9) {
  EXPECT_EQ(change_code(2, 4), 24);
  EXPECT_EQ(change_code(0, 0), 0);
  EXPECT_EQ(change_code(10, 1), -1);
}

}  // namespace
}  // namespace eb::engine::raster

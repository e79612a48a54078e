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

TEST(Change, ChangeCodeFor0To9) {
  EXPECT_EQ(change_code(2, 4), 24);
  EXPECT_EQ(change_code(0, 0), 0);
  EXPECT_EQ(change_code(10, 1), -1);
}

}  // namespace
}  // namespace eb::engine::raster

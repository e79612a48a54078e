#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "core/area.hpp"
#include "support/test_paths.hpp"

namespace eb {

TEST(Area, MuIsExactlyTenThousandFifteenthsOfASquareMetre) {
  const AreaFactor mu = square_metres_per(AreaUnit::mu);
  EXPECT_EQ(mu.num * 15, mu.den * 10000);
  EXPECT_EQ(convert_area(15, AreaUnit::mu, AreaUnit::ha), 1.0);
  EXPECT_EQ(convert_area(1500, AreaUnit::mu, AreaUnit::km2), 1.0);
  EXPECT_EQ(convert_area(1, AreaUnit::ha, AreaUnit::mu), 15.0);
}

TEST(Area, UnitNames) {
  EXPECT_EQ(parse_area_unit("亩"), AreaUnit::mu);
  EXPECT_EQ(parse_area_unit("公顷"), AreaUnit::ha);
  EXPECT_EQ(parse_area_unit("km²"), AreaUnit::km2);
  EXPECT_FALSE(parse_area_unit("hectare-ish"));
}

// Golden vectors: tests/golden/mu_conversion.csv (mu, m2, hectares, km2, international_acres), printed to
// 4 decimals for m² and 6 for the rest.
TEST(Area, MatchesGoldenConversionTable) {
  std::ifstream in(test::source_path("tests/golden/mu_conversion.csv"));
  ASSERT_TRUE(in) << "missing golden file";
  std::string line;
  std::getline(in, line);
  int rows = 0;
  auto round_to = [](double v, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(v * scale) / scale;
  };
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string cell;
    double v[5];
    for (double& x : v) {
      std::getline(ss, cell, ',');
      x = std::stod(cell);
    }
    EXPECT_DOUBLE_EQ(round_to(convert_area(v[0], AreaUnit::mu, AreaUnit::m2), 4), v[1]) << line;
    EXPECT_DOUBLE_EQ(round_to(convert_area(v[0], AreaUnit::mu, AreaUnit::ha), 6), v[2]) << line;
    EXPECT_DOUBLE_EQ(round_to(convert_area(v[0], AreaUnit::mu, AreaUnit::km2), 6), v[3]) << line;
    EXPECT_DOUBLE_EQ(round_to(convert_area(v[0], AreaUnit::mu, AreaUnit::international_acre), 6), v[4]) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 5);
}

}  // namespace eb

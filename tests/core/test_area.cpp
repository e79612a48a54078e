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

TEST(ExactArea, LedgerUnitsAddUpExactly) {
  const auto mu = parse_exact_area("5560000", AreaUnit::mu);  // 556万亩
  const auto ha = parse_exact_area("0.3", AreaUnit::ha);      // 4.5 mu
  const auto km2 = parse_exact_area("1.25", AreaUnit::km2);   // 1875 mu
  const auto m2 = parse_exact_area("666.67", AreaUnit::m2);   // 1.000005 mu
  ASSERT_TRUE(mu && ha && km2 && m2);
  EXPECT_EQ(ha->micro_mu, 4500000);
  EXPECT_EQ(km2->micro_mu, 1875000000);
  EXPECT_EQ(m2->micro_mu, 1000005);
  const ExactArea total = *mu + *ha + *km2;
  EXPECT_EQ(total.micro_mu, (5560000LL + 1875) * 1000000 + 4500000);
  EXPECT_DOUBLE_EQ(total.in(AreaUnit::mu), 5561879.5);
  EXPECT_DOUBLE_EQ(parse_exact_area("15", AreaUnit::mu)->in(AreaUnit::ha), 1.0);
  // 0.1 + 0.2 mu is exactly 0.3 mu here (not 0.30000000000000004).
  EXPECT_EQ(*parse_exact_area("0.1", AreaUnit::mu) + *parse_exact_area("0.2", AreaUnit::mu),
            *parse_exact_area("0.3", AreaUnit::mu));
}

TEST(ExactArea, RefusesWhatItCannotHold) {
  EXPECT_FALSE(parse_exact_area("0.0000001", AreaUnit::mu));  // below a micro-mu
  EXPECT_FALSE(parse_exact_area("0.001", AreaUnit::m2));      // 1.5 micro-mu
  EXPECT_FALSE(parse_exact_area("-5", AreaUnit::mu));
  EXPECT_FALSE(parse_exact_area("1e5", AreaUnit::mu));
  EXPECT_FALSE(parse_exact_area("12.", AreaUnit::mu));
  EXPECT_FALSE(parse_exact_area("", AreaUnit::mu));
  EXPECT_FALSE(parse_exact_area("99999999999999", AreaUnit::mu));  // beyond int64 micro-mu
  // International acres round to the nearest micro-mu: 1 acre = 6.0702846336 mu.
  EXPECT_EQ(parse_exact_area("1", AreaUnit::international_acre)->micro_mu, 6070285);
}

}  // namespace eb

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "standards/rsei.hpp"
#include "standards/vegetation.hpp"
#include "support/golden.hpp"

namespace eb::standards {
namespace {

TEST(Rsei, GoldenLandsat8Components) {
  const auto rows = test::read_golden("rsei_components_l8.csv");
  ASSERT_EQ(rows.size(), 3u);
  const WetnessCoefficients& wet = wetness_coefficients("landsat8_oli");
  for (const auto& row : rows) {
    Reflectance r;
    r.blue = std::stod(row.at("B2_blue"));
    r.green = std::stod(row.at("B3_green"));
    r.red = std::stod(row.at("B4_red"));
    r.nir = std::stod(row.at("B5_nir"));
    r.swir1 = std::stod(row.at("B6_swir1"));
    r.swir2 = std::stod(row.at("B7_swir2"));
    // Printed to 6 decimals.
    EXPECT_NEAR(ndvi(r.red, r.nir), std::stod(row.at("NDVI")), 5e-7);
    EXPECT_NEAR(wet.wetness(r), std::stod(row.at("WET")), 5e-7);
    EXPECT_NEAR(soil_index(r), std::stod(row.at("SI")), 5e-7);
    EXPECT_NEAR(built_up_index(r), std::stod(row.at("IBI")), 5e-7);
    EXPECT_NEAR(ndbsi(r), std::stod(row.at("NDBSI")), 5e-7);
  }
}

TEST(Rsei, WetnessUsesBaigNotTheMisprint) {
  // STANDARDS.md 6.3: the SWIR1 coefficient is -0.7117 (Baig et al. 2014), not -0.7171.
  EXPECT_DOUBLE_EQ(wetness_coefficients("landsat8_oli").c[4], -0.7117);
  EXPECT_EQ(wetness_coefficients("landsat5_tm").c.size(), 6u);
  EXPECT_THROW(wetness_coefficients("sentinel9"), std::invalid_argument);
}

TEST(Rsei, ZeroDenominatorsGiveNaN) {
  const Reflectance zero;
  EXPECT_TRUE(std::isnan(soil_index(zero)));
  EXPECT_TRUE(std::isnan(ndbsi(zero)));
}

}  // namespace
}  // namespace eb::standards

#include <gtest/gtest.h>

#include <cmath>

#include "standards/vegetation.hpp"
#include "support/golden.hpp"

namespace eb::standards {
namespace {

TEST(Vegetation, GoldenDimidiatePixelModel) {
  const auto rows = test::read_golden("fvc_dimidiate.csv");
  ASSERT_EQ(rows.size(), 5u);
  for (const auto& r : rows) {
    const double ndvi = std::stod(r.at("ndvi")), soil = std::stod(r.at("ndvi_soil")), veg = std::stod(r.at("ndvi_veg"));
    // The golden values are printed to 6 decimals.
    EXPECT_NEAR(fvc_raw(ndvi, soil, veg), std::stod(r.at("fvc_raw")), 5e-7) << r.at("ndvi");
    EXPECT_NEAR(fvc(ndvi, soil, veg), std::stod(r.at("fvc_clipped_0_1")), 5e-7) << r.at("ndvi");
  }
}

TEST(Vegetation, NdviFromReflectance) {
  EXPECT_DOUBLE_EQ(ndvi(0.05, 0.45), 0.8);
  EXPECT_DOUBLE_EQ(ndvi(0.2, 0.2), 0.0);
  EXPECT_DOUBLE_EQ(ndvi(0.3, 0.1), -0.5);  // water: NIR below red
  EXPECT_TRUE(std::isnan(ndvi(0, 0)));
  EXPECT_TRUE(std::isnan(ndvi(NAN, 0.3)));
}

TEST(Vegetation, FvcIsUndefinedForNanOrAnInvertedPair) {
  EXPECT_TRUE(std::isnan(fvc(NAN, 0.05, 0.85)));
  EXPECT_TRUE(std::isnan(fvc(0.4, 0.85, 0.05)));
  EXPECT_TRUE(std::isnan(fvc(0.4, 0.3, 0.3)));
}

}  // namespace
}  // namespace eb::standards

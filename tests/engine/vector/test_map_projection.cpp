#include <gtest/gtest.h>

#include <cmath>

#include "engine/vector/map_projection.hpp"

namespace eb::engine {
namespace {

// Reference coordinates from GDAL's own transformer, independent of this code:
//   echo "111.65 40.82" | gdaltransform -s_srs EPSG:4326 -t_srs "<definition>" -output_xy
TEST(MapProjection, ForwardMatchesGdaltransform) {
  const EqualAreaProjection fitted({111.5, 45, 39.6667, 50.3333});
  const auto hohhot = fitted.forward(111.65, 40.82);
  EXPECT_NEAR(hohhot.first, 12634.890177997, 0.01);
  EXPECT_NEAR(hohhot.second, -465897.168435038, 0.01);
  const auto corner = fitted.forward(126, 53);
  EXPECT_NEAR(corner.first, 974494.448965313, 0.01);
  EXPECT_NEAR(corner.second, 977639.602908844, 0.01);
  // China's national Albers (lat_1 25, lat_2 47, lon_0 105).
  const EqualAreaProjection national({105, 0, 25, 47});
  const auto p = national.forward(111.65, 40.82);
  EXPECT_NEAR(p.first, 551781.960515111, 0.01);
  EXPECT_NEAR(p.second, 4410903.20134525, 0.01);
  EXPECT_NE(national.definition().find("+proj=aea"), std::string::npos);
}

// Snyder's one-sixth rule on Inner Mongolia's extent.
TEST(MapProjection, FittedToTheExtentBySnydersRule) {
  const AlbersParameters p = albers_fitted_to({97, 37, 126, 53});
  EXPECT_DOUBLE_EQ(p.lon_0, 111.5);
  EXPECT_DOUBLE_EQ(p.lat_0, 45);
  EXPECT_NEAR(p.lat_1, 37 + 16.0 / 6, 1e-12);
  EXPECT_NEAR(p.lat_2, 53 - 16.0 / 6, 1e-12);
  // A region without height still gets two distinct standard parallels.
  const AlbersParameters flat = albers_fitted_to({100, 40, 110, 40});
  EXPECT_LT(flat.lat_1, flat.lat_2);
  EXPECT_NO_THROW(EqualAreaProjection{flat}.forward(105, 40));
}

// Meridians converge to the cone's apex in the north: north is upright on the central meridian and turns towards
// it away from it, by about the cone constant n = (sin φ1 + sin φ2) / 2 times the longitude difference.
TEST(MapProjection, NorthTurnsWithTheMeridianConvergence) {
  const EqualAreaProjection fitted({111.5, 45, 39.6667, 50.3333});
  EXPECT_NEAR(fitted.north_bearing_deg(111.5, 45), 0, 1e-6);
  const double n = (std::sin(39.6667 * M_PI / 180) + std::sin(50.3333 * M_PI / 180)) / 2;
  EXPECT_NEAR(fitted.north_bearing_deg(121.5, 45), -10 * n, 0.1);
  EXPECT_NEAR(fitted.north_bearing_deg(101.5, 45), 10 * n, 0.1);
}

}  // namespace
}  // namespace eb::engine

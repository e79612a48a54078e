#include <gtest/gtest.h>

#include "core/quantity.hpp"

namespace eb {

TEST(Quantity, UnitSpellingsAndConversions) {
  EXPECT_EQ(parse_unit("µg/m³"), Unit::ug_m3);  // micro sign U+00B5
  EXPECT_EQ(parse_unit("μg/m³"), Unit::ug_m3);  // Greek mu U+03BC
  EXPECT_EQ(parse_unit("ug/m3"), Unit::ug_m3);
  EXPECT_EQ(parse_unit("mg/m3"), Unit::mg_m3);
  EXPECT_FALSE(parse_unit("ppb"));
  EXPECT_EQ(parse_unit("mg/kg"), Unit::mg_kg);
  EXPECT_EQ(parse_medium("groundwater"), Medium::groundwater);
  EXPECT_EQ(medium_code(Medium::emission), "emission");
  EXPECT_EQ(unit_factor(Unit::ug_m3, Unit::mg_m3), 1e-3);
  EXPECT_EQ(unit_factor(Unit::mg_m3, Unit::ug_m3), 1e3);
  EXPECT_FALSE(unit_factor(Unit::ug_m3, Unit::deg_c));
}

TEST(Quantity, AveragingCodesRoundTrip) {
  for (auto a : {Averaging::hour1, Averaging::moving24h, Averaging::moving8h, Averaging::max1h_24h,
                 Averaging::max8h_24h, Averaging::daily, Averaging::daily_max8h, Averaging::daily_max1h})
    EXPECT_EQ(parse_averaging(averaging_code(a)), a);
  EXPECT_EQ(averaging_step_seconds(Averaging::moving24h), 3600);
  EXPECT_EQ(averaging_step_seconds(Averaging::daily_max8h), 86400);
  EXPECT_FALSE(parse_averaging("week"));
}

}  // namespace eb

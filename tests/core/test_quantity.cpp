#include <gtest/gtest.h>

#include "core/quantity.hpp"

namespace eb {

TEST(Quantity, CanonicalUnitsFollowTheStandards) {
  EXPECT_EQ(find_parameter("PM2.5")->unit, Unit::ug_m3);
  EXPECT_EQ(find_parameter("CO")->unit, Unit::mg_m3);  // HJ 633 / GB 3095 give CO in mg/m³
  EXPECT_EQ(find_parameter("AQI")->unit, Unit::none);
  EXPECT_TRUE(find_parameter("SO2")->non_negative);
  EXPECT_FALSE(find_parameter("TEMP")->non_negative);
}

TEST(Quantity, AcceptsHj212CodesAndLowerCaseAliases) {
  EXPECT_EQ(find_parameter("a34004")->code, "PM2.5");
  EXPECT_EQ(find_parameter("a21005")->code, "CO");
  EXPECT_EQ(find_parameter("pm25")->code, "PM2.5");
  EXPECT_EQ(find_parameter("PM25"), nullptr);
  EXPECT_EQ(find_parameter("benzene"), nullptr);
}

TEST(Quantity, UnitSpellingsAndConversions) {
  EXPECT_EQ(parse_unit("µg/m³"), Unit::ug_m3);  // micro sign U+00B5
  EXPECT_EQ(parse_unit("μg/m³"), Unit::ug_m3);  // Greek mu U+03BC
  EXPECT_EQ(parse_unit("ug/m3"), Unit::ug_m3);
  EXPECT_EQ(parse_unit("mg/m3"), Unit::mg_m3);
  EXPECT_FALSE(parse_unit("ppb"));
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

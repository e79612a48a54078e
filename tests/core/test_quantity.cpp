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
  // GB/T 14848 units: µg/L its own unit, equal to mg/m³ and a thousandth of mg/L; counts per volume.
  EXPECT_EQ(parse_unit("µg/L"), Unit::ug_l);
  EXPECT_EQ(parse_unit("ug/L"), Unit::ug_l);
  EXPECT_EQ(unit_symbol(Unit::ug_l), "µg/L");
  EXPECT_EQ(unit_factor(Unit::ug_l, Unit::mg_l), 1e-3);
  EXPECT_EQ(unit_factor(Unit::mg_l, Unit::ug_l), 1e3);
  EXPECT_EQ(unit_factor(Unit::ug_l, Unit::mg_m3), 1.0);
  EXPECT_EQ(parse_unit("MPN/100mL"), Unit::mpn_100ml);
  EXPECT_EQ(parse_unit("CFU/100mL"), Unit::mpn_100ml);
  EXPECT_EQ(parse_unit("CFU/mL"), Unit::cfu_ml);
  EXPECT_EQ(unit_factor(Unit::mpn_100ml, Unit::count_l), 10.0);
  EXPECT_EQ(unit_factor(Unit::cfu_ml, Unit::count_l), 1000.0);
  EXPECT_EQ(unit_factor(Unit::count_l, Unit::mpn_100ml), 0.1);
  EXPECT_EQ(parse_unit("Bq/L"), Unit::bq_l);
  EXPECT_EQ(parse_unit("NTU"), Unit::ntu);
  EXPECT_EQ(parse_unit("铂钴色度单位"), Unit::pt_co);
  EXPECT_FALSE(unit_factor(Unit::bq_l, Unit::mg_l));
  EXPECT_FALSE(unit_factor(Unit::ntu, Unit::pt_co));
  EXPECT_FALSE(unit_factor(Unit::ug_l, Unit::count_l));
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

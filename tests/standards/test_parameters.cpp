// The one parameter vocabulary (data/standards/parameters.csv): canonical units, media, HJ 212 codes, aliases.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "standards/gb3838.hpp"
#include "standards/parameters.hpp"

namespace eb::standards {

TEST(Parameters, CanonicalUnitsFollowTheStandards) {
  EXPECT_EQ(find_parameter("PM2.5")->unit, Unit::ug_m3);
  EXPECT_EQ(find_parameter("CO")->unit, Unit::mg_m3);  // HJ 633 / GB 3095 give CO in mg/m³
  EXPECT_EQ(find_parameter("AQI")->unit, Unit::none);
  EXPECT_EQ(find_parameter("TP")->unit, Unit::mg_l);
  EXPECT_EQ(find_parameter("fecal_coliform")->unit, Unit::count_l);
  EXPECT_TRUE(find_parameter("SO2")->non_negative);
  EXPECT_FALSE(find_parameter("TEMP")->non_negative);
}

TEST(Parameters, AcceptsHj212CodesChineseNamesAndLowerCaseAliases) {
  EXPECT_EQ(find_parameter("a34004")->code, "PM2.5");
  EXPECT_EQ(find_parameter("a21005")->code, "CO");
  EXPECT_EQ(find_parameter("pm25")->code, "PM2.5");
  EXPECT_EQ(find_parameter("w21003")->code, "NH3N");
  EXPECT_EQ(find_parameter("溶解氧")->code, "DO");
  EXPECT_EQ(find_parameter("PM25"), nullptr);
  EXPECT_EQ(find_parameter("benzol"), nullptr);
}

TEST(Parameters, GroundwaterItemsOfGbT14848) {
  // Every GB/T 14848-2017 item is a groundwater parameter in the standard's unit; codes shared with surface water
  // are told apart by the medium.
  EXPECT_EQ(find_parameter("benzene", Medium::groundwater)->unit, Unit::ug_l);
  EXPECT_EQ(find_parameter("total_coliform", Medium::groundwater)->unit, Unit::mpn_100ml);
  EXPECT_EQ(find_parameter("pH", Medium::groundwater)->medium, Medium::groundwater);
  EXPECT_EQ(find_parameter("pH")->medium, Medium::water);
  EXPECT_EQ(find_parameter("benzene")->code, "benzene");         // GB 3838 Table 3 (drinking-water sources)
  EXPECT_EQ(find_parameter("toluene", Medium::water), nullptr);  // Table 3 item 20: its limit not sourced
}

TEST(Parameters, MediumNarrowsTheLookup) {
  EXPECT_EQ(find_parameter("PM2.5", Medium::air)->medium, Medium::air);
  EXPECT_EQ(find_parameter("PM2.5", Medium::water), nullptr);
  EXPECT_EQ(find_parameter("Cd", Medium::water)->name_en, "cadmium");
  EXPECT_EQ(find_parameter("a34004")->hj212, "a34004");
}

TEST(Parameters, EveryEntryIsWellFormedAndUniqueWithinItsMedium) {
  std::set<std::pair<Medium, std::string>> seen;
  ASSERT_FALSE(parameters().empty());
  for (const ParameterInfo& p : parameters()) {
    EXPECT_FALSE(p.code.empty());
    EXPECT_FALSE(p.name_zh.empty()) << p.code;
    EXPECT_FALSE(p.name_en.empty()) << p.code;
    EXPECT_TRUE(seen.emplace(p.medium, std::string(p.code)).second) << "duplicate " << p.code;
    EXPECT_EQ(find_parameter(p.code, p.medium), &p);
  }
}

TEST(Parameters, WaterParametersAreTheWaterPartOfTheVocabulary) {
  const WaterParameter* p = find_water_parameter("氨氮");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->code, "NH3N");
  EXPECT_EQ(p->unit, "mg/L");
  EXPECT_EQ(find_water_parameter("叶绿素")->unit, "mg/m³");
  EXPECT_EQ(find_water_parameter("pH")->unit, "");
  EXPECT_EQ(find_water_parameter("PM2.5"), nullptr);
}

}  // namespace eb::standards

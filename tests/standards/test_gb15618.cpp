// GB 15618-2018 farmland categories against the golden vectors typed from the standard's tables
// (tests/golden/gb15618_thresholds.csv, made by tests/golden/make_gb15618_thresholds.py).
#include <gtest/gtest.h>

#include "core/csv.hpp"
#include "standards/gb15618.hpp"
#include "support/golden.hpp"

namespace eb::standards {
namespace {

FarmlandCategory category_of(const test::GoldenRow& r, CategoryItems rule = CategoryItems::all) {
  const double ph = *parse_number(r.at("ph"));
  const SoilValue v{r.at("item"), *parse_number(r.at("value")), false};
  return classify_farmland_sample(ph, *parse_farmland_use(r.at("land_use")), std::span(&v, 1), rule).category;
}

TEST(Gb15618, GoldenThresholdsInEveryBandAndLandUse) {
  const auto rows = test::read_golden("gb15618_thresholds.csv");
  ASSERT_EQ(rows.size(), 774u);
  for (const auto& r : rows) {
    EXPECT_EQ(farmland_category_code(category_of(r)), r.at("expected_category")) << r.at("case");
    if (r.at("where").find("screening") != std::string::npos) {
      const double ph = *parse_number(r.at("ph"));
      EXPECT_EQ(screening_value(r.at("item"), *parse_farmland_use(r.at("land_use")), ph_band(ph)),
                *parse_number(r.at("limit")))
          << r.at("case");
    } else if (r.at("where").find("control") != std::string::npos) {
      EXPECT_EQ(control_value(r.at("item"), ph_band(*parse_number(r.at("ph")))), *parse_number(r.at("limit")))
          << r.at("case");
    }
  }
}

TEST(Gb15618, PhBandsTakeTheirUpperBound) {
  EXPECT_EQ(ph_band(4.0), 0);
  EXPECT_EQ(ph_band(5.5), 0);
  EXPECT_EQ(ph_band(5.51), 1);
  EXPECT_EQ(ph_band(6.5), 1);
  EXPECT_EQ(ph_band(7.5), 2);
  EXPECT_EQ(ph_band(7.500001), 3);
  EXPECT_EQ(ph_band_name(3), "pH>7.5");
}

TEST(Gb15618, ItemsLandUsesAndAliases) {
  ASSERT_EQ(farmland_items().size(), 11u);
  EXPECT_EQ(farmland_items().front().code, "Cd");
  EXPECT_TRUE(find_farmland_item("Cd")->has_control);
  EXPECT_FALSE(find_farmland_item("Cu")->has_control);
  EXPECT_TRUE(find_farmland_item("Zn")->basic);
  EXPECT_FALSE(find_farmland_item("BaP")->basic);
  EXPECT_EQ(find_farmland_item("镉")->code, "Cd");
  EXPECT_EQ(find_farmland_item("六六六总量")->code, "HCH");
  EXPECT_EQ(find_farmland_item("苯并[a]芘")->code, "BaP");
  EXPECT_EQ(find_farmland_item("pb")->code, "Pb");
  EXPECT_EQ(find_farmland_item("Fe"), nullptr);
  EXPECT_EQ(parse_farmland_use("水田"), FarmlandUse::paddy);
  EXPECT_EQ(parse_farmland_use("旱地"), FarmlandUse::other);
  EXPECT_EQ(parse_farmland_use("果园"), FarmlandUse::orchard);
  EXPECT_EQ(parse_farmland_use("水旱轮作"), FarmlandUse::rotation);
  EXPECT_FALSE(parse_farmland_use("forest"));
  // Orchard differs from "other" for Cu only; rotation takes the stricter of paddy and other.
  EXPECT_EQ(screening_value("Cd", FarmlandUse::orchard, 3), 0.6);
  EXPECT_EQ(screening_value("Cu", FarmlandUse::orchard, 3), 200.0);
  EXPECT_EQ(screening_value("Cu", FarmlandUse::paddy, 3), 100.0);
  EXPECT_EQ(screening_value("Cd", FarmlandUse::rotation, 3), 0.6);    // other 0.6 < paddy 0.8
  EXPECT_EQ(screening_value("Pb", FarmlandUse::rotation, 3), 170.0);  // other 170 < paddy 240
  EXPECT_EQ(screening_value("Cr", FarmlandUse::rotation, 0), 150.0);
  EXPECT_EQ(screening_value("Hg", FarmlandUse::rotation, 0), 0.5);  // paddy 0.5 < other 1.3
  EXPECT_FALSE(control_value("Cu", 0));
  EXPECT_EQ(control_value("As", 3), 100.0);
}

TEST(Gb15618, ControllingItemsAndRatios) {
  const std::vector<SoilValue> values = {{"Cd", 0.9, false}, {"Pb", 260, false}, {"Cu", 20, false}, {"As", 0.5, true}};
  // pH 8.0, paddy: Cd 0.9/0.8 = 1.125, Pb 260/240 = 1.0833 -> safe use, Cd first.
  auto r = classify_farmland_sample(8.0, FarmlandUse::paddy, values);
  EXPECT_EQ(r.category, FarmlandCategory::safe_use);
  EXPECT_EQ(r.controlling, (std::vector<std::string>{"Cd", "Pb"}));
  ASSERT_EQ(r.items.size(), 4u);
  EXPECT_EQ(r.items[0].item, "Cd");
  EXPECT_DOUBLE_EQ(*r.items[0].screening_ratio, 0.9 / 0.8);
  EXPECT_DOUBLE_EQ(*r.items[0].control_ratio, 0.9 / 4.0);
  EXPECT_EQ(r.items[1].item, "As");  // table order
  EXPECT_TRUE(r.items[1].below_detection);
  EXPECT_FALSE(r.items[1].screening_ratio);
  EXPECT_FALSE(r.items[1].above_screening);
  // Above control: strict control, only the items above control are controlling.
  const std::vector<SoilValue> strict = {{"Cd", 5.0, false}, {"Pb", 260, false}};
  r = classify_farmland_sample(8.0, FarmlandUse::paddy, strict);
  EXPECT_EQ(r.category, FarmlandCategory::strict_control);
  EXPECT_EQ(r.controlling, (std::vector<std::string>{"Cd"}));
  // A below-detection value with a detection limit above the control value still exceeds nothing.
  const std::vector<SoilValue> below = {{"Cd", 9.0, true}};
  EXPECT_EQ(classify_farmland_sample(8.0, FarmlandUse::paddy, below).category, FarmlandCategory::priority_protection);
  EXPECT_EQ(classify_farmland_sample(8.0, FarmlandUse::paddy, {}).category, FarmlandCategory::none);
  const std::vector<SoilValue> unknown = {{"Fe", 1, false}};
  EXPECT_THROW(classify_farmland_sample(8.0, FarmlandUse::paddy, unknown), std::invalid_argument);
}

TEST(Gb15618, CategoryItemsRule) {
  // Cu above screening: safe use when every item counts (the default), priority protection when only the five
  // items with a control value decide (the 2019 guideline's reading).
  const std::vector<SoilValue> values = {{"Cd", 0.2, false}, {"Cu", 120, false}};
  EXPECT_EQ(category_items_rule(), CategoryItems::all);
  auto r = classify_farmland_sample(8.0, FarmlandUse::other, values);
  EXPECT_EQ(r.category, FarmlandCategory::safe_use);
  EXPECT_EQ(r.controlling, (std::vector<std::string>{"Cu"}));
  r = classify_farmland_sample(8.0, FarmlandUse::other, values, CategoryItems::control_only);
  EXPECT_EQ(r.category, FarmlandCategory::priority_protection);
  EXPECT_TRUE(r.controlling.empty());
  EXPECT_FALSE(r.items[1].decides);
  // Orchard Cu limit 200 at pH > 7.5.
  EXPECT_EQ(classify_farmland_sample(8.0, FarmlandUse::orchard, values).category,
            FarmlandCategory::priority_protection);
}

}  // namespace
}  // namespace eb::standards

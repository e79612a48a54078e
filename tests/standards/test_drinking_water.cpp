// Drinking-water sources: the items that decide a surface source's compliance and their limits (GB 3838-2002 Table 1
// class III, Tables 2 and 3), checked on golden vectors at, just below and just above every limit
// (tests/golden/drinking_water_surface.csv: the limits typed from the standard's tables, not from data/standards).
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "standards/drinking_water.hpp"
#include "standards/gb3838.hpp"
#include "support/golden.hpp"

namespace eb::standards {
namespace {

TEST(DrinkingWater, GoldenVectorsAtBelowAndAboveEveryLimit) {
  const auto rows = test::read_golden("drinking_water_surface.csv");
  ASSERT_GT(rows.size(), 250u);
  std::set<std::string> items;
  for (const auto& r : rows) {
    const std::string& item = r.at("item");
    const SourceKind kind = parse_source_kind(r.at("kind")).value();
    const double value = std::stod(r.at("value"));
    const auto j = judge_source_item(item, value, kind);
    ASSERT_TRUE(j) << item;
    EXPECT_EQ(j->meets, r.at("meets") == "yes") << item << " " << r.at("kind") << " " << r.at("value");
    EXPECT_EQ(j->standard, "GB 3838-2002 Table " + r.at("table")) << item;
    if (r.at("limit").find('-') == std::string::npos) {
      EXPECT_EQ(j->limit, std::stod(r.at("limit"))) << item;
    }
    if (r.at("times").empty()) {
      EXPECT_FALSE(j->times) << item << " " << r.at("value");
    } else {
      ASSERT_TRUE(j->times) << item;
      EXPECT_NEAR(*j->times, std::stod(r.at("times")), 1e-12) << item << " " << r.at("value");
    }
    items.insert(item);
  }
  // Every Table 2 and Table 3 item in the data has its vectors.
  for (const auto& s : source_items()) EXPECT_TRUE(items.count(s.code)) << s.code;
}

// Groundwater sources: class III of GB/T 14848-2017. The vectors at, just below and just above every class limit
// (tests/golden/gb14848_class.csv, checked against the standard's tables by the groundwater tests) give the expected
// verdict: an item meets the standard when its expected class is I, II or III.
TEST(DrinkingWater, GroundwaterSourcesMeetClassIii) {
  const auto rows = test::read_golden("gb14848_class.csv");
  ASSERT_GT(rows.size(), 900u);
  int at_iii = 0;
  for (const auto& r : rows) {
    const std::string& cls = r.at("expected_class");
    const bool meets = cls == "I" || cls == "II" || cls == "III";
    const auto j = judge_source_item(r.at("item"), std::stod(r.at("value")), SourceKind::groundwater);
    ASSERT_TRUE(j) << r.at("item");
    EXPECT_EQ(j->meets, meets) << r.at("item") << " " << r.at("value") << " (" << r.at("case") << ")";
    EXPECT_EQ(j->standard, "GB/T 14848-2017");
    at_iii += r.at("case") == "at the III limit";
    EXPECT_EQ(source_item_role(r.at("item"), SourceKind::groundwater), SourceItemRole::evaluated);
  }
  EXPECT_GT(at_iii, 50);
  // The multiple over class III: NH3N 0.5 mg/L, 0.6 is 0.2 over.
  const auto j = judge_source_item("NH3N", 0.6, SourceKind::groundwater);
  ASSERT_TRUE(j && j->times);
  EXPECT_NEAR(*j->times, 0.2, 1e-12);
  EXPECT_EQ(j->item_class, 4);
  EXPECT_FALSE(judge_source_item("chla", 1, SourceKind::groundwater));
}

TEST(DrinkingWater, TablesTwoAndThree) {
  ASSERT_NE(find_source_item("sulfate"), nullptr);
  EXPECT_EQ(find_source_item("sulfate")->table, 2);
  EXPECT_EQ(find_source_item("Mn")->limit, 0.1);
  ASSERT_NE(find_source_item("dinitrotoluene_24"), nullptr);
  EXPECT_EQ(find_source_item("dinitrotoluene_24")->table, 3);
  EXPECT_EQ(find_source_item("dinitrotoluene_24")->number, 32);
  EXPECT_EQ(find_source_item("pH"), nullptr);  // Table 1 items are not source items
  int t2 = 0;
  for (const auto& s : source_items()) t2 += s.table == 2;
  EXPECT_EQ(t2, 5);
}

TEST(DrinkingWater, RolesOfTheItemsTheMethodSetsApart) {
  EXPECT_EQ(source_item_role("TN", SourceKind::river), SourceItemRole::excluded);
  EXPECT_EQ(source_item_role("TN", SourceKind::lake), SourceItemRole::reported_apart);
  EXPECT_EQ(source_item_role("fecal_coliform", SourceKind::river), SourceItemRole::reported_apart);
  EXPECT_EQ(source_item_role("water_temperature", SourceKind::lake), SourceItemRole::excluded);
  EXPECT_EQ(source_item_role("NH3N", SourceKind::river), SourceItemRole::evaluated);
  EXPECT_EQ(source_item_role("benzene", SourceKind::lake), SourceItemRole::evaluated);
  EXPECT_EQ(source_item_role("chla", SourceKind::lake), std::nullopt);  // no limit
  EXPECT_FALSE(drinking_rule_source("excluded", "TN", "river").empty());
}

TEST(DrinkingWater, KindsAndAnnualRule) {
  EXPECT_EQ(parse_source_kind("湖库型"), SourceKind::lake);
  EXPECT_EQ(parse_source_kind("reservoir"), SourceKind::lake);
  EXPECT_EQ(parse_source_kind("地下水"), SourceKind::groundwater);
  EXPECT_EQ(parse_source_kind("sea"), std::nullopt);
  EXPECT_EQ(default_annual_rule(), AnnualRule::every_month);
  EXPECT_EQ(parse_annual_rule("annual_mean"), AnnualRule::annual_mean);
  EXPECT_EQ(parse_annual_rule("mean"), std::nullopt);
}

}  // namespace
}  // namespace eb::standards

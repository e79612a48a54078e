#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "core/csv.hpp"
#include "standards/gb36600.hpp"
#include "support/golden.hpp"

namespace eb::standards {

namespace {
double number(const std::string& s) { return parse_number(s).value(); }
}  // namespace

// tests/golden/gb36600_thresholds.csv: every screening and control value of both land classes with values a
// thousandth below, at and above it; the limits there are typed apart from data/standards/gb36600.csv and the
// expected risks and ratios are exact decimal arithmetic (tests/golden/gb36600_thresholds.py).
TEST(Gb36600, GoldenThresholdsBothLandClasses) {
  const auto rows = test::read_golden("gb36600_thresholds.csv");
  ASSERT_EQ(rows.size(), 85u * 2 * 2 * 3);
  std::set<std::string> items;
  for (const auto& r : rows) {
    const auto* item = find_construction_land_item(r.at("item"));
    ASSERT_NE(item, nullptr) << r.at("item");
    items.insert(item->code);
    const int land_class = std::stoi(r.at("land_class"));
    const auto a = assess_construction_item(*item, number(r.at("value")), land_class);
    const std::string where = r.at("item") + " class " + r.at("land_class") + " " + r.at("case");
    EXPECT_EQ(a.screening, number(r.at("screening"))) << where;
    EXPECT_EQ(a.control, number(r.at("control"))) << where;
    EXPECT_EQ(site_risk_code(a.risk), r.at("expected_risk")) << where;
    ASSERT_TRUE(a.screening_ratio && a.control_ratio) << where;
    EXPECT_NEAR(*a.screening_ratio, number(r.at("screening_ratio")), 1e-11) << where;
    EXPECT_NEAR(*a.control_ratio, number(r.at("control_ratio")), 1e-11) << where;
  }
  EXPECT_EQ(items.size(), construction_land_items().size());  // every item of the table has vectors
}

TEST(Gb36600, TablesHoldTheBasicAndOtherItemsInOrder) {
  const auto& items = construction_land_items();
  ASSERT_EQ(items.size(), 85u);
  int basic = 0;
  for (const auto& it : items) basic += it.table == 1;
  EXPECT_EQ(basic, 45);
  EXPECT_EQ(items.front().code, "As");
  EXPECT_EQ(items[44].code, "naphthalene");
  EXPECT_EQ(items[45].code, "Sb");
  EXPECT_EQ(items.back().code, "TPH");
  for (const auto& it : items) {
    EXPECT_NE(it.source.find('['), std::string::npos) << it.code << ": a source without a confidence tag";
    EXPECT_FALSE(it.name_zh.empty()) << it.code;
  }
}

TEST(Gb36600, ItemsAnswerToCodesNamesCasAndAliases) {
  const auto* bap = find_construction_land_item("BaP");
  ASSERT_NE(bap, nullptr);
  EXPECT_EQ(find_construction_land_item("苯并[a]芘"), bap);
  EXPECT_EQ(find_construction_land_item("苯并(a)芘"), bap);
  EXPECT_EQ(find_construction_land_item("Benzo(a)pyrene"), bap);
  EXPECT_EQ(find_construction_land_item("50-32-8"), bap);
  EXPECT_EQ(find_construction_land_item(" benzo[a]pyrene "), bap);
  EXPECT_EQ(find_construction_land_item("六价铬")->code, "Cr6");
  EXPECT_EQ(find_construction_land_item("Cr(VI)")->code, "Cr6");
  EXPECT_EQ(find_construction_land_item("三氯甲烷")->code, "CHCl3");
  EXPECT_EQ(find_construction_land_item("m,p-Xylene")->code, "mp_xylene");
  EXPECT_EQ(find_construction_land_item("108-38-3,106-42-3")->code, "mp_xylene");
  EXPECT_EQ(find_construction_land_item("石油烃(C10-C40)")->code, "TPH");
  EXPECT_EQ(find_construction_land_item("pH"), nullptr);  // not an item of the standard
  EXPECT_EQ(find_construction_land_item("Zn"), nullptr);  // zinc has no value in GB 36600
}

TEST(Gb36600, BelowDetectionMeetsTheScreeningValueAndFlagsAHighLimit) {
  const auto& vc = *find_construction_land_item("VC");  // class 1 screening 0.12
  auto a = assess_construction_item(vc, 0.1, 1, true);
  EXPECT_EQ(a.risk, SiteRisk::at_or_below_screening);
  EXPECT_FALSE(a.limit_above_screening);
  EXPECT_FALSE(a.screening_ratio);
  a = assess_construction_item(vc, 0.2, 1, true);  // "<0.2": cannot show it meets 0.12
  EXPECT_EQ(a.risk, SiteRisk::at_or_below_screening);
  EXPECT_TRUE(a.limit_above_screening);
  EXPECT_THROW(assess_construction_item(vc, 0.1, 3), std::invalid_argument);
}

TEST(Gb36600, BackgroundNoteOnArsenicCobaltVanadium) {
  std::set<std::string> noted;
  for (const auto& it : construction_land_items())
    if (it.background_note) noted.insert(it.code);
  EXPECT_EQ(noted, (std::set<std::string>{"As", "Co", "V"}));
}

TEST(Gb36600, PlannedUsesGiveTheLandClass) {
  EXPECT_EQ(find_planned_use("R")->land_class, 1);
  EXPECT_EQ(find_planned_use("R2")->land_class, 1);
  EXPECT_EQ(find_planned_use("A33")->land_class, 1);  // schools
  EXPECT_EQ(find_planned_use("A3")->land_class, 2);   // research, other education
  EXPECT_EQ(find_planned_use("A5")->land_class, 1);
  EXPECT_EQ(find_planned_use("A6")->land_class, 1);
  EXPECT_EQ(find_planned_use("G1-children")->land_class, 1);
  EXPECT_EQ(find_planned_use("G1")->land_class, 2);
  EXPECT_EQ(find_planned_use("M")->land_class, 2);
  EXPECT_EQ(find_planned_use("工业")->land_class, 2);
  EXPECT_EQ(find_planned_use("residential")->land_class, 1);
  EXPECT_EQ(find_planned_use("unknown")->land_class, 1);  // 5.3.1: use not determined -> class 1
  EXPECT_EQ(find_planned_use("farmland"), nullptr);
}

}  // namespace eb::standards

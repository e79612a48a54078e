#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "core/csv.hpp"
#include "standards/gb14848.hpp"
#include "support/golden.hpp"

namespace eb::standards {

TEST(Gb14848, TablesOneAndTwo) {
  const auto& items = groundwater_items();
  int routine = 0, other = 0;
  for (const auto& i : items) (i.routine ? routine : other)++;
  EXPECT_EQ(routine, 39);  // Table 1
  EXPECT_EQ(other, 54);    // Table 2
  EXPECT_EQ(items.front().code, "colour");
  EXPECT_EQ(items[38].code, "gross_beta");
  EXPECT_EQ(find_groundwater_item("硝酸盐")->code, "NO3N");
  EXPECT_EQ(find_groundwater_item("nitrate")->code, "NO3N");
  EXPECT_EQ(find_groundwater_item("TDS")->unit, "mg/L");
  EXPECT_EQ(find_groundwater_item("三氯甲烷")->unit, "µg/L");
  EXPECT_EQ(find_groundwater_item("total_coliform")->unit, "MPN/100mL");
  EXPECT_EQ(find_groundwater_item("六价铬")->code, "Cr6");
  EXPECT_EQ(find_groundwater_item("no such item"), nullptr);
}

// Every limit of every item at, just below and just above (tests/golden/gb14848_class.csv, from
// scripts/gen_gb14848_golden.py: exact decimals and the standard's rules, independent of this code).
TEST(Gb14848, GoldenEveryLimit) {
  const auto rows = test::read_golden("gb14848_class.csv");
  ASSERT_GT(rows.size(), 900u);
  std::set<std::string> covered;
  for (const auto& r : rows) {
    const double v = parse_number(r.at("value")).value();
    const auto cls = groundwater_item_class(r.at("item"), v);
    ASSERT_TRUE(cls) << r.at("item");
    EXPECT_EQ(groundwater_class_name(*cls), r.at("expected_class"))
        << r.at("item") << " " << r.at("value") << " (" << r.at("case") << ")";
    covered.insert(r.at("item"));
  }
  EXPECT_EQ(covered.size(), groundwater_items().size());
}

TEST(Gb14848, RulesOfTheStandard) {
  EXPECT_EQ(groundwater_item_class("Mn", 0.05), 1);  // I = II = 0.05: the better class
  EXPECT_EQ(groundwater_item_class("F", 1.0), 1);    // I = II = III = 1.0
  EXPECT_EQ(groundwater_item_class("F", 1.01), 4);
  EXPECT_EQ(groundwater_item_class("F", 2.01), 5);
  EXPECT_EQ(groundwater_item_class("pH", 6.5), 1);
  EXPECT_EQ(groundwater_item_class("pH", 6.49), 4);
  EXPECT_EQ(groundwater_item_class("pH", 9.0), 4);
  EXPECT_EQ(groundwater_item_class("pH", 9.01), 5);
  EXPECT_EQ(groundwater_item_class("pH", 5.49), 5);
  EXPECT_EQ(groundwater_item_class("odour", 0), 1);
  EXPECT_EQ(groundwater_item_class("odour", 1), 5);
  EXPECT_EQ(groundwater_item_class("LAS", 0), 1);  // 不得检出
  EXPECT_EQ(groundwater_item_class("LAS", 0.05), 2);
  EXPECT_EQ(groundwater_item_class("gross_alpha", 50), 4);  // IV and V both "> 0.5": the better class
  EXPECT_EQ(groundwater_item_class("nitrate", 20.0), 3);    // by alias
  EXPECT_EQ(groundwater_item_class("unknown", 1), std::nullopt);
  EXPECT_EQ(groundwater_item_class("As", std::nan("")), std::nullopt);
  EXPECT_EQ(groundwater_class_iii_limit("As"), 0.01);
  EXPECT_EQ(groundwater_class_iii_limit("pH"), std::nullopt);
}

TEST(Gb14848, SampleByWorstItem) {
  const std::vector<GroundwaterValue> v = {{"As", 0.02}, {"TDS", 1500}, {"F", 0.5}, {"pH", 7.2}, {"Fe", 0.25}};
  const auto s = classify_groundwater_sample(v);
  EXPECT_EQ(s.cls, 4);
  ASSERT_EQ(s.item_classes.size(), 5u);
  EXPECT_EQ(s.item_classes[0].first, "pH");  // table order
  EXPECT_EQ(s.deciding, (std::vector<std::string>{"TDS", "As"}));
  EXPECT_EQ(classify_groundwater_sample({}).cls, 0);
  const std::vector<GroundwaterValue> bad = {{"nope", 1}};
  EXPECT_THROW(classify_groundwater_sample(bad), std::invalid_argument);
}

}  // namespace eb::standards

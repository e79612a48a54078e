#include <gtest/gtest.h>

#include <cstdio>

#include "standards/gb3838.hpp"
#include "support/golden.hpp"

namespace eb::standards {

namespace {
std::vector<ItemValue> parse_inputs(const std::string& text) {
  std::vector<ItemValue> out;
  for (const auto& kv : test::split(text, ' ')) {
    const auto eq = kv.find('=');
    std::string item = kv.substr(0, eq);
    if (item == "FecalColiform") item = "fecal_coliform";
    out.push_back({item, std::stod(kv.substr(eq + 1))});
  }
  return out;
}
}  // namespace

TEST(Gb3838, GoldenSectionClasses) {
  const auto rows = test::read_golden("water_section_class.csv");
  ASSERT_EQ(rows.size(), 6u);
  for (const auto& r : rows) {
    const Waterbody wb = r.at("waterbody") == "lake" ? Waterbody::lake : Waterbody::river;
    const SectionResult s = classify_section(parse_inputs(r.at("inputs_mgL")), wb);
    std::string per_item;
    for (const auto& [item, cls] : s.item_classes)
      if (find_water_item(item)->routine)
        per_item += (per_item.empty() ? "" : "|") + item + ":" + std::string(class_name(cls, true));
    EXPECT_EQ(per_item, r.at("per_item_class")) << r.at("case");
    EXPECT_EQ(class_name(s.cls, true), r.at("section_class")) << r.at("case");
    EXPECT_EQ(water_status(s.cls, true), r.at("status_cn")) << r.at("case");
    std::string controlling;
    for (const auto& c : s.controlling) controlling += (controlling.empty() ? "" : "|") + c;
    EXPECT_EQ(controlling, r.at("controlling_items")) << r.at("case");
    std::string top3;
    for (std::size_t i = 0; i < s.worse_than_iii.size() && i < 3; ++i) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.2f", s.worse_than_iii[i].times);
      top3 += (top3.empty() ? "" : "|") + s.worse_than_iii[i].item + ":" + buf;
    }
    EXPECT_EQ(top3.empty() ? "NONE" : top3, r.at("top3_exceeding_items_times_over_classIII")) << r.at("case");
  }
}

TEST(Gb3838, EdgeCases) {
  EXPECT_EQ(item_class("COD", 15, Waterbody::river), 1);  // shared limit I = II = 15: the better class
  EXPECT_EQ(item_class("COD", 15.0001, Waterbody::river), 3);
  EXPECT_EQ(item_class("DO", 7.5, Waterbody::river), 1);  // higher is better
  EXPECT_EQ(item_class("DO", 7.4, Waterbody::river), 2);
  EXPECT_EQ(item_class("DO", 1.9, Waterbody::river), kWorseThanV);
  EXPECT_EQ(item_class("pH", 9, Waterbody::river), 1);
  EXPECT_EQ(item_class("pH", 9.1, Waterbody::river), kWorseThanV);
  EXPECT_EQ(item_class("pH", 5.9, Waterbody::lake), kWorseThanV);
  EXPECT_EQ(item_class("TP", 0.06, Waterbody::river), 2);  // river TP limits
  EXPECT_EQ(item_class("TP", 0.06, Waterbody::lake), 4);   // lake TP limits
  EXPECT_EQ(item_class("Hg", 0.00005, Waterbody::river), 1);
  EXPECT_EQ(item_class("Hg", 0.00006, Waterbody::river), 3);
  EXPECT_FALSE(item_class("benzene", 1, Waterbody::river));
  EXPECT_EQ(class_name(kWorseThanV, false), "worse than V");
  // TN and fecal coliform are reported but do not decide the section's class.
  const std::vector<ItemValue> v{{"NH3N", 0.1}, {"TN", 5}, {"fecal_coliform", 100000}};
  const SectionResult s = classify_section(v, Waterbody::lake);
  EXPECT_EQ(s.cls, 1);
  ASSERT_EQ(s.item_classes.size(), 3u);
  EXPECT_EQ(s.item_classes[1].second, kWorseThanV);
}

TEST(Gb3838, GoldenRiverStatus) {
  const auto rows = test::read_golden("river_status_golden.csv");
  ASSERT_EQ(rows.size(), 7u);
  for (const auto& r : rows) {
    std::array<int, 6> n{};
    const auto counts = test::split(r.at("counts_I_II_III_IV_V_worseV"), ' ');
    for (std::size_t i = 0; i < 6; ++i) n[i] = std::stoi(counts[i]);
    const RiverStatus s = river_status(n);
    EXPECT_DOUBLE_EQ(s.share_i_iii, std::stod(r.at("pct_I_III")));
    EXPECT_DOUBLE_EQ(s.share_worse_v, std::stod(r.at("pct_worse_than_V")));
    EXPECT_EQ(s.status_zh, r.at("status_cn")) << r.at("counts_I_II_III_IV_V_worseV");
  }
  // Addendum §2.3: exactly 60 % I-III and 40 % worse than V is heavily polluted (the FAQ's reading).
  EXPECT_EQ(river_status({3, 2, 1, 0, 0, 4}).status_zh, "重度污染");
}

TEST(Gb3838, GoldenTrophicState) {
  const auto rows = test::read_golden("tli_trophic.csv");
  ASSERT_EQ(rows.size(), 5u);
  for (const auto& r : rows) {
    std::vector<ItemValue> values;
    for (const auto& kv : test::split(r.at("inputs(chla mg/m3;TP,TN,CODMn mg/L;SD m)"), ' '))
      values.push_back({kv.substr(0, kv.find('=')), std::stod(kv.substr(kv.find('=') + 1))});
    ASSERT_FALSE(values.empty());
    const auto s = trophic_state(values);
    ASSERT_TRUE(s);
    EXPECT_NEAR(s->tli_sum, std::stod(r.at("TLI_sum")), 5e-5);
    EXPECT_DOUBLE_EQ(s->reported, std::stod(r.at("TLI_sum_2dp")));
    EXPECT_EQ(s->class_zh + " " + s->class_en, r.at("class"));
  }
  EXPECT_EQ(trophic_state(std::vector<ItemValue>{{"TP", 0.05}})->weights[0].second, 1.0);
  EXPECT_FALSE(trophic_state(std::vector<ItemValue>{{"NH3N", 1}}));
}

TEST(Gb3838, CwqiPerItem) {
  // Addendum §3.1 vectors.
  EXPECT_DOUBLE_EQ(cwqi_item("pH", 6.5, Waterbody::river), 0.5);
  EXPECT_DOUBLE_EQ(cwqi_item("pH", 8.0, Waterbody::river), 0.5);
  EXPECT_DOUBLE_EQ(cwqi_item("DO", 4, Waterbody::river), 1.25);
  EXPECT_DOUBLE_EQ(cwqi_item("DO", 10, Waterbody::river), 0.5);
  EXPECT_DOUBLE_EQ(cwqi_item("NH3N", 1.5, Waterbody::river), 1.5);
  EXPECT_DOUBLE_EQ(cwqi_item("TP", 0.1, Waterbody::river), 0.5);
  EXPECT_DOUBLE_EQ(cwqi_item("TP", 0.1, Waterbody::lake), 2.0);
  const std::vector<ItemValue> v{{"pH", 8.0}, {"DO", 4}, {"TN", 3}};
  EXPECT_DOUBLE_EQ(cwqi(v, Waterbody::river), 1.75);  // TN is not a routine item
}

}  // namespace eb::standards

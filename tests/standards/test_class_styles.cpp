#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include "standards/class_styles.hpp"
#include "standards/ledger.hpp"
#include "standards/screening.hpp"

namespace eb::standards {
namespace {

bool is_colour(const std::string& c) {
  if (c.size() != 7 || c[0] != '#') return false;
  for (std::size_t i = 1; i < 7; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(c[i]))) return false;
  return true;
}

TEST(ClassStyles, EverySetHasAColourAndBothNamesForEveryClass) {
  for (const std::string& set : class_style_sets()) {
    const auto classes = class_styles(set);
    ASSERT_FALSE(classes.empty()) << set;
    std::set<std::string> values;
    for (const StyleClass& c : classes) {
      EXPECT_TRUE(is_colour(c.colour)) << set << " " << c.value << " " << c.colour;
      EXPECT_FALSE(c.name_zh.empty()) << set << " " << c.value;
      EXPECT_FALSE(c.name_en.empty()) << set << " " << c.value;
      EXPECT_TRUE(values.insert(c.value).second) << set << " repeats " << c.value;
    }
  }
}

TEST(ClassStyles, ColoursComeFromTheDefiningTables) {
  const auto aqi = class_styles("aqi_level");
  ASSERT_EQ(aqi.size(), 6u);
  EXPECT_EQ(aqi[0].colour, "#00E400");  // HJ 633 优 green
  EXPECT_EQ(aqi[0].name_zh, "优");
  const auto water = class_styles("water_class");
  ASSERT_EQ(water.size(), 6u);
  EXPECT_EQ(water[5].value, "6");
  EXPECT_EQ(water[5].name_zh, "劣V类（重度污染）");
  EXPECT_EQ(water[5].colour, "#FF0000");
}

TEST(ClassStyles, ProtectedZonesAndProjectTypesAreAllStyled) {
  EXPECT_EQ(class_styles("protected_zone").size(), zone_defs().size());
  EXPECT_EQ(class_styles("project_type").size(), project_types().size());
  bool core = false;
  for (const StyleClass& c : class_styles("protected_zone"))
    if (c.value == "nature_reserve/core") {
      core = true;
      EXPECT_EQ(c.name_zh, "自然保护区 核心区");
    }
  EXPECT_TRUE(core);
}

TEST(ClassStyles, BreaksFollowTheRampAndChangeMapsNameTransitions) {
  const GradeScheme scheme = scheme_from_breaks({0.2, 0.6});
  const auto classes = grade_scheme_styles(scheme);
  ASSERT_EQ(classes.size(), 3u);
  EXPECT_EQ(classes.front().colour, "#D7191C");  // the ramp's first stop
  EXPECT_EQ(classes.back().colour, "#1A9641");   // its last
  EXPECT_EQ(classes[1].colour, "#FFFFBF");       // the middle class on the middle stop

  const auto change = change_styles({11, 12, 21}, &grade_scheme("rsei5"));
  ASSERT_EQ(change.size(), 3u);
  EXPECT_EQ(change[0].name_en, "poor → poor");
  EXPECT_EQ(change[1].name_zh, "差 → 较差");
  EXPECT_NE(change[1].colour, change[2].colour);
  EXPECT_EQ(change_styles({34}, nullptr)[0].name_en, "3 → 4");
}

TEST(ClassStyles, UnknownSetIsRefused) { EXPECT_THROW(class_styles("nope"), std::invalid_argument); }

}  // namespace
}  // namespace eb::standards

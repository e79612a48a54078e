// A section's control level normalised to its assessment level, and the sets of `water assess --set`, from
// data/standards/water_assessment_levels.csv and water_section_sets.csv.
#include <gtest/gtest.h>

#include "io/water_sections.hpp"

namespace eb::io {
namespace {

TEST(WaterSectionLevels, ControlLevelsAsWrittenBecomeAssessmentLevels) {
  EXPECT_EQ(water_assessment_level("国控"), "national");
  EXPECT_EQ(water_assessment_level(" 国考 "), "national");
  EXPECT_EQ(water_assessment_level("National"), "national");
  EXPECT_EQ(water_assessment_level("省控"), "provincial");
  EXPECT_EQ(water_assessment_level("区控"), "provincial");  // Inner Mongolia's 自治区 level
  EXPECT_EQ(water_assessment_level("省考"), "provincial");
  EXPECT_EQ(water_assessment_level("市控"), "other");
  EXPECT_EQ(water_assessment_level(""), "other");
  EXPECT_EQ(water_assessment_level("unknown words"), "other");
}

TEST(WaterSectionLevels, SetsNestNationalInProvincialInAll) {
  EXPECT_EQ(water_section_sets(), (std::vector<std::string>{"national", "provincial", "all"}));
  EXPECT_TRUE(water_section_in_set("national", "national"));
  EXPECT_FALSE(water_section_in_set("provincial", "national"));
  EXPECT_TRUE(water_section_in_set("national", "provincial"));
  EXPECT_TRUE(water_section_in_set("provincial", "provincial"));
  EXPECT_FALSE(water_section_in_set("other", "provincial"));
  for (const char* level : {"national", "provincial", "other"}) EXPECT_TRUE(water_section_in_set(level, "all"));
  EXPECT_FALSE(water_section_in_set("national", "nation"));
}

}  // namespace
}  // namespace eb::io

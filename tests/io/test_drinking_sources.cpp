// The drinking-water source list reader: English and Chinese headers, every bad field named by line and column.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "io/drinking_sources.hpp"

namespace eb::io {
namespace {

TEST(DrinkingSources, ReadsEnglishAndChineseLists) {
  const auto l = read_drinking_sources(
      "code,name,kind,points,level,unit,supply_10k_m3,population\n"
      "S1,一水源,river,P1| P2 |P1,county,150102,1200.5,300000\n"
      "S2,水库,reservoir,P3,,,,\n",
      "s.csv");
  ASSERT_TRUE(l.rejections.empty());
  ASSERT_EQ(l.sources.size(), 2u);
  EXPECT_EQ(l.sources[0].points, (std::vector<std::string>{"P1", "P2"}));  // trimmed, once each
  EXPECT_EQ(l.sources[0].level, "county");
  EXPECT_EQ(l.sources[0].unit_code, "150102");
  EXPECT_EQ(l.sources[0].supply_10k_m3, 1200.5);
  EXPECT_EQ(l.sources[0].population, 300000);
  EXPECT_EQ(l.sources[1].kind, standards::SourceKind::lake);
  EXPECT_EQ(l.sources[1].level, "city");  // the default
  EXPECT_FALSE(l.sources[1].supply_10k_m3);
  const auto zh =
      read_drinking_sources("水源编码,水源名称,水源类型,监测点位,级别\nG1,井群,地下水型,W1,乡镇\n", "z.csv");
  ASSERT_EQ(zh.sources.size(), 1u);
  EXPECT_EQ(zh.sources[0].kind, standards::SourceKind::groundwater);
  EXPECT_EQ(zh.sources[0].level, "township");
}

TEST(DrinkingSources, BadFieldsAreRejectedWithLineAndColumn) {
  const auto l = read_drinking_sources(
      "code,name,kind,points,supply_10k_m3\n"
      "S1,a,sea,P1,1\n"
      "S2,b,river,,1\n"
      "S3,c,river,P1,-5\n"
      "S3,d,river,P1,1\n"
      "S4,e,river,P1,1\n"
      "S4,f,lake,P2,1\n",
      "s.csv");
  ASSERT_EQ(l.rejections.size(), 5u);
  EXPECT_EQ(l.rejections[0].line, 2u);
  EXPECT_EQ(l.rejections[0].column, 3u);
  EXPECT_EQ(l.rejections[1].column, 4u);
  EXPECT_EQ(l.rejections[2].column, 5u);
  EXPECT_EQ(l.rejections[3].line, 5u);  // S3 twice: a code is listed once, whether or not its first row was good
  EXPECT_EQ(l.rejections[3].column, 1u);
  EXPECT_EQ(l.rejections[4].line, 7u);
  EXPECT_EQ(l.sources.size(), 1u);
  EXPECT_THROW(read_drinking_sources("code,name,points\nS1,a,P1\n", "h.csv"), InputError);
}

}  // namespace
}  // namespace eb::io

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "io/groundwater.hpp"

namespace eb::io {

TEST(GroundwaterSamples, WideLayoutWithUnitsAndDetectionLimits) {
  const std::string text =
      "point,time,pH,TDS,As(µg/L),F,三氯甲烷,嗅和味,LAS\n"
      "GW01,2024-05-10,7.6,820,12,<0.05,2.5L,无,ND\n"
      "GW02,2024-05-11 09:30,8.7,,0.5,1.8,ND,有,0.05\n";
  const auto s = read_groundwater_samples(text, "gw.csv");
  EXPECT_EQ(s.layout, "groundwater-wide");
  ASSERT_TRUE(s.rejections.empty());
  ASSERT_EQ(s.samples.size(), 2u);
  const auto& a = s.samples[0].values;
  ASSERT_EQ(a.size(), 7u);
  EXPECT_EQ(a[2].item, "As");
  EXPECT_DOUBLE_EQ(a[2].value, 0.012);  // µg/L converted to the item's mg/L
  EXPECT_FALSE(a[2].below_detection);
  EXPECT_EQ(a[3].item, "F");
  EXPECT_TRUE(a[3].below_detection);
  EXPECT_EQ(a[3].value, 0.05);
  EXPECT_EQ(a[4].item, "chloroform");
  EXPECT_TRUE(a[4].below_detection);
  EXPECT_EQ(a[4].value, 2.5);
  EXPECT_EQ(a[5].item, "odour");
  EXPECT_EQ(a[5].value, 0);
  EXPECT_EQ(a[6].item, "LAS");
  EXPECT_TRUE(a[6].below_detection);
  EXPECT_EQ(a[6].value, 0);                   // not detected, no limit
  EXPECT_EQ(s.samples[1].values.size(), 6u);  // TDS missing
  EXPECT_EQ(s.missing, 1u);
  EXPECT_EQ(s.below_detection, 4u);
  EXPECT_EQ(s.converted, 2u);
  EXPECT_EQ(s.samples[1].values[4].value, 1);  // 有

  const auto b = groundwater_batch(s);
  EXPECT_EQ(b.size(), 13u);
}

TEST(GroundwaterSamples, LongLayoutConvertsOrRejectsUnits) {
  const std::string text =
      "point,time,parameter,value,unit\n"
      "GW01,2024-05-10,硝酸盐,25,mg/L\n"
      "GW01,2024-05-10,benzene,0.002,mg/L\n"
      "GW01,2024-05-10,As,5,Bq/L\n"
      "GW01,2024-05-10,NO3N,3,mg/L\n"
      "GW01,2024-05-10,nonsense,3,mg/L\n";
  const auto s = read_groundwater_samples(text, "long.csv");
  EXPECT_EQ(s.layout, "groundwater-long");
  ASSERT_EQ(s.samples.size(), 1u);
  ASSERT_EQ(s.samples[0].values.size(), 2u);
  EXPECT_EQ(s.samples[0].values[1].item, "benzene");
  EXPECT_DOUBLE_EQ(s.samples[0].values[1].value, 2.0);  // mg/L -> µg/L
  ASSERT_EQ(s.rejections.size(), 3u);
  EXPECT_EQ(s.rejections[0].line, 4u);
  EXPECT_EQ(s.rejections[0].column, 5u);
  EXPECT_NE(s.rejections[0].reason.find("does not convert"), std::string::npos);
  EXPECT_NE(s.rejections[1].reason.find("given twice"), std::string::npos);
  EXPECT_NE(s.rejections[2].reason.find("unknown groundwater item"), std::string::npos);
}

TEST(GroundwaterSamples, HeaderErrorsNameFileLineColumn) {
  try {
    read_groundwater_samples("point,time,TDS,As(Bq/L)\nGW01,2024-01-01,1,2\n", "h.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("h.csv:1:4"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_groundwater_samples("point,time,foo\n", "h.csv"), InputError);
  EXPECT_THROW(read_groundwater_samples("a,b\n", "h.csv"), InputError);
  const auto bad = read_groundwater_samples(
      "point,time,TDS,嗅和味\nGW01,2024-01-01,-3,无\nGW01,2024-13-01,1,无\n"
      "GW01,2024-01-02,5,maybe\nGW01,2024-01-03,1e9,无\n",
      "r.csv");
  ASSERT_EQ(bad.rejections.size(), 4u);
  EXPECT_EQ(bad.rejections[0].column, 3u);  // negative
  EXPECT_EQ(bad.rejections[1].column, 2u);  // impossible date
  EXPECT_EQ(bad.rejections[2].column, 4u);  // neither 无 nor 有
  EXPECT_EQ(bad.rejections[3].column, 3u);  // implausible
}

TEST(GroundwaterPoints, ListWithLevelsAndDepths) {
  const std::string text =
      "code,name,lon,lat,city,aquifer,type,level,well_depth\n"
      "GW01,托克托1号井,111.2,40.3,呼和浩特,潜水,监测井,国考,45\n"
      "GW02,泉,111.3,40.4,,,,区考,\n"
      "GW03,x,200,40,,,,,\n"
      "GW01,dup,111,40,,,,,\n";
  const auto l = read_groundwater_points(text, "p.csv");
  ASSERT_EQ(l.points.size(), 2u);
  EXPECT_EQ(l.points[0].well_depth_m, 45.0);
  EXPECT_EQ(groundwater_level(l.points[0].monitoring_level), "national");
  EXPECT_EQ(groundwater_level(l.points[1].monitoring_level), "provincial");
  EXPECT_EQ(groundwater_level(""), "other");
  ASSERT_EQ(l.rejections.size(), 2u);
  EXPECT_EQ(l.rejections[0].column, 3u);
  EXPECT_EQ(l.rejections[1].column, 1u);
  EXPECT_THROW(read_groundwater_points("code,name,lon\n", "p.csv"), InputError);
}

}  // namespace eb::io

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "standards/hj663.hpp"
#include "standards/map_classes.hpp"

namespace eb::standards {
namespace {

// The concentration classes break at the GB 3095-2012 annual limits (class 1 and class 2) of the limits table the
// assessment uses: a map colour change at a limit means the same as the assessment's compliance verdict.
TEST(MapClasses, AirBreaksAreTheGb3095AnnualLimits) {
  const Gb3095& g = Gb3095::get("gb3095-2012");
  for (const auto& [metric, pollutant] : {std::pair{"pm25", "PM2.5"}, {"pm10", "PM10"}, {"so2", "SO2"}}) {
    const auto b = map_classes(metric).breaks();
    ASSERT_GE(b.size(), 2u) << metric;
    EXPECT_EQ(b[0], *g.limit(pollutant, "year", 1)) << metric;
    EXPECT_EQ(b[1], *g.limit(pollutant, "year", 2)) << metric;
    // Above the limit: exceedance multiples 0.5 and 1 (C = 1.5 S, 2 S).
    EXPECT_EQ(b[2], 1.5 * b[1]) << metric;
    EXPECT_EQ(b[3], 2 * b[1]) << metric;
  }
  EXPECT_EQ(map_classes("no2").breaks()[0], *g.limit("NO2", "year", 2));
  EXPECT_EQ(map_classes("pm25").breaks(), (std::vector<double>{15, 35, 52.5, 70}));
}

TEST(MapClasses, AConcentrationAtTheLimitMeetsIt) {
  const MapClasses& pm = map_classes("pm25");
  EXPECT_TRUE(pm.upper_closed);
  EXPECT_EQ(pm.classify(0), 0u);
  EXPECT_EQ(pm.classify(15), 0u);
  EXPECT_EQ(pm.classify(15.1), 1u);
  EXPECT_EQ(pm.classify(35), 1u);  // the reported 35 meets the class 2 limit
  EXPECT_EQ(pm.classify(36), 2u);
  EXPECT_EQ(pm.classify(52.5), 2u);
  EXPECT_EQ(pm.classify(70), 3u);
  EXPECT_EQ(pm.classify(71), 4u);
  EXPECT_EQ(pm.classify(500), 4u);
  EXPECT_FALSE(pm.classify(NAN).has_value());
  EXPECT_EQ(pm.classes[1].label_zh, "达二级标准");
  EXPECT_NE(pm.classes[1].source.find("GB 3095-2012"), std::string::npos);
}

TEST(MapClasses, AShareAtATargetReachesIt) {
  const MapClasses& good = map_classes("good_days");
  EXPECT_FALSE(good.upper_closed);
  EXPECT_EQ(good.classify(69.9), 0u);
  EXPECT_EQ(good.classify(70), 1u);
  EXPECT_EQ(good.classify(87.4), 2u);
  EXPECT_EQ(good.classify(87.5), 3u);
  EXPECT_EQ(good.classify(100), 4u);
  // Water shares break where the river status of the surface-water assessment method changes (river_status.csv).
  EXPECT_EQ(map_classes("water_good").breaks(), (std::vector<double>{50, 75, 90}));
  EXPECT_EQ(map_classes("water_bad").breaks(), (std::vector<double>{20, 40}));
  EXPECT_EQ(map_classes("water_bad").classify(20), 1u);
}

TEST(MapClasses, EveryMetricIsContiguousWithColoursAndSources) {
  const auto metrics = map_class_metrics();
  for (const char* m : {"pm25", "pm10", "no2", "so2", "good_days", "composite", "total", "rank", "water_good",
                        "water_bad", "protected"})
    EXPECT_NE(std::find(metrics.begin(), metrics.end(), m), metrics.end()) << m;
  for (const auto& name : metrics) {
    const MapClasses& m = map_classes(name);
    EXPECT_FALSE(m.classes.front().lower) << name;
    EXPECT_FALSE(m.classes.back().upper) << name;
    for (const auto& c : m.classes) {
      EXPECT_EQ(c.colour.size(), 7u) << name;
      EXPECT_FALSE(c.source.empty()) << name;
      EXPECT_EQ(c.label_zh.empty(), c.label_en.empty()) << name;  // a label in both languages or none
    }
  }
}

TEST(MapClasses, UnknownMetricNamesTheKnownOnes) {
  try {
    map_classes("pm1");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("pm25"), std::string::npos);
  }
}

}  // namespace
}  // namespace eb::standards

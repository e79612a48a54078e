#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/period.hpp"
#include "standards/hj663.hpp"
#include "standards/map_classes.hpp"

namespace eb::standards {
namespace {

// The concentration classes of each GB 3095 edition break at that edition's annual limits (class 1 and class 2) of
// the limits table the assessment uses: a map colour change at a limit means the same as the assessment's
// compliance verdict, under the 2012 limits and under the 2026 transition and final ones.
TEST(MapClasses, AirBreaksAreEachEditionsGb3095AnnualLimits) {
  EXPECT_EQ(map_class_editions().size(), Gb3095::ids().size());
  for (const auto& edition : Gb3095::ids()) {
    const Gb3095& g = Gb3095::get(edition);
    for (const auto& [metric, pollutant] :
         {std::pair{"pm25", "PM2.5"}, {"pm10", "PM10"}, {"so2", "SO2"}, {"no2", "NO2"}}) {
      const MapClasses& m = map_classes(metric, edition);
      EXPECT_EQ(m.edition, edition);
      const auto b = m.breaks();
      const double c1 = *g.limit(pollutant, "year", 1), c2 = *g.limit(pollutant, "year", 2);
      // Where class 1 and class 2 share a limit (NO2; SO2 from 2031) one class meets both.
      const std::size_t at = c1 < c2 ? 1 : 0;
      ASSERT_EQ(b.size(), at + 3) << metric << " " << edition;
      if (at) {
        EXPECT_EQ(b[0], c1) << metric << " " << edition;
      }
      EXPECT_EQ(b[at], c2) << metric << " " << edition;
      // Above the limit: exceedance multiples 0.5 and 1 (C = 1.5 S, 2 S).
      EXPECT_EQ(b[at + 1], 1.5 * c2) << metric << " " << edition;
      EXPECT_EQ(b[at + 2], 2 * c2) << metric << " " << edition;
      EXPECT_NE(m.classes[at].source.find(edition == "gb3095-2012" ? "GB 3095-2012" : "GB 3095-2026"),
                std::string::npos)
          << m.classes[at].source;
    }
  }
  EXPECT_EQ(map_classes("pm25", "gb3095-2012").breaks(), (std::vector<double>{15, 35, 52.5, 70}));
  EXPECT_EQ(map_classes("pm25", "gb3095-2026-transition").breaks(), (std::vector<double>{15, 30, 45, 60}));
  EXPECT_EQ(map_classes("pm25", "gb3095-2026-final").breaks(), (std::vector<double>{10, 25, 37.5, 50}));
  EXPECT_EQ(map_classes("so2", "gb3095-2026-final").breaks(), (std::vector<double>{20, 30, 40}));
}

// The edition is the one in force on the period's last day, as the assessments take their limits: a year up to
// 2025 maps under 2012, 2026 (ending after 2026-03-01) under the transition limits, 2031 on under the final ones.
TEST(MapClasses, ThePeriodChoosesTheEditionAsTheAssessmentsDo) {
  const auto edition = [](const char* period) { return map_classes("pm25", parse_period(period)->last).edition; };
  EXPECT_EQ(edition("2016"), "gb3095-2012");
  EXPECT_EQ(edition("2025"), "gb3095-2012");
  EXPECT_EQ(edition("2026-02"), "gb3095-2012");
  EXPECT_EQ(edition("2026-03"), "gb3095-2026-transition");
  EXPECT_EQ(edition("2026"), "gb3095-2026-transition");
  EXPECT_EQ(edition("2030"), "gb3095-2026-transition");
  EXPECT_EQ(edition("2031"), "gb3095-2026-final");
  for (const char* period : {"2016", "2026", "2031"}) {
    const CivilDate last = parse_period(period)->last;
    EXPECT_EQ(map_classes("pm25", last).edition, Gb3095::in_force(last).id()) << period;
  }
  // The same PM2.5 of 32 µg/m³ meets class 2 in 2025 and is over the limit in 2026.
  EXPECT_EQ(map_classes("pm25", parse_period("2025")->last).classify(32), 1u);
  EXPECT_EQ(map_classes("pm25", parse_period("2026")->last).classify(32), 2u);
  // Metrics without limits are the same in every edition.
  EXPECT_FALSE(map_classes_by_edition("good_days"));
  EXPECT_TRUE(map_classes_by_edition("pm25"));
  EXPECT_EQ(&map_classes("good_days", parse_period("2031")->last), &map_classes("good_days"));
  EXPECT_EQ(&map_classes("water_good", "gb3095-2026-final"), &map_classes("water_good"));
}

TEST(MapClasses, AnEditionDependentMetricNeedsThePeriod) {
  EXPECT_THROW(map_classes("pm25"), std::invalid_argument);
  EXPECT_THROW(map_classes("pm25", "gb3095-1996"), std::invalid_argument);
}

TEST(MapClasses, AConcentrationAtTheLimitMeetsIt) {
  const MapClasses& pm = map_classes("pm25", "gb3095-2012");
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
    std::vector<const MapClasses*> all;
    if (map_classes_by_edition(name))
      for (const auto& e : map_class_editions()) all.push_back(&map_classes(name, e));
    else
      all.push_back(&map_classes(name));
    for (const MapClasses* each : all) {
      const MapClasses& m = *each;
      EXPECT_FALSE(m.classes.front().lower) << name;
      EXPECT_FALSE(m.classes.back().upper) << name;
      for (const auto& c : m.classes) {
        EXPECT_EQ(c.colour.size(), 7u) << name;
        EXPECT_FALSE(c.source.empty()) << name;
        EXPECT_EQ(c.label_zh.empty(), c.label_en.empty()) << name;  // a label in both languages or none
      }
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

#include <gtest/gtest.h>

#include "engine/air/assessment.hpp"

namespace eb::engine::air {

namespace {
AssessOptions rules2012() {
  return {&standards::AqiEdition::get("hj633-2012"), &standards::Gb3095::get("gb3095-2012"),
          &standards::AssessmentRules::get("hj663-2013"), 2, false};
}
// A full year with the same values every day, then edited by the tests.
DailyValues year(double pm25) {
  DailyValues d("T", {2019, 1, 1}, 365);
  const double v[7] = {pm25, 60, 10, 30, 1.0, 120, 150};  // PM2.5, PM10, SO2, NO2, CO, O3-8h, O3-1h
  for (std::size_t i = 0; i < 7; ++i) d.value[i].assign(365, v[i]);
  return d;
}
const Statistic& stat(const Assessment& a, const std::string& pollutant, const std::string& statistic) {
  for (const auto& s : a.statistics)
    if (s.pollutant == pollutant && s.statistic == statistic) return s;
  throw std::runtime_error("no statistic");
}
}  // namespace

TEST(Assessment, CompliantYear) {
  const Assessment a = assess(year(30), rules2012());
  const Statistic& pm = stat(a, "PM2.5", "mean");
  EXPECT_EQ(pm.reported, 30);
  EXPECT_TRUE(pm.valid);
  EXPECT_EQ(pm.n_days, 365);
  EXPECT_EQ(pm.limit, 35);
  EXPECT_EQ(pm.compliant, true);
  EXPECT_EQ(a.compliant, true);
  ASSERT_TRUE(a.composite);
  // 10/60 + 30/40 + 60/70 + 30/35 + 1.0/4 + 120/160
  EXPECT_NEAR(a.composite->sum, 10.0 / 60 + 0.75 + 60.0 / 70 + 30.0 / 35 + 0.25 + 0.75, 1e-12);
  EXPECT_EQ(a.days.valid, 365);
  EXPECT_EQ(a.days.good, 365);
}

TEST(Assessment, ExceedanceMultipleAndPercentile) {
  DailyValues d = year(30);
  for (std::size_t i = 0; i < 30; ++i) d.value[0][i] = 150;  // 30 polluted days
  const Assessment a = assess(d, rules2012());
  const Statistic& p95 = stat(a, "PM2.5", "p95");
  // 30 of 365 days at 150: the 95th percentile falls among them.
  EXPECT_EQ(p95.reported, 150);
  EXPECT_EQ(p95.limit, 75);
  EXPECT_EQ(p95.compliant, false);
  EXPECT_DOUBLE_EQ(p95.exceedance, 1.0);
  EXPECT_EQ(a.compliant, false);
  EXPECT_EQ(a.days.heavy, 0);  // PM2.5 150 gives IAQI 200 exactly: heavy pollution starts above 200
  EXPECT_EQ(a.days.good, 335);
}

TEST(Assessment, CaptureRuleCountsEveryMonthAndFebruaryNeedsTwentyFive) {
  DailyValues d = year(30);
  for (std::size_t i = 31; i < 31 + 4; ++i) d.value[0][i] = kMissing;  // February keeps 24 days
  const Assessment a = assess(d, rules2012());
  const Statistic& pm = stat(a, "PM2.5", "mean");
  EXPECT_FALSE(pm.valid);
  EXPECT_NE(pm.capture_note.find("2019-02: 24 valid days, 25 needed"), std::string::npos) << pm.capture_note;
  d.value[0][34] = 30;  // 25 days in February: valid again
  const Assessment again = assess(d, rules2012());
  EXPECT_TRUE(stat(again, "PM2.5", "mean").valid);
}

TEST(Assessment, DustDaysCanBeLeftOutOfPmStatistics) {
  DailyValues d = year(30);
  for (std::size_t i = 60; i < 65; ++i) {
    d.value[0][i] = 300;
    d.value[1][i] = 900;
    d.dust[i] = 1;
  }
  AssessOptions o = rules2012();
  const Assessment with = assess(d, o);
  o.exclude_dust = true;
  const Assessment without = assess(d, o);
  EXPECT_GT(stat(with, "PM10", "mean").value, 60);
  EXPECT_DOUBLE_EQ(stat(without, "PM10", "mean").value, 60);
  EXPECT_EQ(stat(without, "PM10", "mean").n_days, 360);
  EXPECT_EQ(with.dust_days, 5);
  EXPECT_EQ(with.days.valid, 365);
  EXPECT_EQ(without.days.valid, 360);
  EXPECT_EQ(without.days.good, 360);
}

TEST(Assessment, TheSameYearUnderThe2026Rules) {
  AssessOptions o{&standards::AqiEdition::get("hj633-2026"), &standards::Gb3095::get("gb3095-2026-transition"),
                  &standards::AssessmentRules::get("hj663-2026"), 2, false};
  const Assessment a = assess(year(33), o);
  const Statistic& pm = stat(a, "PM2.5", "mean");
  EXPECT_EQ(pm.limit, 30);
  EXPECT_EQ(pm.compliant, false);
  EXPECT_DOUBLE_EQ(pm.exceedance, 0.1);
  EXPECT_EQ(assess(year(33), rules2012()).compliant, true);
}

TEST(Assessment, Who2021Levels) {
  const Assessment a = assess(year(12), rules2012());
  bool found = false;
  for (const auto& w : a.who)
    if (w.pollutant == "PM2.5" && w.statistic == "annual_mean") {
      EXPECT_EQ(w.level, "IT-3");
      found = true;
    }
  EXPECT_TRUE(found);
}

}  // namespace eb::engine::air

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
  o.deduct_dust = true;
  const Assessment without = assess(d, o);
  EXPECT_GT(stat(with, "PM10", "mean").value, 60);
  EXPECT_DOUBLE_EQ(stat(without, "PM10", "mean").value, 60);
  EXPECT_EQ(stat(without, "PM10", "mean").n_days, 360);
  EXPECT_EQ(with.dust_days, 5);
  EXPECT_EQ(with.days.valid, 365);
  EXPECT_EQ(without.days.valid, 360);
  EXPECT_EQ(without.days.good, 360);
  EXPECT_EQ(without.deducted_days, 5);
  EXPECT_EQ(without.dropped_days, 5);
  EXPECT_EQ(without.day_slots, 360);
}

// 环办监测〔2016〕120号 as kept in data: only affected days whose exceedance is due to PM leave the day counts.
TEST(Assessment, DustDaysWithoutAParticulateExceedanceStayInTheDayCounts) {
  DailyValues d = year(30);
  d.dust[10] = d.dust[11] = d.dust[12] = 1;
  d.value[1][10] = 400;  // PM10 IAQI 225: AQI > 100, PM10 primary -> dropped
  d.value[5][11] = 300;  // O3 8-h 300: AQI > 100 but O3 primary -> stays (and counts as not good)
  // day 12: AQI <= 100 -> stays (good)
  AssessOptions o = rules2012();
  o.deduct_dust = true;
  const Assessment a = assess(d, o);
  EXPECT_EQ(a.dropped_days, 1);
  EXPECT_EQ(a.days.valid, 364);
  EXPECT_EQ(a.days.good, 363);
  o.dust.day_counts = standards::DustDayCounts::drop_affected_days;
  const Assessment all = assess(d, o);
  EXPECT_EQ(all.dropped_days, 3);
  EXPECT_EQ(all.days.valid, 362);
  EXPECT_EQ(all.days.good, 362);
}

// Deducted days leave the capture rule: April with 10 deducted days needs ceil(20 * 27 / 30) = 18 valid days.
TEST(Assessment, DeductedDaysLeaveTheCaptureRule) {
  DailyValues d = year(30);
  for (std::size_t i = 90; i < 100; ++i) d.dust[i] = 1;       // 2019-04-01..10
  for (std::size_t i = 100; i < 102; ++i) d.value[1][i] = kMissing;  // 2 more PM10 days missing in April
  AssessOptions o = rules2012();
  o.deduct_dust = true;
  const Assessment deducted = assess(d, o);
  const Statistic& pm10 = stat(deducted, "PM10", "mean");
  EXPECT_TRUE(pm10.valid) << pm10.capture_note;  // 18 valid of the 20 days left
  EXPECT_EQ(pm10.n_days, 365 - 12);
  d.value[1][102] = kMissing;  // 17 < 18
  const Assessment shorter = assess(d, o);
  const Statistic& short_of = stat(shorter, "PM10", "mean");
  EXPECT_NE(short_of.capture_note.find("2019-04: 17 valid days, 18 needed (10 deducted)"), std::string::npos)
      << short_of.capture_note;
  d.value[1][102] = 60;
  // Counted as missing instead, April has 17 valid days of 27 needed.
  o.dust.deducted_days_required = true;
  const Assessment missing = assess(d, o);
  const Statistic& strict = stat(missing, "PM10", "mean");
  EXPECT_FALSE(strict.valid);
  EXPECT_NE(strict.capture_note.find("2019-04: 18 valid days, 27 needed"), std::string::npos) << strict.capture_note;
}

// A region is the mean of its cities' figures; with a city short of the rule it is marked, not silently valid.
TEST(Assessment, RegionIsTheMeanOfItsCitiesFigures) {
  const AssessOptions o = rules2012();
  const Assessment a = assess(year(30), o), b = assess(year(41), o);
  DailyValues partial = year(50);
  for (std::size_t i = 0; i < 300; ++i)
    for (auto& item : partial.value) item[i] = kMissing;
  const Assessment c = assess(partial, o);
  EXPECT_FALSE(c.reporting_valid);
  const Assessment two = mean_of_assessments({&a, &b}, 2, 365, o, true);
  const Statistic& pm = stat(two, "PM2.5", "mean");
  EXPECT_TRUE(pm.valid);
  EXPECT_DOUBLE_EQ(pm.value, 35.5);
  EXPECT_EQ(pm.reported, 36);  // GB/T 8170: 35.5 -> 36
  EXPECT_EQ(pm.compliant, false);
  EXPECT_EQ(two.days.valid, 730);
  EXPECT_EQ(two.day_slots, 730);
  EXPECT_TRUE(two.reporting_valid);
  const Assessment three = mean_of_assessments({&a, &b, &c}, 3, 365, o, true);
  const Statistic& pm3 = stat(three, "PM2.5", "mean");
  EXPECT_FALSE(pm3.valid);
  EXPECT_DOUBLE_EQ(pm3.value, 35.5);  // the partial city's figure is not valid: left out, and the region marked
  EXPECT_EQ(pm3.capture_note, "2 of 3 members have a valid figure");
  EXPECT_FALSE(three.compliant.has_value() && *three.compliant);
  EXPECT_FALSE(three.reporting_valid);
  EXPECT_EQ(three.days.valid, 730);  // day counts pool the members that reported
  EXPECT_EQ(three.day_slots, 1095);
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

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "engine/review/checks.hpp"
#include "engine/review/exclusion.hpp"

namespace eb::engine::review {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr EpochSeconds kT0 = 1546272000;  // 2019-01-01T00:00+08:00

// A smooth, varying series (never flat, no spikes): 40 + 10 sin.
std::vector<double> smooth(std::size_t hours, double base = 40) {
  std::vector<double> v(hours);
  for (std::size_t h = 0; h < hours; ++h) v[h] = base + 10 * std::sin(static_cast<double>(h) / 3.0);
  return v;
}

Input one_station(const std::string& parameter, std::vector<double> values) {
  Input in;
  in.t0 = kT0;
  in.hours = values.size();
  in.subjects.push_back({"S1", "150100", 111.6, 40.8});
  in.series.push_back({0, parameter, std::move(values), {}});
  return in;
}

std::vector<Mark> of_rule(const std::vector<Mark>& marks, const std::string& rule) {
  std::vector<Mark> out;
  for (const auto& m : marks)
    if (m.rule == rule) out.push_back(m);
  return out;
}

const standards::ReviewRules& rules() { return standards::ReviewRules::bundled(); }

}  // namespace

TEST(ReviewChecks, CleanSeriesGetsNoMarks) {
  EXPECT_TRUE(run_checks(one_station("PM2.5", smooth(72)), rules()).empty());
}

TEST(ReviewChecks, NegativeValuesAreInvalidRunsMerged) {
  auto v = smooth(48);
  v[10] = -1;
  v[11] = -3.5;
  v[30] = -0.1;
  const auto marks = of_rule(run_checks(one_station("NO2", v), rules()), "negative");
  ASSERT_EQ(marks.size(), 2u);
  EXPECT_EQ(marks[0].start, kT0 + 10 * 3600);
  EXPECT_EQ(marks[0].end, kT0 + 12 * 3600);
  EXPECT_EQ(marks[0].hours, 2u);
  EXPECT_EQ(marks[0].severity, ReviewSeverity::invalidate);
  EXPECT_NE(marks[0].detail.find("-3.5"), std::string::npos);
  EXPECT_EQ(marks[1].hours, 1u);
}

TEST(ReviewChecks, OutOfRangeUsesTheParameterMaximum) {
  auto v = smooth(48);
  v[5] = 63;  // CO above 62.5 mg/m³
  v[6] = 62;  // inside
  auto marks = of_rule(run_checks(one_station("CO", v), rules()), "range");
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].start, kT0 + 5 * 3600);
  EXPECT_EQ(marks[0].hours, 1u);
  // 63 µg/m³ of PM10 is nothing unusual.
  EXPECT_TRUE(of_rule(run_checks(one_station("PM10", v), rules()), "range").empty());
}

TEST(ReviewChecks, FlatLineNeedsTheParameterLength) {
  auto v = smooth(48);
  for (std::size_t h = 10; h < 18; ++h) v[h] = 37;  // 8 hours: PM2.5 flat length is 8
  auto marks = of_rule(run_checks(one_station("PM2.5", v), rules()), "flat");
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].hours, 8u);
  EXPECT_EQ(marks[0].severity, ReviewSeverity::suspect);
  // SO2 needs 12: the same 8 hours pass.
  EXPECT_TRUE(of_rule(run_checks(one_station("SO2", v), rules()), "flat").empty());
  // 7 identical hours are not a flat line.
  v[17] = 38;
  EXPECT_TRUE(of_rule(run_checks(one_station("PM2.5", v), rules()), "flat").empty());
}

TEST(ReviewChecks, FlatLineAtTheDetectionLimitIsNotFlagged) {
  auto v = smooth(48);
  for (std::size_t h = 10; h < 30; ++h) v[h] = 0.5;  // below min_value 1
  EXPECT_TRUE(of_rule(run_checks(one_station("SO2", v), rules()), "flat").empty());
}

TEST(ReviewChecks, SpikeAgainstBothNeighbours) {
  auto v = smooth(48);
  v[20] = 400;  // PM2.5: jump > 150 and > 3x
  auto marks = of_rule(run_checks(one_station("PM2.5", v), rules()), "spike");
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].start, kT0 + 20 * 3600);
  // A rise that stays (the next hour is high too) is no spike.
  v[21] = 390;
  EXPECT_TRUE(of_rule(run_checks(one_station("PM2.5", v), rules()), "spike").empty());
}

TEST(ReviewChecks, MissingRunsInsideTheSeries) {
  auto v = smooth(60);
  for (std::size_t h = 0; h < 10; ++h) v[h] = kNaN;   // before the first value: not a gap
  for (std::size_t h = 20; h < 26; ++h) v[h] = kNaN;  // 6 hours: a gap
  for (std::size_t h = 40; h < 45; ++h) v[h] = kNaN;  // 5 hours: too short
  auto marks = of_rule(run_checks(one_station("O3", v), rules()), "missing");
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].start, kT0 + 20 * 3600);
  EXPECT_EQ(marks[0].hours, 6u);
}

TEST(ReviewChecks, Pm25AbovePm10BeyondTheTolerance) {
  Input in = one_station("PM2.5", smooth(24, 50));
  auto pm10 = smooth(24, 80);
  in.series[0].values[3] = pm10[3] + 12;  // above max(10, 10% of ~80 = 8): 12 > 10
  in.series[0].values[4] = pm10[4] + 5;   // within the tolerance
  in.series.push_back({0, "PM10", pm10, {}});
  auto marks = of_rule(run_checks(in, rules()), "pm25_gt_pm10");
  ASSERT_EQ(marks.size(), 2u);  // one for each parameter, the same hour
  EXPECT_EQ(marks[0].parameter, "PM10");
  EXPECT_EQ(marks[1].parameter, "PM2.5");
  EXPECT_EQ(marks[0].start, kT0 + 3 * 3600);
  EXPECT_EQ(marks[0].hours, 1u);
  EXPECT_EQ(marks[0].severity, ReviewSeverity::invalidate);
}

TEST(ReviewChecks, DeviceFlagsFromTheTable) {
  Input in = one_station("SO2", smooth(24, 20));
  in.series[0].flags.assign(24, "");
  in.series[0].flags[2] = "D";
  in.series[0].flags[3] = "D";
  in.series[0].flags[9] = "T";
  in.series[0].flags[10] = "N";  // normal: no mark
  auto marks = of_rule(run_checks(in, rules()), "device_flag");
  ASSERT_EQ(marks.size(), 2u);
  EXPECT_EQ(marks[0].hours, 2u);
  EXPECT_EQ(marks[0].severity, ReviewSeverity::invalidate);
  EXPECT_EQ(marks[1].severity, ReviewSeverity::suspect);
}

TEST(ReviewChecks, StationFarFromItsNeighboursForHours) {
  Input in;
  in.t0 = kT0;
  in.hours = 24;
  for (int i = 0; i < 4; ++i) {
    in.subjects.push_back({"S" + std::to_string(i), "150100", 111.6 + 0.01 * i, 40.8});
    in.series.push_back({static_cast<std::size_t>(i), "PM2.5", smooth(24, 40 + i), {}});
  }
  for (std::size_t h = 5; h < 12; ++h) in.series[3].values[h] = 200;  // 7 hours at ~5x the others
  auto marks = of_rule(run_checks(in, rules()), "neighbour");
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].subject, "S3");
  EXPECT_EQ(marks[0].start, kT0 + 5 * 3600);
  EXPECT_EQ(marks[0].hours, 7u);
  // Five hours are not enough (6 needed).
  in.series[3].values[5] = 43;
  in.series[3].values[6] = 43;
  EXPECT_TRUE(of_rule(run_checks(in, rules()), "neighbour").empty());
}

TEST(ReviewChecks, NeighboursByDistanceWithoutACity) {
  Input in;
  in.t0 = kT0;
  in.hours = 24;
  const double lons[] = {111.0, 111.1, 111.2, 115.0};  // the last is ~300 km away
  for (int i = 0; i < 4; ++i) {
    in.subjects.push_back({"S" + std::to_string(i), "", lons[i], 40.8});
    in.series.push_back({static_cast<std::size_t>(i), "PM2.5", smooth(24, 40), {}});
  }
  for (std::size_t h = 0; h < 24; ++h) in.series[3].values[h] = 300;
  // S3 has no neighbour within 50 km: not compared; S0..S2 have two each and agree.
  EXPECT_TRUE(of_rule(run_checks(in, rules()), "neighbour").empty());
  EXPECT_NEAR(distance_km(111.0, 40.8, 111.1, 40.8), 8.42, 0.05);
}

// One outlet's hourly Avg values of one HJ 212 code.
Input one_outlet(const std::string& code, std::vector<double> values, std::vector<std::string> flags = {}) {
  Input in;
  in.kind = SubjectKind::outlet;
  in.t0 = kT0;
  in.hours = values.size();
  in.subjects.push_back({"91150000MA0000000X/DA001", "91150000MA0000000X", 111.6, 40.8});
  in.series.push_back({0, code, std::move(values), std::move(flags)});
  return in;
}

TEST(ReviewChecksOutlet, CleanOutletSeriesGetsNoMarks) {
  for (const char* code : {"a21026", "a21002", "a34013", "w01018", "w21003", "a00000"})
    EXPECT_TRUE(run_checks(one_outlet(code, smooth(48, 60)), rules()).empty()) << code;
}

TEST(ReviewChecksOutlet, FlatLineAtZeroIsMarkedForAnOutletNotForAStation) {
  auto v = smooth(48, 30);
  for (std::size_t h = 20; h < 26; ++h) v[h] = 0;  // 6 hours stuck at 0
  const auto marks = of_rule(run_checks(one_outlet("a21026", v), rules()), "flat");
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].kind, SubjectKind::outlet);
  EXPECT_EQ(marks[0].subject, "91150000MA0000000X/DA001");
  EXPECT_EQ(marks[0].parameter, "a21026");
  EXPECT_EQ(marks[0].start, kT0 + 20 * 3600);
  EXPECT_EQ(marks[0].hours, 6u);
  EXPECT_EQ(marks[0].severity, ReviewSeverity::suspect);
  // The station rows keep a floor of 10 µg/m³ and 8 hours: the same values at a station are not flagged.
  EXPECT_TRUE(of_rule(run_checks(one_station("PM2.5", v), rules()), "flat").empty());
  // Five hours are not a flat line at an outlet either.
  v[25] = 31;
  EXPECT_TRUE(of_rule(run_checks(one_outlet("a21026", v), rules()), "flat").empty());
}

TEST(ReviewChecksOutlet, EveryFlagButNormalAndOverRangeInvalidates) {
  const std::vector<std::string> flags = {"F", "M", "S", "D", "C", "B", "T", "N"};
  std::vector<std::string> per_hour(24, "");
  for (std::size_t i = 0; i < flags.size(); ++i) per_hour[2 * i] = flags[i];
  const auto marks = of_rule(run_checks(one_outlet("a34013", smooth(24, 20), per_hour), rules()), "device_flag");
  ASSERT_EQ(marks.size(), 7u);  // N marks nothing
  for (const auto& m : marks) {
    const bool over_range = m.detail.find("flag T") != std::string::npos;
    EXPECT_EQ(m.severity, over_range ? ReviewSeverity::suspect : ReviewSeverity::invalidate) << m.detail;
    EXPECT_EQ(m.hours, 1u);
  }
}

TEST(ReviewChecksOutlet, SpikeRangeNegativeAndMissingUseTheCodesRows) {
  auto v = smooth(48, 30);
  v[10] = 400;  // SO2 jump > 200 mg/m³ and > 3x
  v[20] = -2;
  for (std::size_t h = 30; h < 33; ++h) v[h] = std::numeric_limits<double>::quiet_NaN();  // 3 hours missing
  const auto marks = run_checks(one_outlet("a21026", v), rules());
  const auto spike = of_rule(marks, "spike");
  ASSERT_EQ(spike.size(), 1u);
  EXPECT_EQ(spike[0].start, kT0 + 10 * 3600);
  ASSERT_EQ(of_rule(marks, "negative").size(), 1u);
  const auto missing = of_rule(marks, "missing");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].hours, 3u);
  // A jump of 150 mg/m³ is below SO2's threshold: no spike.
  v[10] = 180;
  EXPECT_TRUE(of_rule(run_checks(one_outlet("a21026", v), rules()), "spike").empty());
  // O2 above that of air is out of range; 20.5 % is not.
  auto o2 = smooth(24, 9);
  o2[5] = 23;
  o2[6] = 20.5;
  const auto range = of_rule(run_checks(one_outlet("a19001", o2), rules()), "range");
  ASSERT_EQ(range.size(), 1u);
  EXPECT_EQ(range[0].start, kT0 + 5 * 3600);
  EXPECT_EQ(range[0].severity, ReviewSeverity::invalidate);
}

TEST(ReviewChecksOutlet, OutletsAreNeverComparedWithNeighbours) {
  Input in;
  in.kind = SubjectKind::outlet;
  in.t0 = kT0;
  in.hours = 24;
  for (int i = 0; i < 4; ++i) {
    in.subjects.push_back({"E/DA00" + std::to_string(i), "E", 111.6 + 0.001 * i, 40.8});
    in.series.push_back({static_cast<std::size_t>(i), "a21026", smooth(24, i == 3 ? 300 : 30), {}});
  }
  EXPECT_TRUE(run_checks(in, rules()).empty());
}

TEST(ReviewChecks, SeriesMustCoverTheGrid) {
  Input in = one_station("PM2.5", smooth(24));
  in.hours = 25;
  EXPECT_THROW(run_checks(in, rules()), std::invalid_argument);
}

TEST(ReviewRulesTable, RejectsBadRowsNamingTheLine) {
  const std::string head = "rule,parameter,setting,value,severity,source,note\n";
  EXPECT_THROW(standards::ReviewRules::parse(head + "flat,PM2.5,hours,x,suspect,,\n", "t.csv"), std::invalid_argument);
  try {
    standards::ReviewRules::parse(head + "flat,PM2.5,hours,8,suspect,,\nflat,PM2.5,hours,6,wrong,,\n", "t.csv");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("t.csv:3"), std::string::npos) << e.what();
  }
  const auto r = standards::ReviewRules::parse(
      head +
          "spike,*,ratio,4,suspect,,\nspike,outlet:*,ratio,2,suspect,,\ndevice_flag,outlet:*,S,1,invalidate,,\n"
          "device_flag,*,S,1,suspect,,\n",
      "t.csv");
  EXPECT_EQ(r.get("spike", "NO2", "ratio").value, 4);
  EXPECT_FALSE(r.find("spike", "NO2", "jump"));
  // Each kind of subject falls back to its own wildcard only.
  EXPECT_EQ(r.get("spike", "a21026", "ratio", standards::ReviewRules::kOutletWildcard).value, 2);
  EXPECT_EQ(r.device_flags().at("S"), ReviewSeverity::suspect);
  EXPECT_EQ(r.device_flags(standards::ReviewRules::kOutletWildcard).at("S"), ReviewSeverity::invalidate);
  EXPECT_TRUE(r.device_flags("nobody:*").empty());
}

TEST(ReviewExclusion, RemovesCoveredValuesAndCountsThemOnce) {
  air::StationHours g("S1", {2019, 1, 1}, 1);
  for (std::size_t h = 0; h < 24; ++h) g.hourly[0][h] = 30;
  g.hourly[0][5] = air::kMissing;
  const std::vector<Exclusion> ex = {{"PM2.5", "negative", g.time_of(4), g.time_of(7)},
                                     {"PM2.5", "flat", g.time_of(6), g.time_of(8)},
                                     {"PM10", "range", g.time_of(0), g.time_of(24)}};  // PM10 has no values
  const auto counts = exclude_hours(g, ex);
  EXPECT_EQ(counts.at("negative"), 2u);  // hours 4 and 6 (5 was missing)
  EXPECT_EQ(counts.at("flat"), 1u);      // hour 7
  EXPECT_EQ(counts.count("range"), 0u);
  EXPECT_FALSE(air::present(g.hourly[0][4]));
  EXPECT_FALSE(air::present(g.hourly[0][7]));
  EXPECT_TRUE(air::present(g.hourly[0][8]));
}

}  // namespace eb::engine::review

// The air runs in-process on a small workspace (support/air_workspace): typed results checked against figures
// computed by hand from the hourly values written there.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "app/runs/air/aqi.hpp"
#include "app/runs/air/assess.hpp"
#include "app/runs/air/rank.hpp"
#include "app/runs/support/air_workspace.hpp"
#include "core/error.hpp"
#include "support/test_paths.hpp"

namespace eb::app::runs {
namespace {

const std::string k2012 = "hj633-2012 + gb3095-2012 + hj663-2013";
const std::string k2026 = "hj633-2026 + gb3095-2026-transition + hj663-2026";

// One workspace for the suite (the runs only read it).
class AirRunsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    path_ = new test::TempPath("air.gpkg");
    test::make_air_workspace(path_->str());
  }
  static void TearDownTestSuite() { delete path_; }
  static AirAssessRequest request(const std::string& level, const std::string& period = "2019-01-01..2019-01-03") {
    AirAssessRequest r;
    r.workspace = path_->str();
    r.period = *parse_period(period);
    r.level = level;
    return r;
  }
  static const std::string& ws() { return path_->str(); }
  static test::TempPath* path_;
};
test::TempPath* AirRunsTest::path_ = nullptr;

const AirUnitAssessment& unit(const std::vector<AirUnitAssessment>& units, const std::string& code) {
  const auto it = std::find_if(units.begin(), units.end(), [&](const auto& u) { return u.code == code; });
  if (it == units.end()) throw std::runtime_error("no unit " + code);
  return *it;
}

// Records the labels of the steps a run reports.
class RecordingProgress final : public ProgressSink {
 public:
  struct Task final : ProgressTask {
    void update(std::size_t) override {}
    void finish() override {}
  };
  std::unique_ptr<ProgressTask> begin(std::string_view, std::string_view label_en, std::size_t) override {
    labels.emplace_back(label_en);
    return std::make_unique<Task>();
  }
  std::vector<std::string> labels;
};

TEST_F(AirRunsTest, StationMeansAndCaptureValidity) {
  const AirAssessResult r = run_air_assess(request("station"), RunEnv{});
  EXPECT_EQ(r.rules.label(), k2012);  // the editions in force on 2019-01-03
  ASSERT_EQ(r.units.size(), 3u);
  const auto& a = unit(r.units, "1001A");
  EXPECT_EQ(a.name_zh, "站甲");
  EXPECT_EQ(a.source, "hourly station data");
  const auto* pm = a.statistic("PM2.5", "mean");
  ASSERT_NE(pm, nullptr);
  // Daily means 21.5 (10 + 0..23), 40 and 61.
  EXPECT_NEAR(pm->value, (21.5 + 40 + 61) / 3, 1e-9);
  EXPECT_EQ(pm->reported, 41);
  EXPECT_TRUE(pm->valid);
  EXPECT_EQ(pm->n_days, 3);
  EXPECT_EQ(pm->expected_days, 3);
  // 1002A has no PM2.5 on day 3: 2 of the 3 days a 3-day January period needs.
  const auto* pm2 = unit(r.units, "1002A").statistic("PM2.5", "mean");
  ASSERT_NE(pm2, nullptr);
  EXPECT_NEAR(pm2->value, 25, 1e-9);
  EXPECT_FALSE(pm2->valid);
  EXPECT_EQ(pm2->n_days, 2);
  EXPECT_EQ(pm2->capture_note, "2019-01: 2 valid days, 3 needed");
  EXPECT_TRUE(r.any_invalid_capture());
  EXPECT_TRUE(r.whatif.empty());
  // The summary marks the figure short of the capture rule; the footnote says why.
  const Document doc = air_assess_summary_document(r, Lang::en);
  ASSERT_EQ(doc.parts.size(), 1u);
  const Table& t = doc.parts[0].second;
  const auto row = std::find_if(t.rows.begin(), t.rows.end(),
                                [](const auto& cells) { return std::get<std::string>(cells[0].value) == "1002A"; });
  ASSERT_NE(row, t.rows.end());
  EXPECT_EQ(std::get<std::string>((*row)[5].value), "25*");
  EXPECT_NE(air_assess_footnote(r, Lang::en).find("data capture below"), std::string::npos);
}

TEST_F(AirRunsTest, CityIsTheMeanOfItsStationsWithItsCompositeIndex) {
  const AirAssessResult r = run_air_assess(request("city"), RunEnv{});
  ASSERT_EQ(r.units.size(), 2u);
  const auto& hohhot = unit(r.units, "150100");
  EXPECT_EQ(hohhot.name_en, "Hohhot");
  EXPECT_EQ(hohhot.level, "city");
  EXPECT_EQ(hohhot.members, (std::vector<std::string>{"1001A", "1002A"}));
  EXPECT_EQ(hohhot.source, "hourly station data");
  // City daily PM2.5: (21.5 + 20) / 2, (40 + 30) / 2, and 61 from 1001A alone.
  const double pm25 = (20.75 + 35 + 61) / 3;
  const auto* pm = hohhot.statistic("PM2.5", "mean");
  ASSERT_NE(pm, nullptr);
  EXPECT_NEAR(pm->value, pm25, 1e-9);
  EXPECT_TRUE(pm->valid);
  EXPECT_EQ(hohhot.daily.count[0][2], 1);  // one member behind day 3
  // I = sum C_i / S_i at reporting precision: SO2 15/60, NO2 30/40, PM10 80/70, PM2.5 39/35, CO 1.2/4, O3 90/160.
  ASSERT_TRUE(hohhot.assessment.composite);
  EXPECT_NEAR(hohhot.assessment.composite->sum, 15.0 / 60 + 30.0 / 40 + 80.0 / 70 + 39.0 / 35 + 1.2 / 4 + 90.0 / 160,
              1e-9);
  EXPECT_DOUBLE_EQ(hohhot.assessment.composite->reported, 4.12);
  // Every day has a valid AQI, none above 100.
  EXPECT_EQ(hohhot.assessment.days.valid, 3);
  EXPECT_EQ(hohhot.assessment.days.good, 3);
}

TEST_F(AirRunsTest, RegionIsTheMeanOfItsCities) {
  const AirAssessResult r = run_air_assess(request("region"), RunEnv{});
  ASSERT_EQ(r.units.size(), 1u);
  const auto& region = r.units[0];
  EXPECT_EQ(region.code, "150000");
  EXPECT_EQ(region.members, (std::vector<std::string>{"150100", "150200"}));
  EXPECT_EQ(region.source, "mean of its cities' figures");
  EXPECT_EQ(region.membership.of, "cities");
  EXPECT_EQ(region.membership.expected, (std::vector<std::string>{"150100", "150200"}));
  EXPECT_EQ(region.membership.valid, (std::vector<std::string>{"150100", "150200"}));
  EXPECT_TRUE(region.membership.complete());
  // The mean of the cities' reported PM2.5: Hohhot (20.75 + 35 + 61) / 3 = 38.92 -> 39, Baotou 20.
  const auto* pm = region.statistic("PM2.5", "mean");
  ASSERT_NE(pm, nullptr);
  EXPECT_DOUBLE_EQ(pm->value, (39 + 20) / 2.0);
  EXPECT_TRUE(pm->valid);
  // Its daily values (air daily) are still the day-by-day means over the cities: day 1 (20.75 + 20) / 2.
  EXPECT_DOUBLE_EQ(region.daily.value[0][0], (20.75 + 20) / 2);
}

TEST_F(AirRunsTest, WhatIfAssessesTheSameUnitsUnderAnotherStandard) {
  AirAssessRequest req = request("city");
  req.whatif_standard = "2026";
  const AirAssessResult r = run_air_assess(req, RunEnv{});
  EXPECT_EQ(r.rules.label(), k2012);
  ASSERT_TRUE(r.whatif_rules);
  EXPECT_EQ(r.whatif_rules->label(), k2026);
  ASSERT_EQ(r.whatif.size(), r.units.size());
  for (std::size_t i = 0; i < r.units.size(); ++i) EXPECT_EQ(r.whatif[i].code, r.units[i].code);
  const Document summary = air_assess_summary_document(r, Lang::en);
  ASSERT_EQ(summary.parts.size(), 2u);
  EXPECT_EQ(summary.parts[1].second.title_en.rfind("What if: ", 0), 0u);
  const Document long_doc = air_assess_long_document(r, Lang::en);
  const Table& long_form = long_doc.parts[0].second;
  EXPECT_EQ(long_form.columns.back().key, "whatif_standard");
  EXPECT_EQ(std::get<std::string>(long_form.rows[0].back().value), k2026);
}

TEST_F(AirRunsTest, NoDataIsANote) {
  const AirAssessResult r = run_air_assess(request("city", "2018"), RunEnv{});
  EXPECT_TRUE(r.units.empty());
  const Document doc = air_assess_long_document(r, Lang::en);
  EXPECT_EQ(doc.notes, std::vector<std::string>{"No air-quality data in the period."});
}

TEST_F(AirRunsTest, DailyValuesAreTheAuditTrail) {
  const AirAssessResult r = run_air_daily(request("station"), RunEnv{});
  const auto& d = unit(r.units, "1001A").daily;
  ASSERT_EQ(d.days, 3u);
  EXPECT_DOUBLE_EQ(d.value[0][0], 21.5);  // PM2.5 day 1
  EXPECT_EQ(d.count[0][0], 24);
  EXPECT_DOUBLE_EQ(d.value[5][1], 80);  // O3 daily max 8-h
  const Document doc = air_daily_document(r, Lang::en);
  const Table& t = doc.parts[0].second;
  EXPECT_EQ(t.rows.size(), 9u);  // 3 stations x 3 days
  EXPECT_EQ(std::get<std::string>(t.rows[0].back().value), "hj633-2012");
}

TEST_F(AirRunsTest, HourlyAqiOfStoredHours) {
  AirHourlyRequest req{ws(), *parse_period("2019-01-02..2019-01-02"), "1001A"};
  const AirHourlyResult r = run_air_hourly(req, RunEnv{});
  ASSERT_EQ(r.rows.size(), 24u);
  const AirAqiRow& h = r.rows[0];
  EXPECT_EQ(h.station, "1001A");
  EXPECT_EQ(h.time, beijing_to_epoch({{2019, 1, 2}, 0, 0, 0}));
  // PM2.5 40 on the 24-h breakpoints: 50 + 5 * 50 / 40 = 56.25, rounded up; PM10 70: 50 + 20 * 50 / 100 = 60.
  EXPECT_EQ(h.iaqi[0], 57);
  EXPECT_EQ(h.iaqi[1], 60);
  EXPECT_EQ(h.aqi, 60);
  EXPECT_EQ(h.primary, 1u << 1);  // PM10
  EXPECT_EQ(h.edition, "hj633-2012");
  req.station = "9999A";
  EXPECT_THROW(run_air_hourly(req, RunEnv{}), InputError);
}

TEST(AirAqiRun, ReportsOfAFileHourlyAndDaily) {
  test::TempPath file("day.csv");
  {
    std::ofstream out(file.str());
    std::string rows;
    for (int h = 0; h < 24; ++h)
      rows += "20190102," + std::to_string(h) + ",PM2.5,40\n20190102," + std::to_string(h) + ",PM10,70\n";
    out << test::cnemc_wide_text("1001A", rows);
  }
  RecordingProgress progress;
  RunEnv env;
  env.progress = &progress;
  AirAqiRequest req;
  req.files = {file.str()};
  const AirAqiResult hourly = run_air_aqi(req, env);
  EXPECT_EQ(progress.labels, std::vector<std::string>{"reading " + file.str()});
  ASSERT_EQ(hourly.rows.size(), 24u);
  EXPECT_EQ(hourly.rows[23].aqi, 60);
  req.mode = "daily";
  const AirAqiResult daily = run_air_aqi(req, env);
  ASSERT_EQ(daily.rows.size(), 1u);
  EXPECT_DOUBLE_EQ(daily.rows[0].value[0], 40);
  EXPECT_EQ(daily.rows[0].iaqi[0], 57);
  EXPECT_EQ(daily.rows[0].aqi, 60);
  const Document doc = air_aqi_document(daily, Lang::en);
  const Table& t = doc.parts[0].second;
  EXPECT_EQ(t.columns[8].key, "c_PM2.5");
}

TEST_F(AirRunsTest, RankWithBaselineChanges) {
  AirRankRequest req;
  req.workspace = ws();
  req.period = *parse_period("2019-01-01..2019-01-03");
  req.baseline = *parse_period("2019-01-02..2019-01-03");
  const AirRankResult r = run_air_rank(req, RunEnv{});
  ASSERT_EQ(r.cities.size(), 2u);
  // Baotou: 30/60 + 20/40 + 60/70 + 20/35 + 0.8/4 + 70/160 = 3.066...
  EXPECT_EQ(r.cities[0].city.code, "150200");
  EXPECT_EQ(r.cities[0].rank, 1);
  EXPECT_DOUBLE_EQ(r.cities[0].composite, 3.07);
  const AirRankEntry& hohhot = r.cities[1];
  EXPECT_EQ(hohhot.rank, 2);
  EXPECT_DOUBLE_EQ(hohhot.composite, 4.12);
  EXPECT_DOUBLE_EQ(hohhot.pm25_mean, 39);
  EXPECT_DOUBLE_EQ(hohhot.good_ratio_pct, 100);
  // Baseline days 2 and 3: PM2.5 (35 + 61) / 2 = 48; index 4.12 - 39/35 + 48/35 = 4.377 -> 4.38.
  ASSERT_TRUE(hohhot.baseline);
  EXPECT_DOUBLE_EQ(hohhot.baseline_composite, 4.38);
  EXPECT_NEAR(hohhot.pm25_change_pct, 100.0 * (39 - 48) / 48, 1e-9);
  EXPECT_NEAR(hohhot.composite_change_pct, 100.0 * (4.12 - 4.38) / 4.38, 1e-9);
  EXPECT_DOUBLE_EQ(hohhot.good_ratio_change_pp, 0);
  EXPECT_EQ(r.baseline_rules->label(), k2012);
}

TEST_F(AirRunsTest, TrendKeepsOnlyValidYears) {
  AirTrendRequest req;
  req.workspace = ws();
  req.from = 2018;
  req.to = 2019;
  const AirTrendResult r = run_air_trend(req, RunEnv{});
  ASSERT_EQ(r.rules.size(), 2u);
  EXPECT_EQ(r.rules[1].label(), k2012);
  ASSERT_EQ(r.units.size(), 2u);
  const AirTrendSeries& hohhot = r.units[0];
  EXPECT_EQ(hohhot.code, "150100");
  // Three days are far from the 324 a year needs: no valid PM2.5 mean in either year.
  EXPECT_FALSE(hohhot.valid[1]);
  EXPECT_EQ(hohhot.n_days[1], 3);
  EXPECT_TRUE(std::isnan(hohhot.values[1]));
  EXPECT_EQ(hohhot.trend.n, 0);
  // The composite index is reported whatever the capture.
  req.pollutant = "ALL";
  req.statistic = "composite_index";
  const AirTrendResult c = run_air_trend(req, RunEnv{});
  EXPECT_DOUBLE_EQ(c.units[0].values[1], 4.12);
  EXPECT_TRUE(std::isnan(c.units[0].values[0]));
  req.statistic = "nonsense";
  EXPECT_THROW(run_air_trend(req, RunEnv{}), UsageError);
  req.to = 2017;
  EXPECT_THROW(run_air_trend(req, RunEnv{}), UsageError);
}

}  // namespace
}  // namespace eb::app::runs

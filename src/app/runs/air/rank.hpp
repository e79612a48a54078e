// air rank (cities by the composite index, with change against a baseline period) and air trend (a statistic year
// by year with the Theil-Sen slope, the Mann-Kendall test and the streak of years within the limit).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/runs/air/assess_units.hpp"
#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "engine/stats/trend.hpp"

namespace eb::app::runs {

struct AirRankRequest {
  std::string workspace;
  Period period;
  std::optional<Period> baseline;  // changes against this period
  std::string standard = "auto";
  std::string composite = "auto";
  AirDust dust = AirDust::raw;  // raw or deducted (both: a UsageError)
};
// One city; figures at reporting precision, NaN where there is none.
struct AirRankEntry {
  std::optional<int> rank;                   // equal indices share a rank (1, 2, 2, 4); none without a composite index
  AirUnitAssessment city;                    // its assessment of the period: statistics with validity, members, source
  double composite = engine::air::kMissing;  // composite index (reported)
  double pm25_mean = engine::air::kMissing;  // PM2.5 annual (period) mean, reported
  double good_ratio_pct = engine::air::kMissing;  // good-day ratio at the rules' precision; none without valid days
  // With a baseline: the city's assessment then (none when it had no data) and the changes (none unless both
  // periods are covered by the city's data: AirUnitAssessment::assessment.reporting_valid).
  std::optional<AirUnitAssessment> baseline;
  double baseline_composite = engine::air::kMissing;
  double composite_change_pct = engine::air::kMissing;
  double pm25_change_pct = engine::air::kMissing;
  double good_ratio_change_pp = engine::air::kMissing;  // percentage points
};
struct AirRankResult {
  Period period;
  AirRules rules{};
  std::optional<Period> baseline;
  std::optional<AirRules> baseline_rules;
  std::vector<AirRankEntry> cities;  // best (smallest index) first; cities without an index last
};
AirRankResult run_air_rank(const AirRankRequest& req, const RunEnv& env);
Document air_rank_document(const AirRankResult& r, Lang lang);

struct AirTrendRequest {
  std::string workspace;
  int from = 0, to = 0;  // years
  std::string level = "city";
  std::string pollutant = "PM2.5";  // SO2, NO2, PM10, PM2.5, CO, O3, or ALL
  std::string statistic = "mean";   // mean, p98, p95, p90; with ALL: composite_index or good_day_ratio_pct
};
// One unit's series, a value per year from..to.
struct AirTrendSeries {
  std::string code, name_zh, name_en;
  std::vector<double> values;        // reported; NaN where the year has no valid figure
  std::vector<bool> valid;           // the figure exists, meets the capture rule and (a region) has all its cities
  std::vector<std::string> members;  // per year: valid/expected members ("12/12"); empty without data
  std::vector<std::vector<std::string>> valid_members;  // per year: the valid members' codes
  std::vector<int> n_days;                              // valid days behind it (days with a valid AQI for ALL)
  std::vector<std::optional<bool>> met;                 // within the limit (pollutant statistics that are valid)
  double change_pct = engine::air::kMissing;  // last present value against the first, % (same valid members only)
  bool members_changed = false;               // the first and last present years stand on different members
  engine::Trend trend;                        // Mann-Kendall and Theil-Sen over the present values
  int streak = 0;                             // years in a row, up to the last, within the limit
  const std::string& name(Lang lang) const { return lang == Lang::en && !name_en.empty() ? name_en : name_zh; }
};
struct AirTrendResult {
  int from = 0, to = 0;
  std::string level, pollutant, statistic;
  std::vector<AirRules> rules;        // per year: the editions in force in it
  std::vector<AirTrendSeries> units;  // code order
};
// UsageError when to < from or the statistic does not exist.
AirTrendResult run_air_trend(const AirTrendRequest& req, const RunEnv& env);
Document air_trend_document(const AirTrendResult& r, Lang lang);

}  // namespace eb::app::runs

// HJ 663 ambient air quality assessment rules (2013 edition; 2026 where known) and GB 3095 limits.
// Limits, composite-index weights and reporting precision are data (data/standards/gb3095_limits.csv,
// assessment_rules.csv); what the standards leave open is stated in docs/air.md.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_time.hpp"

namespace eb::standards {

// HJ 663 Appendix A percentile: values sorted ascending, k = 1 + (n-1) p/100, s = floor(k),
// m = X(s) + (X(s+1) - X(s)) (k - s); m = X(n) when s = n. (Excel PERCENTILE.INC, numpy "linear".)
// `values` need not be sorted; nothing for an empty set. p in percent (0..100).
std::optional<double> hj663_percentile(std::vector<double> values, int p);

// GB/T 8170 rounding of a reported value to `decimals` (round half to even on the decimal value).
double round_report(double value, int decimals);

// GB 3095 concentration limits.
class Gb3095 {
 public:
  // "gb3095-2012", "gb3095-2026-transition", "gb3095-2026-final"; throws std::out_of_range otherwise.
  static const Gb3095& get(std::string_view edition);
  static const Gb3095& in_force(const CivilDate& day);
  static std::vector<std::string> ids();
  const std::string& id() const { return id_; }
  // averaging: "year", "24h", "8h", "1h"; zone_class 1 or 2. Nothing if the table has no such limit.
  std::optional<double> limit(std::string_view pollutant, std::string_view averaging, int zone_class) const;

 private:
  struct Row {
    std::string pollutant, averaging;
    double class1, class2;
  };
  std::string id_;
  CivilDate from_;
  std::vector<Row> rows_;
  friend struct Gb3095Loader;
};

// Assessment rules of an HJ 663 edition: composite-index weights and reporting precision.
struct AssessmentRules {
  std::string id;  // hj663-2013, hj663-2026, weighted
  CivilDate from;
  // Weights in the order SO2, NO2, PM10, PM2.5, CO, O3.
  std::array<double, 6> weights{1, 1, 1, 1, 1, 1};
  int decimals_ugm3 = 0, decimals_co = 1, decimals_index = 2, decimals_ratio = 1;
  std::string source;

  static const AssessmentRules& get(std::string_view id);
  static const AssessmentRules& in_force(const CivilDate& day);
};

// Data capture needed for a valid annual (or period) statistic of daily values (GB 3095 Table 4 / 2012 Table 3):
// at least 324 days a year and at least 27 days in every month (25 in February).
inline constexpr int kMinDaysYear = 324;
int min_days_in_month(int month);  // 27, or 25 for February
// For daily means: at least 20 hourly values; for an 8-hour mean at least 6 hourly values; for the daily
// maximum 8-hour O3 at least 14 valid 8-hour values among the 17 windows ending 08:00-24:00 (HJ 663).
inline constexpr int kMinHoursDay = 20;
inline constexpr int kMinHours8h = 6;
inline constexpr int kO3Windows = 17;
inline constexpr int kMinO3Windows = 14;

// The six pollutants of the composite index, in this order everywhere.
inline constexpr std::array<std::string_view, 6> kCompositePollutants = {"SO2", "NO2", "PM10", "PM2.5", "CO", "O3"};

// Ambient air quality composite index (环境空气质量综合指数): I_i = C_i / S_i with C the period means of SO2,
// NO2, PM10, PM2.5 over the Class 2 annual limits, CO 24-h P95 over the Class 2 24-h limit and O3 daily-max-8-h
// P90 over the Class 2 8-h limit of `limits`; I = sum of w_i I_i. C_i are taken at reporting precision.
struct CompositeIndex {
  std::array<double, 6> sub{};            // I_i (unweighted)
  double sum = 0;                         // weighted sum, unrounded
  double reported = 0;                    // rounded to the rules' precision
  std::vector<std::string_view> largest;  // pollutants with the largest I_i (ties listed)
};
CompositeIndex composite_index(const std::array<double, 6>& c, const Gb3095& limits, const AssessmentRules& rules);

// Good days (AQI <= 100), heavy (> 200) and severe (> 300) pollution days among days with a valid AQI.
struct DayCounts {
  int valid = 0, good = 0, heavy = 0, severe = 0;
  std::array<int, 6> per_level{};  // days at levels 1..6
  double good_ratio_pct() const { return valid ? 100.0 * good / valid : 0.0; }
  double heavy_ratio_pct() const { return valid ? 100.0 * heavy / valid : 0.0; }
};
DayCounts count_days(std::span<const std::optional<int>> daily_aqi);

// WHO 2021 global air quality guideline: the strictest level met ("AQG", "IT-4" ... "IT-1"), or
// "above IT-1". metric: PM2.5/PM10/NO2 annual_mean, *_24h_p99, O3 8h_p99 / peak_season, SO2/CO 24h_p99.
std::string who2021_level(std::string_view pollutant, std::string_view statistic, double value);

}  // namespace eb::standards

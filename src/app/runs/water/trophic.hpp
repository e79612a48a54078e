// `water trophic` and `water cwqi`: lake trophic state TLI(Σ) by month or year with the trend of the annual values,
// and the city water quality index ranking (formula unconfirmed; docs/water.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/table/table.hpp"
#include "core/period.hpp"
#include "engine/stats/trend.hpp"
#include "io/water_samples.hpp"
#include "standards/gb3838.hpp"

namespace eb::app::runs {

enum class WaterTrophicBy { month, year };

struct WaterTrophicRequest {
  std::string workspace;
  int from = 0, to = 0;  // calendar years, inclusive
  WaterTrophicBy by = WaterTrophicBy::year;
  io::BelowDetection below_detection = io::BelowDetection::half_limit;
};
// The trophic state of one lake section over one month or year: of the means of its values there.
struct WaterTrophicRow {
  std::string code, name;
  std::string period;             // "2024-05" or "2024"
  standards::TrophicState state;  // TLI(Σ), the reported value, class, parameters and their weights
  std::size_t samples = 0;        // distinct sample times
};
// The trend of one section's annual TLI(Σ) (by year only; sections with at least one year).
struct WaterTrophicTrend {
  std::string code, name;
  engine::Trend trend;  // n years; Sen slope from 2, Mann-Kendall Z from 3
};
struct WaterTrophicResult {
  int from = 0, to = 0;
  WaterTrophicBy by = WaterTrophicBy::year;
  std::vector<WaterTrophicRow> rows;      // by section (workspace order), then period
  std::vector<WaterTrophicTrend> trends;  // empty by month
};
// UsageError when `to` is before `from`.
WaterTrophicResult run_water_trophic(const WaterTrophicRequest& req);
// By month, or as CSV (one table): the states; otherwise the states and the trends as one document.
Document water_trophic_document(const WaterTrophicResult& r, Lang lang, Format format);

struct WaterCwqiRequest {
  std::string workspace;
  Period period;
  std::optional<Period> baseline;  // for ΔCWQI
  io::BelowDetection below_detection = io::BelowDetection::half_limit;
};
// One league/city: the mean CWQI of its sections with samples (each from its period means); smaller is better.
struct WaterCwqiCity {
  int rank = 0;  // 1 = best; equal values share a rank
  std::string code;
  std::string name_zh, name_en;  // empty when the workspace does not know the unit
  double cwqi = 0;
  int sections_assessed = 0;  // sections that entered the mean
  int sections = 0;           // every section of the city in the workspace
  std::optional<double> baseline_cwqi;
  std::optional<double> change() const;  // cwqi less baseline_cwqi
};
struct WaterCwqiResult {
  Period period;
  std::optional<Period> baseline;
  std::vector<WaterCwqiCity> cities;  // ranked, best first
};
WaterCwqiResult run_water_cwqi(const WaterCwqiRequest& req);
Document water_cwqi_document(const WaterCwqiResult& r, Lang lang);

}  // namespace eb::app::runs

// HJ 663 assessments of every station, city or region of a workspace that has air-quality data in a period: the
// use case behind air assess, air daily, air rank, air trend and the bulletin's air section.
#pragma once

#include <string>
#include <vector>

#include "app/runs/air/air_rules.hpp"
#include "app/table/lang.hpp"
#include "core/period.hpp"
#include "engine/air/assessment.hpp"
#include "store/workspace.hpp"

namespace eb::app::runs {

// What an assessment is of, and under which rules.
struct AirAssessRequest {
  std::string workspace;  // path; air_assess_units takes an open workspace instead
  Period period;
  std::string level = "city";  // station | city | region
  std::string standard = "auto";
  std::string composite = "auto";
  int zone_class = 2;
  bool exclude_dust = false;
  std::string whatif_standard;  // run_air_assess: also assess under this standard (2012, 2026, 2026-final); empty: no
};

// One unit's assessment, with what entered it.
struct AirUnitAssessment {
  std::string code, name_zh, name_en;
  std::string level;                 // station, city, region
  std::vector<std::string> members;  // stations (city) or cities (region) whose daily values entered
  std::string source;                // "hourly station data" or "published city daily values"
  engine::air::DailyValues daily;    // the days that entered the figures (audit trail)
  engine::air::Assessment assessment;

  // The statistic of a pollutant ("PM2.5", "O3", ...) and kind ("mean", "p90", ...); nullptr when there is none.
  const engine::air::Statistic* statistic(std::string_view pollutant, std::string_view statistic) const;
  // Its name in a language (English falls back to Chinese).
  const std::string& name(Lang lang) const { return lang == Lang::en && !name_en.empty() ? name_en : name_zh; }
};

// Assesses every unit of the level that has data in the period, under the editions in force at its end (or
// req.standard) and sets `used` to them. City values are the daily means over the city's stations with hourly
// data; a city without any uses its published city daily values. The region's daily values are the means over
// its cities. Units in code order (stations, cities) or region code order.
std::vector<AirUnitAssessment> air_assess_units(store::Workspace& ws, const AirAssessRequest& req, AirRules& used);

}  // namespace eb::app::runs

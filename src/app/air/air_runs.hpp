// Air-quality runs shared by the CLI commands and the demo: which rules apply, and assessments per unit.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/period.hpp"
#include "engine/air/assessment.hpp"
#include "store/workspace.hpp"

namespace eb::app {

// The rule set a figure was computed under.
struct AirRules {
  const standards::AqiEdition* aqi;
  const standards::Gb3095* limits;
  const standards::AssessmentRules* rules;
  std::string label() const;  // "hj633-2012 + gb3095-2012 + hj663-2013"
};

// standard: auto (editions in force on `day`), 2012, 2026 (2026 editions, transition limits), 2026-final, or an
// AQI edition id (hj633-2012, hj633-2026) meaning its bundle. composite: auto | unweighted | weighted.
AirRules air_rules(const std::string& standard, const CivilDate& day, const std::string& composite = "auto");
bool valid_standard_name(const std::string& standard);

// A --period (or --baseline) value, or a UsageError naming the option.
Period period_option(const std::string& text, const char* option = "--period");

struct UnitAssessment {
  std::string code, name_zh, name_en;
  std::string level;                 // station, city, region
  std::vector<std::string> members;  // stations (city) or cities (region) whose daily values entered
  std::string source;                // "hourly station data" or "published city daily values"
  engine::air::DailyValues daily;    // the days that entered the figures (audit trail)
  engine::air::Assessment assessment;
};

struct AssessRequest {
  Period period;
  std::string level = "city";  // station | city | region
  std::string standard = "auto";
  std::string composite = "auto";
  int zone_class = 2;
  bool exclude_dust = false;
};

// Assesses every unit of the level that has data in the period. City values are the daily means over the
// city's stations with hourly data; a city without any uses its published city daily values. The region's
// daily values are the means over its cities.
std::vector<UnitAssessment> assess_units(store::Workspace& ws, const AssessRequest& request, AirRules& used);

}  // namespace eb::app

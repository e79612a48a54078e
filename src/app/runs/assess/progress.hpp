// Progress of each unit on each indicator of a registry in a year (docs/assessment.md): the value against the
// baseline year, the year's target (the unit's own or the registry's), the multi-year goal, and how many years in a
// row the target was met.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"

namespace eb::app::runs {

struct AssessProgressRequest {
  std::string ws, registry;
  std::string unit_targets;  // optional CSV of targets assigned to single units
  std::string indicator;     // only this indicator; empty: all
  int year = 0, level = 2;
};

// One unit's progress on one indicator (only where the unit has a value in the year).
struct AssessProgressRow {
  std::string code, name_zh, name_en;                                 // the unit
  std::string indicator, indicator_name_zh, indicator_name_en, unit;  // unit: of measurement
  double value = 0;
  std::optional<double> baseline;     // the value of the registry's baseline year
  std::optional<double> change_pct;   // of the value against the baseline
  std::optional<double> target;       // the year's target
  bool target_unit_specific = false;  // the unit's own target (unit-targets file), not the registry's
  std::optional<bool> met;            // the value meets the target; nothing without a target
  std::optional<double> goal;         // the multi-year goal
  std::optional<double> goal_done_pct;
  int years_met = 0;  // years in a row up to the year with the target met
};

struct AssessProgressResult {
  int year = 0;
  std::vector<AssessProgressRow> rows;        // by unit, then registry order
  std::vector<std::string> outside_registry;  // stored indicators the registry lacks (not used)
  std::vector<std::string> other_level;       // units of the unit-targets file of another level (not used)
};
AssessProgressResult run_assess_progress(const AssessProgressRequest& req, const RunEnv& env);
Document assess_progress_document(const AssessProgressResult& r, Lang lang);

}  // namespace eb::app::runs

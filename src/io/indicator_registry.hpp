// The indicator registry of an assessment (a CSV data file, not code; docs/assessment.md): per indicator its
// names, unit, direction, category, weight, score bounds, targets by year, baseline year, multi-year goal and
// where its values come from.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace eb::io {

struct RegistryIndicator {
  std::string id, name_zh, name_en, unit, category, source;
  bool higher_is_better = true;
  double weight = 1;
  double worst = 0;               // the score-0 bound
  std::map<int, double> targets;  // year -> target (the score-100 bound)
  std::optional<int> baseline_year;
  std::optional<int> goal_year;  // a multi-year goal (e.g. the five-year plan's end) ...
  std::optional<double> goal;    // ... and its value
  // Whether `value` meets `target` in the indicator's direction.
  bool meets(double value, double target) const { return higher_is_better ? value >= target : value <= target; }
};

// Columns: id,name_zh,name_en,unit,direction (higher|lower),category,weight,worst,targets ("2023:35|2024:34"),
// baseline_year,goal_year,goal,source. Throws IoError for an unreadable file and InputError naming file:line and
// the column for anything malformed (a repeated id, a worst bound on the wrong side of a target, ...).
std::vector<RegistryIndicator> read_indicator_registry(const std::string& path);

// Targets assigned to single units (the figures of their responsibility agreements), each replacing the
// registry's target of that year for that unit: (indicator, unit_code, year) -> target.
using UnitTargets = std::map<std::tuple<std::string, std::string, int>, double>;

// Columns: indicator,unit_code,year,target. Every indicator must be in the registry, every target better than its
// worst bound, every (indicator, unit, year) given once; InputError names file:line and the column otherwise.
// Unit codes are the caller's to check (they live in the workspace).
UnitTargets read_unit_targets(const std::string& path, const std::vector<RegistryIndicator>& registry);

}  // namespace eb::io

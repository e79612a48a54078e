// What the assessment runs (score, progress) read from a workspace: the yearly values of the registry's indicators
// for the units of a level, and the targets of a year (a unit's own from a unit-targets file, else the registry's).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "app/table/lang.hpp"
#include "io/indicator_registry.hpp"
#include "store/admin_store.hpp"
#include "store/workspace.hpp"

namespace eb::app::runs {

// Values of the registry's indicators for the units of a level, any year.
struct AssessPanel {
  std::vector<store::AdminUnit> units;
  std::map<std::tuple<std::size_t, std::size_t, int>, double> values;  // (unit, indicator, year)
  std::vector<std::string> outside_registry;                           // stored indicators the registry lacks
  std::optional<double> at(std::size_t u, std::size_t i, int year) const {
    const auto it = values.find({u, i, year});
    return it == values.end() ? std::nullopt : std::optional<double>(it->second);
  }
};
// InputError when the workspace has no unit of the level.
AssessPanel load_assess_panel(store::Workspace& ws, const std::vector<io::RegistryIndicator>& registry, int level);

// The target an indicator has for a unit in a year: the unit's own (from a unit-targets file) or the registry's.
struct AssessTargets {
  const std::vector<io::RegistryIndicator>* registry = nullptr;
  io::UnitTargets own;
  std::vector<std::string> other_level;  // units of the file not of the panel's level (their targets unused)
  struct Found {
    double value;
    bool unit_specific;
  };
  std::optional<Found> of(const std::string& unit_code, std::size_t indicator, int year) const;
};
// No own targets when `path` is empty; InputError for a unit of the file that is not in the workspace.
AssessTargets load_assess_targets(store::Workspace& ws, const std::vector<io::RegistryIndicator>& registry,
                                  const std::string& path, const AssessPanel& panel);

// The notes of what was read and not used: stored indicators outside the registry, unit targets of another level.
std::vector<std::string> assess_input_notes(const std::vector<std::string>& outside_registry,
                                            const std::vector<std::string>& other_level, Lang lang);

}  // namespace eb::app::runs

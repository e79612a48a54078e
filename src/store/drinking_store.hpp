// Centralised drinking-water sources in the workspace and the monitoring points (stations) whose samples count
// for them (docs/drinking-water.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/drinking_sources.hpp"
#include "store/workspace.hpp"

namespace eb::store {

struct DrinkingSourceImportReport {
  int added = 0, updated = 0, unchanged = 0;
  std::vector<std::string> unlocated;  // sources with neither a unit written nor a located point
};
// One transaction (retried on a server's serialization conflict) with an audit entry. Every unit code and point
// must exist in the workspace (InputError file:line:column, nothing stored); a source imported again with other
// values is updated (its point set replaced), the same values change nothing.
DrinkingSourceImportReport import_drinking_sources(Workspace& ws, const io::DrinkingSourceList& list);

struct DrinkingSourceRow {
  std::string code, name, kind, level;  // kind river/lake/groundwater; level city/county/township
  std::optional<std::string> unit_code, league_code, admin_code;
  std::optional<double> supply_10k_m3;
  std::optional<std::int64_t> population;
  std::vector<std::string> points;  // station codes, ascending
};
std::vector<DrinkingSourceRow> drinking_sources(Workspace& ws);  // by code

}  // namespace eb::store

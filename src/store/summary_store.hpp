// Read-only queries behind `ecobarrier summary`.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/civil_time.hpp"
#include "store/workspace.hpp"

namespace eb::store {

struct LevelCount {
  int level;
  int units;
};
std::vector<LevelCount> units_per_level(Workspace& ws);

struct UnitStations {
  std::string code, name_zh, name_en;
  int level = 0;
  int stations = 0;            // stations of kind air located in the unit (or its banners)
  int stations_with_data = 0;  // of which have at least one observation
};
// Leagues/cities and the banners/counties that hold at least one station.
std::vector<UnitStations> stations_per_unit(Workspace& ws);

struct SeriesKey {
  std::string station, parameter, averaging;
};
struct TimeSpan {
  std::string averaging;
  EpochSeconds first = 0, last = 0;
};
// First and last stamped time per averaging, over all series.
std::vector<TimeSpan> time_spans(Workspace& ws);

// Calls `visit` for every stored series with its times ascending (one pass over the table).
void for_each_series(Workspace& ws, const std::function<void(const SeriesKey&, std::span<const EpochSeconds>)>& visit);

struct StationBrief {
  std::string code, name, kind;
  std::optional<std::string> admin_code;
};
std::vector<StationBrief> station_briefs(Workspace& ws);

}  // namespace eb::store

// Read-only queries behind `ecobarrier summary`.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
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

// The calendar years (Beijing time) that hold data of each kind: "air" (observations of air stations and published
// city values), "water" (samples of water sections), "indicators", "ledger" (projects), "patrols", "sources"
// (hourly data of pollution-source outlets). Air, water and source years are probed per series (outlet) between its
// first and last time, so a gap year is not listed.
std::map<std::string, std::vector<int>> data_years(Workspace& ws);

struct StationBrief {
  std::string code, name, kind;
  std::optional<std::string> admin_code;
};
std::vector<StationBrief> station_briefs(Workspace& ws);

// First and last stamped time per station kind and averaging. Min/max per series through the primary key, so it
// costs one index probe per series rather than a scan of every observation (the bulletin finds its years with it).
struct KindSpan {
  std::string station_kind, averaging;
  EpochSeconds first = 0, last = 0;
};
std::vector<KindSpan> kind_spans(Workspace& ws);

// What entered the workspace, per table and file or source: for provenance notes and SYNTHETIC labels.
// observation: kind = layout; protected_area: kind = layer kind; project, project_plan, indicator_value: file =
// the recorded source, with the years; chief, patrol: file = the file they came from (empty for rows imported
// before the workspace kept it), with the years (patrol).
struct InputSource {
  std::string table, kind, file, source;
  std::int64_t records = 0;
  int first_year = 0, last_year = 0;  // 0 when the table has no year
};
std::vector<InputSource> input_sources(Workspace& ws);
// Whether a recorded file or source names its data synthetic (any case): the demo's generators write synthetic_*
// files and say SYNTHETIC, and the bulletin and the API label such inputs by it.
bool names_synthetic(std::string_view file_or_source);

}  // namespace eb::store

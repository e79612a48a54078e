// Reading air-quality inputs for the engine from the workspace.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/period.hpp"
#include "engine/air/daily_values.hpp"
#include "engine/air/station_hours.hpp"
#include "store/workspace.hpp"

namespace eb::store {

// Hourly grids over the whole period for every air station with any 1-hour value of the six pollutants in it.
// Values flagged as dust mark their day.
std::vector<engine::air::StationHours> load_station_hours(Workspace& ws, const Period& period);

// Daily values published for city-level stations (kind 'city': averaging day and day_max_8h / day_max_1h),
// over the whole period, for stations with any value in it.
std::vector<engine::air::DailyValues> load_published_daily(Workspace& ws, const Period& period);

struct AirSite {
  std::string code, name, kind;
  std::string league_code;  // may be empty
  std::string county_code;  // the banner/county it lies in; may be empty
};
std::map<std::string, AirSite> air_sites(Workspace& ws);

// A period in which a sand/dust weather process affected a unit (环办监测〔2016〕120号).
struct DustPeriod {
  std::string unit_code;
  EpochSeconds start = 0, end = 0;  // [start, end)
  std::string source, note;
  std::string file;  // provenance
  int line = 0;
};
struct DustImportCounts {
  int added = 0, updated = 0, unchanged = 0;
};
// Stores the periods in one transaction; a period already stored (same unit, start and end) takes the new
// source and note.
DustImportCounts import_dust_periods(Workspace& ws, const std::vector<DustPeriod>& periods);
// The stored periods that overlap [begin, end), by unit and start.
std::vector<DustPeriod> dust_periods(Workspace& ws, EpochSeconds begin, EpochSeconds end);

}  // namespace eb::store

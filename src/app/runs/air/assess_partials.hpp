// `air assess` split for a cluster (the Python ecobarrier.dask): a task per observation file computes the daily
// values of its stations on the period's grid (serialised), the client merges them station by station and runs
// the assessment and the roll-ups on them (run_air_assess with station days), with the workspace's sites and units.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/runs/air/assess_units.hpp"
#include "app/runs/run_env.hpp"

namespace eb::app::runs {

// The daily values of every station of one observation file (read as `air aqi` reads it) over req.period, on the
// grid the workspace's hourly data gives (the period's days; a station without any value in the period left out),
// with the O3 8-hour limit of the rules req asks for at the period's end; serialised.
std::string station_days_of_file(const std::string& path, const std::string& layout, const AirAssessRequest& req,
                                 const RunEnv& env);

// The serialised daily values of many files, a station's days possibly spread over several files: merged day by
// day into one series per station, in code order. A station with data on the same day in two files is refused
// (InputError): its day would need the hours of both.
// The files' O3 8-hour limits must agree (UsageError otherwise).
AirStationDays merge_station_days(const std::vector<std::string_view>& partials);

}  // namespace eb::app::runs

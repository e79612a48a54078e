// HJ 633 AQI reports: air aqi (of observation files, no workspace) and air hourly (of a workspace's stored station
// hours). Each day takes the report of the AQI edition in force that day, or of the one named.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "core/period.hpp"
#include "engine/air/daily_values.hpp"

namespace eb::app::runs {

// One row of a report: a station's hour (real-time report) or day (daily report), with at least one sub-index.
// Item i is kHourlyNames[i] in an hourly report and kDailyNames[i] in a daily one.
struct AirAqiRow {
  std::string station;
  EpochSeconds time = 0;               // the hour, or 00:00 of the day (Beijing)
  int aqi = -1;                        // -1: none, or not publishable
  std::uint8_t primary = 0;            // bit i: item i is a primary pollutant (named in reports when AQI > 50)
  std::uint8_t exceeding = 0;          // bit i: the sub-index of item i is above 100
  std::array<std::int16_t, 7> iaqi{};  // sub-index per item, -1 = missing (hourly: the first six)
  std::array<double, engine::air::kDailyItems> value{};  // daily reports: the daily values (NaN = not valid)
  std::string edition;                                   // the HJ 633 edition of the report (hj633-2012, ...)
};

struct AirAqiRequest {
  std::vector<std::string> files;  // observation files: CNEMC wide, long or UCI Beijing layout
  std::string layout = "auto";     // auto | cnemc-wide | long | uci-beijing
  std::string mode = "hourly";     // hourly (real-time report) or daily (daily report from the hourly values)
  std::string standard = "auto";   // auto (edition in force on each day), hj633-2012, hj633-2026, 2012, 2026
};
struct AirAqiResult {
  bool daily = false;
  std::vector<AirAqiRow> rows;  // by file, station and time
};
// One observation file of a layout (auto: detected) as `air aqi` reads it: InputError when its layout cannot be
// recognised or a record is rejected (nothing is computed); a progress step while it is read.
io::ObservationBatch read_observation_file(const std::string& path, const std::string& layout, const RunEnv& env);
// Reads each file (a progress step per file); a file with rejected records stops the run (InputError).
AirAqiResult run_air_aqi(const AirAqiRequest& req, const RunEnv& env);
Document air_aqi_document(const AirAqiResult& r, Lang lang);

struct AirHourlyRequest {
  std::string workspace;
  Period period;
  std::string station;  // empty: every station
  std::string standard = "auto";
};
struct AirHourlyResult {
  Period period;
  std::vector<AirAqiRow> rows;  // by station and hour
};
// InputError when the station has no hourly data in the period.
AirHourlyResult run_air_hourly(const AirHourlyRequest& req, const RunEnv& env);
Document air_hourly_document(const AirHourlyResult& r, Lang lang);

}  // namespace eb::app::runs

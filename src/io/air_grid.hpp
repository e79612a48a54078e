// From parsed observation files to the air engine's hourly grids.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/air/station_hours.hpp"
#include "io/observation_batch.hpp"

namespace eb::io {

// One grid per station key that has any hourly (1h) value of the six pollutants, spanning whole Beijing days
// from its first to its last value. The published SO2 24-hour moving mean fills so2_24h; a flag "dust" (or
// "sand", "沙尘") on any value marks that day as a dust event. Keys stay as written in the file.
std::vector<engine::air::StationHours> station_hours(const ObservationBatch& b);

// One day of a CNEMC wide file as hourly grids of the six pollutants and the SO2 24-hour means.
struct DayGrid {
  CivilDate date;
  bool valid_date = false;
  std::vector<std::string> stations;                                 // the header's station codes, in order
  std::array<std::vector<double>, engine::air::kPollutants> hourly;  // [station * 24 + hour], NaN = missing
  std::vector<double> so2_24h;
  std::vector<Rejection> rejections;  // the day's rejected cells and lines
  std::size_t rows_read = 0, missing = 0;
};

// A CNEMC wide file day by day, each day's 1-hour values of the six pollutants (and SO2_24h) parsed straight into
// a DayGrid; other types are validated and not kept. The same checks as read_observations apply (a repeated
// line sends the day through the batch path with the conflicting-duplicate check). With `prefetch` the next
// day is parsed on a second thread while `day` runs on this one, in date order.
void for_each_cnemc_day_grid(std::string_view text, const std::string& file, const std::function<void(DayGrid&)>& day,
                             bool prefetch = true);

// Writes a day's parsed batch into the grid (its date set; the grid sized and cleared by the caller).
void fill_day_grid(const ObservationBatch& b, DayGrid& g);

// True when a flag marks a sand/dust event.
bool is_dust_flag(std::string_view flag);

}  // namespace eb::io

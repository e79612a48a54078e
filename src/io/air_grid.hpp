// From parsed observation files to the air engine's hourly grids.
#pragma once

#include <vector>

#include "engine/air/station_hours.hpp"
#include "io/observation_batch.hpp"

namespace eb::io {

// One grid per station key that has any hourly (1h) value of the six pollutants, spanning whole Beijing days
// from its first to its last value. The published SO2 24-hour moving mean fills so2_24h; a flag "dust" (or
// "sand", "沙尘") on any value marks that day as a dust event. Keys stay as written in the file.
std::vector<engine::air::StationHours> station_hours(const ObservationBatch& b);

// True when a flag marks a sand/dust event.
bool is_dust_flag(std::string_view flag);

}  // namespace eb::io

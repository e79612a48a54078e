// Internal: an outlet's hourly rows grouped by pollutant (canonical HJ 212-2017 code) in time order, checked for
// duplicate hours and stamps off the hour. Shared by the exceedance and load computations.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/source/hourly.hpp"

namespace eb::engine::source {

struct PollutantRows {
  std::string pollutant;
  std::vector<const HourlyValue*> rows;  // ascending hour
};

// Sorted by pollutant code. Throws std::invalid_argument on a duplicate (pollutant, hour) or an hour stamp that is
// not a whole hour.
std::vector<PollutantRows> group_by_pollutant(std::span<const HourlyValue> series);

}  // namespace eb::engine::source

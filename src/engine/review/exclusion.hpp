// Leaving reviewed-invalid hours out of the air engine's input (the marks that exclude values: store/review_store).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "engine/air/station_hours.hpp"

namespace eb::engine::review {

struct Exclusion {
  std::string parameter;  // PM2.5, PM10, SO2, NO2, CO, O3 (others are ignored)
  std::string rule;
  EpochSeconds start = 0, end = 0;  // [start, end) of stamped instants
};

// Values removed, per rule.
using ExcludedCounts = std::map<std::string, std::size_t>;

// Sets the station's hourly values inside the spans to missing. A value covered by several marks is counted once,
// for the first of them in `exclusions`' order.
ExcludedCounts exclude_hours(air::StationHours& g, const std::vector<Exclusion>& exclusions);

}  // namespace eb::engine::review

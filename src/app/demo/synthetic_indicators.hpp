// SYNTHETIC yearly indicator values for the demo's assessment: for each unit and indicator of a registry, a
// seeded value near the targets (some units ahead, some behind, a few values missing), 2020-2023. Not real data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/indicator_registry.hpp"

namespace eb::app {

// Writes `dir`/synthetic_indicator_values.csv (indicator,unit_code,year,value,source) and returns its path.
std::string write_synthetic_indicators(const std::string& dir, const std::vector<io::RegistryIndicator>& registry,
                                       const std::vector<std::string>& unit_codes, std::uint64_t seed);

}  // namespace eb::app

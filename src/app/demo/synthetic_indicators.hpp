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

struct SyntheticChiefFiles {
  std::string chiefs, patrols;  // CSV for `chief import` and `chief patrols`
};
// A river/lake chief and a forest/grassland chief for every league (level 2) and a river/lake chief for every
// banner (level 3), each answering for two or three made-up river sections or forests, and their 2023 patrols:
// most chiefs keep to the required frequency, some miss months, a few stop in the autumn. SYNTHETIC.
SyntheticChiefFiles write_synthetic_chiefs(const std::string& dir, const std::vector<std::string>& leagues,
                                           const std::vector<std::string>& banners, std::uint64_t seed);

}  // namespace eb::app

// SYNTHETIC water data for the demo: no public section measurements of Inner Mongolia exist in the project's
// data, so the demo's sections carry real names with approximate locations and made-up, seeded values.
#pragma once

#include <cstdint>
#include <string>

namespace eb::app {

struct SyntheticWaterFiles {
  std::string sections;  // CSV for `water section import`
  std::string samples;   // CSV for `obs import` (wide water layout)
};

// Writes monthly samples for `first_year`..`last_year` (seasonal profiles, log-normal noise, a few values below
// the detection limit) into `dir`. The same seed gives the same files on every machine.
SyntheticWaterFiles write_synthetic_water(const std::string& dir, std::uint64_t seed, int first_year, int last_year);

}  // namespace eb::app

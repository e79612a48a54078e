// SYNTHETIC groundwater data for the demo: monitoring points in the demo's twelve leagues/cities (approximate
// locations near their seats, invented codes and names marked SYNTHETIC) and seeded, made-up samples with the
// region's natural pattern (high F and As in the Hetao and Tumochuan plains, high TDS and F in Ordos and Alxa, high
// Fe and Mn in the east).
#pragma once

#include <cstdint>
#include <string>

namespace eb::app {

struct SyntheticGroundwaterFiles {
  std::string points;   // CSV for `groundwater point import`
  std::string samples;  // CSV for `groundwater sample import` (wide layout)
};

// Two samples a year (April and August) per point for `first_year`..`last_year`, into `dir`. The same seed gives
// the same files on every machine.
SyntheticGroundwaterFiles write_synthetic_groundwater(const std::string& dir, std::uint64_t seed, int first_year,
                                                      int last_year);

}  // namespace eb::app

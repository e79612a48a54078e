// SYNTHETIC farmland soil data for the demo: no public plot-level soil survey of Inner Mongolia exists in the
// project's data, so the demo's farmland plots, their samples and the ledger's farmland measures are made up,
// seeded, over the region's 12 leagues and cities. Every plot and project name says SYNTHETIC.
#pragma once

#include <cstdint>
#include <string>

namespace eb::app {

struct SyntheticSoilFiles {
  std::string plots;     // CSV for `soil plot import`
  std::string samples;   // CSV for `soil sample import`
  std::string measures;  // CSV for `project import` (farmland_safe_use / farmland_strict_control)
};

// Plots per league with realistic pH (mostly alkaline, pH > 7.5, as the region's soils are; some neutral and a few
// acid plots in the east), most in priority protection, some safe use (one item above its screening value), a few
// strict control (Cd above its control value); one or two samples per plot and year for `first_year`..`last_year`,
// and each year's measures covering most of the safe-use area and all of the strict-control area. The same seed
// gives the same files on every machine.
SyntheticSoilFiles write_synthetic_soil(const std::string& dir, std::uint64_t seed, int first_year, int last_year);

}  // namespace eb::app

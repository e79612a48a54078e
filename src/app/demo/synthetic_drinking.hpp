// SYNTHETIC drinking-water sources for the demo: three sources per league/city of Inner Mongolia (two of the city
// tier, one of the county tier) at invented places near the seats, their water supplied and people served, one
// monitoring point each, and monthly samples with seeded noise — every name and number is made up and labelled.
#pragma once

#include <cstdint>
#include <string>

namespace eb::app {

struct SyntheticDrinkingFiles {
  std::string points;   // CSV for `water section import` (the sources' monitoring points)
  std::string sources;  // CSV for `water source import`
  std::string samples;  // CSV for `obs import` (wide water layout)
};

// Monthly samples for `first_year`..`last_year` into `dir`; a few sources run close to a limit (F, Mn, NH3N, TP) so
// that some months exceed it. The same seed gives the same files on every machine.
SyntheticDrinkingFiles write_synthetic_drinking(const std::string& dir, std::uint64_t seed, int first_year,
                                                int last_year);

}  // namespace eb::app

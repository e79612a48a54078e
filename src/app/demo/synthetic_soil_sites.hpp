// SYNTHETIC construction-land sites and soil samples for the demo: no public site investigation data of Inner
// Mongolia exist in the project's data, so the demo's sites are invented (codes SYN-…, names marked SYNTHETIC)
// near the leagues' seats, with seeded contents, planned uses, key-site flags and management dates.
#pragma once

#include <cstdint>
#include <string>

namespace eb::app {

struct SyntheticSoilSiteFiles {
  std::string sites;    // CSV for `soil site import`
  std::string samples;  // CSV for `soil site sample import` (long layout)
};

// Writes `sites_per_league` sites for each of the 12 leagues/cities, reused (some of them) in `first_year`..
// `last_year`, and 3 to 6 samples each, into `dir`. The same seed gives the same files on every machine.
SyntheticSoilSiteFiles write_synthetic_soil_sites(const std::string& dir, std::uint64_t seed, int first_year,
                                                  int last_year, int sites_per_league = 4);

}  // namespace eb::app

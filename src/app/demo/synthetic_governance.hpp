// SYNTHETIC spatial-governance data for the demo: protected layers and a restoration ledger for Inner Mongolia on
// the real league and banner boundaries. No public red-line, reserve or ledger data are bundled, so a seeded
// generator makes them: round blobs and zone rings at random places inside the real units, counts like the real
// programme's (380 reserves, 63 wetland parks, 1,131 water-source areas) and the 2023 ledger's totals (5.56 million
// 亩 afforestation, 18.17 million 亩 grass planting, 9.5 million 亩 desertification control). Every file says
// SYNTHETIC; the same seed gives the same files everywhere.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace eb::app {

struct UnitShape {
  std::string code, name;
  std::vector<std::uint8_t> wkb;  // MultiPolygon, lon/lat WGS 84
};

struct SyntheticGovernanceFiles {
  std::string red_line, reserves, national_parks, wetlands, water_sources, basic_grassland;  // GeoJSON
  std::string projects, plans;                                                               // CSV
  std::string sites;                                                                         // GeoJSON
};

// `banners`: the county-level units (projects are placed in them); `leagues`: the prefecture-level units.
SyntheticGovernanceFiles write_synthetic_governance(const std::string& dir, const std::vector<UnitShape>& leagues,
                                                    const std::vector<UnitShape>& banners, std::uint64_t seed);

}  // namespace eb::app

// SYNTHETIC energy, GDP, targets and land cover for the demo's energy-and-carbon step: no league-level energy
// balance of Inner Mongolia is bundled, so a seeded model makes one with the region's character (coal-heavy, a
// net exporter of electricity in its west, gas and oil products a small share) for 2020-2025, GDP at constant 2020
// prices (some leagues nominal with a price index, to exercise both paths), five-year targets marked SYNTHETIC,
// and land cover of two epochs derived from the demo's SYNTHETIC NDVI rasters. Every file says SYNTHETIC.
#pragma once

#include <cstdint>
#include <string>

namespace eb::app {

struct SyntheticCarbonFiles {
  std::string energy, gdp, targets;  // CSVs for `carbon import-energy | import-gdp | import-targets`
};

// Writes the three CSVs into `dir` for the 12 leagues/cities of Inner Mongolia, years first..last. The same seed
// gives the same files on every machine.
SyntheticCarbonFiles write_synthetic_carbon(const std::string& dir, std::uint64_t seed = 2020, int first_year = 2020,
                                            int last_year = 2025);

// Land cover (CLCD class codes, Byte GeoTIFF, 255 nodata) derived from an NDVI raster by fixed thresholds:
// NDVI >= 0.60 forest (2), >= 0.20 grassland (4), >= 0.12 shrubland (3), below barren (7); the class of every cell
// is SYNTHETIC because the NDVI is. Written to `output`, with the CLCD colours and class names (Chinese or English by
// `class_names_zh`).
void write_synthetic_landcover(const std::string& ndvi, const std::string& output, bool class_names_zh);

}  // namespace eb::app

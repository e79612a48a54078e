// SYNTHETIC growing-season NDVI over Inner Mongolia for the demo's ecology step: no region-wide NDVI product is
// bundled, so the demo makes one from a seeded model with the region's large-scale pattern (an east-west moisture
// gradient: forest on the Greater Khingan in Hulunbuir, steppe in the centre, desert in Alxa; irrigated Hetao;
// the Horqin, Hunshandake, Kubuqi and Mu Us sandy lands) and a second epoch with restoration in the sandy lands
// and one overgrazed patch. The numbers are made up; only the geography is real. See data/demo/PROVENANCE.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/raster/coverage.hpp"

namespace eb::app {

struct SyntheticNdviOptions {
  std::uint64_t seed = 2025;
  int first_year = 2015;
  int second_year = 2025;
  double cell_degrees = 0.01;  // WGS 84 lon/lat cells (about 1 km)
};

struct SyntheticNdviFiles {
  std::string first, second;  // Float32 GeoTIFFs, NaN outside the region
};

// Writes the two epochs into `dir` on a lon/lat grid over the extent of `region` (its parts in WGS 84 lon/lat);
// cells the region does not touch are nodata. The same seed gives the same files on every machine.
SyntheticNdviFiles write_synthetic_ndvi(const std::string& dir, const std::vector<engine::raster::Zone>& region,
                                        const SyntheticNdviOptions& options = {});

}  // namespace eb::app

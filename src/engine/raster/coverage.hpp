// Exact coverage fractions: for every raster cell a polygon touches, the fraction of the cell's area that lies
// inside the polygon (holes and multipolygons included). This is what makes zonal statistics exact instead of
// centroid-sampled; see docs/raster.md for the algorithm.
//
// The result is computed once per (grid, zone) and reused for every raster on the same grid.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/raster/grid.hpp"

namespace eb::engine::raster {

struct Point {
  double x = 0;
  double y = 0;
};

// A closed ring; the closing vertex may or may not repeat the first. Orientation does not matter.
using Ring = std::vector<Point>;

struct Polygon {
  Ring exterior;
  std::vector<Ring> holes;
};

// The parts of a (multi)polygon zone; parts must not overlap (as in a valid OGC MultiPolygon).
using Zone = std::vector<Polygon>;

// One run of consecutive covered cells in a row.
struct CoverageRun {
  int row = 0;
  int col_begin = 0;
  int col_end = 0;             // exclusive
  std::size_t first_fraction;  // index of col_begin's fraction in ZoneCoverage::fractions
};

// The cells a zone covers, row by row, in raster order (rows ascending, then columns); fractions in (0, 1].
struct ZoneCoverage {
  std::vector<CoverageRun> runs;
  std::vector<double> fractions;

  bool empty() const { return runs.empty(); }
  double total_fraction() const;  // Σ fractions: the zone's area in cells (within the grid)
  std::size_t cell_count() const { return fractions.size(); }
};

// Coverage of `zone` on `grid`. Parts of the zone outside the grid are ignored (only cells of the grid are
// reported). `max_band_cells` bounds the scratch memory: the zone's bounding box is processed in bands of rows
// holding at most that many cells, so a county at 30 m needs megabytes, not gigabytes.
ZoneCoverage compute_coverage(const Grid& grid, const Zone& zone, std::int64_t max_band_cells = std::int64_t{1} << 22);

}  // namespace eb::engine::raster

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

// One run of consecutive covered cells in a row: either all fully covered (no fractions stored: most cells of
// a large zone) or all partly covered, with one fraction each.
struct CoverageRun {
  int row = 0;
  int col_begin = 0;
  int col_end = 0;                 // exclusive
  std::size_t first_fraction = 0;  // partial runs: index of col_begin's fraction in ZoneCoverage::fractions
  bool full = false;               // every cell covered entirely (fraction 1)

  int size() const { return col_end - col_begin; }
};

// The cells a zone covers, row by row, in raster order (rows ascending, then columns); fractions in (0, 1].
struct ZoneCoverage {
  std::vector<CoverageRun> runs;
  std::vector<double> fractions;  // of the partial runs only

  bool empty() const { return runs.empty(); }
  // Fraction of cell `col` of `run` (which must contain it).
  double fraction(const CoverageRun& run, int col) const {
    return run.full ? 1.0 : fractions[run.first_fraction + static_cast<std::size_t>(col - run.col_begin)];
  }
  double total_fraction() const;  // Σ fractions: the zone's area in cells (within the grid)
  std::size_t cell_count() const;
};

// Coverage of `zone` on `grid`. Parts of the zone outside the grid are ignored (only cells of the grid are
// reported). Memory and time grow with the number of cells the zone's boundary crosses, not with its area.
ZoneCoverage compute_coverage(const Grid& grid, const Zone& zone);
// The same for rows [row_begin, row_end) of `grid` only: equal, bit for bit, to those rows of the whole coverage
// (a task covering its window's rows computes what one pass over the whole grid computes). The work grows with
// the boundary's cells in those rows (plus one test per edge).
ZoneCoverage compute_coverage(const Grid& grid, const Zone& zone, int row_begin, int row_end);

}  // namespace eb::engine::raster

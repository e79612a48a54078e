// A north-up raster grid: where cell (row, col) lies in its CRS. Rotated/sheared geotransforms are refused by
// the I/O layer before a Grid is built, so every engine can assume axis-aligned cells.
#pragma once

#include <cmath>
#include <cstdint>

namespace eb::engine::raster {

struct Grid {
  double x_min = 0;        // west edge of column 0
  double y_max = 0;        // north edge of row 0
  double cell_width = 1;   // > 0, map units per column
  double cell_height = 1;  // > 0, map units per row (rows go south)
  int rows = 0;
  int cols = 0;

  double x_max() const { return x_min + cols * cell_width; }
  double y_min() const { return y_max - rows * cell_height; }
  std::int64_t cell_count() const { return std::int64_t{rows} * cols; }
  // Fractional cell coordinates: u grows east from the grid's west edge, v grows south from its north edge.
  double u_of(double x) const { return (x - x_min) / cell_width; }
  double v_of(double y) const { return (y_max - y) / cell_height; }
};

// A rectangle of cells: rows [row, row + rows), columns [col, col + cols).
struct Window {
  int row = 0;
  int col = 0;
  int rows = 0;
  int cols = 0;
  std::int64_t cell_count() const { return std::int64_t{rows} * cols; }
  bool empty() const { return rows <= 0 || cols <= 0; }
};

}  // namespace eb::engine::raster

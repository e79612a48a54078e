#include "engine/raster/raster_source.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <stdexcept>

namespace eb::engine::raster {

MemoryRaster::MemoryRaster(Grid grid, std::vector<double> values, std::optional<double> nodata, int block_rows,
                           int block_cols)
    : grid_(grid),
      values_(std::move(values)),
      nodata_(nodata),
      block_rows_(std::max(1, block_rows)),
      block_cols_(block_cols > 0 ? block_cols : std::max(1, grid.cols)) {
  if (static_cast<std::int64_t>(values_.size()) != grid_.cell_count()) {
    throw std::invalid_argument("MemoryRaster: value count does not match the grid");
  }
}

void MemoryRaster::read(const Window& window, std::span<double> values, std::span<std::uint8_t> valid) {
  assert(window.row >= 0 && window.col >= 0 && window.row + window.rows <= grid_.rows &&
         window.col + window.cols <= grid_.cols);
  assert(static_cast<std::int64_t>(values.size()) >= window.cell_count() &&
         static_cast<std::int64_t>(valid.size()) >= window.cell_count());
  std::size_t out = 0;
  for (int r = 0; r < window.rows; ++r) {
    const double* row = &values_[static_cast<std::size_t>(window.row + r) * grid_.cols + window.col];
    for (int c = 0; c < window.cols; ++c, ++out) {
      const double v = row[c];
      values[out] = v;
      valid[out] = !(std::isnan(v) || (nodata_ && v == *nodata_));
    }
  }
}

}  // namespace eb::engine::raster

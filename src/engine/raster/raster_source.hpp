// The seam every raster engine reads through: a grid plus window reads. The GDAL adapter (io) is one
// implementation; MemoryRaster is another, for tests and for results computed in memory.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "engine/raster/grid.hpp"

namespace eb::engine::raster {

class RasterSource {
 public:
  virtual ~RasterSource() = default;
  virtual const Grid& grid() const = 0;
  // The native block (tile or strip) size; readers traverse whole block rows so each block is read once.
  virtual int block_rows() const = 0;
  virtual int block_cols() const = 0;
  // Fills `values` (row-major, window.rows x window.cols) with scaled values and `valid` with 1 for data cells,
  // 0 for nodata or masked cells. The window lies inside the grid.
  virtual void read(const Window& window, std::span<double> values, std::span<std::uint8_t> valid) = 0;
};

class MemoryRaster final : public RasterSource {
 public:
  // `values` row-major; cells equal to `nodata` (when given) or NaN are invalid.
  MemoryRaster(Grid grid, std::vector<double> values, std::optional<double> nodata = std::nullopt, int block_rows = 16,
               int block_cols = 0);
  const Grid& grid() const override { return grid_; }
  int block_rows() const override { return block_rows_; }
  int block_cols() const override { return block_cols_; }
  void read(const Window& window, std::span<double> values, std::span<std::uint8_t> valid) override;

 private:
  Grid grid_;
  std::vector<double> values_;
  std::optional<double> nodata_;
  int block_rows_;
  int block_cols_;
};

}  // namespace eb::engine::raster

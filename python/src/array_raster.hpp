// A numpy array as a RasterSource: the engines read windows straight out of the array's buffer (any dtype of
// numbers, any strides, so xarray views and flipped arrays need no copy); cells equal to `nodata` or NaN are invalid.
#pragma once

#include <pybind11/numpy.h>

#include <optional>
#include <string>

#include "engine/raster/raster_source.hpp"

namespace eb::python {

// The grid of a GDAL geotransform (x_min, cell width, 0, y_max, 0, -cell height) and a shape; UsageError for a
// rotated, sheared or south-up transform (as the CLI refuses such files).
engine::raster::Grid grid_of(const std::array<double, 6>& geotransform, int rows, int cols, const std::string& what);

class ArrayRaster final : public engine::raster::RasterSource {
 public:
  // `array` must be 2-D; it is referenced, not copied, and must not change while the raster is read.
  ArrayRaster(pybind11::array array, const engine::raster::Grid& grid, std::optional<double> nodata);
  const engine::raster::Grid& grid() const override { return grid_; }
  int block_rows() const override { return 256; }
  int block_cols() const override { return grid_.cols; }
  // Reads without the GIL: only the buffer is touched.
  void read(const engine::raster::Window& window, std::span<double> values, std::span<std::uint8_t> valid) override;

 private:
  pybind11::array array_;
  engine::raster::Grid grid_;
  std::optional<double> nodata_;
  char kind_;                    // numpy kind: 'f', 'i', 'u', 'b'
  pybind11::ssize_t item_size_;  // bytes per value
  const char* data_;             // the buffer
  pybind11::ssize_t row_stride_, col_stride_;
};

// What the zones and area statistics need of a CRS given as WKT, EPSG:n or PROJ text (empty: none).
struct CrsFacts {
  std::string wkt;  // the CRS as WKT (what the zone reader takes), whatever form it was given in
  bool geographic = false;
  double metres_per_unit = 1;
};
CrsFacts crs_facts(const std::string& wkt);

}  // namespace eb::python

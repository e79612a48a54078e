#include "array_raster.hpp"

#include <cpl_conv.h>
#include <fmt/format.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <cstring>

#include "core/error.hpp"

namespace eb::python {

namespace py = pybind11;

engine::raster::Grid grid_of(const std::array<double, 6>& gt, int rows, int cols, const std::string& what) {
  if (gt[2] != 0 || gt[4] != 0) throw UsageError(what + ": rotated or sheared geotransform is not supported");
  if (!(gt[1] > 0)) throw UsageError(what + ": pixel width must be positive");
  if (!(gt[5] < 0))
    throw UsageError(what + ": south-up grids (positive pixel height) are not supported; flip the rows first");
  engine::raster::Grid g;
  g.x_min = gt[0];
  g.cell_width = gt[1];
  g.y_max = gt[3];
  g.cell_height = -gt[5];
  g.rows = rows;
  g.cols = cols;
  return g;
}

ArrayRaster::ArrayRaster(py::array array, const engine::raster::Grid& grid, std::optional<double> nodata)
    : array_(std::move(array)), grid_(grid), nodata_(nodata) {
  if (array_.ndim() != 2)
    throw UsageError(fmt::format("raster: expected a 2-D array, got {} dimensions", array_.ndim()));
  if (array_.shape(0) != grid.rows || array_.shape(1) != grid.cols)
    throw UsageError("raster: the array's shape differs from its grid's");
  kind_ = array_.dtype().kind();
  item_size_ = array_.itemsize();
  const bool supported =
      (kind_ == 'f' && (item_size_ == 4 || item_size_ == 8)) || kind_ == 'b' ||
      ((kind_ == 'i' || kind_ == 'u') && (item_size_ == 1 || item_size_ == 2 || item_size_ == 4 || item_size_ == 8));
  if (!supported) throw UsageError(fmt::format("raster: unsupported dtype {}", std::string(py::str(array_.dtype()))));
  data_ = static_cast<const char*>(array_.data());
  row_stride_ = array_.strides(0);
  col_stride_ = array_.strides(1);
}

namespace {

template <class T>
void read_cells(const char* data, py::ssize_t row_stride, py::ssize_t col_stride, const engine::raster::Window& w,
                std::optional<double> nodata, std::span<double> values, std::span<std::uint8_t> valid) {
  // Compared in the array's own type, as the CLI compares a Float32 file's nodata as a float.
  const bool has_nodata = nodata.has_value() && !std::isnan(*nodata);
  const T nodata_value = has_nodata ? static_cast<T>(*nodata) : T{};
  std::size_t k = 0;
  for (int r = 0; r < w.rows; ++r) {
    const char* row = data + (w.row + r) * row_stride + w.col * col_stride;
    for (int c = 0; c < w.cols; ++c, ++k) {
      T v;
      std::memcpy(&v, row + c * col_stride, sizeof(T));
      const double d = static_cast<double>(v);
      values[k] = d;
      valid[k] = !std::isnan(d) && !(has_nodata && v == nodata_value);
    }
  }
}

}  // namespace

void ArrayRaster::read(const engine::raster::Window& w, std::span<double> values, std::span<std::uint8_t> valid) {
  auto read_as = [&](auto tag) {
    using T = decltype(tag);
    read_cells<T>(data_, row_stride_, col_stride_, w, nodata_, values, valid);
  };
  if (kind_ == 'f') {
    if (item_size_ == 8)
      read_as(double{});
    else
      read_as(float{});
  } else if (kind_ == 'i') {
    if (item_size_ == 1)
      read_as(std::int8_t{});
    else if (item_size_ == 2)
      read_as(std::int16_t{});
    else if (item_size_ == 4)
      read_as(std::int32_t{});
    else
      read_as(std::int64_t{});
  } else {  // 'u' and 'b' (bool is one byte)
    if (item_size_ == 1)
      read_as(std::uint8_t{});
    else if (item_size_ == 2)
      read_as(std::uint16_t{});
    else if (item_size_ == 4)
      read_as(std::uint32_t{});
    else
      read_as(std::uint64_t{});
  }
}

CrsFacts crs_facts(const std::string& wkt) {
  CrsFacts f;
  if (wkt.empty()) return f;
  OGRSpatialReference srs;
  if (srs.SetFromUserInput(wkt.c_str()) != OGRERR_NONE) throw UsageError("crs: not a CRS GDAL understands: " + wkt);
  char* text = nullptr;
  srs.exportToWkt(&text);
  f.wkt = text ? text : "";
  CPLFree(text);
  f.geographic = srs.IsGeographic();
  if (srs.IsProjected()) f.metres_per_unit = srs.GetLinearUnits();
  return f;
}

}  // namespace eb::python

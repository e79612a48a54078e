#include "app/runs/raster/vegetation_windows.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <vector>

#include "engine/raster/vegetation_kernel.hpp"
#include "io/raster_writer.hpp"

namespace eb::app::runs {

namespace raster = engine::raster;

std::int64_t ndvi_window(const NdviRequest& req, int row_begin, int row_end, const std::string& tile_path) {
  io::set_gdal_cache_bytes(64ll << 20);
  io::GdalRaster red(req.red, req.red_band), nir(req.nir, req.nir_band);
  io::require_aligned(red, nir);
  const raster::Grid& grid = red.grid();
  if (row_begin < 0 || row_end > grid.rows || row_begin >= row_end)
    throw std::invalid_argument(fmt::format("ndvi_window: rows {}..{} outside 0..{}", row_begin, row_end, grid.rows));
  raster::Grid tile = grid;
  tile.y_max = grid.y_max - row_begin * grid.cell_height;
  tile.rows = row_end - row_begin;
  io::RasterWriter out(tile_path, tile, red.crs_wkt(), io::RasterType::float32, "NDVI = (NIR - Red) / (NIR + Red)");
  // Block row by block row of the inputs: memory bounded by one strip, whatever the window.
  const int strip_rows = std::max(1, red.block_rows());
  const auto cols = static_cast<std::size_t>(grid.cols);
  std::vector<double> r, n, ndvi;
  std::vector<std::uint8_t> rv, nv, ok;
  std::int64_t valid = 0;
  for (int row = row_begin; row < row_end; row = std::min(row_end, (row / strip_rows + 1) * strip_rows)) {
    const int rows = std::min(row_end, (row / strip_rows + 1) * strip_rows) - row;
    const raster::Window w{row, 0, rows, grid.cols};
    const auto cells = static_cast<std::size_t>(w.cell_count());
    r.resize(cells), n.resize(cells), ndvi.resize(cells), rv.resize(cells), nv.resize(cells), ok.resize(cells);
    red.read(w, r, rv);
    nir.read(w, n, nv);
    for (int i = 0; i < rows; ++i) {
      const std::size_t o = static_cast<std::size_t>(i) * cols;
      raster::ndvi_row(&r[o], &n[o], &rv[o], &nv[o], cols, &ndvi[o], &ok[o]);
    }
    for (std::uint8_t f : ok) valid += f;
    out.write(raster::Window{row - row_begin, 0, rows, grid.cols}, ndvi, ok);
  }
  out.commit();
  return valid;
}

}  // namespace eb::app::runs

// GDAL implementation of the RasterSource seam: any raster GDAL reads, one band, with nodata, mask band and
// scale/offset applied, so engines see physical values and a validity flag per cell.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "engine/raster/raster_source.hpp"

namespace eb::io {

class GdalRaster final : public engine::raster::RasterSource {
 public:
  // Throws IoError when the file cannot be opened, InputError for a missing band or a rotated geotransform.
  explicit GdalRaster(const std::string& path, int band = 1);
  ~GdalRaster() override;
  GdalRaster(const GdalRaster&) = delete;
  GdalRaster& operator=(const GdalRaster&) = delete;

  const engine::raster::Grid& grid() const override;
  int block_rows() const override;
  int block_cols() const override;
  void read(const engine::raster::Window& window, std::span<double> values, std::span<std::uint8_t> valid) override;

  const std::string& path() const;
  const std::string& crs_wkt() const;  // empty when the raster has no CRS
  bool geographic() const;             // cells in degrees of longitude/latitude
  double metres_per_unit() const;      // the projected CRS's linear unit (1 for metres; 1 when there is no CRS)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Whether two CRS definitions (WKT) are the same CRS; two empty definitions count as the same.
bool same_crs(const std::string& wkt_a, const std::string& wkt_b);

// The WKT of an EPSG CRS (e.g. 4326), from PROJ's database; InputError for an unknown code.
std::string crs_wkt_from_epsg(int code);

// Throws InputError unless `b` has the grid and CRS of `a` (same size, origin and cell size to 1e-6 of a cell),
// naming both files and what differs: per-pixel operations need aligned grids (gdalwarp aligns them).
void require_aligned(const GdalRaster& a, const GdalRaster& b);

// A small block cache (GDAL_CACHEMAX): rasters are read block by block, once, so a large cache only costs memory.
void set_gdal_cache_bytes(std::int64_t bytes);

// Threads GDAL uses to compress tiles on write and to decompress them on multi-tile reads (GDAL_NUM_THREADS);
// 0 = every core.
void set_gdal_threads(int threads);

}  // namespace eb::io

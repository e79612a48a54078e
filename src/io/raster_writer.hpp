// Writes a single-band raster as a tiled (256 x 256), DEFLATE-compressed (level 1, all cores) GeoTIFF that QGIS, GDAL
// and Python read directly, to any path GDAL writes (/vsimem/ included). Written to "<path>.part" (a COG first to
// "<path>.tiled.part") and published on `commit()` as every final output is (io::AtomicFile: fsync, rename), so a
// failed or interrupted run never leaves a half-written file under the final name; a killed run's .part files are
// removed by the next writer of the same path.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "engine/raster/grid.hpp"

namespace eb::io {

enum class RasterType { float32, byte };

// tiled: a tiled GeoTIFF, written as computed. cog: a Cloud Optimized GeoTIFF with overviews (average for Float32,
// nearest for Byte class codes, so no class is invented), made from the tiled file on commit: one more pass.
enum class RasterLayout { tiled, cog };

class RasterWriter {
 public:
  // `crs_wkt` may be empty. Float32 rasters use NaN as nodata, Byte rasters 255 (bytes are class codes 0..254).
  RasterWriter(const std::string& path, const engine::raster::Grid& grid, const std::string& crs_wkt, RasterType type,
               const std::string& description, RasterLayout layout = RasterLayout::tiled);
  ~RasterWriter();  // removes the .part file unless committed
  RasterWriter(const RasterWriter&) = delete;
  RasterWriter& operator=(const RasterWriter&) = delete;

  // Writes `window` (row-major values; invalid cells become nodata).
  void write(const engine::raster::Window& window, std::span<const double> values, std::span<const std::uint8_t> valid);
  void commit();  // flushes, closes (for COG: converts) and renames to the final path

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eb::io

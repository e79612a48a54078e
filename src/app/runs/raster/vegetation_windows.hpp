// `raster ndvi` one window at a time, for a cluster (ecobarrier.dask.ndvi): each task computes full-width rows
// [row_begin, row_end) of the NDVI with the CLI's kernel and writes them as a tile of their own (a GeoTIFF on the
// window's grid); the client assembles the tiles into a VRT (and a COG if asked). Cells are independent, so the
// assembled raster equals `raster ndvi`'s output value for value.
#pragma once

#include <cstdint>
#include <string>

#include "app/runs/raster/vegetation.hpp"

namespace eb::app::runs {

// Writes the tile to `tile_path` (tiled GeoTIFF, Float32, NaN nodata) and returns its valid cells.
std::int64_t ndvi_window(const NdviRequest& req, int row_begin, int row_end, const std::string& tile_path);

}  // namespace eb::app::runs

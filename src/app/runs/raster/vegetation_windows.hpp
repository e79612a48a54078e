// `raster ndvi` one window at a time, for a cluster (ecobarrier.dask.ndvi): each task computes full-width rows
// [row_begin, row_end) of the NDVI with the CLI's kernel and writes them as a tile of their own (a GeoTIFF on the
// window's grid); the client assembles the tiles into a VRT (and a COG if asked). Cells are independent, so the
// assembled raster equals `raster ndvi`'s output value for value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/runs/raster/vegetation.hpp"
#include "engine/raster/vegetation_kernel.hpp"

namespace eb::app::runs {

// Writes the tile to `tile_path` (tiled GeoTIFF, Float32, NaN nodata) and returns its valid cells.
std::int64_t ndvi_window(const NdviRequest& req, int row_begin, int row_end, const std::string& tile_path);

// `raster fvc` in windows (ecobarrier.dask.fvc), the windows full-width rows [row_begin, row_end) of whole block
// rows. Without given endpoints, the exact percentiles of run_fvc in two passes over all windows: each window's
// NDVI histogram (fvc_count_window), summed (merge_fvc_counts); the values of the bins that hold the percentiles
// (fvc_collect_window, which plans from the summed counts); both into the endpoints on the client
// (fvc_endpoints_of: soil, veg, percentile fields of the FvcResult). Then each window's FVC (and grades, NDVI)
// written as tiles on its rows (fvc_window: req's output paths are the tiles' paths), returning its cover sums.
// The percentiles equal run_fvc's exactly (the same order statistics), so the tiles equal its rasters value for
// value; the areas are sums in another order.
std::string fvc_count_window(const FvcRequest& req, int row_begin, int row_end);
std::string merge_fvc_counts(const std::vector<std::string_view>& partials);
std::string fvc_collect_window(const FvcRequest& req, std::string_view counts, int row_begin, int row_end);
FvcResult fvc_endpoints_of(const FvcRequest& req, std::string_view counts, const std::vector<std::string_view>& kept);
engine::raster::CoverSums fvc_window(const FvcRequest& req, double soil, double veg, int row_begin, int row_end);

}  // namespace eb::app::runs

// Per-pixel trend over annual rasters: Theil-Sen slope and Mann-Kendall Z, and the area that is degrading, stable
// or improving at a confidence level (the productivity-trajectory sub-indicator of SDG 15.3.1; docs/raster.md).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "app/runs/raster/raster_inputs.hpp"

namespace eb::app::runs {

struct TrendRequest {
  std::vector<std::string> years;  // one raster per year, oldest first
  std::string slope_out, z_out, class_out;
  double confidence = 0.95;
  int min_years = 3;
  bool class_names_zh = true;  // the language of the class names written with a class raster (--lang)
};
struct TrendResult {
  std::size_t years = 0;
  double confidence = 0;
  std::array<double, 4> class_area_m2{};  // by class: 1 degrading, 2 stable, 3 improving
};
TrendResult run_trend(const TrendRequest& req, const RunEnv& env);
// run_trend on full-width rows [row_begin, row_end) only, for a cluster (ecobarrier.dask.trend): the outputs of
// `req` are tiles on those rows' grid (GeoTIFF; no class table), the class areas those of the window's cells. The
// cells are independent, so tiles assembled in place equal run_trend's outputs value for value.
TrendResult trend_window(const TrendRequest& req, int row_begin, int row_end);
Document trend_document(const TrendResult& r, Lang lang);

}  // namespace eb::app::runs

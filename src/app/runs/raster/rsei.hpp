// The Remote Sensing Ecological Index (Xu 2013): PCA of greenness, wetness, heat and dryness, from six reflectance
// bands or from the four indicator rasters, with the loadings, PC1's contribution and the area of every grade.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/runs/raster/raster_inputs.hpp"
#include "engine/raster/rsei.hpp"

namespace eb::app::runs {

struct RseiRequest {
  std::string ndvi, wet, lst, ndbsi, mask, output, grades_output, sensor = "landsat8_oli", scheme = "rsei5";
  std::vector<std::string> bands;  // blue, green, red, NIR, SWIR1, SWIR2 reflectance
  bool water_mask = true;
  bool class_names_zh = true;  // the language of the class names written with a class raster (--lang)
};
struct RseiResult {
  engine::raster::RseiModel model;
  GradeAreas grades;
  double mean_rsei = 0;          // area-weighted
  bool water_masked = false;     // from bands with the water mask
  std::int64_t water_cells = 0;  // left out as water (MNDWI > 0)
};
RseiResult run_rsei(const RseiRequest& req, const RunEnv& env);
// Parts "loadings", "components" and "grades".
Document rsei_document(const RseiResult& r, Lang lang);

}  // namespace eb::app::runs

// Vegetation from rasters: NDVI from red and near-infrared, fractional vegetation cover (dimidiate pixel model)
// with its grades, and the grading of any raster, each with the area of every grade (docs/raster.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/runs/raster/raster_inputs.hpp"
#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "standards/vegetation.hpp"

namespace eb::app::runs {

struct NdviRequest {
  std::string red, nir, output;
  int red_band = 1, nir_band = 1;
};
struct NdviResult {
  std::string output;
  std::int64_t valid_cells = 0;
};
NdviResult run_ndvi(const NdviRequest& req, const RunEnv& env);
Document ndvi_document(const NdviResult& r, Lang lang);

struct FvcRequest {
  std::string ndvi, red, nir, ndvi_output, output, grades_output, mask,
      scheme = std::string(standards::kDefaultFvcScheme);
  int red_band = 1, nir_band = 1;
  std::optional<double> soil, veg;  // given endpoints; otherwise the percentiles of the valid cells
  std::vector<double> percentiles = {5, 95};
  bool class_names_zh = true;  // the language of the class names written with a class raster (--lang)
};
struct FvcResult {
  double soil = 0, veg = 0;      // NDVI_soil and NDVI_veg used
  bool endpoints_given = false;  // from the request, not from percentiles
  double percentile_lo = 0, percentile_hi = 0;
  std::int64_t percentile_cells = 0;  // valid cells the percentiles were taken over
  GradeAreas grades;
  double mean_cover = 0;  // area-weighted mean FVC (NaN without valid cells)
};
FvcResult run_fvc(const FvcRequest& req, const RunEnv& env);
Document fvc_document(const FvcResult& r, Lang lang);

struct ClassifyRequest {
  std::string input, output, scheme;
  std::vector<double> breaks;
  int band = 1;
  bool class_names_zh = true;  // the language of the class names written with a class raster (--lang)
};
struct ClassifyResult {
  GradeAreas grades;
};
ClassifyResult run_classify(const ClassifyRequest& req, const RunEnv& env);
Document classify_document(const ClassifyResult& r, Lang lang);

}  // namespace eb::app::runs

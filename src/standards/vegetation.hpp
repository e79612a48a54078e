// Vegetation-cover rules: the dimidiate pixel model for fractional vegetation cover (FVC) and grading schemes
// by FVC. The schemes are data (data/standards/fvc_grades.csv): there is no national standard for
// desertification grades by FVC, so the default is a documented project choice (docs/raster.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eb::standards {

// NDVI = (NIR - Red) / (NIR + Red) on surface reflectance (STANDARDS.md 6.2; products' scale factors are applied
// before, by the raster reader). NaN when either is NaN or the sum is 0.
double ndvi(double red, double nir);

// FVC = (NDVI - NDVI_soil) / (NDVI_veg - NDVI_soil) (STANDARDS.md 6.1); `fvc` clips it to [0, 1].
// NaN when NDVI is NaN or NDVI_veg <= NDVI_soil.
double fvc_raw(double ndvi, double ndvi_soil, double ndvi_veg);
double fvc(double ndvi, double ndvi_soil, double ndvi_veg);

struct Grade {
  int code = 0;
  double lower = 0;  // inclusive; -inf for the first grade
  double upper = 0;  // exclusive; +inf for the last grade
  std::string name_zh, name_en;
};

struct GradeScheme {
  std::string id;
  std::string source;
  std::vector<Grade> grades;  // ascending, contiguous
  // The grade whose [lower, upper) holds `value`; nullopt for NaN.
  std::optional<int> classify(double value) const;
  const Grade* find(int code) const;
};

inline constexpr std::string_view kDefaultFvcScheme = "desertification_fvc5";
// Throws std::invalid_argument naming the known schemes when `id` is not one of them.
const GradeScheme& fvc_grade_scheme(std::string_view id = kDefaultFvcScheme);
std::vector<std::string> fvc_grade_scheme_ids();

}  // namespace eb::standards

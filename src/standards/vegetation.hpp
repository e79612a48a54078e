// Vegetation-cover rules: NDVI and the dimidiate pixel model for fractional vegetation cover (FVC). FVC grades
// are grading schemes (standards/grade_scheme.hpp): there is no national standard for desertification grades by
// FVC, so the default is a documented project choice (docs/raster.md).
#pragma once

#include <string_view>

namespace eb::standards {

// NDVI = (NIR - Red) / (NIR + Red) on surface reflectance (STANDARDS.md 6.2; products' scale factors are applied
// before, by the raster reader). NaN when either is NaN or the sum is 0.
double ndvi(double red, double nir);

// FVC = (NDVI - NDVI_soil) / (NDVI_veg - NDVI_soil) (STANDARDS.md 6.1); `fvc` clips it to [0, 1].
// NaN when NDVI is NaN or NDVI_veg <= NDVI_soil.
double fvc_raw(double ndvi, double ndvi_soil, double ndvi_veg);
double fvc(double ndvi, double ndvi_soil, double ndvi_veg);

// The default grading of FVC (data/standards/grade_schemes.csv): desertification grades, a project choice.
inline constexpr std::string_view kDefaultFvcScheme = "desertification_fvc5";

}  // namespace eb::standards

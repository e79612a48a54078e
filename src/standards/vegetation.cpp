#include "standards/vegetation.hpp"

#include <cmath>
#include <limits>

namespace eb::standards {

double ndvi(double red, double nir) {
  const double sum = nir + red;
  if (std::isnan(sum) || sum == 0) return std::numeric_limits<double>::quiet_NaN();
  return (nir - red) / sum;
}

double fvc_raw(double ndvi, double ndvi_soil, double ndvi_veg) {
  if (std::isnan(ndvi) || !(ndvi_veg > ndvi_soil)) return std::numeric_limits<double>::quiet_NaN();
  return (ndvi - ndvi_soil) / (ndvi_veg - ndvi_soil);
}

double fvc(double ndvi, double ndvi_soil, double ndvi_veg) {
  const double raw = fvc_raw(ndvi, ndvi_soil, ndvi_veg);
  if (std::isnan(raw)) return raw;
  return raw < 0 ? 0.0 : (raw > 1 ? 1.0 : raw);
}

}  // namespace eb::standards

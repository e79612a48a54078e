// The indicators of the Remote Sensing Ecological Index (Xu Hanqiu 2013; STANDARDS.md 6.3): wetness (tasselled-cap
// WET), dryness NDBSI = (SI + IBI) / 2 from the bare-soil index SI and the index-based built-up index IBI. Inputs are
// surface reflectances 0..1. The tasselled-cap coefficients are data (data/standards/tasseled_cap_wetness.csv).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace eb::standards {

// Landsat-style reflective bands, in this order everywhere: blue, green, red, NIR, SWIR1, SWIR2.
struct Reflectance {
  double blue = 0, green = 0, red = 0, nir = 0, swir1 = 0, swir2 = 0;
};

struct WetnessCoefficients {
  std::string sensor;
  std::array<double, 6> c{};  // blue, green, red, NIR, SWIR1, SWIR2
  std::string source;
  double wetness(const Reflectance& r) const {
    return c[0] * r.blue + c[1] * r.green + c[2] * r.red + c[3] * r.nir + c[4] * r.swir1 + c[5] * r.swir2;
  }
};

// Throws std::invalid_argument naming the known sensors.
const WetnessCoefficients& wetness_coefficients(std::string_view sensor);
std::vector<std::string> wetness_sensors();

// SI = [(SWIR1 + Red) - (Blue + NIR)] / [(SWIR1 + Red) + (Blue + NIR)]
double soil_index(const Reflectance& r);
// IBI = {2 SWIR1/(SWIR1 + NIR) - [NIR/(NIR + Red) + Green/(Green + SWIR1)]} /
//       {2 SWIR1/(SWIR1 + NIR) + [NIR/(NIR + Red) + Green/(Green + SWIR1)]}
double built_up_index(const Reflectance& r);
// NDBSI = (SI + IBI) / 2 (Xu's definition, not the simplified index some scripts call NDBSI).
double ndbsi(const Reflectance& r);

}  // namespace eb::standards

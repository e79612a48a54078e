#include "standards/rsei.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "standards/tables.hpp"

namespace eb::standards {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// a / b, NaN when b is 0 (a ratio of reflectances with a zero denominator has no value).
double ratio(double a, double b) { return b == 0 ? kNaN : a / b; }

const std::map<std::string, WetnessCoefficients, std::less<>>& all_wetness() {
  static const auto all = [] {
    std::map<std::string, WetnessCoefficients, std::less<>> out;
    const DataTable& t = DataTable::get("tasseled_cap_wetness.csv");
    static constexpr const char* kBands[] = {"blue", "green", "red", "nir", "swir1", "swir2"};
    for (std::size_t r = 0; r < t.size(); ++r) {
      WetnessCoefficients w;
      w.sensor = t.at(r, "sensor");
      for (std::size_t b = 0; b < 6; ++b) w.c[b] = t.number(r, kBands[b]);
      w.source = t.at(r, "source");
      out.emplace(w.sensor, w);
    }
    return out;
  }();
  return all;
}
}  // namespace

const WetnessCoefficients& wetness_coefficients(std::string_view sensor) {
  const auto& all = all_wetness();
  const auto it = all.find(sensor);
  if (it == all.end()) {
    std::string known;
    for (const auto& [name, w] : all) known += (known.empty() ? "" : ", ") + name;
    throw std::invalid_argument("unknown sensor \"" + std::string(sensor) + "\" for wetness (known: " + known + ")");
  }
  return it->second;
}

std::vector<std::string> wetness_sensors() {
  std::vector<std::string> out;
  for (const auto& [name, w] : all_wetness()) out.push_back(name);
  return out;
}

double soil_index(const Reflectance& r) {
  const double a = r.swir1 + r.red, b = r.blue + r.nir;
  return ratio(a - b, a + b);
}

double built_up_index(const Reflectance& r) {
  const double built = 2 * ratio(r.swir1, r.swir1 + r.nir);
  const double green = ratio(r.nir, r.nir + r.red) + ratio(r.green, r.green + r.swir1);
  return ratio(built - green, built + green);
}

double ndbsi(const Reflectance& r) { return (soil_index(r) + built_up_index(r)) / 2; }

}  // namespace eb::standards

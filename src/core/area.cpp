#include "core/area.hpp"

namespace eb {

AreaFactor square_metres_per(AreaUnit u) {
  switch (u) {
    case AreaUnit::m2:
      return {1, 1};
    case AreaUnit::mu:
      return {2000, 3};
    case AreaUnit::ha:
      return {10000, 1};
    case AreaUnit::km2:
      return {1000000, 1};
    case AreaUnit::international_acre:
      return {40468564224, 10000000};
  }
  return {1, 1};
}

std::optional<AreaUnit> parse_area_unit(std::string_view t) {
  if (t == "m2" || t == "m²" || t == "平方米") return AreaUnit::m2;
  if (t == "mu" || t == "亩") return AreaUnit::mu;
  if (t == "ha" || t == "公顷") return AreaUnit::ha;
  if (t == "km2" || t == "km²" || t == "平方公里" || t == "平方千米") return AreaUnit::km2;
  if (t == "acre" || t == "acres") return AreaUnit::international_acre;
  return std::nullopt;
}

double convert_area(double value, AreaUnit from, AreaUnit to) {
  const AreaFactor f = square_metres_per(from);
  const AreaFactor g = square_metres_per(to);
  // value * (f.num/f.den) / (g.num/g.den) = value * (f.num*g.den) / (f.den*g.num); the products fit in
  // long double's 64-bit mantissa for every pair above, so only the last division rounds.
  const long double num = static_cast<long double>(f.num) * static_cast<long double>(g.den);
  const long double den = static_cast<long double>(f.den) * static_cast<long double>(g.num);
  return static_cast<double>(static_cast<long double>(value) * num / den);
}

}  // namespace eb

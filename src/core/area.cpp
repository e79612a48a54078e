#include "core/area.hpp"

#include <algorithm>
#include <cstdint>

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

namespace {
__extension__ typedef __int128 int128;  // GCC/Clang; exact products of a decimal's digits and a unit factor

// Micro-mu per unit as an exact fraction (num/den): 1 m² = 1500 micro-mu.
AreaFactor micro_mu_per(AreaUnit u) {
  const AreaFactor f = square_metres_per(u);
  return {f.num * 1500, f.den};
}
}  // namespace

double ExactArea::in(AreaUnit unit) const {
  const AreaFactor f = micro_mu_per(unit);
  return static_cast<double>(static_cast<long double>(micro_mu) * f.den / f.num);
}

std::optional<ExactArea> parse_exact_area(std::string_view text, AreaUnit unit) {
  if (text.empty()) return std::nullopt;
  int128 digits = 0;
  int decimals = -1;
  for (char c : text) {
    if (c == '.') {
      if (decimals >= 0) return std::nullopt;
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    digits = digits * 10 + (c - '0');
    if (decimals >= 0) ++decimals;
    if (digits > (static_cast<int128>(1) << 100)) return std::nullopt;
  }
  if (decimals == 0) return std::nullopt;  // "12." is not a plain decimal
  int128 scale = 1;
  for (int i = 0; i < std::max(decimals, 0); ++i) scale *= 10;
  const AreaFactor f = micro_mu_per(unit);
  const int128 num = digits * f.num, den = scale * f.den;
  int128 micro = num / den;
  if (num % den != 0) {
    if (unit != AreaUnit::international_acre) return std::nullopt;  // more precision than a micro-mu
    if (2 * (num % den) >= den) ++micro;                            // acres: nearest micro-mu
  }
  if (micro > static_cast<int128>(INT64_MAX)) return std::nullopt;
  return ExactArea{static_cast<std::int64_t>(micro)};
}

}  // namespace eb

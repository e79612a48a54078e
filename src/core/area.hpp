// Area units. Chinese land statistics count in mu (亩): 1 mu = 10000/15 m² exactly, so conversions
// are kept as exact rationals and only turned into floating point at the end.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace eb {

enum class AreaUnit : std::uint8_t { m2, mu, ha, km2, international_acre };

// Square metres per unit as an exact fraction num/den.
struct AreaFactor {
  std::int64_t num;
  std::int64_t den;
};
AreaFactor square_metres_per(AreaUnit u);

// "m2", "m²", "mu", "亩", "ha", "公顷", "km2", "km²", "平方公里", "acre" (international acre).
// Note: "acres" in English versions of Chinese reports usually mean mu; callers decide.
std::optional<AreaUnit> parse_area_unit(std::string_view text);

// Converts value in `from` to `to` with a single rounding at the end.
double convert_area(double value, AreaUnit from, AreaUnit to);

}  // namespace eb

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

// An area held exactly, as an integer count of micro-mu (10^-6 亩 = 1/1500 m²): ledger entries in 亩, ha, km² and
// m² with up to 6, 7, 9 and 2 decimals convert without rounding, and sums of them stay exact (int64: up to
// 9.2 x 10^12 亩). International acres (4046.8564224 m²) are rounded to the nearest micro-mu.
struct ExactArea {
  std::int64_t micro_mu = 0;
  double in(AreaUnit unit) const;  // one rounding, at the end
  ExactArea& operator+=(ExactArea o) {
    micro_mu += o.micro_mu;
    return *this;
  }
  friend ExactArea operator+(ExactArea a, ExactArea b) { return a += b; }
  friend ExactArea operator-(ExactArea a, ExactArea b) { return {a.micro_mu - b.micro_mu}; }
  friend bool operator==(ExactArea a, ExactArea b) { return a.micro_mu == b.micro_mu; }
};

// Parses a plain non-negative decimal ("1234", "12.5") in `unit`. Nothing for other text, for more precision than
// a micro-mu holds, or for more than 9.2 x 10^12 亩.
std::optional<ExactArea> parse_exact_area(std::string_view decimal, AreaUnit unit);

}  // namespace eb

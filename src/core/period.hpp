// Reporting periods: a year, a month, a quarter or an explicit range of Beijing calendar days.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/civil_time.hpp"

namespace eb {

struct Period {
  CivilDate first;  // first day, inclusive
  CivilDate last;   // last day, inclusive
  std::string label;
  // [start of first day, start of the day after last) as instants.
  EpochSeconds begin() const { return beijing_to_epoch({first, 0, 0, 0}); }
  EpochSeconds end() const { return beijing_to_epoch({civil_from_days(days_from_civil(last) + 1), 0, 0, 0}); }
  std::int64_t days() const { return days_from_civil(last) - days_from_civil(first) + 1; }
};

// "2019", "2019-03", "2019Q1" (or "2019-Q1"), "2019-01-01..2019-06-30"; nothing if malformed or empty.
std::optional<Period> parse_period(std::string_view text);

}  // namespace eb

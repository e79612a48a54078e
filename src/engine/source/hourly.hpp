// Hourly values of a pollution-source outlet (stack CEMS or wastewater outlet), as the HJ 212 receiver stores them:
// one row per hour and pollutant. The engine reads them; it never does I/O.
#pragma once

#include <limits>
#include <string>

#include "core/civil_time.hpp"

namespace eb::engine::source {

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

struct HourlyValue {
  EpochSeconds hour = 0;     // the hour's stamp (HJ 212 DataTime of the hourly value), on the hour
  std::string pollutant;     // HJ 212-2017 code (a 2005 code is accepted and mapped)
  double value = kNoValue;   // measured concentration (actual O2, dry, standard state); NaN = missing
  double o2 = kNoValue;      // measured O2 in %, dry flue gas; NaN = not measured (water: unused)
  double flow = kNoValue;    // flow of the hour (m³/h, or the unit the load call names); NaN = missing
  char flag = 'N';           // HJ 212 data flag; '\0' = none sent (counts as N)
  bool invalidated = false;  // left out by data review (an excluding review mark, docs/review.md)
};

}  // namespace eb::engine::source

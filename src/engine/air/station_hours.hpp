// Hourly concentrations of one station on a regular grid of whole Beijing days, the input of the air engine.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_time.hpp"

namespace eb::engine::air {

// The six pollutants of HJ 633 / HJ 663, in reporting order.
enum class Pollutant : std::uint8_t { PM25, PM10, SO2, NO2, CO, O3 };
inline constexpr std::size_t kPollutants = 6;
inline constexpr std::array<std::string_view, kPollutants> kPollutantCodes = {"PM2.5", "PM10", "SO2",
                                                                              "NO2",   "CO",   "O3"};
inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
inline bool present(double v) { return !std::isnan(v); }

struct StationHours {
  std::string station;
  CivilDate first_day;  // hour slot 0 is 00:00 of this day (Beijing)
  std::size_t days = 0;
  // Per pollutant, days * 24 hourly means; NaN = missing. CO in mg/m³, the rest µg/m³.
  std::array<std::vector<double>, kPollutants> hourly;
  // Published SO2 24-hour moving means (for the HJ 633-2012 rule SO2 1-h > 800); NaN where not given.
  std::vector<double> so2_24h;
  // Per day: 1 when the day is flagged as a sand/dust event.
  std::vector<std::uint8_t> dust;

  StationHours() = default;
  StationHours(std::string code, CivilDate first, std::size_t n_days);
  std::size_t hours() const { return days * 24; }
  EpochSeconds time_of(std::size_t hour) const;
  // Slot of an instant, or -1 when it is outside the grid or not on the hour.
  long slot_of(EpochSeconds t) const;
};

}  // namespace eb::engine::air

// Daily values from hourly data with the validity rules of GB 3095 Table 4 and HJ 663: a daily mean needs
// at least 20 hourly values; an 8-hour O3 mean at least 6 of its 8 hours; the daily maximum 8-hour O3 is the
// largest of the 17 windows ending 08:00 ... 24:00 (hours 0-7 ... 16-23 of the day) and needs at least 14
// valid windows, unless it exceeds the limit anyway (then it stands, as an exceedance).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/air/aqi_kernel.hpp"
#include "engine/air/station_hours.hpp"

namespace eb::engine::air {

// Daily items, in the order of kDailyNames: the five 24-hour means, then O3 daily max 8-h and max 1-h.
enum class DailyItem : std::uint8_t { PM25, PM10, SO2, NO2, CO, O3_8H, O3_1H };
inline constexpr std::size_t kDailyItems = 7;

struct DailyValues {
  std::string code;
  CivilDate first_day;
  std::size_t days = 0;
  // Per item, one value per day; NaN = not valid.
  std::array<std::vector<double>, kDailyItems> value;
  // Per item and day: hours (means, O3 max 1-h), valid 8-hour windows (O3_8H), or sites (aggregates) behind it.
  std::array<std::vector<std::uint8_t>, kDailyItems> count;
  std::vector<std::uint8_t> dust;  // 1: a sand/dust event day

  DailyValues() = default;
  DailyValues(std::string code_, CivilDate first, std::size_t n_days);
  CivilDate day(std::size_t i) const { return civil_from_days(days_from_civil(first_day) + static_cast<long>(i)); }
};

// `o3_8h_limit`: the 8-hour limit (µg/m³) for the exception to the 14-window rule (160 for Class 2 zones).
DailyValues daily_values(const StationHours& s, double o3_8h_limit);

// The daily values of one day from its 24 hourly values per pollutant, written into d at index `day`.
void daily_values_of_day(const std::array<const double*, kPollutants>& hours, double o3_8h_limit, DailyValues& d,
                         std::size_t day);

// City (or region) daily values: the mean of the valid values of its members, day by day and item by item
// (count = members that had a valid value). All members must share first_day and days.
DailyValues mean_of(std::string code, const std::vector<const DailyValues*>& members);

// Daily AQI report for each day (2012: seven sub-indices; 2026: six, without O3 1-h).
AqiColumns daily_aqi(const DailyValues& d, const AqiKernel& kernel);
// The same over `days` rows given as columns in the order of kDailyItems (a null column: missing throughout), into
// `out` (resized to `days`): for callers whose daily values are not a DailyValues (the Python module's arrays).
void daily_aqi(const std::array<const double*, kDailyItems>& values, std::size_t days, const AqiKernel& kernel,
               AqiColumns& out);

}  // namespace eb::engine::air

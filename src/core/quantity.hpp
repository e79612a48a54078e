// The vocabulary of observed quantities: parameters, their units and averaging periods.
// One home for it: ingest, store, engines and output all name quantities through this table.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace eb {

// ug_l, mpn_100ml (also CFU/100mL), cfu_ml, bq_l, ntu and pt_co (platinum-cobalt colour units) are the units of
// GB/T 14848-2017 (groundwater).
enum class Unit : std::uint8_t {
  none,
  ug_m3,
  mg_m3,
  deg_c,
  hpa,
  mm,
  m_s,
  mg_l,
  count_l,
  metre,
  mg_kg,
  ug_l,
  mpn_100ml,
  cfu_ml,
  bq_l,
  ntu,
  pt_co
};

// Canonical symbol as stored in the workspace ("µg/m³", "mg/m³", "" for dimensionless).
std::string_view unit_symbol(Unit u);
// Accepts the common spellings: µg/m³, μg/m³ (Greek mu), ug/m3, ug/m^3, mg/m3, °C, degC, hPa, mm, m/s, mg/kg;
// "", "-" and "1" mean dimensionless.
std::optional<Unit> parse_unit(std::string_view text);
// Multiplier taking a value in `from` to `to`; nothing when the units measure different things. Mass per volume
// converts across mg/L, µg/L and mg/m³ (1 µg/L = 1 mg/m³ = 0.001 mg/L); counts per volume across 个/L,
// MPN/100mL and CFU/mL (1 per 100 mL = 10 per L).
std::optional<double> unit_factor(Unit from, Unit to);

// How a value was averaged. CNEMC publishes several of these side by side for one station and hour.
enum class Averaging : std::uint8_t {
  hour1,        // "1h": the hourly mean
  moving24h,    // "24h": mean of the 24 hourly values ending at the stamped hour
  moving8h,     // "8h": mean of the 8 hourly values ending at the stamped hour
  max1h_24h,    // "24h_max_1h": largest hourly value in the 24 hours ending at the stamped hour
  max8h_24h,    // "24h_max_8h": largest 8-hour moving mean in the 24 hours ending at the stamped hour
  daily,        // "day": mean of a Beijing calendar day (hours 0-23), stamped at 00:00 of the day
  daily_max8h,  // "day_max_8h": the day's largest 8-hour moving mean (O3), stamped at 00:00
  daily_max1h,  // "day_max_1h": the day's largest hourly value (O3), stamped at 00:00
  sample,       // "sample": one water sample, taken at the stamped time (no regular calendar)
};

std::string_view averaging_code(Averaging a);
std::optional<Averaging> parse_averaging(std::string_view code);
// Step of the regular calendar the series is expected on (3600 or 86400 seconds; 0 for samples).
int averaging_step_seconds(Averaging a);

// What a parameter is measured in: ambient air (with the weather at air stations), surface water, soil,
// groundwater, or an emission (stack gas, wastewater outlet).
enum class Medium : std::uint8_t { air, water, soil, groundwater, emission };
std::string_view medium_code(Medium m);
std::optional<Medium> parse_medium(std::string_view code);

// One parameter of the vocabulary (standards/parameters.hpp: data/standards/parameters.csv).
struct ParameterInfo {
  std::string_view code;  // canonical code stored in the workspace
  std::string_view name_zh;
  std::string_view name_en;
  Unit unit;          // canonical unit
  bool non_negative;  // a negative value is impossible (concentrations, rain)
  Medium medium = Medium::air;
  std::string_view hj212;  // HJ 212-2017 code(s) where known ("|"-separated), else empty
};

}  // namespace eb

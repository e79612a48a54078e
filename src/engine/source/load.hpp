// Emission loads (flow x concentration) per outlet and year, aggregated per enterprise or any other unit, and the
// progress against an emission-reduction target. Rules: docs/sources_emission.md.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/source/hourly.hpp"

namespace eb::engine::source {

enum class Medium { gas, water };  // gas: concentrations in mg/m³; water: in mg/L
enum class FlowUnit { m3_per_hour, m3_per_second, litre_per_second };
// "m³/h", "m3/h", "m³/s", "m3/s", "L/s", "l/s"; nothing otherwise.
std::optional<FlowUnit> parse_flow_unit(std::string_view text);

// The mass emitted in one hour, in kg: concentration x flow x 1 h. Gas: mg/m³ x m³/h x 1 h = mg -> kg (x 1e-6);
// water: mg/L x m³/h x 1 h x 1000 L/m³ -> kg (x 1e-3); L/s x 3600 s. NaN when either is NaN; flow < 0 or
// concentration < 0 give NaN too (not a load).
double hourly_load_kg(double concentration, double flow, FlowUnit unit, Medium medium);

struct OutletLoad {
  std::string outlet, pollutant;  // HJ 212-2017 code
  int year = 0;                   // Beijing civil year of the hours
  double kg = 0;                  // sum over the hours used
  int hours = 0;                  // rows seen
  int hours_used = 0;             // valid flag, value and flow present
  int hours_excluded = 0;         // excluded or unknown flag
  int hours_invalidated = 0;      // left out by data review
  int hours_missing = 0;          // valid flag but no value or no flow
};

// The yearly load of each pollutant of one outlet. The load uses the measured concentration (not converted to
// reference O2: the flow is the actual dry flow, HJ 75-2017). Only codes with a mass concentration count
// (standards::Hj212Code::has_load: not pH, O2, flow, temperature). Excluded and missing hours add nothing (no
// substitution); their counts say how much is missing. Sorted by pollutant, then year.
// Throws std::invalid_argument on two rows for the same pollutant and hour.
std::vector<OutletLoad> annual_loads(std::string_view outlet, std::span<const HourlyValue> series, Medium medium,
                                     FlowUnit unit);

struct GroupLoad {
  std::string group, pollutant;
  int year = 0;
  double kg = 0;
  int outlets = 0;
  int hours_used = 0, hours_excluded = 0, hours_invalidated = 0, hours_missing = 0;
};

// Sums outlet loads per (group_of(outlet), pollutant, year): per enterprise, banner, league, ... An outlet whose
// group is empty is left out. Sorted by group, pollutant, year.
std::vector<GroupLoad> aggregate_loads(std::span<const OutletLoad> loads,
                                       const std::function<std::string(std::string_view outlet)>& group_of);

// Progress against a reduction target: achieved % = (base - current) / base x 100; met when current <= base x
// (1 - target / 100) (equivalently achieved >= target). Throws std::invalid_argument for a base <= 0 or not finite,
// a negative or non-finite current load, or a target outside [0, 100].
struct TargetProgress {
  double base_kg = 0, current_kg = 0, target_pct = 0;
  double achieved_pct = 0;  // negative when the load grew
  double target_kg = 0;     // the load that meets the target
  double remaining_kg = 0;  // how much more must go (0 when met)
  bool met = false;
};
TargetProgress target_progress(double base_kg, double current_kg, double target_pct);

}  // namespace eb::engine::source

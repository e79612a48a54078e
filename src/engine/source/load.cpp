#include "engine/source/load.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <tuple>

#include "engine/source/series.hpp"
#include "standards/emission.hpp"

namespace eb::engine::source {

std::optional<FlowUnit> parse_flow_unit(std::string_view text) {
  if (text == "m³/h" || text == "m3/h") return FlowUnit::m3_per_hour;
  if (text == "m³/s" || text == "m3/s") return FlowUnit::m3_per_second;
  if (text == "L/s" || text == "l/s") return FlowUnit::litre_per_second;
  return std::nullopt;
}

double hourly_load_kg(double concentration, double flow, FlowUnit unit, Medium medium) {
  if (!(concentration >= 0) || !(flow >= 0) || !std::isfinite(concentration) || !std::isfinite(flow))
    return std::numeric_limits<double>::quiet_NaN();
  // Volume over the hour in m³.
  double m3 = flow;
  if (unit == FlowUnit::m3_per_second) m3 = flow * 3600.0;
  if (unit == FlowUnit::litre_per_second) m3 = flow * 3600.0 / 1000.0;
  // mg per m³ of the concentration's volume unit: gas mg/m³ as is, water mg/L x 1000 L/m³.
  const double mg = medium == Medium::gas ? concentration * m3 : concentration * m3 * 1000.0;
  return mg * 1e-6;
}

std::vector<OutletLoad> annual_loads(std::string_view outlet, std::span<const HourlyValue> series, Medium medium,
                                     FlowUnit unit) {
  std::vector<OutletLoad> out;
  for (const PollutantRows& group : group_by_pollutant(series)) {
    const standards::Hj212Code* code = standards::hj212_code(group.pollutant);
    if (!code || !code->has_load()) continue;
    std::map<int, OutletLoad> by_year;
    for (const HourlyValue* v : group.rows) {
      const int year = epoch_to_beijing(v->hour).date.year;
      OutletLoad& l = by_year[year];
      if (l.hours == 0) {
        l.outlet = outlet;
        l.pollutant = group.pollutant;
        l.year = year;
      }
      ++l.hours;
      if (v->invalidated) {
        ++l.hours_invalidated;
        continue;
      }
      if (standards::hj212_flag_use(v->flag) != standards::FlagUse::valid) {
        ++l.hours_excluded;
        continue;
      }
      const double kg = hourly_load_kg(v->value, v->flow, unit, medium);
      if (std::isnan(kg)) {
        ++l.hours_missing;
        continue;
      }
      ++l.hours_used;
      l.kg += kg;
    }
    for (auto& [year, l] : by_year) out.push_back(std::move(l));
  }
  return out;
}

std::vector<GroupLoad> aggregate_loads(std::span<const OutletLoad> loads,
                                       const std::function<std::string(std::string_view outlet)>& group_of) {
  std::map<std::tuple<std::string, std::string, int>, GroupLoad> by;
  for (const OutletLoad& l : loads) {
    std::string g = group_of(l.outlet);
    if (g.empty()) continue;
    GroupLoad& a = by[{g, l.pollutant, l.year}];
    if (a.outlets == 0) {
      a.group = std::move(g);
      a.pollutant = l.pollutant;
      a.year = l.year;
    }
    ++a.outlets;
    a.kg += l.kg;
    a.hours_used += l.hours_used;
    a.hours_excluded += l.hours_excluded;
    a.hours_invalidated += l.hours_invalidated;
    a.hours_missing += l.hours_missing;
  }
  std::vector<GroupLoad> out;
  for (auto& [key, a] : by) out.push_back(std::move(a));
  return out;
}

TargetProgress target_progress(double base_kg, double current_kg, double target_pct) {
  if (!std::isfinite(base_kg) || base_kg <= 0)
    throw std::invalid_argument("reduction target: the base-year load must be a positive number");
  if (!std::isfinite(current_kg) || current_kg < 0)
    throw std::invalid_argument("reduction target: the current load must be a non-negative number");
  if (!std::isfinite(target_pct) || target_pct < 0 || target_pct > 100)
    throw std::invalid_argument("reduction target: the target must be a percentage in [0, 100]");
  TargetProgress t;
  t.base_kg = base_kg;
  t.current_kg = current_kg;
  t.target_pct = target_pct;
  t.achieved_pct = (base_kg - current_kg) / base_kg * 100.0;
  t.target_kg = base_kg * (1.0 - target_pct / 100.0);
  // A relative tolerance of 1e-12 keeps a load equal to the target (in decimal) from failing on binary rounding.
  t.met = current_kg <= t.target_kg + 1e-12 * base_kg;
  t.remaining_kg = t.met ? 0.0 : current_kg - t.target_kg;
  return t;
}

}  // namespace eb::engine::source

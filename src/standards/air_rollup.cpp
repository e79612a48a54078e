#include "standards/air_rollup.hpp"

#include <stdexcept>

#include "standards/tables.hpp"

namespace eb::standards {

namespace {

const DataTable& table() { return DataTable::get("air_rollup.csv"); }

// The value of a key; one of `choices` when given.
const std::string& value_of(const std::string& key) {
  const DataTable& t = table();
  for (std::size_t r = 0; r < t.size(); ++r)
    if (t.at(r, "key") == key) {
      const std::string& v = t.at(r, "value");
      const std::string& choices = t.at(r, "choices");
      if (!choices.empty() && ("|" + choices + "|").find("|" + v + "|") == std::string::npos)
        throw std::logic_error("air_rollup.csv: " + key + " = " + v + " is not one of " + choices);
      return v;
    }
  throw std::logic_error("air_rollup.csv: no key " + key);
}

double number_of(const std::string& key) {
  const DataTable& t = table();
  for (std::size_t r = 0; r < t.size(); ++r)
    if (t.at(r, "key") == key) return t.number(r, "value");
  throw std::logic_error("air_rollup.csv: no key " + key);
}

}  // namespace

const AirRollupRules& air_rollup_rules() {
  static const AirRollupRules rules = [] {
    AirRollupRules r;
    r.region_figure = value_of("region.figure") == "mean_of_city_figures" ? RegionFigure::mean_of_city_figures
                                                                          : RegionFigure::figures_of_daily_means;
    r.region_uses_reported_city_figures = value_of("region.city_figures") == "reported";
    value_of("city.members");  // checked: one choice today
    value_of("region.members");
    value_of("region.day_counts");
    r.dust.unit = value_of("dust.unit") == "hour" ? DustUnit::hour : DustUnit::day;
    r.dust.day_counts = value_of("dust.day_counts") == "drop_affected_days" ? DustDayCounts::drop_affected_days
                                                                            : DustDayCounts::drop_pm_exceedance_days;
    r.dust.deducted_days_required = value_of("dust.capture") == "deducted_days_missing";
    r.dust.candidate_pm10_min = number_of("dust.candidate_pm10_min");
    r.dust.candidate_pm25_pm10_max = number_of("dust.candidate_pm25_pm10_max");
    return r;
  }();
  return rules;
}

}  // namespace eb::standards

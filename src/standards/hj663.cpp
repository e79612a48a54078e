#include "standards/hj663.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>

#include "standards/tables.hpp"

namespace eb::standards {

std::optional<double> hj663_percentile(std::vector<double> values, int p) {
  if (values.empty()) return std::nullopt;
  const auto n = static_cast<long>(values.size());
  // k - 1 = (n - 1) p / 100 exactly: integer part and fraction from integer arithmetic.
  const long scaled = (n - 1) * p;
  const long s = scaled / 100;  // 0-based index of X(s)
  const double frac = static_cast<double>(scaled % 100) / 100.0;
  // Two order statistics by selection (linear time) instead of a full sort.
  const auto i = static_cast<std::ptrdiff_t>(s);
  std::nth_element(values.begin(), values.begin() + i, values.end());
  const double xs = values[static_cast<std::size_t>(i)];
  if (s + 1 >= n || frac == 0) return xs;
  const double xs1 = *std::min_element(values.begin() + i + 1, values.end());
  return xs + (xs1 - xs) * frac;
}

double round_report(double value, int decimals) {
  // Work on the decimal digits as written: scale, then round half to even with a tolerance for the binary
  // representation of decimal fractions (x.5 stored as x.4999999...).
  const double scale = std::pow(10.0, decimals);
  const double x = value * scale;
  const double fl = std::floor(x);
  const double diff = x - fl;
  double r;
  if (std::abs(diff - 0.5) < 1e-9 * std::max(1.0, std::abs(x)))
    r = std::fmod(fl, 2.0) == 0 ? fl : fl + 1;
  else
    r = std::round(x);
  return r / scale;
}

struct Gb3095Loader {
  static std::map<std::string, std::unique_ptr<Gb3095>, std::less<>> load() {
    std::map<std::string, std::unique_ptr<Gb3095>, std::less<>> out;
    const DataTable& t = DataTable::get("gb3095_limits.csv");
    for (std::size_t r = 0; r < t.size(); ++r) {
      auto& e = out[t.at(r, "edition")];
      if (!e) {
        e = std::make_unique<Gb3095>();
        e->id_ = t.at(r, "edition");
        e->from_ = parse_iso_date(t.at(r, "in_force_from")).value();
      }
      e->rows_.push_back({t.at(r, "pollutant"), t.at(r, "averaging"), t.number(r, "class1"), t.number(r, "class2")});
    }
    return out;
  }
};

namespace {
const std::map<std::string, std::unique_ptr<Gb3095>, std::less<>>& gb3095_editions() {
  static const auto all = Gb3095Loader::load();
  return all;
}

template <class Map, class FromOf>
const auto& latest_in_force(const Map& all, const CivilDate& day, FromOf from_of) {
  const typename Map::mapped_type::element_type* best = nullptr;
  const typename Map::mapped_type::element_type* earliest = nullptr;
  const auto d = days_from_civil(day);
  for (const auto& [id, e] : all) {
    const auto from = days_from_civil(from_of(*e));
    if (!earliest || from < days_from_civil(from_of(*earliest))) earliest = e.get();
    if (from <= d && (!best || from > days_from_civil(from_of(*best)))) best = e.get();
  }
  return best ? *best : *earliest;
}
}  // namespace

const Gb3095& Gb3095::get(std::string_view edition) {
  const auto it = gb3095_editions().find(edition);
  if (it == gb3095_editions().end()) throw std::out_of_range("unknown GB 3095 edition " + std::string(edition));
  return *it->second;
}

const Gb3095& Gb3095::in_force(const CivilDate& day) {
  return latest_in_force(gb3095_editions(), day, [](const Gb3095& e) { return e.from_; });
}

std::vector<std::string> Gb3095::ids() {
  std::vector<std::string> out;
  for (const auto& [id, e] : gb3095_editions()) out.push_back(id);
  return out;
}

std::optional<double> Gb3095::limit(std::string_view pollutant, std::string_view averaging, int zone_class) const {
  for (const auto& r : rows_)
    if (r.pollutant == pollutant && r.averaging == averaging) return zone_class == 1 ? r.class1 : r.class2;
  return std::nullopt;
}

namespace {
std::map<std::string, std::unique_ptr<AssessmentRules>, std::less<>> load_rules() {
  std::map<std::string, std::unique_ptr<AssessmentRules>, std::less<>> out;
  const DataTable& t = DataTable::get("assessment_rules.csv");
  static constexpr std::array<std::string_view, 6> kWeightColumns = {"weights_SO2",   "weights_NO2", "weights_PM10",
                                                                     "weights_PM2.5", "weights_CO",  "weights_O3"};
  for (std::size_t r = 0; r < t.size(); ++r) {
    auto a = std::make_unique<AssessmentRules>();
    a->id = t.at(r, "edition");
    const auto from = parse_iso_date(t.at(r, "in_force_from"));
    a->from = from.value_or(CivilDate{9999, 12, 31});  // variants without a date are never "in force"
    for (std::size_t i = 0; i < 6; ++i) a->weights[i] = t.number(r, kWeightColumns[i]);
    a->decimals_ugm3 = static_cast<int>(t.number(r, "report_decimals_ugm3"));
    a->decimals_co = static_cast<int>(t.number(r, "report_decimals_co"));
    a->decimals_index = static_cast<int>(t.number(r, "composite_decimals"));
    a->decimals_ratio = static_cast<int>(t.number(r, "ratio_decimals"));
    a->source = t.at(r, "source");
    out.emplace(a->id, std::move(a));
  }
  return out;
}
const std::map<std::string, std::unique_ptr<AssessmentRules>, std::less<>>& all_rules() {
  static const auto all = load_rules();
  return all;
}
}  // namespace

const AssessmentRules& AssessmentRules::get(std::string_view id) {
  const auto it = all_rules().find(id);
  if (it == all_rules().end()) throw std::out_of_range("unknown assessment rules " + std::string(id));
  return *it->second;
}

const AssessmentRules& AssessmentRules::in_force(const CivilDate& day) {
  return latest_in_force(all_rules(), day, [](const AssessmentRules& a) { return a.from; });
}

int min_days_in_month(int month) { return month == 2 ? 25 : 27; }

CompositeIndex composite_index(const std::array<double, 6>& c, const Gb3095& limits, const AssessmentRules& rules) {
  CompositeIndex out;
  const std::array<std::string_view, 6> averaging = {"year", "year", "year", "year", "24h", "8h"};
  double largest = -1;
  for (std::size_t i = 0; i < 6; ++i) {
    const double s = limits.limit(kCompositePollutants[i], averaging[i], 2).value();
    const double ci = round_report(c[i], kCompositePollutants[i] == "CO" ? rules.decimals_co : rules.decimals_ugm3);
    out.sub[i] = ci / s;
    out.sum += rules.weights[i] * out.sub[i];
    largest = std::max(largest, out.sub[i]);
  }
  for (std::size_t i = 0; i < 6; ++i)
    if (std::abs(out.sub[i] - largest) < 1e-12) out.largest.push_back(kCompositePollutants[i]);
  out.reported = round_report(out.sum, rules.decimals_index);
  return out;
}

DayCounts count_days(std::span<const std::optional<int>> daily_aqi) {
  DayCounts d;
  for (const auto& a : daily_aqi) {
    if (!a) continue;
    ++d.valid;
    d.good += *a <= 100;
    d.heavy += *a > 200;
    d.severe += *a > 300;
    const int level = *a <= 50 ? 1 : *a <= 100 ? 2 : *a <= 150 ? 3 : *a <= 200 ? 4 : *a <= 300 ? 5 : 6;
    ++d.per_level[static_cast<std::size_t>(level - 1)];
  }
  return d;
}

std::string who2021_level(std::string_view pollutant, std::string_view statistic, double value) {
  const DataTable& t = DataTable::get("who2021.csv");
  static constexpr std::array<std::string_view, 5> kLevels = {"AQG", "IT-4", "IT-3", "IT-2", "IT-1"};
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (t.at(r, "pollutant") != pollutant || t.at(r, "statistic") != statistic) continue;
    for (const auto level : kLevels) {
      const std::string& cell = t.at(r, level);
      if (!cell.empty() && value <= t.number(r, level)) return std::string(level);
    }
    return "above IT-1";
  }
  throw std::out_of_range("no WHO 2021 value for " + std::string(pollutant) + " " + std::string(statistic));
}

}  // namespace eb::standards

#include "engine/air/assessment.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace eb::engine::air {

namespace {

struct StatDef {
  DailyItem item;
  const char* pollutant;
  const char* statistic;
  int percentile;  // 0: mean
  const char* limit_averaging;
};
// HJ 663 Table 1: the statistics evaluated for a year (and, by the same rules, for any period).
constexpr std::array<StatDef, 10> kStats = {{
    {DailyItem::SO2, "SO2", "mean", 0, "year"},
    {DailyItem::SO2, "SO2", "p98", 98, "24h"},
    {DailyItem::NO2, "NO2", "mean", 0, "year"},
    {DailyItem::NO2, "NO2", "p98", 98, "24h"},
    {DailyItem::PM10, "PM10", "mean", 0, "year"},
    {DailyItem::PM10, "PM10", "p95", 95, "24h"},
    {DailyItem::PM25, "PM2.5", "mean", 0, "year"},
    {DailyItem::PM25, "PM2.5", "p95", 95, "24h"},
    {DailyItem::CO, "CO", "p95", 95, "24h"},
    {DailyItem::O3_8H, "O3", "p90", 90, "8h"},
}};

bool is_pm(DailyItem i) { return i == DailyItem::PM10 || i == DailyItem::PM25; }

// The capture rule for a series of daily values over the period (GB 3095 Table 4): whole calendar months
// need 27 valid days (25 in February); a whole year needs 324. A month cut by the period needs the same
// share of its days in the period (27/30, a project choice stated in docs/air.md).
// The calendar months of the period, each with its first day index and length (computed once per assessment).
struct Month {
  int year, month;
  std::size_t first, days;
};
std::vector<Month> months_of(const DailyValues& d) {
  std::vector<Month> out;
  if (d.days == 0) return out;
  CivilDate c = d.first_day;
  std::size_t i = 0;
  while (i < d.days) {
    const std::size_t left_in_month = static_cast<std::size_t>(days_in_month(c.year, c.month) - c.day + 1);
    const std::size_t n = std::min(left_in_month, d.days - i);
    out.push_back({c.year, c.month, i, n});
    i += n;
    c = {c.month == 12 ? c.year + 1 : c.year, c.month == 12 ? 1 : c.month + 1, 1};
  }
  return out;
}

int ceil_div(int a, int b) { return (a + b - 1) / b; }

// `not_required` (may be null): per day, 1 when the day leaves the rule (a deducted dust day); each month's and
// the year's need then scale with the days left, as a month cut by the period does.
std::pair<bool, std::string> capture_ok(const std::vector<Month>& months, std::size_t days,
                                        const std::vector<double>& v, const std::vector<std::uint8_t>* not_required) {
  int valid = 0, excluded = 0;
  for (const Month& m : months) {
    int n = 0, out = 0;
    for (std::size_t i = m.first; i < m.first + m.days; ++i) {
      n += present(v[i]);
      out += not_required && (*not_required)[i];
    }
    valid += n;
    excluded += out;
    const int full = days_in_month(m.year, m.month);
    const int required_days = static_cast<int>(m.days) - out;
    const int need = required_days == full ? standards::min_days_in_month(m.month)
                                           : ceil_div(required_days * standards::min_days_in_month(m.month), full);
    if (n < need)
      return {false, fmt::format("{:04d}-{:02d}: {} valid days, {} needed{}", m.year, m.month, n, need,
                                 out ? fmt::format(" ({} deducted)", out) : "")};
  }
  if (days >= 365) {
    const int d = static_cast<int>(days);
    const int need = excluded == 0 ? standards::kMinDaysYear : ceil_div(standards::kMinDaysYear * (d - excluded), d);
    if (valid < need)
      return {false, fmt::format("{} valid days, {} needed in a year{}", valid, need,
                                 excluded ? fmt::format(" ({} deducted)", excluded) : "")};
  }
  return {true, ""};
}

// WHO 2021 O3 peak season: the mean of the daily maximum 8-hour values in the six consecutive months with
// the highest six-month running average. Needs six whole months in the period.
std::optional<double> o3_peak_season(const DailyValues& d, const std::vector<Month>& months) {
  const auto& v = d.value[static_cast<std::size_t>(DailyItem::O3_8H)];
  std::vector<std::pair<double, int>> sums;  // (sum, n) per calendar month
  for (const Month& m : months) {
    std::pair<double, int> acc{0.0, 0};
    for (std::size_t i = m.first; i < m.first + m.days; ++i)
      if (present(v[i])) {
        acc.first += v[i];
        ++acc.second;
      }
    sums.push_back(acc);
  }
  std::optional<double> best;
  for (std::size_t m = 0; m + 6 <= sums.size(); ++m) {
    double sum = 0;
    int n = 0;
    bool complete = true;
    for (std::size_t k = m; k < m + 6; ++k) {
      complete &= sums[k].second > 0;
      sum += sums[k].first;
      n += sums[k].second;
    }
    if (complete && n > 0 && (!best || sum / n > *best)) best = sum / n;
  }
  return best;
}

}  // namespace

namespace {

// Whether a flagged dust day leaves the day counts under the deduction rule: every flagged day, or only those
// whose exceedance (AQI > 100) is due to particulate matter (PM2.5 or PM10 among the primary pollutants).
bool leaves_day_counts(const standards::DustRules& rules, const AqiColumns& aqi, std::size_t day) {
  if (rules.day_counts == standards::DustDayCounts::drop_affected_days) return true;
  constexpr unsigned kPm =
      (1u << static_cast<unsigned>(DailyItem::PM25)) | (1u << static_cast<unsigned>(DailyItem::PM10));
  return aqi.aqi[day] > 100 && (aqi.primary[day] & kPm) != 0;
}

// The limit a statistic is compared against, the verdict and the exceedance multiple.
void compare_with_limit(Statistic& s, const StatDef& def, const AssessOptions& o) {
  s.limit_averaging = def.limit_averaging;
  if (const auto lim = o.limits->limit(def.pollutant, def.limit_averaging, o.zone_class)) s.limit = *lim;
  if (present(s.reported) && present(s.limit)) {
    s.compliant = s.reported <= s.limit;
    if (!*s.compliant) s.exceedance = standards::round_report((s.reported - s.limit) / s.limit, 2);
  }
}

int decimals_of(const StatDef& def, const AssessOptions& o) {
  return def.item == DailyItem::CO ? o.rules->decimals_co : o.rules->decimals_ugm3;
}

// Composite index inputs: period means of SO2, NO2, PM10, PM2.5; CO P95; O3 P90.
void note_composite_input(const StatDef& def, double value, std::array<double, 6>& input) {
  const std::string_view pol = def.pollutant;
  for (std::size_t k = 0; k < 6; ++k)
    if (standards::kCompositePollutants[k] == pol && (def.percentile == 0 || pol == "CO" || pol == "O3"))
      input[k] = value;
}

// The composite index (when all six inputs exist) and the overall verdict.
void conclude(Assessment& a, const std::array<double, 6>& composite_input, const AssessOptions& o) {
  if (std::all_of(composite_input.begin(), composite_input.end(), present))
    a.composite = standards::composite_index(composite_input, *o.limits, *o.rules);
  const bool all_known = std::all_of(a.statistics.begin(), a.statistics.end(),
                                     [](const Statistic& s) { return s.compliant.has_value() && s.valid; });
  const bool all_ok = std::all_of(a.statistics.begin(), a.statistics.end(),
                                  [](const Statistic& s) { return s.compliant.value_or(false); });
  if (all_known)
    a.compliant = all_ok;
  else if (std::any_of(a.statistics.begin(), a.statistics.end(),
                       [](const Statistic& s) { return s.valid && s.compliant == false; }))
    a.compliant = false;  // a valid exceedance decides even when another statistic is missing
}

std::vector<double> valid_values(const std::vector<double>& v) {
  std::vector<double> out;
  for (double x : v)
    if (present(x)) out.push_back(x);
  return out;
}

double mean_or_percentile(const std::vector<double>& values, int percentile) {
  if (percentile != 0) return *standards::hj663_percentile(values, percentile);
  double sum = 0;
  for (double x : values) sum += x;
  return sum / static_cast<double>(values.size());
}

// The days entering the day counts: all, less the flagged dust days the deduction takes out.
void count_days(const DailyValues& d, const AssessOptions& o, Assessment& a) {
  std::vector<std::optional<int>> aqi_days;
  for (std::size_t i = 0; i < d.days; ++i) {
    a.dust_days += d.dust[i] ? 1 : 0;
    if (o.deduct_dust && d.dust[i] && leaves_day_counts(o.dust, a.daily_aqi, i)) {
      ++a.dropped_days;
      continue;
    }
    aqi_days.push_back(a.daily_aqi.aqi[i] >= 0 ? std::optional<int>(a.daily_aqi.aqi[i]) : std::nullopt);
  }
  a.days = standards::count_days(aqi_days);
  a.day_slots = static_cast<int>(aqi_days.size());
  a.deducted_days = o.deduct_dust ? a.dust_days : 0;
}

}  // namespace

Assessment assess(const DailyValues& d, const AssessOptions& o) {
  Assessment a;
  const std::vector<Month> months = months_of(d);
  a.daily_aqi = daily_aqi(d, AqiKernel::of(*o.aqi));
  count_days(d, o, a);

  // With the deduction by day, a flagged day's PM values are gone; by hour, the caller removed the hours.
  auto series = [&](DailyItem item) {
    std::vector<double> v = d.value[static_cast<std::size_t>(item)];
    if (o.deduct_dust && is_pm(item) && o.dust.unit == standards::DustUnit::day)
      for (std::size_t i = 0; i < d.days; ++i)
        if (d.dust[i]) v[i] = kMissing;
    return v;
  };
  const bool scale_capture = o.deduct_dust && !o.dust.deducted_days_required;

  std::array<double, 6> composite_input{};
  composite_input.fill(kMissing);
  for (const StatDef& def : kStats) {
    Statistic s;
    s.pollutant = def.pollutant;
    s.statistic = def.statistic;
    const std::vector<double> v = series(def.item);
    const std::vector<double> values = valid_values(v);
    s.n_days = static_cast<int>(values.size());
    s.expected_days = static_cast<int>(d.days);
    std::tie(s.valid, s.capture_note) =
        capture_ok(months, d.days, v, scale_capture && is_pm(def.item) ? &d.dust : nullptr);
    if (!values.empty()) {
      s.value = mean_or_percentile(values, def.percentile);
      s.reported = standards::round_report(s.value, decimals_of(def, o));
    }
    compare_with_limit(s, def, o);
    note_composite_input(def, s.value, composite_input);
    a.statistics.push_back(std::move(s));
  }
  conclude(a, composite_input, o);
  std::vector<double> reporting(d.days, kMissing);
  for (std::size_t i = 0; i < d.days; ++i)
    for (std::size_t item = 0; item < kDailyItems; ++item)
      if (present(d.value[item][i])) reporting[i] = 1;
  a.reporting_valid = capture_ok(months, d.days, reporting, nullptr).first;

  // WHO 2021: annual means and 99th percentiles of daily values (Addendum §5), O3 peak season.
  auto who = [&](const char* pollutant, const char* statistic, DailyItem item, int percentile) {
    const std::vector<double> values = valid_values(series(item));
    if (values.empty()) return;
    const double value = mean_or_percentile(values, percentile);
    a.who.push_back({pollutant, statistic, value, standards::who2021_level(pollutant, statistic, value)});
  };
  who("PM2.5", "annual_mean", DailyItem::PM25, 0);
  who("PM2.5", "24h_p99", DailyItem::PM25, 99);
  who("PM10", "annual_mean", DailyItem::PM10, 0);
  who("PM10", "24h_p99", DailyItem::PM10, 99);
  who("NO2", "annual_mean", DailyItem::NO2, 0);
  who("NO2", "24h_p99", DailyItem::NO2, 99);
  who("SO2", "24h_p99", DailyItem::SO2, 99);
  who("CO", "24h_p99", DailyItem::CO, 99);
  who("O3", "8h_p99", DailyItem::O3_8H, 99);
  if (const auto peak = o3_peak_season(d, months))
    a.who.push_back({"O3", "peak_season", *peak, standards::who2021_level("O3", "peak_season", *peak)});
  return a;
}

namespace {

void add_days(standards::DayCounts& to, const standards::DayCounts& from) {
  to.valid += from.valid;
  to.good += from.good;
  to.heavy += from.heavy;
  to.severe += from.severe;
  for (std::size_t i = 0; i < to.per_level.size(); ++i) to.per_level[i] += from.per_level[i];
}

// WHO levels of a roll-up: the mean of the counted members' values, per guideline figure.
void mean_who(const std::vector<const Assessment*>& counted, Assessment& a) {
  if (counted.empty()) return;
  for (const WhoLevel& first : counted.front()->who) {
    double sum = 0;
    int n = 0;
    for (const Assessment* m : counted)
      for (const WhoLevel& w : m->who)
        if (w.pollutant == first.pollutant && w.statistic == first.statistic) {
          sum += w.value;
          ++n;
        }
    const double value = sum / n;
    a.who.push_back(
        {first.pollutant, first.statistic, value, standards::who2021_level(first.pollutant, first.statistic, value)});
  }
}

}  // namespace

Assessment mean_of_assessments(const std::vector<const Assessment*>& members, int expected, std::size_t period_days,
                               const AssessOptions& o, bool reported_figures) {
  Assessment a;
  std::array<double, 6> composite_input{};
  composite_input.fill(kMissing);
  for (std::size_t k = 0; k < kStats.size(); ++k) {
    const StatDef& def = kStats[k];
    Statistic s;
    s.pollutant = def.pollutant;
    s.statistic = def.statistic;
    // The members' valid figures; when none is valid (a part of a period), their figures as they are, so that a
    // part year still has a (marked) figure.
    const bool any_valid = std::any_of(members.begin(), members.end(), [k](const Assessment* m) {
      return m->statistics[k].valid && present(m->statistics[k].value);
    });
    double sum = 0;
    int n = 0, n_valid = 0;
    for (const Assessment* m : members) {
      const Statistic& ms = m->statistics[k];
      if (!present(ms.value) || (any_valid && !ms.valid)) continue;
      sum += reported_figures ? ms.reported : ms.value;
      s.n_days += ms.n_days;
      ++n;
      n_valid += ms.valid;
    }
    s.expected_days = static_cast<int>(period_days) * expected;
    s.valid = expected > 0 && n_valid == expected;
    if (!s.valid) s.capture_note = fmt::format("{} of {} members have a valid figure", n_valid, expected);
    if (n > 0) {
      s.value = sum / n;
      s.reported = standards::round_report(s.value, decimals_of(def, o));
    }
    compare_with_limit(s, def, o);
    note_composite_input(def, s.value, composite_input);
    a.statistics.push_back(std::move(s));
  }
  conclude(a, composite_input, o);

  // Day counts and WHO levels pool the members that reported over the period (in a part of a period where none
  // did, all of them, as the statistics do).
  std::vector<const Assessment*> counted;
  for (const Assessment* m : members)
    if (m->reporting_valid) counted.push_back(m);
  const std::size_t reported = counted.size();
  if (counted.empty()) counted = members;
  a.reporting_valid = expected > 0 && static_cast<int>(reported) == expected;
  for (const Assessment* m : counted) {
    add_days(a.days, m->days);
    a.dust_days += m->dust_days;
    a.deducted_days += m->deducted_days;
    a.dropped_days += m->dropped_days;
  }
  a.day_slots = static_cast<int>(period_days) * expected;
  mean_who(counted, a);
  return a;
}

}  // namespace eb::engine::air

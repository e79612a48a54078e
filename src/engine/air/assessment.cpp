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

std::pair<bool, std::string> capture_ok(const std::vector<Month>& months, std::size_t days,
                                        const std::vector<double>& v) {
  int valid = 0;
  for (const Month& m : months) {
    int n = 0;
    for (std::size_t i = m.first; i < m.first + m.days; ++i) n += present(v[i]);
    valid += n;
    const int full = days_in_month(m.year, m.month);
    const int in_period = static_cast<int>(m.days);
    const int need = in_period == full ? standards::min_days_in_month(m.month)
                                       : (in_period * standards::min_days_in_month(m.month) + full - 1) / full;
    if (n < need) return {false, fmt::format("{:04d}-{:02d}: {} valid days, {} needed", m.year, m.month, n, need)};
  }
  if (days >= 365 && valid < standards::kMinDaysYear)
    return {false, fmt::format("{} valid days, {} needed in a year", valid, standards::kMinDaysYear)};
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

Assessment assess(const DailyValues& d, const AssessOptions& o) {
  Assessment a;
  const std::vector<Month> months = months_of(d);
  a.daily_aqi = daily_aqi(d, AqiKernel::of(*o.aqi));
  for (std::size_t i = 0; i < d.days; ++i) a.dust_days += d.dust[i] ? 1 : 0;

  std::vector<std::optional<int>> aqi_days;
  for (std::size_t i = 0; i < d.days; ++i) {
    if (o.exclude_dust && d.dust[i]) continue;
    aqi_days.push_back(a.daily_aqi.aqi[i] >= 0 ? std::optional<int>(a.daily_aqi.aqi[i]) : std::nullopt);
  }
  a.days = standards::count_days(aqi_days);

  auto series = [&](DailyItem item) {
    std::vector<double> v = d.value[static_cast<std::size_t>(item)];
    if (o.exclude_dust && is_pm(item))
      for (std::size_t i = 0; i < d.days; ++i)
        if (d.dust[i]) v[i] = kMissing;
    return v;
  };
  auto valid_values = [](const std::vector<double>& v) {
    std::vector<double> out;
    for (double x : v)
      if (present(x)) out.push_back(x);
    return out;
  };

  bool all_known = true, all_ok = true;
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
    std::tie(s.valid, s.capture_note) = capture_ok(months, d.days, v);
    if (!values.empty()) {
      if (def.percentile == 0) {
        double sum = 0;
        for (double x : values) sum += x;
        s.value = sum / static_cast<double>(values.size());
      } else {
        s.value = *standards::hj663_percentile(values, def.percentile);
      }
      s.reported =
          standards::round_report(s.value, def.item == DailyItem::CO ? o.rules->decimals_co : o.rules->decimals_ugm3);
    }
    s.limit_averaging = def.limit_averaging;
    if (const auto lim = o.limits->limit(def.pollutant, def.limit_averaging, o.zone_class)) s.limit = *lim;
    if (present(s.reported) && present(s.limit)) {
      s.compliant = s.reported <= s.limit;
      if (!*s.compliant) s.exceedance = standards::round_report((s.reported - s.limit) / s.limit, 2);
    }
    all_known &= s.compliant.has_value() && s.valid;
    all_ok &= s.compliant.value_or(false);
    // Composite index inputs: period means of SO2, NO2, PM10, PM2.5; CO P95; O3 P90.
    const std::string_view pol = def.pollutant;
    for (std::size_t k = 0; k < 6; ++k)
      if (standards::kCompositePollutants[k] == pol && (def.percentile == 0 || pol == "CO" || pol == "O3"))
        composite_input[k] = s.value;
    a.statistics.push_back(std::move(s));
  }
  if (std::all_of(composite_input.begin(), composite_input.end(), present))
    a.composite = standards::composite_index(composite_input, *o.limits, *o.rules);
  if (all_known)
    a.compliant = all_ok;
  else if (!all_ok && std::any_of(a.statistics.begin(), a.statistics.end(),
                                  [](const Statistic& s) { return s.valid && s.compliant == false; }))
    a.compliant = false;  // a valid exceedance decides even when another statistic is missing

  // WHO 2021: annual means and 99th percentiles of daily values (Addendum §5), O3 peak season.
  auto who = [&](const char* pollutant, const char* statistic, DailyItem item, int percentile) {
    const std::vector<double> values = valid_values(series(item));
    if (values.empty()) return;
    double value;
    if (percentile == 0) {
      double sum = 0;
      for (double x : values) sum += x;
      value = sum / static_cast<double>(values.size());
    } else {
      value = *standards::hj663_percentile(values, percentile);
    }
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

}  // namespace eb::engine::air

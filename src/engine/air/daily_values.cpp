#include "engine/air/daily_values.hpp"

#include <algorithm>

#include "standards/hj663.hpp"

namespace eb::engine::air {

DailyValues::DailyValues(std::string code_, CivilDate first, std::size_t n_days)
    : code(std::move(code_)), first_day(first), days(n_days), dust(n_days, 0) {
  for (auto& v : value) v.assign(n_days, kMissing);
  for (auto& c : count) c.assign(n_days, 0);
}

void daily_values_of_day(const std::array<const double*, kPollutants>& hours, double o3_8h_limit, DailyValues& d,
                         std::size_t day) {
  using standards::kMinHours8h;
  using standards::kMinHoursDay;
  using standards::kMinO3Windows;
  using standards::kO3Windows;
  for (std::size_t p = 0; p < 5; ++p) {  // PM2.5 ... CO: 24-hour means
    double sum = 0;
    int n = 0;
    for (std::size_t h = 0; h < 24; ++h) {
      const double v = hours[p][h];
      if (present(v)) {
        sum += v;
        ++n;
      }
    }
    d.count[p][day] = static_cast<std::uint8_t>(n);
    d.value[p][day] = n >= kMinHoursDay ? sum / n : kMissing;
  }
  const double* o3 = hours[static_cast<std::size_t>(Pollutant::O3)];
  // O3 daily maximum 1-hour value: the same 20-hour rule as the daily means (a project choice, docs/air.md).
  double max1 = -1;
  int n1 = 0;
  for (std::size_t h = 0; h < 24; ++h)
    if (present(o3[h])) {
      max1 = std::max(max1, o3[h]);
      ++n1;
    }
  const auto o3_1h = static_cast<std::size_t>(DailyItem::O3_1H);
  d.count[o3_1h][day] = static_cast<std::uint8_t>(n1);
  d.value[o3_1h][day] = n1 >= kMinHoursDay ? max1 : kMissing;
  // O3 8-hour windows starting at hours 0 ... 16 of the day, from running sums of values and of valid hours.
  double sum[25] = {0};
  int cnt[25] = {0};
  for (std::size_t h = 0; h < 24; ++h) {
    const bool ok = present(o3[h]);
    sum[h + 1] = sum[h] + (ok ? o3[h] : 0.0);
    cnt[h + 1] = cnt[h] + ok;
  }
  double max8 = -1;
  int windows = 0;
  for (std::size_t start = 0; start < static_cast<std::size_t>(kO3Windows); ++start) {
    const int n = cnt[start + 8] - cnt[start];
    if (n < kMinHours8h) continue;
    ++windows;
    // The window's mean from its own values (not the difference of running sums, which could differ in the
    // last bit from summing the window directly).
    double s = 0;
    for (std::size_t h = start; h < start + 8; ++h)
      if (present(o3[h])) s += o3[h];
    max8 = std::max(max8, s / n);
  }
  const auto o3_8h = static_cast<std::size_t>(DailyItem::O3_8H);
  d.count[o3_8h][day] = static_cast<std::uint8_t>(windows);
  d.value[o3_8h][day] = windows >= kMinO3Windows || (windows > 0 && max8 > o3_8h_limit) ? max8 : kMissing;
}

DailyValues daily_values(const StationHours& s, double o3_8h_limit) {
  DailyValues d(s.station, s.first_day, s.days);
  d.dust = s.dust;
  for (std::size_t day = 0; day < s.days; ++day) {
    std::array<const double*, kPollutants> hours{};
    for (std::size_t p = 0; p < kPollutants; ++p) hours[p] = s.hourly[p].data() + day * 24;
    daily_values_of_day(hours, o3_8h_limit, d, day);
  }
  return d;
}

DailyValues mean_of(std::string code, const std::vector<const DailyValues*>& members) {
  if (members.empty()) return DailyValues(std::move(code), CivilDate{1970, 1, 1}, 0);
  DailyValues out(std::move(code), members.front()->first_day, members.front()->days);
  for (std::size_t day = 0; day < out.days; ++day) {
    for (std::size_t item = 0; item < kDailyItems; ++item) {
      double sum = 0;
      int n = 0;
      for (const DailyValues* m : members)
        if (present(m->value[item][day])) {
          sum += m->value[item][day];
          ++n;
        }
      out.count[item][day] = static_cast<std::uint8_t>(std::min(n, 255));
      if (n > 0) out.value[item][day] = sum / n;
    }
    for (const DailyValues* m : members) out.dust[day] |= m->dust[day];
  }
  return out;
}

void daily_aqi(const std::array<const double*, kDailyItems>& values, std::size_t days, const AqiKernel& kernel,
               AqiColumns& out) {
  using standards::AqiItem;
  static constexpr std::array<AqiItem, 7> kItems = {AqiItem::PM25_24H, AqiItem::PM10_24H, AqiItem::SO2_24H,
                                                    AqiItem::NO2_24H,  AqiItem::CO_24H,   AqiItem::O3_8H,
                                                    AqiItem::O3_1H};
  const int n_items = kernel.edition().daily_uses_o3_1h() ? 7 : 6;
  out.resize(days);
  const double* o3_1h = values[static_cast<std::size_t>(DailyItem::O3_1H)];
  for (std::size_t day = 0; day < days; ++day) {
    auto& sub = out.iaqi[day];
    sub.fill(-1);
    for (int i = 0; i < n_items; ++i) {
      const auto idx = static_cast<std::size_t>(i);
      const double fallback = kItems[idx] == AqiItem::O3_8H && o3_1h != nullptr ? o3_1h[day] : kMissing;
      const double value = values[idx] != nullptr ? values[idx][day] : kMissing;
      sub[idx] = static_cast<std::int16_t>(kernel.iaqi(kItems[idx], value, fallback));
    }
    kernel.combine(sub.data(), n_items, day, out);
  }
}

AqiColumns daily_aqi(const DailyValues& d, const AqiKernel& kernel) {
  std::array<const double*, kDailyItems> values{};
  for (std::size_t i = 0; i < kDailyItems; ++i) values[i] = d.value[i].data();
  AqiColumns out;
  daily_aqi(values, d.days, kernel, out);
  return out;
}

}  // namespace eb::engine::air

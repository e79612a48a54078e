#include "engine/air/aqi_kernel.hpp"

#include <algorithm>

namespace eb::engine::air {

using standards::AqiItem;
using standards::ScaledConc;

void AqiColumns::resize(std::size_t n) {
  aqi.assign(n, -1);
  primary.assign(n, 0);
  exceeding.assign(n, 0);
  available.assign(n, 0);
  iaqi.assign(n, {-1, -1, -1, -1, -1, -1, -1});
}

AqiKernel::AqiKernel(const standards::AqiEdition& edition) : edition_(edition) {
  for (std::size_t i = 0; i < standards::kAqiItems; ++i) {
    const auto item = static_cast<AqiItem>(i);
    Table& t = tables_[i];
    const ScaledConc unit = standards::item_is_co(item) ? standards::kConcScale / 10 : standards::kConcScale;
    t.per_unit = static_cast<double>(standards::kConcScale / unit);
    const ScaledConc top = edition.breakpoints(item).back().conc;
    for (ScaledConc c = 0; c <= top; c += unit) t.iaqi.push_back(static_cast<std::int16_t>(*edition.iaqi(item, c)));
    t.limit = static_cast<double>(t.iaqi.size()) - 0.5;
  }
}

int AqiKernel::exact_iaqi(AqiItem item, double value, double fallback) const {
  if (!(value >= 0) || value > 1e9) return -1;
  std::optional<ScaledConc> fb;
  if (fallback >= 0 && fallback <= 1e9) fb = standards::to_scaled(fallback);
  return edition_.iaqi(item, *standards::to_scaled(value), fb).value_or(-1);
}

void AqiKernel::combine(const std::int16_t* iaqi, int n, std::size_t row, AqiColumns& out) const {
  int best = -1, available = 0;
  std::uint8_t exceeding = 0;
  for (int i = 0; i < n; ++i) {
    if (iaqi[i] < 0) continue;
    ++available;
    best = std::max(best, static_cast<int>(iaqi[i]));
    if (iaqi[i] > 100) exceeding |= static_cast<std::uint8_t>(1u << i);
  }
  out.available[row] = static_cast<std::uint8_t>(available);
  out.exceeding[row] = exceeding;
  if (available == 0 || (available < n && edition_.partial_aqi_only_over_100() && best <= 100)) return;
  out.aqi[row] = static_cast<std::int16_t>(best);
  if (best > 50) {
    std::uint8_t primary = 0;
    for (int i = 0; i < n; ++i)
      if (iaqi[i] == best) primary |= static_cast<std::uint8_t>(1u << i);
    out.primary[row] = primary;
  }
}

AqiColumns AqiKernel::hourly(const StationHours& s) const {
  std::array<const double*, kPollutants> conc{};
  for (std::size_t p = 0; p < kPollutants; ++p) conc[p] = s.hourly[p].data();
  AqiColumns out;
  hourly(conc, s.so2_24h.data(), s.hours(), out);
  return out;
}

void AqiKernel::hourly(const std::array<const double*, kPollutants>& conc, const double* so2_24h, std::size_t n,
                       AqiColumns& out) const {
  static constexpr std::array<AqiItem, 6> kItems = {AqiItem::PM25_24H, AqiItem::PM10_24H, AqiItem::SO2_1H,
                                                    AqiItem::NO2_1H,   AqiItem::CO_1H,    AqiItem::O3_1H};
  out.resize(n);
  const auto so2 = static_cast<std::size_t>(Pollutant::SO2);
  for (std::size_t h = 0; h < n; ++h) {
    auto& sub = out.iaqi[h];
    for (std::size_t p = 0; p < kPollutants; ++p)
      sub[p] = static_cast<std::int16_t>(
          iaqi(kItems[p], conc[p][h], p == so2 && so2_24h ? so2_24h[h] : kMissing));
    combine(sub.data(), 6, h, out);
  }
}

}  // namespace eb::engine::air

#include "engine/air/aqi_kernel.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

namespace eb::engine::air {

using standards::AqiItem;
using standards::ScaledConc;

void AqiColumns::resize(std::size_t n) {
  aqi.resize(n);
  primary.resize(n);
  exceeding.resize(n);
  available.resize(n);
  iaqi.resize(keep_subindices ? n : 0);
}

AqiKernel::AqiKernel(const standards::AqiEdition& edition)
    : edition_(edition), partial_over_100_(edition.partial_aqi_only_over_100()) {
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

const AqiKernel& AqiKernel::of(const standards::AqiEdition& edition) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<AqiKernel>> kernels;
  std::lock_guard lock(mutex);
  auto& k = kernels[edition.id()];
  if (!k) k = std::make_unique<AqiKernel>(edition);
  return *k;
}

int AqiKernel::exact_iaqi(AqiItem item, double value, double fallback) const {
  if (!(value >= 0) || value > 1e9) return -1;
  std::optional<ScaledConc> fb;
  if (fallback >= 0 && fallback <= 1e9) fb = standards::to_scaled(fallback);
  return edition_.iaqi(item, *standards::to_scaled(value), fb).value_or(-1);
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
  out.resize(n);
  const double *pm25 = conc[0], *pm10 = conc[1], *so2 = conc[2], *no2 = conc[3], *co = conc[4], *o3 = conc[5];
  for (std::size_t h = 0; h < n; ++h) {
    std::array<std::int16_t, 7> sub;
    sub[0] = static_cast<std::int16_t>(grid_iaqi<false>(AqiItem::PM25_24H, pm25[h]));
    sub[1] = static_cast<std::int16_t>(grid_iaqi<false>(AqiItem::PM10_24H, pm10[h]));
    sub[2] = static_cast<std::int16_t>(grid_iaqi<false>(AqiItem::SO2_1H, so2[h], so2_24h ? so2_24h[h] : kMissing));
    sub[3] = static_cast<std::int16_t>(grid_iaqi<false>(AqiItem::NO2_1H, no2[h]));
    sub[4] = static_cast<std::int16_t>(grid_iaqi<true>(AqiItem::CO_1H, co[h]));
    sub[5] = static_cast<std::int16_t>(grid_iaqi<false>(AqiItem::O3_1H, o3[h]));
    sub[6] = -1;
    combine(sub.data(), 6, h, out);
    if (out.keep_subindices) out.iaqi[h] = sub;
  }
}

}  // namespace eb::engine::air

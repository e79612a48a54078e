#include "engine/air/station_hours.hpp"

namespace eb::engine::air {

StationHours::StationHours(std::string code, CivilDate first, std::size_t n_days)
    : station(std::move(code)), first_day(first), days(n_days), so2_24h(n_days * 24, kMissing), dust(n_days, 0) {
  for (auto& h : hourly) h.assign(n_days * 24, kMissing);
}

EpochSeconds StationHours::time_of(std::size_t hour) const {
  return beijing_to_epoch({first_day, 0, 0, 0}) + static_cast<EpochSeconds>(hour) * 3600;
}

long StationHours::slot_of(EpochSeconds t) const {
  const EpochSeconds d = t - beijing_to_epoch({first_day, 0, 0, 0});
  if (d < 0 || d % 3600 != 0) return -1;
  const long slot = static_cast<long>(d / 3600);
  return slot < static_cast<long>(hours()) ? slot : -1;
}

}  // namespace eb::engine::air

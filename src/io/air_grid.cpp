#include "io/air_grid.hpp"

#include <algorithm>
#include <map>

namespace eb::io {

using engine::air::Pollutant;
using engine::air::StationHours;

bool is_dust_flag(std::string_view flag) {
  return flag == "dust" || flag == "sand" || flag == "DUST" || flag == "沙尘" || flag == "S";
}

namespace {
// Index of a parameter among the six pollutants, or -1.
int pollutant_index(std::string_view code) {
  for (std::size_t i = 0; i < engine::air::kPollutants; ++i)
    if (engine::air::kPollutantCodes[i] == code) return static_cast<int>(i);
  return -1;
}
}  // namespace

std::vector<StationHours> station_hours(const ObservationBatch& b) {
  // Time span per station over the values the grid holds.
  std::map<std::uint32_t, std::pair<EpochSeconds, EpochSeconds>> span;
  auto wanted = [&](std::size_t i) {
    const int p = pollutant_index(b.parameter_info(i).code);
    if (p < 0) return -1;
    if (b.averaging(i) == Averaging::hour1) return p;
    if (p == static_cast<int>(Pollutant::SO2) && b.averaging(i) == Averaging::moving24h) return 100;
    return -1;
  };
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (wanted(i) < 0) continue;
    auto [it, fresh] = span.try_emplace(b.station(i), b.time(i), b.time(i));
    if (!fresh) {
      it->second.first = std::min(it->second.first, b.time(i));
      it->second.second = std::max(it->second.second, b.time(i));
    }
  }
  std::vector<StationHours> grids;
  std::map<std::uint32_t, std::size_t> index;
  for (const auto& [station, s] : span) {
    const CivilDate first = epoch_to_beijing(s.first).date;
    const CivilDate last = epoch_to_beijing(s.second).date;
    const auto days = static_cast<std::size_t>(days_from_civil(last) - days_from_civil(first) + 1);
    index[station] = grids.size();
    grids.emplace_back(b.station_keys[station], first, days);
  }
  for (std::size_t i = 0; i < b.size(); ++i) {
    const int p = wanted(i);
    if (p < 0) continue;
    StationHours& g = grids[index.at(b.station(i))];
    const long slot = g.slot_of(b.time(i));
    if (slot < 0) continue;
    const auto h = static_cast<std::size_t>(slot);
    if (p == 100)
      g.so2_24h[h] = b.value(i);
    else
      g.hourly[static_cast<std::size_t>(p)][h] = b.value(i);
    if (is_dust_flag(b.flag(i))) g.dust[h / 24] = 1;
  }
  return grids;
}

}  // namespace eb::io

#include "engine/review/exclusion.hpp"

namespace eb::engine::review {

ExcludedCounts exclude_hours(air::StationHours& g, const std::vector<Exclusion>& exclusions) {
  ExcludedCounts counts;
  for (const Exclusion& x : exclusions) {
    std::size_t p = air::kPollutants;
    for (std::size_t i = 0; i < air::kPollutants; ++i)
      if (air::kPollutantCodes[i] == x.parameter) p = i;
    if (p == air::kPollutants) continue;
    auto& v = g.hourly[p];
    for (EpochSeconds t = x.start; t < x.end; t += 3600) {
      const long h = g.slot_of(t);
      if (h < 0 || !air::present(v[static_cast<std::size_t>(h)])) continue;
      v[static_cast<std::size_t>(h)] = air::kMissing;
      ++counts[x.rule];
    }
  }
  return counts;
}

}  // namespace eb::engine::review

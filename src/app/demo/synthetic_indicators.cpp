#include "app/demo/synthetic_indicators.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "app/demo/seeded_noise.hpp"
#include "core/error.hpp"

namespace eb::app {

std::string write_synthetic_indicators(const std::string& dir, const std::vector<io::RegistryIndicator>& registry,
                                       const std::vector<std::string>& unit_codes, std::uint64_t seed) {
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/synthetic_indicator_values.csv";
  std::ofstream out(path);
  if (!out) throw IoError(path + ": cannot write");
  out << "indicator,unit_code,year,value,source\n";
  SeededNoise noise(seed);
  for (const auto& code : unit_codes) {
    // Each unit is steadily ahead of or behind the targets, with yearly noise.
    const double skill = noise.normal();
    for (const auto& r : registry) {
      const double first_target = r.targets.begin()->second;
      const double range = std::abs(first_target - r.worst);
      const double sign = r.higher_is_better ? 1 : -1;
      for (int year = 2020; year <= 2023; ++year) {
        if (noise.uniform() < 0.03) continue;  // a missing value now and then
        const auto t = r.targets.lower_bound(year);
        const double target = t == r.targets.end()              ? r.targets.rbegin()->second
                              : year < r.targets.begin()->first ? first_target - sign * 0.05 * range
                                                                : t->second;
        // Mostly a little short of the target, so that distance-to-target scores spread between 60 and 100.
        const double value = target + sign * range * (0.12 * skill - 0.08 + 0.05 * noise.normal());
        out << fmt::format("{},{},{},{:.2f},SYNTHETIC demo generator (seed {})\n", r.id, code, year, value, seed);
      }
    }
  }
  return path;
}

}  // namespace eb::app

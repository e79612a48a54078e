#include "app/demo/synthetic_indicators.hpp"

#include <fmt/format.h>

#include <algorithm>
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

SyntheticChiefFiles write_synthetic_chiefs(const std::string& dir, const std::vector<std::string>& leagues,
                                           const std::vector<std::string>& banners, std::uint64_t seed) {
  std::filesystem::create_directories(dir);
  SyntheticChiefFiles files{dir + "/synthetic_chiefs.csv", dir + "/synthetic_patrols.csv"};
  std::ofstream chiefs(files.chiefs), patrols(files.patrols);
  if (!chiefs || !patrols) throw IoError(dir + ": cannot write the synthetic chiefs");
  chiefs << "id,name,kind,level,unit_code,since,until,objects\n";
  patrols << "id,chief_id,object_id,date,duration_min,track_km,issues_found,issues_resolved,resolution_days\n";
  SeededNoise noise(seed);
  int serial = 0;
  auto roster = [&](const std::string& unit, int level, const char* kind, const char* title) {
    const std::string id = fmt::format("{}-{}-{}", kind[0] == 'r' ? "HZ" : "LZ", unit, level);
    const int n_objects = 2 + static_cast<int>(noise.uniform() * 2);
    std::string objects;
    for (int k = 1; k <= n_objects; ++k)
      objects += fmt::format("{}{}-{}:{}{}号{}", objects.empty() ? "" : "|", unit, k, title, k,
                             kind[0] == 'r' ? "河段" : "林区");
    chiefs << fmt::format("{},{}{},{},{},{},2021-01-01,,{}\n", id, title, unit, kind, level, unit, objects);
    // Months (level 3) or quarters (level 2, and forest chiefs of level 2 too) of 2023 with a patrol.
    const double diligence = noise.uniform(0.7, 1.0);
    const bool stops = noise.uniform() < 0.08;
    const int windows = level == 3 ? 12 : 4;
    for (int w = 0; w < windows; ++w) {
      if (noise.uniform() > diligence || (stops && w >= windows * 3 / 4)) continue;
      const int month = level == 3 ? w + 1 : w * 3 + 1 + static_cast<int>(noise.uniform() * 3);
      const int day = 1 + static_cast<int>(noise.uniform() * 27);
      const int object = 1 + static_cast<int>(noise.uniform() * n_objects);
      const int found = static_cast<int>(noise.uniform() * 4);
      const int resolved = std::min(found, static_cast<int>(noise.uniform() * (found + 1.5)));
      patrols << fmt::format("XC{:06d},{},{}-{},2023-{:02d}-{:02d},{:.0f},{:.1f},{},{},{}\n", ++serial, id, unit,
                             object, month, day, noise.uniform(30, 180), noise.uniform(2, 25), found, resolved,
                             resolved ? fmt::format("{:.1f}", noise.uniform(1, 30)) : std::string());
    }
  };
  for (const auto& league : leagues) {
    roster(league, 2, "river_lake", "盟市河长");
    roster(league, 2, "forest_grassland", "盟市林长");
  }
  for (const auto& banner : banners) roster(banner, 3, "river_lake", "旗县河长");
  return files;
}

}  // namespace eb::app

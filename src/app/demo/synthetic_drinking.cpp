#include "app/demo/synthetic_drinking.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>

#include "app/demo/seeded_noise.hpp"
#include "core/error.hpp"

namespace eb::app {

namespace {

struct League {
  const char* code;
  const char* name;
  double lon, lat;  // approximate seat
};
constexpr League kLeagues[] = {
    {"150100", "呼和浩特", 111.75, 40.84}, {"150200", "包头", 109.84, 40.66},     {"150300", "乌海", 106.82, 39.67},
    {"150400", "赤峰", 118.89, 42.26},     {"150500", "通辽", 122.26, 43.65},     {"150600", "鄂尔多斯", 109.78, 39.61},
    {"150700", "呼伦贝尔", 119.77, 49.21}, {"150800", "巴彦淖尔", 107.39, 40.74}, {"150900", "乌兰察布", 113.13, 41.03},
    {"152200", "兴安盟", 122.04, 46.08},   {"152500", "锡林郭勒", 116.05, 43.93}, {"152900", "阿拉善", 105.73, 38.85},
};

// Items sampled each month with their typical level (mg/L; pH none) and the relative spread of the log-normal noise.
struct Item {
  const char* code;
  double level, spread;
};
constexpr std::array<Item, 12> kItems = {{{"pH", 7.9, 0.03},
                                          {"DO", 8.0, 0.08},
                                          {"CODMn", 2.6, 0.15},
                                          {"NH3N", 0.25, 0.4},
                                          {"TP", 0.04, 0.3},
                                          {"F", 0.5, 0.15},
                                          {"As", 0.003, 0.4},
                                          {"sulfate", 60, 0.3},
                                          {"chloride", 40, 0.3},
                                          {"Fe", 0.08, 0.3},
                                          {"Mn", 0.03, 0.3},
                                          {"benzene", 0.001, 0.5}}};

}  // namespace

SyntheticDrinkingFiles write_synthetic_drinking(const std::string& dir, std::uint64_t seed, int first_year,
                                                int last_year) {
  SyntheticDrinkingFiles out{dir + "/synthetic_drinking_points.csv", dir + "/synthetic_drinking_sources.csv",
                             dir + "/synthetic_drinking_samples.csv"};
  std::ofstream points(out.points), sources(out.sources), samples(out.samples);
  if (!points || !sources || !samples) throw IoError(dir + ": cannot write the synthetic drinking-water files");
  SeededNoise noise(seed);
  points << "code,name,waterbody,lon,lat,control_level\n";
  sources << "code,name,kind,level,unit,supply_10k_m3,population,points\n";
  samples << "section,time";
  for (const auto& it : kItems) samples << ',' << it.code;
  samples << '\n';
  struct Source {
    std::string point;
    std::array<double, kItems.size()> level;
  };
  std::vector<Source> all;
  int n = 0;
  for (const auto& l : kLeagues) {
    for (int k = 0; k < 3; ++k) {
      ++n;
      const bool lake = k == 1;
      const std::string code = fmt::format("SYN-DW{:02d}", n), point = fmt::format("SYN-DWP{:02d}", n);
      const double lon = l.lon + noise.uniform(-0.1, 0.1), lat = l.lat + noise.uniform(-0.1, 0.1);
      points << fmt::format("{},{}{}取水口(SYNTHETIC),{},{:.4f},{:.4f},水源地\n", point, l.name, n,
                            lake ? "lake" : "river", lon, lat);
      const double supply = std::round(noise.uniform(k == 2 ? 80 : 300, k == 2 ? 600 : 6000));
      sources << fmt::format("{},{}{}号水源地(SYNTHETIC),{},{},{},{},{},{}\n", code, l.name, k + 1,
                             lake ? "lake" : "river", k == 2 ? "county" : "city", l.code, supply,
                             static_cast<long>(std::round(supply * noise.uniform(60, 120))), point);
      Source s{point, {}};
      for (std::size_t i = 0; i < kItems.size(); ++i) s.level[i] = kItems[i].level * noise.uniform(0.7, 1.3);
      if (lake) s.level[4] *= 0.35;  // reservoirs hold less phosphorus (and their TP limit is 0.05, not 0.2)
      // About one source in six runs close to a limit: fluoride (1.0), manganese (0.1), ammonia (1.0) or TP.
      if (noise.uniform() < 1.0 / 6) {
        const std::size_t which = static_cast<std::size_t>(noise.uniform(0, 4));
        constexpr std::array<std::size_t, 4> near = {5, 10, 3, 4};
        constexpr std::array<double, 4> limit = {1.0, 0.1, 1.0, 0.2};
        s.level[near[which]] = limit[which] * (lake && near[which] == 4 ? 0.25 : 0.8);
      }
      all.push_back(std::move(s));
    }
  }
  for (int year = first_year; year <= last_year; ++year)
    for (int month = 1; month <= 12; ++month)
      for (const auto& s : all) {
        // One visit a month; a source misses about one month in twenty (a gap the assessment states).
        if (noise.uniform() < 0.05) continue;
        samples << fmt::format("{},{:04d}-{:02d}-{:02d}", s.point, year, month, static_cast<int>(noise.uniform(5, 25)));
        for (std::size_t i = 0; i < kItems.size(); ++i) {
          const double v = s.level[i] * std::exp(kItems[i].spread * noise.normal());
          if (std::string_view(kItems[i].code) == "benzene" && v < 0.001)
            samples << ",<0.001";  // below the detection limit
          else
            samples << fmt::format(",{:.4g}", i == 0 ? std::clamp(v, 6.5, 8.9) : v);
        }
        samples << '\n';
      }
  if (!points || !sources || !samples) throw IoError(dir + ": write failed");
  return out;
}

}  // namespace eb::app

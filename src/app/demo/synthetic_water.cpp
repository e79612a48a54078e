#include "app/demo/synthetic_water.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "app/demo/seeded_noise.hpp"
#include "core/error.hpp"

namespace eb::app {

namespace {

struct Section {
  const char* code;
  const char* name;
  const char* waterbody;
  const char* river;
  const char* basin;
  const char* target;
  double lon, lat;  // approximate
  // Typical annual means: DO, CODMn, COD, BOD5, NH3N, TP, TN, F; lakes also chla (mg/m³) and SD (m).
  double levels[10];
};

// Names of real sections, lakes and rivers of the region; every number is invented.
constexpr Section kSections[] = {
    {"SYN-HH01",
     "黄河乌海海勃湾",
     "river",
     "黄河",
     "黄河流域",
     "II",
     106.80,
     39.68,
     {8.6, 2.4, 10, 1.6, 0.20, 0.06, 2.4, 0.45, 0, 0}},
    {"SYN-HH02",
     "黄河三盛公",
     "river",
     "黄河",
     "黄河流域",
     "II",
     107.03,
     40.32,
     {8.4, 2.6, 11, 1.8, 0.24, 0.07, 2.5, 0.48, 0, 0}},
    {"SYN-HH03",
     "黄河画匠营子",
     "river",
     "黄河",
     "黄河流域",
     "II",
     109.86,
     40.55,
     {8.2, 2.9, 12, 2.0, 0.30, 0.08, 2.7, 0.50, 0, 0}},
    {"SYN-HH04",
     "黄河头道拐",
     "river",
     "黄河",
     "黄河流域",
     "II",
     111.07,
     40.27,
     {8.3, 2.8, 12, 1.9, 0.28, 0.08, 2.6, 0.52, 0, 0}},
    {"SYN-HH05",
     "黄河喇嘛湾",
     "river",
     "黄河",
     "黄河流域",
     "II",
     111.42,
     39.92,
     {8.4, 2.7, 11, 1.9, 0.25, 0.07, 2.5, 0.50, 0, 0}},
    {"SYN-DH01",
     "大黑河入黄口",
     "river",
     "大黑河",
     "黄河流域",
     "IV",
     111.45,
     40.28,
     {6.2, 6.5, 27, 4.8, 1.20, 0.26, 6.5, 0.9, 0, 0}},
    {"SYN-KD01",
     "昆都仑河入黄口",
     "river",
     "昆都仑河",
     "黄河流域",
     "IV",
     109.80,
     40.52,
     {6.8, 5.2, 22, 3.9, 0.80, 0.18, 4.8, 1.1, 0, 0}},
    {"SYN-XL01",
     "西辽河苏家堡",
     "river",
     "西辽河",
     "辽河流域",
     "IV",
     122.25,
     43.62,
     {7.2, 5.8, 24, 3.6, 0.65, 0.16, 3.9, 0.8, 0, 0}},
    {"SYN-NJ01",
     "嫩江尼尔基",
     "river",
     "嫩江",
     "松花江流域",
     "III",
     124.52,
     48.48,
     {8.9, 4.1, 15, 2.2, 0.25, 0.05, 1.1, 0.30, 0, 0}},
    {"SYN-HL01",
     "呼伦湖湖心",
     "lake",
     "呼伦湖",
     "额尔古纳河流域",
     "V",
     117.40,
     48.95,
     {8.0, 8.5, 45, 3.8, 0.45, 0.16, 2.3, 2.1, 12, 0.6}},
    {"SYN-WL01",
     "乌梁素海湖心",
     "lake",
     "乌梁素海",
     "黄河流域",
     "IV",
     108.85,
     40.95,
     {7.6, 7.1, 32, 3.6, 0.42, 0.07, 1.9, 0.9, 14, 0.8}},
    {"SYN-DAI01",
     "岱海湖心",
     "lake",
     "岱海",
     "内陆河流域",
     "IV",
     112.70,
     40.57,
     {7.9, 7.8, 38, 3.2, 0.35, 0.08, 1.7, 2.4, 10, 0.9}},
};

std::string number(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }

}  // namespace

SyntheticWaterFiles write_synthetic_water(const std::string& dir, std::uint64_t seed, int first_year, int last_year) {
  std::filesystem::create_directories(dir);
  SyntheticWaterFiles out{dir + "/synthetic_water_sections.csv",
                          dir + fmt::format("/synthetic_water_samples_{}-{}.csv", first_year, last_year)};
  std::ofstream sections(out.sections), samples(out.samples);
  if (!sections || !samples) throw IoError(dir + ": cannot write the synthetic water files");
  sections << "code,name,waterbody,river,basin,control_level,target_class,lon,lat\n";
  for (const auto& s : kSections)
    sections << fmt::format("{},{},{},{},{},national,{},{:.2f},{:.2f}\n", s.code, s.name, s.waterbody, s.river, s.basin,
                            s.target, s.lon, s.lat);
  samples << "section,time,waterbody,pH,DO,CODMn,COD,BOD5,NH3N,TP,TN,F,Hg,chla,SD\n";
  SeededNoise noise(seed);
  for (int year = first_year; year <= last_year; ++year) {
    // A slow improvement year on year, as the programme intends.
    const double trend = std::pow(0.95, year - first_year);
    for (int month = 1; month <= 12; ++month) {
      // Season: +1 in mid-summer, -1 in mid-winter.
      const double season = -std::cos(2 * M_PI * (month - 0.5) / 12.0);
      for (const auto& s : kSections) {
        const bool lake = std::string_view(s.waterbody) == "lake";
        if (!lake && (month == 1 || month == 2) && std::string_view(s.river) != "黄河") continue;  // frozen tributaries
        std::array<std::string, 10> cell;  // DO, CODMn, COD, BOD5, NH3N, TP, TN, F, chla, SD
        for (std::size_t i = 0; i < 10; ++i) {
          const double level = s.levels[i];
          if (level == 0) continue;
          double factor;
          if (i == 0)
            factor = 1 - 0.12 * season;  // DO: less in warm water
          else if (i == 9)
            factor = 1 - 0.2 * season;  // SD: murkier in summer
          else if (i == 8)
            factor = 1 + 0.8 * season;  // chla: summer blooms
          else
            factor = (1 + 0.25 * season) * (i == 7 ? 1.0 : trend);  // pollutants
          const double v = level * factor * std::exp(0.18 * noise.normal());
          cell[i] = i == 5 && v < 0.01 ? "<0.01" : number(v, i <= 3 || i >= 8 ? 1 : 3);  // TP detection limit 0.01
        }
        // Mercury: mostly below its detection limit.
        const std::string hg = noise.uniform() < 0.85 ? "<0.00004" : number(0.00003 + 0.00003 * noise.uniform(), 5);
        const std::string row =
            fmt::format("{},{:04d}-{:02d}-15 10:00,{},{},{},{},{},{},{},{},{},{},{},{},{}", s.code, year, month,
                        s.waterbody, number(7.9 + 0.3 * season + 0.15 * noise.normal(), 2), cell[0], cell[1], cell[2],
                        cell[3], cell[4], cell[5], cell[6], cell[7], hg, cell[8], cell[9]);
        samples << row << "\n";
      }
    }
  }
  if (!sections || !samples) throw IoError(dir + ": write failed");
  return out;
}

}  // namespace eb::app

#include "app/demo/synthetic_soil.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include "app/demo/seeded_noise.hpp"
#include "core/error.hpp"

namespace eb::app {

namespace {

struct League {
  const char* code;
  int plots;
  double ph;           // typical topsoil pH (the east is less alkaline)
  double paddy_share;  // rice is grown in the east (Hinggan, Tongliao, Hulunbuir)
};

constexpr League kLeagues[] = {
    {"150100", 14, 8.0, 0.0},  {"150200", 12, 8.1, 0.0},  {"150300", 6, 8.3, 0.0},   {"150400", 18, 7.6, 0.05},
    {"150500", 16, 7.7, 0.15}, {"150600", 12, 8.3, 0.0},  {"150700", 16, 7.0, 0.05}, {"150800", 16, 8.2, 0.0},
    {"150900", 14, 8.0, 0.0},  {"152200", 14, 7.1, 0.25}, {"152500", 10, 7.9, 0.0},  {"152900", 6, 8.4, 0.0},
};

// Typical contents (mg/kg) of the eight items, well under every screening value, in the order of the samples'
// columns: Cd, Hg, As, Pb, Cr, Cu, Ni, Zn.
constexpr double kTypical[] = {0.10, 0.03, 9, 20, 50, 20, 25, 60};
constexpr int kDecimals[] = {3, 3, 1, 1, 1, 1, 1, 1};

std::string number(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }

enum class Intent { priority, safe_use, strict };

}  // namespace

SyntheticSoilFiles write_synthetic_soil(const std::string& dir, std::uint64_t seed, int first_year, int last_year) {
  std::filesystem::create_directories(dir);
  SyntheticSoilFiles out{dir + "/synthetic_soil_plots.csv",
                         dir + fmt::format("/synthetic_soil_samples_{}-{}.csv", first_year, last_year),
                         dir + fmt::format("/synthetic_soil_measures_{}-{}.csv", first_year, last_year)};
  std::ofstream plots(out.plots), samples(out.samples), measures(out.measures);
  if (!plots || !samples || !measures) throw IoError(dir + ": cannot write the synthetic soil files");
  plots << "code,name,unit_code,land_use,area,area_unit\n";
  samples << "sample,plot,date,pH,land_use,Cd,Hg,As,Pb,Cr,Cu,Ni,Zn\n";
  measures << "code,name,type,unit_code,year,planned,planned_unit,completed,completed_unit,funding\n";
  SeededNoise noise(seed);
  struct Plot {
    std::string code, league, use;
    double ph, area_mu;
    Intent intent;
    int raised;  // the item raised for safe use
  };
  std::vector<Plot> all;
  for (const auto& l : kLeagues)
    for (int i = 1; i <= l.plots; ++i) {
      Plot p;
      p.code = fmt::format("SYN-SOIL-{}-{:03d}", l.code, i);
      p.league = l.code;
      const double u = noise.uniform();
      p.use = u < l.paddy_share ? "paddy" : u < l.paddy_share + 0.06 ? "orchard" : "other";
      p.ph = std::clamp(std::round((l.ph + 0.45 * noise.normal()) * 100) / 100, 5.0, 9.3);
      p.area_mu = std::round(noise.uniform(150, 3000) * 10) / 10;
      const double c = noise.uniform();
      p.intent = c < 0.82 ? Intent::priority : c < 0.96 ? Intent::safe_use : Intent::strict;
      p.raised = noise.uniform() < 0.6 ? 0 : noise.uniform() < 0.5 ? 2 : 3;  // Cd, As or Pb
      plots << fmt::format("{},SYNTHETIC 合成耕地地块 {},{},{},{},亩\n", p.code, p.code.substr(9), p.league, p.use,
                           number(p.area_mu, 1));
      all.push_back(std::move(p));
    }
  for (int year = first_year; year <= last_year; ++year) {
    std::map<std::string, std::pair<double, double>> contaminated;  // league -> (safe use, strict control) mu
    for (const auto& p : all) {
      const int n = noise.uniform() < 0.3 ? 2 : 1;
      for (int s = 0; s < n; ++s) {
        std::string row =
            fmt::format("{}-{}-{},{},{}-{:02d}-{:02d},{},{}", p.code, year, s + 1, p.code, year, 5 + s * 3,
                        10 + static_cast<int>(noise.uniform(0, 15)), number(p.ph + 0.05 * noise.normal(), 2), p.use);
        for (int k = 0; k < 8; ++k) {
          // Log-normal around the typical value, at most twice it, so that a priority plot stays under every
          // screening value in every pH band and land use (the lowest: Cd 0.3, As 20, Cu 50, Ni 60).
          double v = std::min(kTypical[k] * std::exp(0.3 * noise.normal()), kTypical[k] * 2.0);
          // The first sample carries the plot's contamination: safe use above the item's highest screening value and
          // below its lowest control value (Cd 0.8..1.5, As 40..100, Pb 240..400), so in every band and land use;
          // strict control: Cd above its highest control value (4.0).
          if (s == 0 && p.intent == Intent::safe_use && k == p.raised)
            v = k == 0 ? noise.uniform(0.85, 1.4) : k == 2 ? noise.uniform(42, 90) : noise.uniform(250, 390);
          if (s == 0 && p.intent == Intent::strict && k == 0) v = noise.uniform(4.2, 6.5);
          row += "," + (k == 1 && v < 0.01 ? std::string("<0.01") : number(v, kDecimals[k]));
        }
        samples << row << "\n";
      }
      if (p.intent == Intent::safe_use) contaminated[p.league].first += p.area_mu;
      if (p.intent == Intent::strict) contaminated[p.league].second += p.area_mu;
    }
    // Measures: most of the safe-use area (75-100 %), the strict-control area in full from the second year.
    for (const auto& [league, areas] : contaminated) {
      const double safe = std::round(areas.first * noise.uniform(0.75, 1.0) * 10) / 10;
      const double strict = year > first_year ? areas.second : std::round(areas.second * 0.6 * 10) / 10;
      if (safe > 0)
        measures << fmt::format("SYN-FSU-{}-{},SYNTHETIC 安全利用措施 {},farmland_safe_use,{},{},{},亩,{},亩,\n",
                                league, year, league, league, year, number(safe, 1), number(safe, 1));
      if (strict > 0)
        measures << fmt::format("SYN-FSC-{}-{},SYNTHETIC 严格管控措施 {},farmland_strict_control,{},{},{},亩,{},亩,\n",
                                league, year, league, league, year, number(strict, 1), number(strict, 1));
    }
  }
  if (!plots || !samples || !measures) throw IoError(dir + ": write failed");
  return out;
}

}  // namespace eb::app

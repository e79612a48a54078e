#include "app/demo/synthetic_soil_sites.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "app/demo/seeded_noise.hpp"
#include "core/error.hpp"
#include "standards/gb36600.hpp"

namespace eb::app {

namespace {

struct League {
  const char* code;
  const char* name;
  double lon, lat;  // near the seat (approximate)
};
constexpr League kLeagues[] = {
    {"150100", "呼和浩特", 111.70, 40.82}, {"150200", "包头", 109.90, 40.62},     {"150300", "乌海", 106.82, 39.67},
    {"150400", "赤峰", 118.93, 42.27},     {"150500", "通辽", 122.24, 43.65},     {"150600", "鄂尔多斯", 109.98, 39.81},
    {"150700", "呼伦贝尔", 119.77, 49.21}, {"150800", "巴彦淖尔", 107.39, 40.74}, {"150900", "乌兰察布", 113.13, 41.00},
    {"152200", "兴安盟", 122.04, 46.08},   {"152500", "锡林郭勒", 116.05, 43.93}, {"152900", "阿拉善", 105.73, 38.85},
};
constexpr const char* kUses[] = {"R2", "A33", "A5", "M", "W", "B", "G1", "S"};
constexpr const char* kFormer[] = {"化工厂", "焦化厂", "电镀厂", "农药厂", "加油站", "冶炼厂", "机械厂", "制革厂"};
// The items measured (a subset of Table 1 plus petroleum hydrocarbons) and their typical background as a share
// of the class 1 screening value.
constexpr const char* kItems[] = {"As", "Cd",      "Cr6", "Cu",  "Pb",          "Hg",
                                  "Ni", "benzene", "TCE", "BaP", "naphthalene", "TPH"};
constexpr double kBackgroundShare[] = {0.6, 0.01, 0.1, 0.01, 0.08, 0.01, 0.15, 0.02, 0.02, 0.1, 0.02, 0.05};

std::string date(int year, int month, int day) { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

// A content as a lab writes it: 3 significant digits, or below the detection limit.
std::string content(double v, double detection_limit) {
  if (v < detection_limit) return fmt::format("<{}", detection_limit);
  return fmt::format("{:.3g}", v);
}

}  // namespace

SyntheticSoilSiteFiles write_synthetic_soil_sites(const std::string& dir, std::uint64_t seed, int first_year,
                                                  int last_year, int sites_per_league) {
  std::filesystem::create_directories(dir);
  SyntheticSoilSiteFiles out{dir + "/synthetic_soil_sites.csv",
                             dir + fmt::format("/synthetic_soil_site_samples_{}-{}.csv", first_year, last_year)};
  std::ofstream sites(out.sites), samples(out.samples);
  if (!sites || !samples) throw IoError(dir + ": cannot write the synthetic soil site files");
  sites << "code,name,unit_code,lon,lat,planned_use,land_class,key_site,key_basis,status,investigated_on,"
           "risk_assessed_on,effect_evaluated_on,effect_passed,reused_on\n";
  samples << "site,sample,depth_m,item,value,unit\n";
  SeededNoise noise(seed);
  int n = 0;
  for (const auto& league : kLeagues) {
    for (int k = 0; k < sites_per_league; ++k) {
      ++n;
      const std::string code = fmt::format("SYN-DK{:03}", n);
      const char* use = kUses[static_cast<std::size_t>(noise.uniform() * std::size(kUses))];
      const char* former = kFormer[static_cast<std::size_t>(noise.uniform() * std::size(kFormer))];
      const bool key = noise.uniform() < 0.7;
      // One site in three is contaminated: one item 1.2 to 4 times its class 1 screening value, one in four of
      // those above the control value.
      const bool contaminated = noise.uniform() < 0.35;
      const std::size_t hot = static_cast<std::size_t>(noise.uniform() * std::size(kItems));
      const bool very = contaminated && noise.uniform() < 0.25;
      const int year = first_year + static_cast<int>(noise.uniform() * (last_year - first_year + 1));
      const int investigated = year - 1 - static_cast<int>(noise.uniform() * 2);
      const bool reused = noise.uniform() < 0.75;
      std::string status = "investigated", assessed, evaluated, passed, reused_on;
      if (contaminated) {
        status = "risk_assessed";
        assessed = date(investigated, 9, 15);
        // Most contaminated sites are remediated with the effect evaluation before reuse; some after (unsafe).
        if (noise.uniform() < 0.8) {
          status = "remediated";
          evaluated = date(year, noise.uniform() < 0.85 ? 3 : 11, 20);
          passed = "yes";
        }
      }
      if (reused) {
        reused_on = date(year, 6 + static_cast<int>(noise.uniform() * 4), 1);
        status = "reused";
      }
      const double lon = league.lon + noise.uniform(-0.05, 0.05), lat = league.lat + noise.uniform(-0.05, 0.05);
      sites << fmt::format("{},SYNTHETIC 原{}地块（{}）,,{:.4f},{:.4f},{},,{},{},{},{},{},{},{},{}\n", code, former,
                           league.name, lon, lat, use, key ? "yes" : "no", key ? "SYNTHETIC listed" : "", status,
                           date(investigated, 5, 10), assessed, evaluated, passed, reused_on);
      const int n_samples = 3 + static_cast<int>(noise.uniform() * 4);
      for (int s = 1; s <= n_samples; ++s) {
        const double depth = s % 3 == 1 ? 0.2 : s % 3 == 2 ? 1.0 : 3.0;
        for (std::size_t i = 0; i < std::size(kItems); ++i) {
          const auto* item = standards::find_construction_land_item(kItems[i]);
          const double screening = item->screening[0];
          double share = kBackgroundShare[i] * std::exp(0.4 * noise.normal());
          if (contaminated && i == hot && s == 1)
            share = very ? item->control[0] / screening * 1.3 : noise.uniform(1.2, 4);
          const double value = share * screening;
          const double limit = item->group == "metal" ? 0 : screening / 20;  // organics have detection limits
          samples << fmt::format(
              "{},S{},{},{},{},mg/kg\n", code, s, depth, kItems[i],
              limit > 0 ? content(value, std::stod(fmt::format("{:.2g}", limit))) : content(value, 0));
        }
      }
    }
  }
  return out;
}

}  // namespace eb::app

#include "app/demo/synthetic_governance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "app/demo/seeded_noise.hpp"
#include "app/table/table.hpp"
#include "core/error.hpp"
#include "engine/vector/polygon_index.hpp"
#include "store/gpkg.hpp"

namespace eb::app {

namespace {

using nlohmann::json;
constexpr double kPi = 3.14159265358979323846;

double round6(double v) { return std::round(v * 1e6) / 1e6; }

// A ring of `n` vertices around (lon, lat) at radius_km (closed), counter-clockwise.
json ring(double lon, double lat, double radius_km, int n = 32) {
  json r = json::array();
  const double dx = radius_km / (111.32 * std::cos(lat * kPi / 180)), dy = radius_km / 110.57;
  for (int i = 0; i <= n; ++i) {
    const double a = 2 * kPi * (i % n) / n;
    r.push_back({round6(lon + dx * std::cos(a)), round6(lat + dy * std::sin(a))});
  }
  return r;
}

json disc(double lon, double lat, double r_km) {
  return {{"type", "Polygon"}, {"coordinates", json::array({ring(lon, lat, r_km)})}};
}

// An annulus: outer ring with the inner one as a hole (clockwise).
json annulus(double lon, double lat, double inner_km, double outer_km) {
  json hole = ring(lon, lat, inner_km);
  std::reverse(hole.begin(), hole.end());
  return {{"type", "Polygon"}, {"coordinates", json::array({ring(lon, lat, outer_km), hole})}};
}

json feature(json properties, json geometry) {
  return {{"type", "Feature"}, {"properties", std::move(properties)}, {"geometry", std::move(geometry)}};
}

void write_json(const std::string& path, const std::string& title, json features) {
  json doc = {{"type", "FeatureCollection"},
              {"name", title},
              {"description", "SYNTHETIC: made by the ecobarrier demo generator (seeded); not real data"},
              {"features", std::move(features)}};
  std::ofstream out(path);
  if (!out) throw IoError(path + ": cannot write");
  out << json_text(doc);
}

// Random points inside units, by rejection sampling in each unit's envelope.
class Sampler {
 public:
  Sampler(const std::vector<UnitShape>& units, SeededNoise& noise) : units_(units), noise_(noise) {
    for (std::size_t i = 0; i < units.size(); ++i) {
      index_.add(static_cast<std::int64_t>(i), units[i].wkb);
      envelopes_.push_back(store::wkb_envelope(units[i].wkb));
    }
  }
  std::pair<double, double> inside(std::size_t unit) {
    const auto& e = envelopes_[unit];
    for (int attempt = 0; attempt < 10000; ++attempt) {
      const double x = noise_.uniform(e.min_x, e.max_x), y = noise_.uniform(e.min_y, e.max_y);
      const auto hits = index_.covering(x, y);
      if (std::find(hits.begin(), hits.end(), static_cast<std::int64_t>(unit)) != hits.end()) return {x, y};
    }
    return engine::point_on_surface(units_[unit].wkb);
  }
  // A unit chosen with probability proportional to its envelope area (large leagues get more features).
  std::size_t any_unit() {
    std::vector<double> w;
    for (const auto& e : envelopes_) w.push_back((e.max_x - e.min_x) * (e.max_y - e.min_y));
    double total = 0;
    for (double x : w) total += x;
    double r = noise_.uniform() * total;
    for (std::size_t i = 0; i < w.size(); ++i) {
      if ((r -= w[i]) <= 0) return i;
    }
    return w.size() - 1;
  }

 private:
  const std::vector<UnitShape>& units_;
  SeededNoise& noise_;
  engine::PolygonIndex index_;
  std::vector<store::Envelope> envelopes_;
};

// Splits `total` 亩 into integer parts proportional to `weights` (largest remainder), so the parts add up exactly.
std::vector<std::int64_t> split(std::int64_t total, const std::vector<double>& weights) {
  double sum = 0;
  for (double w : weights) sum += w;
  std::vector<std::int64_t> parts(weights.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i] / sum;
    parts[i] = static_cast<std::int64_t>(std::floor(exact));
    given += parts[i];
    remainders.emplace_back(exact - std::floor(exact), i);
  }
  std::sort(remainders.begin(), remainders.end(), [](auto& a, auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total; ++k, ++given) ++parts[remainders[k % remainders.size()].second];
  return parts;
}

}  // namespace

SyntheticGovernanceFiles write_synthetic_governance(const std::string& dir, const std::vector<UnitShape>& leagues,
                                                    const std::vector<UnitShape>& banners, std::uint64_t seed) {
  std::filesystem::create_directories(dir);
  SyntheticGovernanceFiles files{dir + "/synthetic_red_line.geojson",       dir + "/synthetic_nature_reserves.geojson",
                                 dir + "/synthetic_national_parks.geojson", dir + "/synthetic_wetland_parks.geojson",
                                 dir + "/synthetic_water_sources.geojson",  dir + "/synthetic_basic_grassland.geojson",
                                 dir + "/synthetic_projects.csv",           dir + "/synthetic_plans.csv",
                                 dir + "/synthetic_sites.geojson"};
  SeededNoise noise(seed);
  Sampler in_league(leagues, noise), in_banner(banners, noise);

  // Red line: large blobs (about half the region once overlaps are merged, as the real 59.69万 km²).
  json red = json::array();
  for (int i = 0; i < 170; ++i) {
    const std::size_t u = in_league.any_unit();
    const auto [x, y] = in_league.inside(u);
    red.push_back(feature({{"name", fmt::format("红线{:03d}", i + 1)}, {"league", leagues[u].code}},
                          disc(x, y, noise.uniform(15, 65))));
  }
  write_json(files.red_line, "SYNTHETIC ecological protection red line", red);

  // 380 nature reserves: core disc, buffer and experimental rings.
  json reserves = json::array();
  for (int i = 0; i < 380; ++i) {
    const auto [x, y] = in_league.inside(in_league.any_unit());
    const double r = noise.uniform(1.5, 9);
    const std::string name = fmt::format("保护区{:03d}", i + 1);
    const std::string level = noise.uniform() < 0.08 ? "国家级" : (noise.uniform() < 0.5 ? "自治区级" : "盟市级");
    reserves.push_back(feature({{"name", name}, {"zone", "核心区"}, {"level", level}}, disc(x, y, r)));
    reserves.push_back(feature({{"name", name}, {"zone", "缓冲区"}, {"level", level}}, annulus(x, y, r, r * 1.5)));
    reserves.push_back(
        feature({{"name", name}, {"zone", "实验区"}, {"level", level}}, annulus(x, y, r * 1.5, r * 2.1)));
  }
  write_json(files.reserves, "SYNTHETIC nature reserves", reserves);

  // Two national parks in the east, with core and general-control zones.
  json parks = json::array();
  for (int i = 0; i < 2; ++i) {
    const double x = i == 0 ? 121.3 : 119.8, y = i == 0 ? 50.6 : 45.2;
    const std::string name = i == 0 ? "大兴安岭国家公园(SYNTHETIC)" : "科尔沁国家公园(SYNTHETIC)";
    parks.push_back(feature({{"name", name}, {"zone", "核心保护区"}}, disc(x, y, 25)));
    parks.push_back(feature({{"name", name}, {"zone", "一般控制区"}}, annulus(x, y, 25, 45)));
  }
  write_json(files.national_parks, "SYNTHETIC national parks", parks);

  json wetlands = json::array();
  for (int i = 0; i < 63; ++i) {
    const auto [x, y] = in_league.inside(in_league.any_unit());
    wetlands.push_back(feature({{"name", fmt::format("湿地公园{:02d}", i + 1)}}, disc(x, y, noise.uniform(1, 5))));
  }
  write_json(files.wetlands, "SYNTHETIC wetland parks", wetlands);

  // 1,131 drinking-water source areas near banner seats: level-I disc, level-II ring.
  json sources = json::array();
  for (int i = 0; i < 1131; ++i) {
    const auto [x, y] = in_banner.inside(static_cast<std::size_t>(i) % banners.size());
    const double r = noise.uniform(0.3, 1.0);
    const std::string name = fmt::format("水源地{:04d}", i + 1);
    sources.push_back(feature({{"name", name}, {"zone", "一级保护区"}}, disc(x, y, r)));
    sources.push_back(feature({{"name", name}, {"zone", "二级保护区"}}, annulus(x, y, r, r * 3)));
  }
  write_json(files.water_sources, "SYNTHETIC drinking-water source protection areas", sources);

  json grassland = json::array();
  for (int i = 0; i < 90; ++i) {
    const std::size_t u = in_league.any_unit();
    const auto [x, y] = in_league.inside(u);
    if (x < 106) continue;  // little grassland in the Alxa desert
    grassland.push_back(feature({{"name", fmt::format("基本草原{:02d}", i + 1)}}, disc(x, y, noise.uniform(25, 60))));
  }
  write_json(files.basic_grassland, "SYNTHETIC basic grassland", grassland);

  // The 2023 ledger: the real totals split over the banners with seeded weights (desertification control leans
  // west, afforestation east), one to three projects per banner and type; 2021-2022 at 85 % and 92 %.
  struct TypeTotal {
    const char* type;
    const char* name;
    std::int64_t mu_2023;
  };
  const TypeTotal totals[] = {{"afforestation", "造林", 5560000},
                              {"grass_planting", "种草", 18170000},
                              {"desertification_control", "治沙", 9500000}};
  std::ofstream projects(files.projects), plans(files.plans);
  if (!projects || !plans) throw IoError(dir + ": cannot write the synthetic ledger");
  projects << "code,name,type,unit_code,year,planned,planned_unit,completed,completed_unit,funding\n";
  plans << "unit_code,year,type,planned,unit\n";
  std::vector<double> centre_lon;
  for (const auto& b : banners) centre_lon.push_back(engine::point_on_surface(b.wkb).first);
  int serial = 0;
  const char* funding[] = {"中央财政", "自治区财政", "社会资本"};
  for (int year = 2021; year <= 2023; ++year) {
    const double scale = year == 2023 ? 1.0 : (year == 2022 ? 0.92 : 0.85);
    for (const auto& t : totals) {
      std::vector<double> w;
      for (double lon : centre_lon) {
        const double east = (lon - 97) / 29;  // 0 in the far west, 1 in the far east
        const double lean = std::string(t.type) == "afforestation"             ? 0.3 + east
                            : std::string(t.type) == "desertification_control" ? 1.3 - east
                                                                               : 1.0;
        w.push_back(lean * noise.uniform(0.4, 1.6));
      }
      const auto per_banner = split(static_cast<std::int64_t>(std::llround(static_cast<double>(t.mu_2023) * scale)), w);
      std::map<std::string, std::int64_t> league_done;
      for (std::size_t b = 0; b < banners.size(); ++b) {
        if (per_banner[b] == 0) continue;
        const int n = 1 + static_cast<int>(noise.uniform() * 3);
        const auto parts = split(per_banner[b], std::vector<double>(static_cast<std::size_t>(n), 1.0));
        for (int k = 0; k < n; ++k) {
          const std::int64_t done = parts[static_cast<std::size_t>(k)];
          const auto planned =
              static_cast<std::int64_t>(std::llround(static_cast<double>(done) / noise.uniform(0.9, 1.1)));
          projects << fmt::format("XM{}-{:05d},{}{}{}号,{},{},{},{},亩,{},亩,{}\n", year, ++serial, banners[b].name,
                                  t.name, k + 1, t.type, banners[b].code, year, planned, done,
                                  funding[static_cast<std::size_t>(noise.uniform() * 3)]);
        }
        league_done[banners[b].code.substr(0, 4) + "00"] += per_banner[b];
      }
      for (const auto& [league, done] : league_done) {
        plans << fmt::format("{},{},{},{},亩\n", league, year, t.type,
                             std::llround(static_cast<double>(done) / noise.uniform(0.85, 1.15)));
      }
    }
    // Mines: restoration against new damage, in the mining leagues.
    for (const char* league : {"150200", "150300", "150600", "150800", "152900"}) {
      const std::string unit = std::string(league).substr(0, 4) + "02";
      const bool known =
          std::any_of(banners.begin(), banners.end(), [&](const UnitShape& u) { return u.code == unit; });
      const std::string code = known ? unit : league;
      projects << fmt::format("KS{}-{:05d},矿山修复,mine_restoration,{},{},{},亩,{},亩,企业\n", year, ++serial, code,
                              year, std::llround(noise.uniform(3000, 9000)), std::llround(noise.uniform(2500, 9000)));
      projects << fmt::format("SH{}-{:05d},新增损毁,mining_damage,{},{},,,{},亩,\n", year, ++serial, code, year,
                              std::llround(noise.uniform(1000, 4000)));
    }
  }

  // Sample sites to screen: a PV desertification-control plant, a mine, a road and two points.
  json sites = json::array();
  auto box = [](double x0, double y0, double x1, double y1) {
    return json{{"type", "Polygon"},
                {"coordinates", json::array({json::array({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}})})}};
  };
  sites.push_back(feature({{"id", "光伏治沙-库布其"}}, box(108.55, 40.25, 108.65, 40.31)));
  sites.push_back(feature({{"id", "露天煤矿-准格尔"}}, box(111.10, 39.80, 111.16, 39.85)));
  sites.push_back(
      feature({{"id", "公路-锡林浩特至阿巴嘎"}},
              {{"type", "LineString"}, {"coordinates", {{116.05, 43.93}, {115.3, 44.0}, {114.95, 44.02}}}}));
  sites.push_back(feature({{"id", "水井-呼和浩特"}}, {{"type", "Point"}, {"coordinates", {111.70, 40.80}}}));
  sites.push_back(feature({{"id", "风电-阿拉善"}}, {{"type", "Point"}, {"coordinates", {104.5, 39.5}}}));
  write_json(files.sites, "SYNTHETIC sample sites", sites);
  return files;
}

}  // namespace eb::app

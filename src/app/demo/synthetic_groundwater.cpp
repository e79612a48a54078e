#include "app/demo/synthetic_groundwater.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <vector>

#include "app/demo/seeded_noise.hpp"
#include "core/error.hpp"

namespace eb::app {

namespace {

struct League {
  const char* code;  // prefix of the invented point codes
  const char* city;  // as `groundwater point import` takes it
  double lon, lat;   // approximate seat
  // Typical values: TDS, hardness, F, As (mg/L), Fe, Mn, NH3N, NO3N (mg/L).
  double levels[8];
};

// Natural background by region (made up in size, shaped after the published pattern): Hetao/Tumochuan As and F,
// Ordos/Alxa salinity and F, the east Fe and Mn.
constexpr League kLeagues[] = {
    {"HHHT", "呼和浩特市", 111.67, 40.82, {700, 380, 1.2, 0.012, 0.15, 0.08, 0.20, 6}},
    {"BT", "包头市", 109.84, 40.66, {800, 420, 1.1, 0.010, 0.12, 0.06, 0.18, 8}},
    {"WH", "乌海市", 106.82, 39.67, {1300, 520, 1.3, 0.004, 0.10, 0.05, 0.10, 5}},
    {"CF", "赤峰市", 118.89, 42.26, {500, 300, 0.8, 0.002, 0.20, 0.10, 0.15, 9}},
    {"TL", "通辽市", 122.24, 43.65, {450, 280, 0.9, 0.002, 0.30, 0.15, 0.15, 7}},
    {"ORDOS", "鄂尔多斯市", 109.78, 39.61, {1200, 480, 1.6, 0.003, 0.10, 0.04, 0.12, 4}},
    {"HLBE", "呼伦贝尔市", 119.77, 49.21, {300, 180, 0.5, 0.001, 0.60, 0.30, 0.10, 2}},
    {"BYNE", "巴彦淖尔市", 107.39, 40.74, {1400, 550, 1.8, 0.030, 0.25, 0.12, 0.30, 6}},
    {"WLCB", "乌兰察布市", 113.13, 41.02, {600, 350, 1.4, 0.003, 0.10, 0.05, 0.12, 10}},
    {"XAM", "兴安盟", 122.04, 46.08, {350, 200, 0.6, 0.001, 0.50, 0.25, 0.12, 3}},
    {"XLGL", "锡林郭勒盟", 116.05, 43.93, {550, 300, 1.0, 0.002, 0.15, 0.06, 0.10, 3}},
    {"ALS", "阿拉善盟", 105.73, 38.85, {1600, 600, 2.0, 0.006, 0.08, 0.04, 0.10, 3}},
};

std::string value_text(double v, int decimals, double detection_limit) {
  if (v < detection_limit) return fmt::format("<{:.{}f}", detection_limit, decimals);
  return fmt::format("{:.{}f}", v, decimals);
}

}  // namespace

SyntheticGroundwaterFiles write_synthetic_groundwater(const std::string& dir, std::uint64_t seed, int first_year,
                                                      int last_year) {
  std::filesystem::create_directories(dir);
  SyntheticGroundwaterFiles out{dir + "/synthetic_groundwater_points.csv", dir + "/synthetic_groundwater_samples.csv"};
  std::ofstream points(out.points), samples(out.samples);
  if (!points || !samples) throw IoError("cannot write the synthetic groundwater files in " + dir);
  SeededNoise noise(seed);
  points << "code,name,lon,lat,city,aquifer,type,level,well_depth\n";
  struct Point {
    std::string code;
    const League* league;
    double factor;  // how far this point's water is from its region's typical values
  };
  std::vector<Point> all;
  static constexpr const char* kLevels[] = {"国考", "国考", "区考"};
  static constexpr const char* kAquifers[] = {"潜水", "承压水", "潜水"};
  for (const auto& l : kLeagues)
    for (int k = 0; k < 3; ++k) {
      const std::string code = fmt::format("SYN-GW-{}-{}", l.code, k + 1);
      // Within a few kilometres of the seat, inside the league's polygon.
      const double lon = l.lon + noise.uniform(-0.05, 0.05), lat = l.lat + noise.uniform(-0.05, 0.05);
      points << fmt::format("{},{}地下水{}号井 (SYNTHETIC),{:.4f},{:.4f},{},{},监测井,{},{:.0f}\n", code, l.city, k + 1,
                            lon, lat, l.city, kAquifers[k], kLevels[k], noise.uniform(20, 150));
      all.push_back({code, &l, std::exp(0.35 * noise.normal())});
    }
  samples << "point,time,pH,TDS,hardness,SO4,Cl,Fe,Mn,NH3N,NO2N,NO3N,F,As,CODMn,total_coliform,Cr6,Pb,Cd,Hg,LAS,"
             "odour\n";
  for (int year = first_year; year <= last_year; ++year) {
    const double trend = std::pow(0.97, year - first_year);  // slow improvement of the man-made part
    for (const auto& p : all)
      for (const int month : {4, 8}) {
        const double* lv = p.league->levels;
        auto draw = [&](double typical, double spread) {
          return typical * p.factor * std::exp(spread * noise.normal());
        };
        const double tds = draw(lv[0], 0.25);
        std::string row = fmt::format("{},{}-{:02d}-15", p.code, year, month);
        row += fmt::format(",{:.2f}", 7.6 + 0.35 * noise.normal());
        row += "," + value_text(tds, 0, 4);
        row += "," + value_text(draw(lv[1], 0.2), 0, 1);
        row += "," + value_text(tds * 0.18 * std::exp(0.2 * noise.normal()), 1, 0.5);
        row += "," + value_text(tds * 0.15 * std::exp(0.2 * noise.normal()), 1, 0.5);
        row += "," + value_text(draw(lv[4], 0.6), 3, 0.03);
        row += "," + value_text(draw(lv[5], 0.6), 3, 0.01);
        row += "," + value_text(draw(lv[6], 0.7) * trend, 3, 0.025);
        row += "," + value_text(draw(0.02, 0.8) * trend, 3, 0.003);
        row += "," + value_text(draw(lv[7], 0.5) * trend, 2, 0.02);
        row += "," + value_text(draw(lv[2], 0.3), 2, 0.05);
        row += "," + value_text(draw(lv[3], 0.5), 4, 0.0003);
        row += "," + value_text(draw(1.6, 0.4) * trend, 2, 0.5);
        row += "," + value_text(noise.uniform() < 0.1 ? noise.uniform(3, 40) : 0, 0, 2);
        row += "," + value_text(draw(0.004, 0.5), 3, 0.004);
        row += "," + value_text(draw(0.002, 0.6), 4, 0.0025);
        row += "," + value_text(draw(0.0003, 0.6), 5, 0.0001);
        row += "," + value_text(draw(0.00004, 0.5), 5, 0.00004);
        row += "," + value_text(noise.uniform() < 0.85 ? 0 : noise.uniform(0.05, 0.2), 3, 0.05);
        row += noise.uniform() < 0.02 ? ",有" : ",无";
        samples << row << "\n";
      }
  }
  if (!points || !samples) throw IoError("cannot write the synthetic groundwater files in " + dir);
  return out;
}

}  // namespace eb::app

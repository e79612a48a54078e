#include "app/demo/synthetic_carbon.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <vector>

#include "app/demo/seeded_noise.hpp"
#include "io/atomic_file.hpp"
#include "io/class_raster.hpp"
#include "io/gdal_raster.hpp"
#include "io/raster_writer.hpp"
#include "standards/class_styles.hpp"

namespace eb::app {

namespace {

struct League {
  const char* code;
  double gdp_2020_1e8_yuan;  // rough scale of each economy (SYNTHETIC values are drawn around it)
  double intensity;          // tce per 10^4 yuan in 2020 around which the draw is made
  double net_power_share;    // net purchased electricity as a share of the energy in tce (negative: exporter)
};

// The 12 leagues/cities (GB/T 2260 codes). Scales are only to make the demo look like a coal region.
const League kLeagues[] = {
    {"150100", 2800, 1.05, 0.08},  {"150200", 2787, 2.10, 0.05},  {"150300", 562, 4.20, -0.02},
    {"150400", 1763, 1.35, 0.04},  {"150500", 1300, 1.80, -0.06}, {"150600", 3533, 2.40, -0.12},
    {"150700", 1172, 1.40, -0.03}, {"150800", 888, 1.30, 0.03},   {"150900", 922, 2.00, -0.08},
    {"152200", 540, 1.15, 0.05},   {"152500", 818, 2.30, -0.15},  {"152900", 291, 3.60, -0.05},
};

// Shares of the fossil energy (tce) by fuel: coal dominates.
struct Share {
  const char* fuel;
  const char* unit;
  double share;
  double kgce_per_unit_factor;  // tce per file unit (to turn tce back into physical amounts)
};
// 10^4 t raw coal = 7143 tce; 10^4 t coke = 9714 tce; t oil products; 10^4 m3 gas = 12.143 tce; GJ heat = 0.03412 tce.
const Share kShares[] = {
    {"raw_coal", "10^4 t", 0.78, 7143}, {"coke", "10^4 t", 0.05, 9714},           {"diesel", "t", 0.035, 1.4571},
    {"gasoline", "t", 0.02, 1.4714},    {"natural_gas", "10^4 m3", 0.06, 12.143}, {"lpg", "t", 0.005, 1.7143},
};

}  // namespace

SyntheticCarbonFiles write_synthetic_carbon(const std::string& dir, std::uint64_t seed, int first_year, int last_year) {
  std::filesystem::create_directories(dir);
  SyntheticCarbonFiles files{dir + "/energy_synthetic.csv", dir + "/gdp_synthetic.csv",
                             dir + "/carbon_targets_synthetic.csv"};
  SeededNoise noise(seed);
  const std::string source = fmt::format("SYNTHETIC demo generator (seed {})", seed);
  std::string energy = "unit_code,year,fuel,amount,unit,source\n";
  std::string gdp = "unit_code,year,gdp,unit,basis,price_index,source\n";
  std::string targets = "unit_code,indicator,base_year,target_year,drop_pct,source\n";
  int index = 0;
  for (const League& l : kLeagues) {
    const double gdp0 = l.gdp_2020_1e8_yuan * noise.uniform(0.95, 1.05);
    const double intensity0 = l.intensity * noise.uniform(0.9, 1.1);
    const double growth = noise.uniform(0.035, 0.065);      // real GDP growth per year
    const double efficiency = noise.uniform(0.005, 0.035);  // yearly drop of the energy intensity
    const double price_growth = noise.uniform(0.01, 0.03);  // deflator growth per year
    const bool nominal = index % 3 == 1;                    // a third of the leagues report nominal GDP
    for (int y = first_year; y <= last_year; ++y) {
      const int t = y - first_year;
      const double real_gdp = gdp0 * std::pow(1 + growth, t) * (1 + 0.01 * noise.normal());  // 10^8 yuan
      const double tce = real_gdp * 1e4 * intensity0 * std::pow(1 - efficiency, t) * (1 + 0.01 * noise.normal());
      for (const Share& s : kShares) {
        const double amount = tce * s.share * (1 + 0.03 * noise.normal()) / s.kgce_per_unit_factor;
        energy += fmt::format("{},{},{},{:.4f},{},{}\n", l.code, y, s.fuel, amount, s.unit, source);
      }
      // Net purchased electricity in 10^4 kWh (1 tce = 1 / 0.1229 x 1000 kWh); exporters are negative.
      const double power_tce = tce * l.net_power_share * (1 + 0.05 * noise.normal());
      energy +=
          fmt::format("{},{},electricity,{:.2f},10^4 kWh,{}\n", l.code, y, power_tce / 0.1229 * 1000 / 1e4, source);
      const double heat_gj = tce * 0.02 / 0.03412;
      energy += fmt::format("{},{},heat,{:.1f},GJ,{}\n", l.code, y, heat_gj, source);
      if (nominal) {
        const double price_index = 100 * std::pow(1 + price_growth, t);
        gdp += fmt::format("{},{},{:.2f},10^8 yuan,nominal,{:.2f},{}\n", l.code, y, real_gdp * price_index / 100,
                           price_index, source);
      } else {
        gdp += fmt::format("{},{},{:.2f},10^8 yuan,constant_2020,,{}\n", l.code, y, real_gdp, source);
      }
    }
    targets +=
        fmt::format("{},energy_intensity,2020,2025,{:.1f},SYNTHETIC demo target (not the league's real target)\n",
                    l.code, std::round(noise.uniform(8, 15) * 2) / 2);
    targets +=
        fmt::format("{},carbon_intensity,2020,2025,{:.1f},SYNTHETIC demo target (not the league's real target)\n",
                    l.code, std::round(noise.uniform(10, 18) * 2) / 2);
    ++index;
  }
  targets += "150000,energy_intensity,2020,2025,12.0,SYNTHETIC demo target (not the region's real target)\n";
  targets += "150000,carbon_intensity,2020,2025,15.0,SYNTHETIC demo target (not the region's real target)\n";
  const std::vector<std::pair<std::string, std::string>> outputs = {
      {files.energy, energy}, {files.gdp, gdp}, {files.targets, targets}};
  for (const auto& [path, text] : outputs) {
    io::AtomicFile out(path);
    out.stream() << text;
    out.commit();
  }
  return files;
}

void write_synthetic_landcover(const std::string& ndvi, const std::string& output, bool class_names_zh) {
  io::GdalRaster in(ndvi);
  const auto& grid = in.grid();
  io::RasterWriter out(output, grid, in.crs_wkt(), io::RasterType::byte,
                       "SYNTHETIC land cover (CLCD codes) derived from SYNTHETIC NDVI");
  std::vector<double> values(static_cast<std::size_t>(grid.cols)), classes(values.size());
  std::vector<std::uint8_t> valid(values.size());
  for (int row = 0; row < grid.rows; ++row) {
    const engine::raster::Window window{row, 0, 1, grid.cols};
    in.read(window, values, valid);
    for (std::size_t i = 0; i < values.size(); ++i) {
      valid[i] = valid[i] && std::isfinite(values[i]);
      // NDVI comes as Float32: compare in single precision, so that a value written as 0.12 meets the 0.12 threshold.
      const float v = static_cast<float>(values[i]);
      classes[i] = v >= 0.60f ? 2 : v >= 0.20f ? 4 : v >= 0.12f ? 3 : 7;
    }
    out.write(window, classes, valid);
  }
  out.commit();
  io::write_raster_classes(output, standards::class_styles("clcd"), class_names_zh);
}

}  // namespace eb::app

// `carbon sink`: an ESTIMATE of the carbon sink of forest and grassland per zone (league/city) from two land-cover
// rasters (e.g. CLCD) by the stock-difference method: the zone's carbon stock in each year = Σ class area x the
// class's stock density (tC/ha: biomass + dead organic matter + soil, data/standards/carbon_stock_density.csv),
// sink = (stock after - stock before) / years x 44/12 (t CO2 per year, positive = uptake). The class areas come from
// the raster engine's per-zone transition matrices (run_change), read once with exact coverage weights.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"

namespace eb::app::runs {

struct CarbonSinkRequest {
  std::string before, after;  // land-cover rasters of the two years, on one grid
  std::array<int, 2> years{};
  std::string zones, id_field = "adcode";
  std::string scheme = "clcd";  // class codes of data/standards/carbon_landcover_classes.csv
};

struct CarbonSinkZone {
  std::string code, name_zh, name_en;  // names from data/reference/admin_units.csv, else the code
  // Per class: area (ha) and stock (tC) in both years, and its sink (t CO2/yr).
  struct ClassLine {
    std::string cls;
    std::array<double, 2> area_ha{}, stock_tc{};
    double sink_t_co2_per_year = 0;
  };
  std::vector<ClassLine> classes;
  double forest_sink_t_co2_per_year = 0, grassland_sink_t_co2_per_year = 0, total_sink_t_co2_per_year = 0;
};

struct CarbonSinkResult {
  std::array<int, 2> years{};
  std::string scheme, method;
  std::vector<CarbonSinkZone> zones;
  CarbonSinkZone total;  // the sum of the zones (code empty)
  std::size_t zones_outside = 0;
};
CarbonSinkResult run_carbon_sink(const CarbonSinkRequest& req, const RunEnv& env);
Document carbon_sink_document(const CarbonSinkResult& r, Lang lang);

}  // namespace eb::app::runs

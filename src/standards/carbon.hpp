// Energy and carbon accounting rules as data (docs/carbon.md): standard-coal coefficients of GB/T 2589-2020,
// CO2 factors of fuel combustion (net calorific value x carbon content x oxidation x 44/12), the published grid
// factors of purchased electricity per grid and year, the purchased-heat factor, the land-cover classes and their
// carbon stock densities for the sink estimate. Pure functions over the embedded tables; no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eb::standards {

// What a physical amount measures; each has one base unit the tables' coefficients are per.
enum class EnergyDimension { mass, volume, electricity, heat };  // kg, m³, kWh, MJ
std::string_view base_unit(EnergyDimension d);

// A unit an activity file may give: t, kg, 10^4 t; m3, 10^4 m3, 10^8 m3; kWh, MWh, GWh, 10^4 kWh, 10^8 kWh; MJ, GJ,
// TJ (and the Chinese 吨, 万吨, 立方米, 万立方米, 亿立方米, 千瓦时, 万千瓦时, 亿千瓦时). `per_base`: base units per
// unit.
struct EnergyUnit {
  std::string_view name;
  EnergyDimension dimension;
  double per_base;
};
std::optional<EnergyUnit> find_energy_unit(std::string_view name);
const std::vector<EnergyUnit>& energy_units();

enum class EnergyKind { fossil, electricity, heat };

struct Fuel {
  std::string code, name_zh, name_en;
  EnergyKind kind = EnergyKind::fossil;
  EnergyDimension dimension = EnergyDimension::mass;
  double kgce_per_base = 0;                   // GB/T 2589 coefficient (kgce/kg, /m³, /kWh, /MJ)
  std::optional<double> kgce_min, kgce_max;   // the standard's range where it gives one
  std::string coefficient_unit, coal_source;  // as in the table
  double ncv_gj_per_base = 0;                 // fossil only: net calorific value per base unit
  double carbon_content_tc_per_tj = 0, oxidation = 0;
  int co2_factor_year = 0;
  std::string co2_source;
  // t CO2 per base unit from combustion (fossil only): NCV x carbon content x oxidation x 44/12.
  double co2_t_per_base() const;
};
const std::vector<Fuel>& fuels();
const Fuel* find_fuel(std::string_view code);

// tce of an amount in the fuel's base unit (coefficient in kgce per base unit / 1000).
double to_tce(const Fuel& fuel, double amount_base);
// t CO2 from burning an amount in the fuel's base unit (0 for electricity and heat: see below).
double combustion_co2_t(const Fuel& fuel, double amount_base);

// The published grid factor that applies to a year: that year's when published, else the latest year before it,
// else the earliest published year (a year before the first publication). `exact` says whether it is the year's.
struct GridFactor {
  std::string grid;
  int year = 0;  // the factor's year
  double t_co2_per_mwh = 0;
  bool exact = false;
  std::string published, source;
};
// Throws std::invalid_argument for a grid with no published factor.
GridFactor grid_factor(std::string_view grid, int year);
// The grid (north_china, northeast, …) a unit's purchased electricity comes from (data/standards/carbon_unit_grid.csv),
// or nothing for a unit the table does not list.
std::optional<std::string> unit_grid(std::string_view unit_code);

// The equal-value (等价值) coefficient of electricity: the national average standard-coal consumption of thermal power
// supply (data/standards/carbon_power_supply_coal.csv) of the year, else of the latest year before it, else of the
// earliest year listed. kgce per kWh; `year` is the figure's year.
struct EqualValue {
  double kgce_per_kwh = 0;
  int year = 0;
  std::string source;
};
EqualValue electricity_equal_value(int year);

struct HeatFactor {
  double t_co2_per_gj = 0;
  int year = 0;
  std::string source;
};
const HeatFactor& heat_factor();

// Change of an intensity from a base year: (current / base - 1) x 100, and the drop (1 - current / base) x 100.
// NaN when the base is not positive.
double change_pct(double base, double current);
double drop_pct(double base, double current);
// Progress against a five-year target drop (e.g. 13.5 % from 2020 to 2025): the drop achieved as a share of the
// target (%), and whether it keeps the linear pace (target x elapsed years / period years).
struct TargetProgress {
  double progress_pct = 0;       // achieved drop / target drop x 100
  double expected_drop_pct = 0;  // linear pace at this year
  bool on_track = false;         // achieved >= expected (at or above the pace meets it)
};
TargetProgress target_progress(double achieved_drop_pct, double target_drop_pct, int base_year, int target_year,
                               int year);

// Land cover for the sink estimate: a scheme's class codes (e.g. CLCD 1..9) to classes, and each class's carbon stock
// density (tC/ha: biomass + dead organic matter + soil) with its method.
struct LandCoverClass {
  std::string scheme, cls, name_zh, name_en;
  int code = 0;
};
const LandCoverClass* find_landcover_class(std::string_view scheme, int code);
const std::vector<LandCoverClass>& landcover_classes();

struct StockDensity {
  std::string cls, method, source;
  double biomass = 0, dead_organic_matter = 0, soil = 0;  // tC/ha
  double total() const { return biomass + dead_organic_matter + soil; }
};
const StockDensity* find_stock_density(std::string_view cls);

// CO2 / C molar mass ratio.
inline constexpr double kCo2PerC = 44.0 / 12.0;
// Sink (positive: uptake) from two carbon stocks (tC) `years` apart: (after - before) / years x 44/12, t CO2/yr.
double sink_t_co2_per_year(double stock_before_tc, double stock_after_tc, int years);

}  // namespace eb::standards

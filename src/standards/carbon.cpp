#include "standards/carbon.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "standards/tables.hpp"

namespace eb::standards {

namespace {

std::optional<double> optional_number(const DataTable& t, std::size_t row, std::string_view column) {
  if (t.at(row, column).empty()) return std::nullopt;
  return t.number(row, column);
}

EnergyKind kind_of(const std::string& s) {
  if (s == "fossil") return EnergyKind::fossil;
  if (s == "electricity") return EnergyKind::electricity;
  if (s == "heat") return EnergyKind::heat;
  throw std::logic_error("carbon_standard_coal.csv: unknown kind " + s);
}

// The coefficient's unit gives the fuel's dimension: kgce per kg, m³, kWh or MJ.
EnergyDimension dimension_of(const std::string& unit) {
  if (unit == "kgce/kg") return EnergyDimension::mass;
  if (unit == "kgce/m3") return EnergyDimension::volume;
  if (unit == "kgce/kWh") return EnergyDimension::electricity;
  if (unit == "kgce/MJ") return EnergyDimension::heat;
  throw std::logic_error("carbon_standard_coal.csv: unknown coefficient unit " + unit);
}

// GJ per base unit from the CO2 table's NCV: GJ/t is per 1000 kg, GJ/10^4 m3 per 10 000 m³.
double ncv_per_base(const std::string& unit, double ncv) {
  if (unit == "GJ/t") return ncv / 1000.0;
  if (unit == "GJ/10^4 m3") return ncv / 10000.0;
  throw std::logic_error("carbon_fuel_co2.csv: unknown NCV unit " + unit);
}

std::vector<Fuel> load_fuels() {
  const DataTable& coal = DataTable::get("carbon_standard_coal.csv");
  const DataTable& co2 = DataTable::get("carbon_fuel_co2.csv");
  std::vector<Fuel> out;
  for (std::size_t i = 0; i < coal.size(); ++i) {
    Fuel f;
    f.code = coal.at(i, "fuel");
    f.name_zh = coal.at(i, "name_zh");
    f.name_en = coal.at(i, "name_en");
    f.kind = kind_of(coal.at(i, "kind"));
    f.coefficient_unit = coal.at(i, "coefficient_unit");
    f.dimension = dimension_of(f.coefficient_unit);
    f.kgce_per_base = coal.number(i, "coefficient");
    f.kgce_min = optional_number(coal, i, "coefficient_min");
    f.kgce_max = optional_number(coal, i, "coefficient_max");
    f.coal_source = coal.at(i, "source");
    for (std::size_t j = 0; j < co2.size(); ++j) {
      if (co2.at(j, "fuel") != f.code) continue;
      f.ncv_gj_per_base = ncv_per_base(co2.at(j, "ncv_unit"), co2.number(j, "ncv"));
      f.carbon_content_tc_per_tj = co2.number(j, "carbon_content_tc_per_tj");
      f.oxidation = co2.number(j, "oxidation");
      f.co2_factor_year = static_cast<int>(co2.number(j, "year"));
      f.co2_source = co2.at(j, "source");
    }
    if (f.kind == EnergyKind::fossil && f.ncv_gj_per_base <= 0)
      throw std::logic_error("carbon_fuel_co2.csv: no CO2 factor for fossil fuel " + f.code);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

std::string_view base_unit(EnergyDimension d) {
  switch (d) {
    case EnergyDimension::mass:
      return "kg";
    case EnergyDimension::volume:
      return "m3";
    case EnergyDimension::electricity:
      return "kWh";
    case EnergyDimension::heat:
      return "MJ";
  }
  return "";
}

const std::vector<EnergyUnit>& energy_units() {
  using D = EnergyDimension;
  static const std::vector<EnergyUnit> kUnits = {{"kg", D::mass, 1},
                                                 {"t", D::mass, 1e3},
                                                 {"10^4 t", D::mass, 1e7},
                                                 {"吨", D::mass, 1e3},
                                                 {"万吨", D::mass, 1e7},
                                                 {"m3", D::volume, 1},
                                                 {"10^4 m3", D::volume, 1e4},
                                                 {"10^8 m3", D::volume, 1e8},
                                                 {"立方米", D::volume, 1},
                                                 {"万立方米", D::volume, 1e4},
                                                 {"亿立方米", D::volume, 1e8},
                                                 {"kWh", D::electricity, 1},
                                                 {"MWh", D::electricity, 1e3},
                                                 {"GWh", D::electricity, 1e6},
                                                 {"10^4 kWh", D::electricity, 1e4},
                                                 {"10^8 kWh", D::electricity, 1e8},
                                                 {"千瓦时", D::electricity, 1},
                                                 {"万千瓦时", D::electricity, 1e4},
                                                 {"亿千瓦时", D::electricity, 1e8},
                                                 {"MJ", D::heat, 1},
                                                 {"GJ", D::heat, 1e3},
                                                 {"TJ", D::heat, 1e6},
                                                 {"百万千焦", D::heat, 1e3}};
  return kUnits;
}

std::optional<EnergyUnit> find_energy_unit(std::string_view name) {
  for (const auto& u : energy_units())
    if (u.name == name) return u;
  return std::nullopt;
}

double Fuel::co2_t_per_base() const {
  if (kind != EnergyKind::fossil) return 0;
  // GJ -> TJ (/1000), x tC/TJ x oxidation x 44/12 = t CO2.
  return ncv_gj_per_base / 1000.0 * carbon_content_tc_per_tj * oxidation * kCo2PerC;
}

const std::vector<Fuel>& fuels() {
  static const std::vector<Fuel> kFuels = load_fuels();
  return kFuels;
}

const Fuel* find_fuel(std::string_view code) {
  for (const auto& f : fuels())
    if (f.code == code) return &f;
  return nullptr;
}

double to_tce(const Fuel& fuel, double amount_base) { return amount_base * fuel.kgce_per_base / 1000.0; }

double combustion_co2_t(const Fuel& fuel, double amount_base) { return amount_base * fuel.co2_t_per_base(); }

GridFactor grid_factor(std::string_view grid, int year) {
  const DataTable& t = DataTable::get("carbon_grid_factors.csv");
  std::optional<std::size_t> best, earliest;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.at(i, "grid") != grid) continue;
    const int y = static_cast<int>(t.number(i, "year"));
    if (y <= year && (!best || y > static_cast<int>(t.number(*best, "year")))) best = i;
    if (!earliest || y < static_cast<int>(t.number(*earliest, "year"))) earliest = i;
  }
  if (!earliest) throw std::invalid_argument("no published grid factor for grid " + std::string(grid));
  const std::size_t row = best ? *best : *earliest;
  GridFactor g;
  g.grid = grid;
  g.year = static_cast<int>(t.number(row, "year"));
  g.t_co2_per_mwh = t.number(row, "t_co2_per_mwh");
  g.exact = g.year == year;
  g.published = t.at(row, "published");
  g.source = t.at(row, "source");
  return g;
}

EqualValue electricity_equal_value(int year) {
  const DataTable& t = DataTable::get("carbon_power_supply_coal.csv");
  std::optional<std::size_t> best, earliest;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const int y = static_cast<int>(t.number(i, "year"));
    if (y <= year && (!best || y > static_cast<int>(t.number(*best, "year")))) best = i;
    if (!earliest || y < static_cast<int>(t.number(*earliest, "year"))) earliest = i;
  }
  if (!earliest) throw std::logic_error("carbon_power_supply_coal.csv is empty");
  const std::size_t row = best ? *best : *earliest;
  return {t.number(row, "gce_per_kwh") / 1000.0, static_cast<int>(t.number(row, "year")), t.at(row, "source")};
}

std::optional<std::string> unit_grid(std::string_view unit_code) {
  const DataTable& t = DataTable::get("carbon_unit_grid.csv");
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t.at(i, "unit_code") == unit_code) return t.at(i, "grid");
  return std::nullopt;
}

const HeatFactor& heat_factor() {
  static const HeatFactor kHeat = [] {
    const DataTable& t = DataTable::get("carbon_heat_factor.csv");
    return HeatFactor{t.number(0, "t_co2_per_gj"), static_cast<int>(t.number(0, "year")), t.at(0, "source")};
  }();
  return kHeat;
}

double change_pct(double base, double current) {
  if (!(base > 0)) return std::numeric_limits<double>::quiet_NaN();
  return (current / base - 1.0) * 100.0;
}

double drop_pct(double base, double current) {
  if (!(base > 0)) return std::numeric_limits<double>::quiet_NaN();
  return (1.0 - current / base) * 100.0;
}

TargetProgress target_progress(double achieved_drop_pct, double target_drop_pct, int base_year, int target_year,
                               int year) {
  TargetProgress p;
  const int span = target_year - base_year;
  const int elapsed = std::clamp(year - base_year, 0, span > 0 ? span : 0);
  p.progress_pct =
      target_drop_pct != 0 ? achieved_drop_pct / target_drop_pct * 100.0 : std::numeric_limits<double>::quiet_NaN();
  p.expected_drop_pct = span > 0 ? target_drop_pct * elapsed / span : target_drop_pct;
  p.on_track = achieved_drop_pct >= p.expected_drop_pct;
  return p;
}

const std::vector<LandCoverClass>& landcover_classes() {
  static const std::vector<LandCoverClass> kClasses = [] {
    const DataTable& t = DataTable::get("carbon_landcover_classes.csv");
    std::vector<LandCoverClass> out;
    for (std::size_t i = 0; i < t.size(); ++i)
      out.push_back({t.at(i, "scheme"), t.at(i, "class"), t.at(i, "name_zh"), t.at(i, "name_en"),
                     static_cast<int>(t.number(i, "code"))});
    return out;
  }();
  return kClasses;
}

const LandCoverClass* find_landcover_class(std::string_view scheme, int code) {
  for (const auto& c : landcover_classes())
    if (c.scheme == scheme && c.code == code) return &c;
  return nullptr;
}

const StockDensity* find_stock_density(std::string_view cls) {
  static const std::vector<StockDensity> kDensities = [] {
    const DataTable& t = DataTable::get("carbon_stock_density.csv");
    std::vector<StockDensity> out;
    for (std::size_t i = 0; i < t.size(); ++i)
      out.push_back({t.at(i, "class"), t.at(i, "method"), t.at(i, "source"), t.number(i, "biomass_tc_per_ha"),
                     t.number(i, "dead_organic_matter_tc_per_ha"), t.number(i, "soil_tc_per_ha")});
    return out;
  }();
  for (const auto& d : kDensities)
    if (d.cls == cls) return &d;
  return nullptr;
}

double sink_t_co2_per_year(double stock_before_tc, double stock_after_tc, int years) {
  if (years <= 0) throw std::invalid_argument("sink: the two years must be at least one year apart");
  return (stock_after_tc - stock_before_tc) / years * kCo2PerC;
}

}  // namespace eb::standards

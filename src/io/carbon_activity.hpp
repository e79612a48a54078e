// Energy and carbon activity data from CSV (docs/carbon.md): energy consumption by unit, year and fuel in physical
// units; GDP per unit and year at comparable (constant 2020) prices, or nominal with a price index; five-year
// targets per unit and indicator. Each reader checks the whole file before returning (InputError naming
// file:line:column and the column's name for the first bad field), so nothing of a bad file is ever stored.
#pragma once

#include <string>
#include <vector>

#include "io/file_buffer.hpp"

namespace eb::io {

struct EnergyRecord {
  std::string unit_code, fuel;  // fuel: a code of data/standards/carbon_standard_coal.csv
  int year = 0;
  double amount_base = 0;  // in the fuel's base unit (kg, m³, kWh, MJ), converted from the file's unit
  std::string file_unit;   // as written
  double file_amount = 0;
  std::string source;
  std::size_t line = 0;
};

// Columns (any order; English or Chinese): unit_code|单位代码, year|年份, fuel|能源品种, amount|消费量, unit|计量单位;
// optional source|来源. A fuel or a unit that is not known, a unit of the wrong kind for the fuel (t for natural
// gas), a negative amount of a fuel (only net purchased electricity and heat may be negative: a net exporter), a
// year outside 1949..2100 or a (unit_code, year, fuel) given twice is an error.
std::vector<EnergyRecord> read_energy_csv(const std::string& path, const ReadOptions& options = {});

struct GdpRecord {
  std::string unit_code;
  int year = 0;
  double gdp_10k_yuan_2020 = 0;  // at constant 2020 prices, 10^4 yuan
  std::string method;            // how it was made comparable (stated in every output)
  std::string source;
  std::size_t line = 0;
};

// Columns: unit_code, year, gdp, unit (10^4 yuan | 10^8 yuan | 万元 | 亿元), basis (constant_2020 | nominal);
// price_index (required with nominal: the GDP deflator, 2020 = 100; real = nominal x 100 / index); optional source.
std::vector<GdpRecord> read_gdp_csv(const std::string& path, const ReadOptions& options = {});

struct CarbonTargetRecord {
  std::string unit_code, indicator;  // energy_intensity | carbon_intensity
  int base_year = 0, target_year = 0;
  double drop_pct = 0;  // the planned drop of the intensity from base to target year, %
  std::string source;
  std::size_t line = 0;
};

// Columns: unit_code, indicator, base_year, target_year, drop_pct, source (required: where the target comes from).
std::vector<CarbonTargetRecord> read_carbon_targets_csv(const std::string& path, const ReadOptions& options = {});

}  // namespace eb::io

// `carbon import-energy | import-gdp | import-targets | account`: energy and carbon accounting per league/city and
// region (docs/carbon.md). Energy by fuel to standard coal (GB/T 2589-2020), CO2 from combustion (NCV x carbon
// content x oxidation x 44/12) and from net purchased electricity (the published grid factor of the unit's grid)
// and heat, intensities per 10^4 yuan of GDP at constant 2020 prices, their change against the base year (2020) and
// the progress against the five-year targets. Every factor used is named with its source and year.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "standards/carbon.hpp"
#include "store/carbon_store.hpp"
#include "store/indicator_store.hpp"

namespace eb::app::runs {

enum class CarbonImportKind { energy, gdp, targets };
struct CarbonImportRequest {
  std::string workspace;
  CarbonImportKind kind = CarbonImportKind::energy;
  std::vector<std::string> files;  // each file is read and checked whole, then imported in its own transaction
};
struct CarbonImportResult {
  CarbonImportKind kind = CarbonImportKind::energy;
  std::vector<store::CarbonImportReport> files;
};
CarbonImportResult run_carbon_import(const CarbonImportRequest& req, const RunEnv& env);
Document carbon_import_document(const CarbonImportResult& r, Lang lang);

struct CarbonAccountRequest {
  std::string workspace;
  int year = 0;
  int base_year = 2020;
  int level = 2;                        // 2: leagues/cities; 1: the region
  std::optional<int> grid_factor_year;  // every year's electricity at this year's factor (a like-for-like change)
  // Electricity in tce at its calorific equivalent (0.1229 kgce/kWh, the default) or at the equal value (the year's
  // coal consumption of thermal power supply, data/standards/carbon_power_supply_coal.csv).
  bool electricity_equal_value = false;
};

// One unit's figures of one year.
struct CarbonFigures {
  struct FuelLine {
    std::string fuel;
    double amount_base = 0, tce = 0, co2_t = 0;  // co2: combustion, or indirect for electricity and heat
  };
  std::vector<FuelLine> fuels;  // in the order of data/standards/carbon_standard_coal.csv
  double energy_tce = 0, co2_combustion_t = 0, co2_electricity_t = 0, co2_heat_t = 0;
  double gdp_10k_yuan = 0;
  std::string gdp_method;
  std::vector<standards::GridFactor> grid_factors;   // those applied (one per grid)
  std::optional<standards::EqualValue> equal_value;  // the equal-value coefficient applied, when asked for
  double co2_t() const { return co2_combustion_t + co2_electricity_t + co2_heat_t; }
  double energy_intensity() const { return energy_tce / gdp_10k_yuan; }  // tce per 10^4 yuan
  double carbon_intensity() const { return co2_t() / gdp_10k_yuan; }     // t CO2 per 10^4 yuan
};

struct CarbonTargetProgress {
  std::string indicator, source;
  int base_year = 0, target_year = 0;
  double target_drop_pct = 0, achieved_drop_pct = 0;  // achieved: the intensity's drop since the base year
  standards::TargetProgress progress;
};

struct CarbonAccountRow {
  std::string code, name_zh, name_en;
  // Where the figures come from: "own" (the unit's own rows), "members" (the sum of its leagues with data in both
  // years), or "none" (no figures: see `missing`).
  std::string basis = "none";
  std::vector<std::string> members;                          // leagues summed (basis members)
  std::vector<std::pair<std::string, std::string>> missing;  // (unit or year, why) left out
  std::optional<CarbonFigures> current, base;
  std::optional<double> energy_intensity_change_pct, carbon_intensity_change_pct;  // negative: down
  std::vector<CarbonTargetProgress> targets;
};

struct CarbonAccountResult {
  int year = 0, base_year = 0, level = 2;
  std::optional<int> grid_factor_year;
  bool electricity_equal_value = false;
  std::vector<CarbonAccountRow> units;
  std::vector<std::string> sources;  // distinct sources of the activity data used (SYNTHETIC data says so)
};
CarbonAccountResult run_carbon_account(const CarbonAccountRequest& req);
Document carbon_account_document(const CarbonAccountResult& r, Lang lang);

// For `assess derive` (the lead wires it): per unit of the level, the year's
//   energy.intensity_drop_vs_2020_pct and carbon.intensity_drop_vs_2020_pct (positive: the intensity fell),
// and, given a sink estimate of the unit, carbon.sink_t_co2 (t CO2 per year, an ESTIMATE), each with its
// provenance in `source`.
struct CarbonSinkResult;
std::vector<store::IndicatorValue> derive_carbon_indicators(const std::string& ws, int year, int level = 2,
                                                            const CarbonSinkResult* sink = nullptr);

}  // namespace eb::app::runs

// Farmland soil in the workspace (GB 15618; docs/soil.md): plot and sample imports, the per-unit assessment (areas
// by category, membership, the safe-use rate of contaminated farmland from the ledger's measures) and the derived
// indicators for `assess derive`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/runs/soil/farmland_classify.hpp"
#include "app/table/table.hpp"
#include "core/area.hpp"
#include "store/indicator_store.hpp"

namespace eb::app::runs {

struct SoilImportRequest {
  std::string ws, file;
};
struct SoilImportResult {
  std::string file, what;  // what: plots or samples
  int records = 0, added = 0, unchanged = 0;
  int by_point = 0, outside_units = 0;  // plots: unit found from the point; no unit at all
  std::size_t below_detection = 0;
};
// Plots: a unit_code given must be a unit of the workspace; without one, the unit covering the point (deepest);
// a plot with neither stays outside every unit (stated by the assessment). InputError listing file:line:column
// for bad records, StoreConflict for a plot stored with other content; nothing is half written.
SoilImportResult run_soil_plot_import(const SoilImportRequest& req, const RunEnv& env);
// Samples: the wide layout of `soil classify` with a plot and a date column.
SoilImportResult run_soil_sample_import(const SoilImportRequest& req, const RunEnv& env);
Document soil_import_document(const SoilImportResult& r, Lang lang);

struct SoilAssessRequest {
  std::string ws;
  int year = 0;
  int level = 2;  // 1 region, 2 league/city
};
struct SoilUnitFigures {
  std::string unit_code, unit_name;
  std::string unit_name_en;  // empty when the workspace has no English name
  int plots = 0, plots_with_samples = 0;
  ExactArea priority, safe_use, strict_control, unassessed;  // by the plot's category of the year
  ExactArea safe_use_measures, strict_control_measures;      // ledger, completed in the year, as recorded
  ExactArea safe_use_counted, strict_control_counted;        // the same capped at the class area
  std::optional<double> safe_use_rate_pct;                   // nothing without contaminated farmland
};
struct SoilAssessResult {
  int year = 0, level = 2;
  std::vector<SoilUnitFigures> units;         // every unit of the level, by code
  std::vector<std::string> outside_units;     // plots with no unit
  std::vector<std::string> above_level;       // plots whose unit is above the level (e.g. region at level 2)
  std::vector<std::string> without_samples;   // plots with no sample in the year
  std::vector<std::string> measures_outside;  // ledger projects whose unit is not under a unit of the level
};
SoilAssessResult run_soil_assess(const SoilAssessRequest& req);
Document soil_assess_document(const SoilAssessResult& r, Lang lang);

// The samples stored for a year (all years when 0), classified as `soil classify` classifies a file; each takes
// its plot's land use.
struct SoilStoredRequest {
  std::string ws;
  int year = 0;
};
SoilClassifyResult run_soil_sample_list(const SoilStoredRequest& req);

// Every plot with its category of the year: the worst of its samples, that sample's controlling items and ratios.
struct SoilPlotCategory {
  std::string code, name, unit_code, land_use, area_text, area_unit;
  double area_mu = 0;
  int samples = 0;
  standards::FarmlandCategory category = standards::FarmlandCategory::none;  // none: no sample in the year
  std::string worst_sample;
  std::vector<std::string> controlling;
  std::optional<double> max_screening_ratio, max_control_ratio;
};
struct SoilPlotListResult {
  int year = 0;
  std::vector<SoilPlotCategory> plots;
};
SoilPlotListResult run_soil_plot_list(const SoilStoredRequest& req);
Document soil_plot_list_document(const SoilPlotListResult& r, Lang lang);

// Per unit of the level: soil.farmland_safe_use_pct (units with contaminated farmland only) and the areas by
// category in mu (soil.farmland_priority_mu, soil.farmland_safe_use_mu, soil.farmland_strict_control_mu), each
// with its provenance.
std::vector<store::IndicatorValue> derive_soil_farmland_indicators(const std::string& ws, int year, int level = 2);

}  // namespace eb::app::runs

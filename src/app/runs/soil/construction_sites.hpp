// Construction-land sites in a workspace (docs/soil-construction.md): `soil site import`, `soil site sample
// import`, `soil site assess` (per unit: sites, exceedances, required actions and the key-construction-land safe-use
// rate, membership stated), and the derived indicator soil.key_construction_safe_use_pct.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "standards/gb36600.hpp"
#include "store/indicator_store.hpp"

namespace eb::app::runs {

struct SoilSiteImportRequest {
  std::string workspace;
  std::vector<std::string> files;
};
struct SoilSiteImportFile {
  std::string file;
  int added = 0, updated = 0, unchanged = 0;
  std::vector<std::string> unlocated;
};
// Each file in one transaction (retried on a server conflict); InputError names file:line:column, nothing of that
// file imported.
std::vector<SoilSiteImportFile> run_soil_site_import(const SoilSiteImportRequest& req, const RunEnv& env = {});
std::vector<SoilSiteImportFile> run_soil_site_sample_import(const SoilSiteImportRequest& req, const RunEnv& env = {});
Document soil_site_import_document(const std::vector<SoilSiteImportFile>& r, bool samples, Lang lang);

struct SoilSiteAssessRequest {
  std::string workspace;
  int year = 0;
  int level = 2;  // 1 region, 2 league/city
};

// One site as assessed: its samples' worst case against its land class, and whether, as a key site reused in the
// period, it was safely used.
struct AssessedSoilSite {
  std::string code, name, unit_code, unit_name;  // unit at the assessed level (empty: left out)
  int land_class = 1;
  bool key_site = false;
  std::string status, reused_on;
  std::size_t samples = 0;
  std::optional<standards::SiteRisk> risk;  // nothing: no samples stored
  std::string items_above_screening;        // "BaP:2.73|As:1.25"
  // Required next step: none, investigate_no_samples, detailed_investigation, control_or_remediate,
  // control_per_assessment (named in both languages by the document).
  std::string action;
  bool in_safe_use = false;  // a key site reused in the period, counted in the rate
  std::optional<bool> safely_used;
  // effect_passed_before_reuse, at_or_below_screening, effect_passed_after_reuse, above_screening_no_evaluation,
  // excluded_no_data, no_data.
  std::string safe_use_reason;
  std::string effect_evaluated_on;
  std::string left_out, left_out_zh;  // why the site is not in any unit of the level
};
struct SoilSiteUnit {
  std::string code, name;
  std::size_t sites = 0, sites_with_samples = 0, at_or_below_screening = 0, above_screening = 0, above_control = 0;
  std::size_t need_investigation = 0, need_control = 0;  // above screening not yet risk-assessed; above control not
                                                         // yet controlled/remediated with a passed evaluation
  std::size_t key_sites = 0, key_reused = 0, key_safely_used = 0, key_excluded = 0;
  std::optional<double> safe_use_pct;  // nothing without key sites reused in the period
};
struct SoilSiteAssessResult {
  int year = 0, level = 2;
  std::vector<SoilSiteUnit> units;  // units of the level with sites, by code
  std::vector<AssessedSoilSite> sites;
  standards::ConstructionSafeUseRules rules;
};
SoilSiteAssessResult run_soil_site_assess(const SoilSiteAssessRequest& req);
// Parts "units" (the rate per unit) and "sites" (each site, its conclusion and membership); notes: the definition.
Document soil_site_assess_document(const SoilSiteAssessResult& r, Lang lang);

// Per unit of levels 1 and 2 with key sites reused in the period: soil.key_construction_safe_use_pct, its source
// naming the rule, the counts and the workspace data it came from.
std::vector<store::IndicatorValue> derive_soil_construction_indicators(const std::string& ws, int year);

}  // namespace eb::app::runs

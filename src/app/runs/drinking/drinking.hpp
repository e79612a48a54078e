// Centralised drinking-water sources (集中式生活饮用水水源地): `water source import` (the source list) and
// `water source assess` (compliance per source and month, per source for the year, and per unit the compliance rate
// by number of sources and by water supplied), with the membership of every figure stated (docs/drinking-water.md).
// Samples are the water samples of the sources' monitoring points (`obs import`).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "io/water_samples.hpp"
#include "standards/drinking_water.hpp"
#include "store/drinking_store.hpp"
#include "store/indicator_store.hpp"

namespace eb::app::runs {

struct DrinkingSourceImportRequest {
  std::string workspace;
  std::vector<std::string> files;  // CSV source lists
};
struct DrinkingSourceFileImport {
  std::string file;
  int added = 0, updated = 0, unchanged = 0;
  std::vector<std::string> unlocated;  // sources with neither a unit written nor a located point
};
struct DrinkingSourceImportResult {
  std::vector<DrinkingSourceFileImport> files;
};
// InputError (and nothing of that file imported) when a file has rejected rows or names a unit or point the
// workspace lacks; earlier files stay imported.
DrinkingSourceImportResult run_drinking_source_import(const DrinkingSourceImportRequest& req, const RunEnv& env = {});
Document drinking_source_import_document(const DrinkingSourceImportResult& r, Lang lang);

struct DrinkingAssessRequest {
  std::string workspace;
  int year = 0;
  int level = 2;                     // 2: per league/city, 1: the region
  std::string source_level = "all";  // city, county, township or all
  standards::AnnualRule annual = standards::default_annual_rule();
  io::BelowDetection below_detection = io::BelowDetection::half_limit;
};
// The request of the command's option values, or a UsageError naming the bad one.
DrinkingAssessRequest drinking_assess_request(const std::string& workspace, int year, int level,
                                              const std::string& source_level, const std::string& annual,
                                              const std::string& below_detection);

// One item's value (the mean of the month's or year's samples) judged against its limit.
struct DrinkingItemValue {
  std::string item;
  double value = 0;
  standards::SourceItemJudgement judgement;
};
struct DrinkingMonth {
  int month = 0;      // 1..12
  int samples = 0;    // sampling visits (point and time) in the month
  int evaluated = 0;  // items judged that decide compliance
  bool compliant = false;
  std::vector<DrinkingItemValue> exceedances;     // deciding items over their limit, largest multiple first
  std::vector<DrinkingItemValue> reported_apart;  // TN of lakes, fecal coliform: judged, not deciding
};
struct DrinkingSourceAssessment {
  store::DrinkingSourceRow source;
  std::vector<DrinkingMonth> months;  // months with samples, ascending
  std::optional<bool> compliant;      // the year's verdict by the rule; none: no sample with a judged item
  int months_compliant = 0;
  std::vector<DrinkingItemValue> exceedances;  // the year's: annual mean rule, or each item's worst month
  std::vector<std::string> unjudged;  // items sampled without a limit for this kind (groundwater: until GB/T 14848)
};
struct DrinkingUnitRollup {
  std::string unit_code;  // league/city (level 2) or region (level 1); empty: not located
  std::vector<std::string> compliant, not_compliant, unsampled;  // source codes
  std::vector<std::string> without_supply;           // assessed sources with no supply figure (out of the supply rate)
  double supply_assessed = 0, supply_compliant = 0;  // 10^4 m³
  std::optional<double> sources_pct() const;         // 达标水源个数比例: compliant / assessed
  std::optional<double> supply_pct() const;          // 达标水量比例: supply of compliant / supply of assessed
};
struct DrinkingAssessResult {
  int year = 0, level = 2;
  std::string source_level = "all";
  standards::AnnualRule annual = standards::AnnualRule::every_month;
  io::BelowDetection below_detection = io::BelowDetection::half_limit;
  std::vector<DrinkingSourceAssessment> sources;  // of the source level, by code
  std::vector<DrinkingUnitRollup> units;          // by unit code
};
DrinkingAssessResult run_drinking_assess(const DrinkingAssessRequest& req);
// Parts: "units" (the rates with membership), "sources" (the year's verdict), "months" (per source and month).
Document drinking_assess_document(const DrinkingAssessResult& r, Lang lang);

// For `assess derive`: per unit drinking.compliant_sources_pct and drinking.compliant_supply_pct (percent) of the
// year, each with its provenance (rule, membership); units without an assessed source get none.
std::vector<store::IndicatorValue> derive_drinking_water_indicators(const std::string& workspace, int year,
                                                                    int level = 2);

}  // namespace eb::app::runs

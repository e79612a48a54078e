// air assess (with a what-if standard) and air daily: the HJ 663 assessment of a period for the stations, cities or
// the region of a workspace, and the daily values behind it.
#pragma once

#include <optional>
#include <vector>

#include "app/runs/air/assess_units.hpp"
#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"

namespace eb::app::runs {

struct AirAssessResult {
  Period period;
  AirRules rules{};  // the editions the units were assessed under
  AirDust dust = AirDust::raw;
  std::vector<AirUnitAssessment> units;  // per unit: statistics with validity and counts, members, source, days
  // With AirDust::both: the same units with the sand/dust-affected periods deducted (units holds them raw); a
  // unit may be missing here when deduction leaves it no data.
  std::vector<AirUnitAssessment> deducted;
  // With req.whatif_standard: the same units assessed under it, in the same order, and its rules.
  std::vector<AirUnitAssessment> whatif;
  std::optional<AirRules> whatif_rules;

  // Whether a statistic has a value although its data capture is below the validity rule.
  bool any_invalid_capture() const;
  // Whether a unit's reporting days fall short of the capture rule (its composite index and day counts starred).
  bool any_unreported() const;
  // Whether a roll-up's valid members fall short of its expected ones.
  bool any_incomplete_membership() const;
  // Whether data review left values out of any unit.
  bool any_review_exclusions() const;
};
AirAssessResult run_air_assess(const AirAssessRequest& req, const RunEnv& env);
// air daily: the assessment without what-if; each unit carries its daily values and daily AQI.
AirAssessResult run_air_daily(const AirAssessRequest& req, const RunEnv& env);
// run_air_assess with the stations' daily values computed elsewhere (air_assess_units' `station_days`): the
// roll-ups of ecobarrier.dask's air_assess. A what-if needs the same O3 8-hour limit; dust by day only.
AirAssessResult run_air_assess(const AirAssessRequest& req, const AirStationDays& station_days, const RunEnv& env);

// For people (--format table): a row per unit with the headline figures; with a what-if, a second table under it.
Document air_assess_summary_document(const AirAssessResult& r, Lang lang);
// The line printed under the summary tables when a figure misses the capture rule; empty otherwise.
std::string air_assess_footnote(const AirAssessResult& r, Lang lang);
// The line that says how many hourly values data review left out, and by which rules (air_assess_footnote and the
// documents' notes carry it when there are any).
std::string air_review_note(const AirAssessResult& r, Lang lang);
// For spreadsheets (--wide CSV, XLSX): the summary tables, their pollutant headers with units (µg/m³, mg/m³) and
// the footnote among the notes; with `all_figures`, the long form besides as a last part (a workbook's sheet).
Document air_assess_wide_document(const AirAssessResult& r, Lang lang, bool all_figures);
// For programs (csv, json, the API): a row per unit and figure, with what-if columns when there is a what-if.
Document air_assess_long_document(const AirAssessResult& r, Lang lang);
// air daily: a row per unit and day with the daily values, their counts, the dust flag and the daily AQI.
Document air_daily_document(const AirAssessResult& r, Lang lang);

}  // namespace eb::app::runs

// Patrol coverage of the chiefs (河湖长制, 林长制) over a period: per chief the windows served and met against the
// required frequency of their kind and level (data/standards/patrol_frequency.csv), patrols, issues and their
// resolution, the overdue flag and the objects nobody patrolled; and the roll-up by administrative unit of a level
// and chief level.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "core/period.hpp"
#include "engine/responsibility/patrols.hpp"

namespace eb::app::runs {

struct ChiefCoverageRequest {
  std::string ws;
  Period period;
  std::optional<CivilDate> as_of;  // the date of the overdue flag; default: the day after the period
  int level = 2;                   // the administrative level of the roll-up
};

struct ChiefCoverageRow {
  std::string id, name, kind, unit_code;  // kind: river_lake or forest_grassland
  int level = 0;                          // the chief's level (1 region ... 5 village)
  // The required frequency: at least min_patrols each `per` (year, quarter, month, dekad or week).
  std::string per;
  int min_patrols = 0;
  engine::responsibility::ChiefCoverage coverage;
  std::vector<std::string> unpatrolled_names;  // coverage.unpatrolled by their roster names (the id when unnamed)

  std::optional<double> met_pct() const;               // windows met of windows, %
  std::optional<double> resolved_pct() const;          // issues resolved of found, %
  std::optional<double> mean_resolution_days() const;  // weighted by the issues resolved
};

// The chiefs of one chief level whose units lie in one unit of the roll-up level (or are that unit, or coarser).
struct ChiefRollup {
  std::string unit_code, unit_name_zh, unit_name_en;
  int chief_level = 0;
  int chiefs = 0;
  int all_windows_met = 0;  // chiefs who met every window they served (at least one)
  int overdue = 0;          // chiefs overdue as of the result's as_of
  int windows = 0, windows_met = 0;
  int patrols = 0;
  double track_km = 0;
  int issues_found = 0, issues_resolved = 0;
  int unpatrolled_objects = 0;  // distinct objects nobody of the group patrolled

  std::optional<double> coverage_pct() const;  // windows met of windows, %; nothing without windows
  std::optional<double> resolved_pct() const;  // issues resolved of found, %; nothing without issues
};

struct ChiefCoverageResult {
  Period period;
  CivilDate as_of;
  int level = 2;
  std::vector<ChiefCoverageRow> chiefs;  // in roster order
  std::vector<ChiefRollup> rollup;       // by unit code, then chief level
};

// InputError when a chief's kind and level have no required frequency.
ChiefCoverageResult run_chief_coverage(const ChiefCoverageRequest& req, const RunEnv& env);
// Parts "chiefs" (unless per_chief is false) and "rollup", keyed (one JSON object).
Document chief_coverage_document(const ChiefCoverageResult& r, Lang lang, bool per_chief = true);

}  // namespace eb::app::runs

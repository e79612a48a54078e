// air dust import | list | candidates: the sand/dust-affected periods of 环办监测〔2016〕120号 that `air assess --dust
// deducted|both` deducts, as determined by the monitoring centre or the meteorological service, and candidate
// days proposed from the data for someone to review (never applied by themselves).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "core/period.hpp"
#include "store/air_store.hpp"

namespace eb::app::runs {

// A CSV with columns unit (a unit code or league/city name of the workspace; `city` is accepted for it), start,
// end (YYYY-MM-DD or YYYY-MM-DD HH:MM, Beijing time; a date alone for end means the whole day), source (who
// determined the period; never `candidate`) and note. All or nothing: any bad record refuses the file.
struct AirDustImportRequest {
  std::string workspace, file;
};
struct AirDustImportResult {
  std::string file;
  int periods = 0;
  store::DustImportCounts counts;
};
AirDustImportResult run_air_dust_import(const AirDustImportRequest& req, const RunEnv& env);
Document air_dust_import_document(const AirDustImportResult& r, Lang lang);

struct AirDustListRequest {
  std::string workspace;
  std::optional<Period> period;  // periods that overlap it; none: all
};
struct AirDustListed {
  store::DustPeriod period;
  std::string name_zh, name_en;  // of the unit
};
struct AirDustListResult {
  std::vector<AirDustListed> periods;  // by unit and start
};
AirDustListResult run_air_dust_list(const AirDustListRequest& req, const RunEnv& env);
// In the import layout (unit,start,end,source,note) followed by name, file and line: a list re-imports as it is.
Document air_dust_list_document(const AirDustListResult& r, Lang lang);

struct AirDustCandidatesRequest {
  std::string workspace;
  Period period;
};
// A league/city day whose particulate data look like dust: PM10 high with a small fine share.
struct AirDustCandidate {
  std::string unit, name_zh, name_en;
  CivilDate day;
  double pm10 = 0, pm25 = 0;
  double ratio() const { return pm25 / pm10; }
};
struct AirDustCandidatesResult {
  Period period;
  double pm10_min = 0, ratio_max = 0;  // the thresholds of data/standards/air_rollup.csv
  std::vector<AirDustCandidate> days;  // by unit and day
};
AirDustCandidatesResult run_air_dust_candidates(const AirDustCandidatesRequest& req, const RunEnv& env);
// In the import layout with source `candidate`, which the import refuses until a reviewer sets who determined it.
Document air_dust_candidates_document(const AirDustCandidatesResult& r, Lang lang);

}  // namespace eb::app::runs

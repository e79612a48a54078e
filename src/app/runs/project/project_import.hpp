// Importing the restoration ledger: projects (`project import`: CSV, or any vector file with outlines) and annual
// plans (`project plan`). Areas are kept as given and exactly (to 10^-6 亩); any bad record refuses the whole file
// with its line and nothing is stored (docs/ledger.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "core/area.hpp"
#include "io/vector_features.hpp"
#include "store/ledger_store.hpp"

namespace eb::app::runs {

struct ProjectImportRequest {
  std::string ws, file;
  std::string acre_means;  // what "acre" means in the file: "mu" or "international"; empty: refuse the unit
};

// An outline GEOS MakeValid repaired.
struct ProjectRepair {
  std::string place;   // file:line (CSV) or file: feature N
  std::string reason;  // GEOS's reason
};

struct ProjectImportResult {
  std::string file;
  std::size_t records = 0;                    // projects in the file, all accepted
  ExactArea planned, completed;               // Σ over the file's projects
  int added = 0, updated = 0, unchanged = 0;  // by project code, against the workspace
  std::vector<ProjectRepair> repaired;        // in file order
};
// InputError listing the refused records (file:line: reason).
ProjectImportResult run_project_import(const ProjectImportRequest& req, const RunEnv& env);
// One row (file, added, updated, unchanged); a note per repaired outline.
Document project_import_document(const ProjectImportResult& r, Lang lang);

// The fields of a project record: the import's columns (code, name, type, unit_code, year required).
const std::vector<std::string>& project_fields();
// One project checked exactly as a feature of `project import` is (a submitted record: app/runs/submission): every
// field of project_fields() keyed (unset: nullopt), the outline as WKB in lon/lat (repaired as the import repairs
// it); an "acre" unit is refused as ambiguous. Throws FieldError naming the first bad field ("geometry" for the
// outline).
store::ProjectRecord check_project_record(store::Workspace& ws, const io::VectorFeature& feature,
                                          const std::string& source);

struct ProjectPlanImportRequest {
  std::string ws, file;  // CSV: unit_code,year,type,planned,unit
};
struct ProjectPlanImportResult {
  std::string file;
  int plans = 0;      // plans written (added or replaced by unit, year and type)
  ExactArea planned;  // Σ of the file's plans
};
// InputError listing the refused records.
ProjectPlanImportResult run_project_plan_import(const ProjectPlanImportRequest& req, const RunEnv& env);
// No table; a note of how many plans were written.
Document project_plan_import_document(const ProjectPlanImportResult& r, Lang lang);

}  // namespace eb::app::runs

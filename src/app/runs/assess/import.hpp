// Yearly indicator values per administrative unit, imported for the assessment (docs/assessment.md). A file with
// any bad record is refused whole (nothing stored), its problems listed as file:line: reason.
#pragma once

#include <string>

#include "app/runs/record_file.hpp"
#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "store/indicator_store.hpp"

namespace eb::app::runs {

struct AssessImportRequest {
  std::string ws;    // an existing workspace
  std::string file;  // CSV: indicator,unit_code,year,value[,source]; the source defaults to the file
};

struct AssessImportResult {
  std::string file;
  std::size_t values = 0;               // values read (every record of the file)
  store::IndicatorImportReport stored;  // added, updated, unchanged (by indicator, unit, year)
};
// Every unit must be in the workspace, a year 1949..2100, a value a number, each (indicator, unit, year) once.
AssessImportResult run_assess_import(const AssessImportRequest& req, const RunEnv& env);
Document assess_import_document(const AssessImportResult& r, Lang lang);

// One value checked exactly as a row of the CSV import is (a submitted record: app/runs/submission); `source` is
// the value's source when the record names none. Throws FieldError naming the first bad field.
store::IndicatorValue check_indicator_value_record(RecordSource& record, store::Workspace& ws,
                                                   const std::string& source);

}  // namespace eb::app::runs

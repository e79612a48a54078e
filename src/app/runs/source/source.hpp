// The enterprise and outlet registry of pollution sources: import from CSV (all or nothing, problems as
// file:line: reason) and the list with what the HJ 212 receiver has stored per outlet.
#pragma once

#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "standards/emission.hpp"
#include "store/source_store.hpp"

namespace eb::app::runs {

struct SourceImportRequest {
  std::string ws;    // an existing workspace
  std::string file;  // CSV: enterprise_id,enterprise_name,outlet_id,outlet_kind,mn,password,standard,lon,lat
                     // [,industry,outlet_name]
};

struct SourceImportResult {
  std::string file;
  store::SourceImportReport report;
};
// The medium ("gas" or "water") whose pollutants a standard of the emission-limits table sets limits for; empty
// when it has rows of both or none.
std::string standard_medium(const standards::EmissionStandards& table, const std::string& standard);

// enterprise_id a valid 统一社会信用代码 (GB 32100-2015); outlet_kind gas or water; an MN used once in the file and
// not by another outlet of the workspace; a password of 1-32 printable characters without ; = & , (the HJ 212
// PW field); a standard STANDARD:CATEGORY[:special] of the emission-limits table whose medium is the outlet's;
// lon/lat in range. Problems name file:line:column. An enterprise's name is the same on each of its rows.
SourceImportResult run_source_import(const SourceImportRequest& req, const RunEnv& env);
Document source_import_document(const SourceImportResult& r, Lang lang);

struct SourceListResult {
  std::vector<store::OutletRow> outlets;
};
SourceListResult run_source_list(const std::string& ws, const RunEnv& env);
Document source_list_document(const SourceListResult& r, Lang lang);

}  // namespace eb::app::runs

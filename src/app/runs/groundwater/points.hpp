// `groundwater point import` and `groundwater sample import`: monitoring points (located in their league and
// banner/county like stations) and their samples (observations of the GB/T 14848 items), each import one
// transaction with the usual guarantees (docs/groundwater.md).
#pragma once

#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"

namespace eb::app::runs {

struct GroundwaterPointImportRequest {
  std::string workspace;
  std::vector<std::string> files;  // CSV point lists
};
struct GroundwaterPointFileImport {
  std::string file;
  int added = 0, updated = 0, unchanged = 0, located = 0, unlocated = 0;
};
struct GroundwaterPointImportResult {
  std::vector<GroundwaterPointFileImport> files;
};
// InputError (nothing of that file imported) when a file has rejected records; earlier files stay imported.
GroundwaterPointImportResult run_groundwater_point_import(const GroundwaterPointImportRequest& req,
                                                          const RunEnv& env = {});
Document groundwater_point_import_document(const GroundwaterPointImportResult& r, Lang lang);

struct GroundwaterSampleImportRequest {
  std::string workspace;
  std::vector<std::string> files;  // wide or long sample files
  std::string source;              // publisher label stored with the values; empty: "groundwater samples (user file)"
};
struct GroundwaterSampleFileImport {
  std::string file, layout;
  std::size_t samples = 0, values = 0, below_detection = 0, converted = 0, missing = 0, added = 0, unchanged = 0;
};
struct GroundwaterSampleImportResult {
  std::vector<GroundwaterSampleFileImport> files;
};
// All files in one transaction, or none: InputError naming file:line:column for a rejected record, a sample of a
// point that is not a groundwater point of the workspace, or a value that differs from the one stored.
GroundwaterSampleImportResult run_groundwater_sample_import(const GroundwaterSampleImportRequest& req,
                                                            const RunEnv& env = {});
Document groundwater_sample_import_document(const GroundwaterSampleImportResult& r, Lang lang);

}  // namespace eb::app::runs

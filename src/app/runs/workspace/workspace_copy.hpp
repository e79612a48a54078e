// ecobarrier workspace copy SRC DST: a whole workspace into a new one, GeoPackage ↔ PostgreSQL in either direction
// (store/workspace_copy), verified by counts and checksums.
#pragma once

#include <string>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "store/workspace_copy.hpp"

namespace eb::app::runs {

struct WorkspaceCopyRequest {
  std::string source, destination;  // GeoPackage paths or PostgreSQL connection strings
};
using WorkspaceCopyResult = store::WorkspaceCopyReport;

// Big tables show their progress (rows copied, then rows read back) as steps of `env`.
WorkspaceCopyResult run_workspace_copy(const WorkspaceCopyRequest& req, const RunEnv& env);
// One row per table: its name, rows and checksum (the first 16 hex digits of its SHA-256; the audit entry of the
// copy keeps them whole); notes name the source and destination, the overall checksum and what was not copied.
Document workspace_copy_document(const WorkspaceCopyResult& r, Lang lang);

}  // namespace eb::app::runs

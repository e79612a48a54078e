// The workspace's catalogue: creating or migrating a workspace, administrative units and stations (import and
// queries), and observation imports (one transaction for all files; docs/formats.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "io/admin_features.hpp"
#include "store/admin_store.hpp"
#include "store/observation_store.hpp"
#include "store/station_store.hpp"

namespace eb::app::runs {

// ---- workspace ----
struct WorkspaceInitResult {
  std::string path;
  int schema_version = 0;
  std::optional<int> migrated_from;  // the schema version before, when migrations ran
};
WorkspaceInitResult run_workspace_init(const std::string& path);
std::string workspace_init_text(const WorkspaceInitResult& r, Lang lang);  // one line

// ---- administrative units ----
struct UnitImportRequest {
  std::string ws;
  std::vector<std::string> files;
  io::AdminFieldNames fields;
  std::string names_path;  // code,name_zh,name_en; empty: data/reference/admin_units.csv
};
struct UnitImportFile {
  std::string file;
  store::AdminImportReport report;
};
struct UnitImportResult {
  std::vector<UnitImportFile> files;
};
UnitImportResult run_unit_import(const UnitImportRequest& req, const RunEnv& env);
Document unit_import_document(const UnitImportResult& r, Lang lang);

enum class UnitQueryKind { list, children, ancestors, at };
struct UnitQuery {
  std::string ws;
  UnitQueryKind kind = UnitQueryKind::list;
  std::optional<int> level;  // list
  std::string code;          // children, ancestors (InputError for an unknown unit)
  double lon = 0, lat = 0;   // at
};
struct UnitQueryResult {
  UnitQuery query;
  std::vector<store::AdminUnit> units;
};
UnitQueryResult run_unit_query(const UnitQuery& q);
Document units_document(const UnitQueryResult& r, Lang lang);

// ---- stations ----
struct StationImportRequest {
  std::string ws;
  std::vector<std::string> files;
  std::string kind = "air";
};
struct StationImportFile {
  std::string file, layout;
  store::StationImportReport report;
};
struct StationImportResult {
  std::vector<StationImportFile> files;
  std::vector<store::StationRow> unlocated() const;
};
StationImportResult run_station_import(const StationImportRequest& req, const RunEnv& env);
// For people (`for_terminal`), the unlocated stations follow as a second table; otherwise they are counted in a note.
Document station_import_document(const StationImportResult& r, Lang lang, bool for_terminal);

std::vector<store::StationRow> run_station_list(const std::string& ws, const std::string& unit);
Document stations_document(const std::vector<store::StationRow>& rows);

// ---- observations ----
struct ObsImportRequest {
  std::string ws;
  std::vector<std::string> files;
  std::string layout = "auto";  // a registered layout name (io::observation_layouts) or auto
  std::string source;           // empty: the layout's default publisher
  std::string quarantine;       // CSV of rejected records; empty: any rejection refuses everything
  std::string station_map;      // UCI site names -> codes; empty: data/reference/uci_beijing_stations.csv
};
struct ObsImportFile {
  std::string file, layout;
  std::size_t rows = 0, values = 0, missing = 0, added = 0, unchanged = 0, rejected = 0;
};
struct ObsImportResult {
  std::vector<ObsImportFile> files;
  bool committed = false;  // false: nothing new, the workspace is unchanged
  std::string quarantine;
  std::size_t rejected_total = 0;
};
ObsImportResult run_obs_import(const ObsImportRequest& req, const RunEnv& env);
Document obs_import_document(const ObsImportResult& r, Lang lang);

}  // namespace eb::app::runs

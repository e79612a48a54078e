// Chiefs (河湖长, 林长), the rivers, lakes, forests and grasslands they answer for, and their patrols.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/workspace.hpp"

namespace eb::store {

struct ChiefRecord {
  std::string id, name, kind, unit_code;
  int level = 0;
  std::optional<std::string> since, until;                   // YYYY-MM-DD
  std::vector<std::pair<std::string, std::string>> objects;  // (id, name)
  std::string source;                                        // the file it came from
};

struct PatrolRecord {
  std::string id, chief_id, date;  // date YYYY-MM-DD
  std::optional<std::string> object_id;
  std::optional<double> duration_min, track_km, resolution_days;
  int issues_found = 0, issues_resolved = 0;
  std::string source;                   // the file it came from
  std::vector<std::uint8_t> track_wkb;  // the route walked: ISO WKB (Multi)LineString lon/lat, or empty
};

// Add or replace by id, one transaction each; return how many were written.
int import_chiefs(Workspace& ws, const std::vector<ChiefRecord>& chiefs);
int import_patrols(Workspace& ws, const std::vector<PatrolRecord>& patrols);
std::vector<ChiefRecord> load_chiefs(Workspace& ws);
std::vector<PatrolRecord> load_patrols(Workspace& ws);
bool chief_exists(Workspace& ws, const std::string& id);
// The unit a chief answers for; nothing for an unknown chief.
std::optional<std::string> chief_unit(Workspace& ws, const std::string& id);

}  // namespace eb::store

// Stations in the workspace: import from station lists, attached to league/city by the list and to
// banner/county by point-in-polygon.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/station_list.hpp"
#include "store/workspace.hpp"

namespace eb::store {

struct StationRow {
  std::string code, name, kind, listed_city;
  std::optional<std::string> league_code, admin_code, location_note;
  double lon = 0, lat = 0;
};

struct StationImportReport {
  int added = 0, updated = 0, unchanged = 0;
  int located = 0;                    // attached to a banner/county
  std::vector<StationRow> unlocated;  // outside every polygon, or inconsistent with the list
};

// Imports the list in one transaction (rejected rows make it fail unless the caller dropped them).
StationImportReport import_stations(Workspace& ws, const io::StationList& list, const std::string& kind);

std::vector<StationRow> list_stations(Workspace& ws, std::optional<std::string> admin_code = std::nullopt);
std::optional<StationRow> find_station(Workspace& ws, const std::string& code);

// The prefecture-level unit a list's city name stands for ("呼和浩特" -> 150100 呼和浩特市), if any.
std::optional<std::string> league_by_name(Workspace& ws, const std::string& city);

}  // namespace eb::store

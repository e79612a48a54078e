// Groundwater monitoring points and their samples in the workspace (docs/groundwater.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/civil_time.hpp"
#include "core/period.hpp"
#include "io/groundwater.hpp"
#include "store/station_store.hpp"
#include "store/workspace.hpp"

namespace eb::store {

// Stations (located like any station: league and banner/county by point in polygon) and their groundwater
// attributes, in one transaction.
StationImportReport import_groundwater_points(Workspace& ws, const io::GroundwaterPointList& list);

struct GroundwaterPointRow {
  std::string code, name, aquifer, point_type, monitoring_level;
  std::string level;  // national, provincial or other (io::groundwater_level)
  std::optional<double> well_depth_m;
  std::optional<std::string> league_code, admin_code;
};
std::vector<GroundwaterPointRow> groundwater_points(Workspace& ws);

struct StoredGroundwaterValue {
  std::string item;
  double value;
  bool below_detection;  // flag L: value is the detection limit (0: not detected)
  EpochSeconds time;
};
// Per point code: the values of its samples taken in the period (groundwater parameters only).
std::map<std::string, std::vector<StoredGroundwaterValue>> load_groundwater_samples(Workspace& ws,
                                                                                    const Period& period);

}  // namespace eb::store

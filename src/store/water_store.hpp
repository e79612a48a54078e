// Water sections and their samples in the workspace.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/civil_time.hpp"
#include "core/period.hpp"
#include "io/water_sections.hpp"
#include "store/station_store.hpp"
#include "store/workspace.hpp"

namespace eb::store {

// Stations (kind water, located like any station) and their water attributes, in one transaction.
StationImportReport import_water_sections(Workspace& ws, const io::WaterSectionList& list);

struct WaterSectionRow {
  std::string code, name, river, basin, control_level;
  std::string assessment_level;  // national, provincial or other: the control level normalised (io/water_sections)
  standards::Waterbody waterbody = standards::Waterbody::river;
  std::optional<int> target_class;
  std::optional<std::string> league_code, admin_code;  // admin_code: its banner/county, located at import
};
std::vector<WaterSectionRow> water_sections(Workspace& ws);

struct StoredSampleValue {
  std::string item;
  double value;
  bool below_detection;  // flag L: value is the detection limit
  EpochSeconds time;
};
// Per section code: the values of the samples taken in the period.
std::map<std::string, std::vector<StoredSampleValue>> load_water_samples(Workspace& ws, const Period& period);

}  // namespace eb::store

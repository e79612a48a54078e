// Farmland soil plots and their samples in the workspace (GB 15618; docs/soil.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/area.hpp"
#include "store/workspace.hpp"

namespace eb::store {

struct FarmlandPlot {
  std::string code, name;
  std::optional<std::string> unit_code;  // nothing: outside every unit
  std::string land_use;                  // paddy, other, orchard, rotation
  std::string area_text, area_unit;      // as given
  ExactArea area;
  std::optional<double> lon, lat;
};
struct FarmlandSampleRecord {
  std::string sample, plot_code, sampled_on;  // sampled_on YYYY-MM-DD
  double ph = 0;
  std::string values_text;  // "Cd=0.21;Hg=<0.002;As=ND" as written
};
struct SoilImportReport {
  int added = 0, unchanged = 0;
};

// Adds plots (by code) in one transaction; a plot already stored with other content is a conflict
// (StoreConflict naming it): nothing is written. The same file again changes nothing.
SoilImportReport import_farmland_plots(Workspace& ws, const std::vector<FarmlandPlot>& plots,
                                       const std::string& source);
// Adds samples (by sample id) the same way; every sample's plot must be stored (StoreConflict otherwise).
SoilImportReport import_farmland_samples(Workspace& ws, const std::vector<FarmlandSampleRecord>& samples,
                                         const std::string& source);
std::vector<FarmlandPlot> load_farmland_plots(Workspace& ws);
// Samples taken in the year (all when year is 0), by plot and date.
std::vector<FarmlandSampleRecord> load_farmland_samples(Workspace& ws, int year);

}  // namespace eb::store

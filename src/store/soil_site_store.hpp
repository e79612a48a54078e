// Construction-land sites and the contents measured in their samples (GB 36600-2018; docs/soil-construction.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/soil_sites.hpp"
#include "store/workspace.hpp"

namespace eb::store {

struct SoilSiteImportReport {
  int added = 0, updated = 0, unchanged = 0;
  std::vector<std::string> unlocated;  // codes of sites outside every unit
};
// One transaction: a site given again with other values is updated; a unit_code not in the workspace is an
// InputError naming the line (nothing imported).
SoilSiteImportReport import_soil_sites(Workspace& ws, const io::SoilSiteList& list);

struct SoilSiteValueImportReport {
  int added = 0, unchanged = 0;
};
// One transaction. InputError (nothing imported) for a sample of a site not in the workspace, or a value that
// differs from the one stored for the same site, sample, depth and item.
SoilSiteValueImportReport import_soil_site_values(Workspace& ws, const io::SoilSiteSamples& samples);

struct SoilSiteRow {
  io::SoilSiteRecord record;
  std::optional<std::string> unit_code;  // as located
};
std::vector<SoilSiteRow> soil_sites(Workspace& ws);

struct StoredSoilSiteValue {
  std::string site, sample, depth, item;
  double value = 0;
  bool below_detection = false;
};
std::vector<StoredSoilSiteValue> soil_site_values(Workspace& ws);

}  // namespace eb::store

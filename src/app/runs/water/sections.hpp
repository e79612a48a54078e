// `water section import`: monitoring sections (location, river/lake, basin, control level, target class) into a
// workspace, one transaction per file.
#pragma once

#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "store/station_store.hpp"

namespace eb::app::runs {

struct WaterSectionImportRequest {
  std::string workspace;
  std::vector<std::string> files;  // CSV lists, or GeoJSON/GeoPackage/Shapefile points
};
struct WaterSectionFileImport {
  std::string file;
  int added = 0, updated = 0, unchanged = 0;
  int located = 0;                           // attached to a banner/county
  std::vector<store::StationRow> unlocated;  // outside every polygon, or inconsistent with the list
};
struct WaterSectionImportResult {
  std::vector<WaterSectionFileImport> files;  // in the order given
};
// InputError (and nothing of that file imported) when a file has rejected records; earlier files stay imported.
WaterSectionImportResult run_water_section_import(const WaterSectionImportRequest& req, const RunEnv& env = {});
Document water_section_import_document(const WaterSectionImportResult& r, Lang lang);

}  // namespace eb::app::runs

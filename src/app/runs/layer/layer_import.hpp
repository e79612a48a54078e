// Importing a protected layer (`layer import`): every feature's polygon checked on the WGS 84 ellipsoid and, when
// invalid, repaired with GEOS MakeValid; a feature that is not a polygon, has no geometry, an unknown zone or cannot
// be repaired refuses the whole file; the same file imported again for the kind changes nothing (docs/spatial.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"

namespace eb::app::runs {

struct LayerImportRequest {
  std::string ws, file, kind;  // kind: red_line, nature_reserve, ... (data/standards/protected_zones.csv)
  std::string name_field, zone_field, level_field, date_field;  // optional fields of the file
  bool replace = false;                                         // remove the kind's stored features first
};

// A feature whose polygon GEOS MakeValid repaired.
struct LayerRepair {
  long fid = 0;
  std::string name;    // from the name field; empty when there is none
  std::string reason;  // GEOS's reason ("Self-intersection[x y]")
};

struct LayerImportResult {
  std::string file, kind;
  std::size_t features = 0;           // features in the file, all of them accepted
  double area_m2 = 0;                 // Σ of their ellipsoidal areas (overlaps counted twice)
  int added = 0;                      // features stored (0 when the file was imported before)
  int replaced = 0;                   // stored features of the kind removed first (replace)
  bool unchanged = false;             // the same file was imported for the kind before: nothing done
  std::vector<LayerRepair> repaired;  // in file order
  // Repairs that entered the workspace (none when nothing was stored).
  int repaired_stored() const { return unchanged ? 0 : static_cast<int>(repaired.size()); }
};

// UsageError for an unknown kind or a zone field on a kind without zones; InputError listing the refused features.
LayerImportResult run_layer_import(const LayerImportRequest& req, const RunEnv& env);
// One row (file, kind, added, replaced, repaired, unchanged); a note per repaired polygon.
Document layer_import_document(const LayerImportResult& r, Lang lang);

}  // namespace eb::app::runs

// The chief system's records (河湖长制, 林长制): the roster of chiefs with the rivers, lakes, forests and grasslands
// they answer for, and their patrols. A file with any bad record is refused whole (nothing stored), its problems
// listed as file:line: reason.
#pragma once

#include <string>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"

namespace eb::app::runs {

struct ChiefImportRequest {
  std::string ws;    // an existing workspace
  std::string file;  // CSV: id,name,kind,level,unit_code[,since,until,objects] (chiefs) or
                     // id,chief_id,date[,object_id,duration_min,track_km,issues_found,issues_resolved,
                     // resolution_days] (patrols)
};

struct ChiefImportResult {
  std::string file;
  int chiefs = 0;  // chiefs written (added or replaced by id)
};
// Chiefs: kind river_lake or forest_grassland, level 1 (region) to 5 (village), a unit of the workspace, optional
// since/until dates, objects as id:name|id:name (or id|id).
ChiefImportResult run_chief_import(const ChiefImportRequest& req, const RunEnv& env);
Document chief_import_document(const ChiefImportResult& r, Lang lang);

struct ChiefPatrolImportResult {
  std::string file;
  int patrols = 0;  // patrols written (added or replaced by id)
};
// Patrols of chiefs already in the workspace: a date, non-negative figures, no more issues resolved than found.
ChiefPatrolImportResult run_chief_patrol_import(const ChiefImportRequest& req, const RunEnv& env);
Document chief_patrol_import_document(const ChiefPatrolImportResult& r, Lang lang);

}  // namespace eb::app::runs

// The chief system's records (河湖长制, 林长制): the roster of chiefs with the rivers, lakes, forests and grasslands
// they answer for, and their patrols. A file with any bad record is refused whole (nothing stored), its problems
// listed as file:line: reason.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "app/runs/record_file.hpp"
#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "store/chief_store.hpp"

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

// One chief or patrol checked exactly as a row of the CSV imports is (a submitted record: app/runs/submission),
// `source` its provenance; throws FieldError naming the first bad field, in the import's words.
store::ChiefRecord check_chief_record(RecordSource& record, store::Workspace& ws, const std::string& source);
store::PatrolRecord check_patrol_record(RecordSource& record, store::Workspace& ws, const std::string& source);
// A patrol's track: a GeoJSON LineString or MultiLineString in lon/lat (each line of at least 2 points), kept as
// WKB; when the patrol gives no track_km, its length on the WGS 84 ellipsoid. FieldError("track", ...) otherwise.
void set_patrol_track(store::PatrolRecord& patrol, const nlohmann::json& track);

}  // namespace eb::app::runs

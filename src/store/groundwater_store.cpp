#include "store/groundwater_store.hpp"

#include "standards/parameters.hpp"
#include "store/database.hpp"

namespace eb::store {

StationImportReport import_groundwater_points(Workspace& ws, const io::GroundwaterPointList& list) {
  Database& db = ws.db();
  Transaction tx(db);
  io::StationList stations;
  stations.file = list.file;
  stations.layout = "groundwater-points";
  for (const auto& p : list.points) stations.stations.push_back(p.station);
  StationImportReport report = import_stations(ws, stations, "water");
  auto upsert = db.prepare(
      "INSERT INTO groundwater_point(code, aquifer, point_type, monitoring_level, well_depth_m) VALUES (?1, ?2, ?3, "
      "?4, ?5) ON CONFLICT(code) DO UPDATE SET aquifer = ?2, point_type = ?3, monitoring_level = ?4, "
      "well_depth_m = ?5");
  auto opt = [](const std::string& v) { return v.empty() ? std::nullopt : std::optional<std::string>(v); };
  for (const auto& p : list.points)
    upsert.bind(1, p.station.code)
        .bind(2, opt(p.aquifer))
        .bind(3, opt(p.point_type))
        .bind(4, opt(p.monitoring_level))
        .bind(5, p.well_depth_m)
        .run();
  tx.commit();
  return report;
}

std::vector<GroundwaterPointRow> groundwater_points(Workspace& ws) {
  auto q = ws.db().prepare(
      "SELECT g.code, s.name, coalesce(g.aquifer, ''), coalesce(g.point_type, ''), coalesce(g.monitoring_level, ''), "
      "g.well_depth_m, s.league_code, s.admin_code FROM groundwater_point g JOIN station s USING (code) "
      "ORDER BY g.code");
  std::vector<GroundwaterPointRow> out;
  while (q.step()) {
    GroundwaterPointRow r;
    r.code = q.text(0);
    r.name = q.text(1);
    r.aquifer = q.text(2);
    r.point_type = q.text(3);
    r.monitoring_level = q.text(4);
    r.level = io::groundwater_level(r.monitoring_level);
    if (!q.is_null(5)) r.well_depth_m = q.real(5);
    r.league_code = q.opt_text(6);
    r.admin_code = q.opt_text(7);
    out.push_back(std::move(r));
  }
  return out;
}

std::map<std::string, std::vector<StoredGroundwaterValue>> load_groundwater_samples(Workspace& ws,
                                                                                    const Period& period) {
  auto q = ws.db().prepare(
      "SELECT s.station_code, s.parameter, o.value, o.flag, o.time FROM series s JOIN observation o ON o.series_id = "
      "s.id JOIN groundwater_point g ON g.code = s.station_code WHERE s.averaging = 'sample' AND o.time >= ?1 AND "
      "o.time < ?2 ORDER BY s.station_code, o.time");
  q.bind(1, period.begin()).bind(2, period.end());
  std::map<std::string, std::vector<StoredGroundwaterValue>> out;
  while (q.step()) {
    std::string item = q.text(1);
    if (!standards::find_parameter(item, Medium::groundwater)) continue;  // a surface-water code at the point
    out[q.text(0)].push_back({std::move(item), q.real(2), q.opt_text(3).value_or("") == "L", q.int64(4)});
  }
  return out;
}

}  // namespace eb::store

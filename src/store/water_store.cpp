#include "store/water_store.hpp"

#include "store/database.hpp"

namespace eb::store {

StationImportReport import_water_sections(Workspace& ws, const io::WaterSectionList& list) {
  Database& db = ws.db();
  Transaction tx(db);
  io::StationList stations;
  stations.file = list.file;
  stations.layout = "water-sections";
  for (const auto& s : list.sections) stations.stations.push_back(s.station);
  StationImportReport report = import_stations(ws, stations, "water");
  auto upsert = db.prepare(
      "INSERT INTO water_section(code, waterbody, river, basin, control_level, target_class) VALUES (?1, ?2, ?3, ?4, "
      "?5, ?6) ON CONFLICT(code) DO UPDATE SET waterbody = ?2, river = ?3, basin = ?4, control_level = ?5, "
      "target_class = ?6");
  for (const auto& s : list.sections) {
    auto opt = [](const std::string& v) { return v.empty() ? std::nullopt : std::optional<std::string>(v); };
    upsert.bind(1, s.station.code)
        .bind(2, s.waterbody == standards::Waterbody::lake ? "lake" : "river")
        .bind(3, opt(s.river))
        .bind(4, opt(s.basin))
        .bind(5, opt(s.control_level))
        .bind(6, s.target_class ? std::optional<std::int64_t>(*s.target_class) : std::nullopt)
        .run();
  }
  tx.commit();
  return report;
}

std::vector<WaterSectionRow> water_sections(Workspace& ws) {
  auto q = ws.db().prepare(
      "SELECT w.code, s.name, coalesce(w.river, ''), coalesce(w.basin, ''), coalesce(w.control_level, ''), "
      "w.waterbody, w.target_class, s.league_code, s.admin_code FROM water_section w JOIN station s USING (code) "
      "ORDER BY w.code");
  std::vector<WaterSectionRow> out;
  while (q.step()) {
    WaterSectionRow r;
    r.code = q.text(0);
    r.name = q.text(1);
    r.river = q.text(2);
    r.basin = q.text(3);
    r.control_level = q.text(4);
    r.assessment_level = io::water_assessment_level(r.control_level);
    r.waterbody = q.text(5) == "lake" ? standards::Waterbody::lake : standards::Waterbody::river;
    if (!q.is_null(6)) r.target_class = static_cast<int>(q.int64(6));
    r.league_code = q.opt_text(7);
    r.admin_code = q.opt_text(8);
    out.push_back(std::move(r));
  }
  return out;
}

std::map<std::string, std::vector<StoredSampleValue>> load_water_samples(Workspace& ws, const Period& period) {
  auto q = ws.db().prepare(
      "SELECT s.station_code, s.parameter, o.value, o.flag, o.time FROM series s JOIN observation o ON o.series_id = "
      "s.id WHERE s.averaging = 'sample' AND o.time >= ?1 AND o.time < ?2 ORDER BY s.station_code, o.time");
  q.bind(1, period.begin()).bind(2, period.end());
  std::map<std::string, std::vector<StoredSampleValue>> out;
  while (q.step()) out[q.text(0)].push_back({q.text(1), q.real(2), q.opt_text(3).value_or("") == "L", q.int64(4)});
  return out;
}

}  // namespace eb::store

#include "store/chief_store.hpp"

#include <map>

namespace eb::store {

int import_chiefs(Workspace& ws, const std::vector<ChiefRecord>& chiefs) {
  Database& db = ws.db();
  Transaction tx(db);
  Statement put = db.prepare(
      "INSERT INTO chief (id, name, kind, level, unit_code, since, until, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, level = excluded.level, "
      "unit_code = excluded.unit_code, since = excluded.since, until = excluded.until, source = excluded.source");
  Statement clear = db.prepare("DELETE FROM chief_object WHERE chief_id = ?");
  Statement object = db.prepare("INSERT INTO chief_object (chief_id, object_id, object_name) VALUES (?, ?, ?)");
  for (const auto& c : chiefs) {
    put.bind(1, c.id).bind(2, c.name).bind(3, c.kind).bind(4, c.level).bind(5, c.unit_code).bind(6, c.since);
    put.bind(7, c.until).bind(8, c.source).run();
    clear.bind(1, c.id).run();
    for (const auto& [id, name] : c.objects) object.bind(1, c.id).bind(2, id).bind(3, name).run();
  }
  tx.commit();
  return static_cast<int>(chiefs.size());
}

int import_patrols(Workspace& ws, const std::vector<PatrolRecord>& patrols) {
  Database& db = ws.db();
  Transaction tx(db);
  Statement put = db.prepare(
      "INSERT INTO patrol (id, chief_id, object_id, date, duration_min, track_km, issues_found, issues_resolved, "
      "resolution_days, source, track_wkb) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
      "chief_id = excluded.chief_id, object_id = excluded.object_id, date = excluded.date, duration_min = "
      "excluded.duration_min, track_km = excluded.track_km, issues_found = excluded.issues_found, issues_resolved = "
      "excluded.issues_resolved, resolution_days = excluded.resolution_days, source = excluded.source, track_wkb = "
      "excluded.track_wkb");
  for (const auto& p : patrols) {
    put.bind(1, p.id).bind(2, p.chief_id).bind(3, p.object_id).bind(4, p.date).bind(5, p.duration_min);
    put.bind(6, p.track_km).bind(7, p.issues_found).bind(8, p.issues_resolved).bind(9, p.resolution_days);
    put.bind(10, p.source);
    if (p.track_wkb.empty()) {
      put.bind_null(11);
    } else {
      put.bind_blob(11, p.track_wkb);
    }
    put.run();
  }
  tx.commit();
  return static_cast<int>(patrols.size());
}

std::vector<ChiefRecord> load_chiefs(Workspace& ws) {
  std::vector<ChiefRecord> out;
  std::map<std::string, std::size_t> index;
  Statement q = ws.db().prepare(
      "SELECT id, name, kind, level, unit_code, since, until, coalesce(source, '') FROM chief ORDER BY id");
  while (q.step()) {
    ChiefRecord c;
    c.id = q.text(0);
    c.name = q.text(1);
    c.kind = q.text(2);
    c.level = static_cast<int>(q.int64(3));
    c.unit_code = q.text(4);
    c.since = q.opt_text(5);
    c.until = q.opt_text(6);
    c.source = q.text(7);
    index[c.id] = out.size();
    out.push_back(std::move(c));
  }
  Statement o =
      ws.db().prepare("SELECT chief_id, object_id, coalesce(object_name, '') FROM chief_object ORDER BY 1, 2");
  while (o.step()) {
    const auto it = index.find(o.text(0));
    if (it != index.end()) out[it->second].objects.emplace_back(o.text(1), o.text(2));
  }
  return out;
}

std::vector<PatrolRecord> load_patrols(Workspace& ws) {
  std::vector<PatrolRecord> out;
  Statement q = ws.db().prepare(
      "SELECT id, chief_id, object_id, date, duration_min, track_km, issues_found, issues_resolved, resolution_days, "
      "coalesce(source, ''), track_wkb FROM patrol ORDER BY chief_id, date");
  while (q.step()) {
    PatrolRecord p;
    p.id = q.text(0);
    p.chief_id = q.text(1);
    p.object_id = q.opt_text(2);
    p.date = q.text(3);
    if (!q.is_null(4)) p.duration_min = q.real(4);
    if (!q.is_null(5)) p.track_km = q.real(5);
    p.issues_found = static_cast<int>(q.int64(6));
    p.issues_resolved = static_cast<int>(q.int64(7));
    if (!q.is_null(8)) p.resolution_days = q.real(8);
    p.source = q.text(9);
    if (!q.is_null(10)) {
      const auto track = q.blob(10);
      p.track_wkb.assign(track.begin(), track.end());
    }
    out.push_back(std::move(p));
  }
  return out;
}

bool chief_exists(Workspace& ws, const std::string& id) {
  Statement q = ws.db().prepare("SELECT 1 FROM chief WHERE id = ?");
  q.bind(1, id);
  return q.step();
}

std::optional<std::string> chief_unit(Workspace& ws, const std::string& id) {
  Statement q = ws.db().prepare("SELECT unit_code FROM chief WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

}  // namespace eb::store

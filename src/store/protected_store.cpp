#include "store/protected_store.hpp"

#include "core/error.hpp"
#include "store/gpkg.hpp"

namespace eb::store {

ProtectedImportReport import_protected(Workspace& ws, const std::string& kind, const std::string& file,
                                       const std::string& sha256, const std::vector<ProtectedRecord>& records,
                                       bool replace) {
  Database& db = ws.db();
  ProtectedImportReport report;
  Transaction tx(db);
  {
    Statement seen = db.prepare("SELECT count(*) FROM layer_import WHERE kind = ? AND sha256 = ?");
    seen.bind(1, kind).bind(2, sha256);
    if (seen.step() && seen.int64(0) > 0 && !replace) {
      report.unchanged = true;
      return report;
    }
  }
  if (replace) {
    Statement count = db.prepare("SELECT count(*) FROM protected_area WHERE kind = ?");
    count.bind(1, kind);
    if (count.step()) report.replaced = static_cast<int>(count.int64(0));
    db.prepare("DELETE FROM protected_area WHERE kind = ?").bind(1, kind).run();
  }
  int repaired = 0;
  for (const auto& r : records) repaired += r.repaired.has_value();
  Statement add_import = db.prepare(
      "INSERT INTO layer_import (kind, file, sha256, imported_at, features, repaired) "
      "VALUES (?1, ?2, ?3, ?6, ?4, ?5) RETURNING id");
  add_import.bind(1, kind)
      .bind(2, file)
      .bind(3, sha256)
      .bind(4, static_cast<std::int64_t>(records.size()))
      .bind(5, repaired)
      .bind(6, utc_timestamp())
      .step();
  const std::int64_t import_id = add_import.int64(0);
  add_import.reset();  // a statement left mid-row would keep SQLite from committing
  Statement insert = db.prepare(
      "INSERT INTO protected_area (geom, kind, zone, name, level, designated, area_m2, repaired, source_fid, "
      "import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& r : records) {
    insert.bind_blob(1, geometry_value(ws.db(), r.wkb))
        .bind(2, kind)
        .bind(3, r.zone)
        .bind(4, r.name)
        .bind(5, r.level)
        .bind(6, r.designated)
        .bind(7, r.area_m2)
        .bind(8, r.repaired)
        .bind(9, static_cast<std::int64_t>(r.source_fid))
        .bind(10, import_id)
        .run();
    ++report.added;
  }
  update_contents_extent(db, "protected_area", "geom");
  tx.commit();
  return report;
}

std::vector<engine::ProtectedFeature> load_protected(Workspace& ws, const std::vector<std::string>& kinds) {
  std::string sql = "SELECT fid, kind, zone, coalesce(name, ''), geom FROM protected_area";
  if (!kinds.empty()) {
    sql += " WHERE kind IN (";
    for (std::size_t i = 0; i < kinds.size(); ++i) sql += i ? ", ?" : "?";
    sql += ")";
  }
  sql += " ORDER BY fid";
  Statement q = ws.db().prepare(sql);
  for (std::size_t i = 0; i < kinds.size(); ++i) q.bind(static_cast<int>(i + 1), kinds[i]);
  std::vector<engine::ProtectedFeature> out;
  while (q.step()) {
    engine::ProtectedFeature f;
    f.id = q.int64(0);
    f.kind = q.text(1);
    f.zone = q.text(2);
    f.name = q.text(3);
    const auto wkb = geometry_wkb(ws.db(), q.blob(4));
    f.wkb.assign(wkb.begin(), wkb.end());
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<ProtectedLayerSummary> protected_summary(Workspace& ws) {
  Statement q = ws.db().prepare(
      "SELECT kind, zone, count(*), sum(area_m2) FROM protected_area GROUP BY kind, zone ORDER BY kind, zone");
  std::vector<ProtectedLayerSummary> out;
  while (q.step()) out.push_back({q.text(0), q.text(1), q.int64(2), q.real(3)});
  return out;
}

}  // namespace eb::store

#include "store/ledger_store.hpp"

#include "store/gpkg.hpp"

namespace eb::store {

namespace {
void bind_entry(Statement& s, int first, const std::optional<AreaEntry>& e) {
  if (e) {
    s.bind(first, e->text).bind(first + 1, e->unit).bind(first + 2, e->area.micro_mu);
  } else {
    s.bind_null(first).bind_null(first + 1).bind_null(first + 2);
  }
}

std::optional<AreaEntry> read_entry(const Statement& s, int first) {
  if (s.is_null(first + 2)) return std::nullopt;
  return AreaEntry{s.text(first), s.text(first + 1), ExactArea{s.int64(first + 2)}};
}

bool same_entry(const std::optional<AreaEntry>& a, const std::optional<AreaEntry>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->text == b->text && a->unit == b->unit && a->area == b->area);
}
}  // namespace

LedgerImportReport import_projects(Workspace& ws, const std::vector<ProjectRecord>& projects,
                                   const std::string& source) {
  Database& db = ws.db();
  Transaction tx(db);
  LedgerImportReport report;
  Statement find = db.prepare(
      "SELECT name, type, unit_code, year, planned_text, planned_unit, planned_micro_mu, completed_text, "
      "completed_unit, completed_micro_mu, funding, geom FROM project WHERE code = ?");
  Statement insert = db.prepare(
      "INSERT INTO project (geom, code, name, type, unit_code, year, planned_text, planned_unit, planned_micro_mu, "
      "completed_text, completed_unit, completed_micro_mu, funding, source, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?15) ON CONFLICT (code) DO NOTHING");
  Statement update = db.prepare(
      "UPDATE project SET geom = ?, name = ?, type = ?, unit_code = ?, year = ?, planned_text = ?, planned_unit = ?, "
      "planned_micro_mu = ?, completed_text = ?, completed_unit = ?, completed_micro_mu = ?, funding = ?, source = ?, "
      "updated_at = ?15 WHERE code = ?14");
  const std::string updated_at = utc_timestamp();
  for (const ProjectRecord& p : projects) {
    find.bind(1, p.code);
    std::optional<bool> same;
    if (find.step()) {
      std::vector<std::uint8_t> wkb;
      if (!find.is_null(11)) {
        const auto w = geometry_wkb(ws.db(), find.blob(11));
        wkb.assign(w.begin(), w.end());
      }
      same = find.text(0) == p.name && find.text(1) == p.type && find.text(2) == p.unit_code &&
             find.int64(3) == p.year && same_entry(read_entry(find, 4), p.planned) &&
             same_entry(read_entry(find, 7), p.completed) && find.opt_text(10) == p.funding && wkb == p.wkb;
    }
    find.reset();
    if (same && *same) {
      ++report.unchanged;
      continue;
    }
    const auto write = [&](bool as_update) {
      Statement& s = as_update ? update : insert;
      // Column positions: the insert has the code second, the update has it last.
      const int base = as_update ? 1 : 2;  // position of `name`
      if (p.wkb.empty()) {
        s.bind_null(1);
      } else {
        s.bind_blob(1, geometry_value(ws.db(), p.wkb));
      }
      if (!as_update) s.bind(2, p.code);
      s.bind(base + 1, p.name);
      s.bind(base + 2, p.type);
      s.bind(base + 3, p.unit_code);
      s.bind(base + 4, p.year);
      bind_entry(s, base + 5, p.planned);
      bind_entry(s, base + 8, p.completed);
      s.bind(base + 11, p.funding);
      s.bind(base + 12, source);
      if (as_update) s.bind(base + 13, p.code);
      s.bind(15, updated_at);
      s.run();
    };
    if (same) {
      write(true);
      ++report.updated;
    } else {
      write(false);
      // On a server another writer may have added the code since `find` (its transaction committed meanwhile):
      // the insert then does nothing, and the record replaces theirs as an update would.
      if (db.changes() == 0) {
        write(true);
        ++report.updated;
      } else {
        ++report.added;
      }
    }
  }
  update_contents_extent(db, "project", "geom");
  tx.commit();
  return report;
}

int import_plans(Workspace& ws, const std::vector<PlanRecord>& plans, const std::string& source) {
  Database& db = ws.db();
  Transaction tx(db);
  Statement put = db.prepare(
      "INSERT INTO project_plan (unit_code, year, type, planned_text, planned_unit, planned_micro_mu, source) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit_code, year, type) DO UPDATE SET planned_text = "
      "excluded.planned_text, planned_unit = excluded.planned_unit, planned_micro_mu = excluded.planned_micro_mu, "
      "source = excluded.source");
  for (const PlanRecord& p : plans) {
    put.bind(1, p.unit_code)
        .bind(2, p.year)
        .bind(3, p.type)
        .bind(4, p.planned.text)
        .bind(5, p.planned.unit)
        .bind(6, p.planned.area.micro_mu)
        .bind(7, source)
        .run();
  }
  tx.commit();
  return static_cast<int>(plans.size());
}

std::vector<ProjectRecord> load_projects(Workspace& ws, int first_year, int last_year) {
  Statement q = ws.db().prepare(
      "SELECT code, name, type, unit_code, year, planned_text, planned_unit, planned_micro_mu, completed_text, "
      "completed_unit, completed_micro_mu, funding, geom FROM project WHERE year BETWEEN ? AND ? ORDER BY code");
  q.bind(1, first_year).bind(2, last_year);
  std::vector<ProjectRecord> out;
  while (q.step()) {
    ProjectRecord p;
    p.code = q.text(0);
    p.name = q.text(1);
    p.type = q.text(2);
    p.unit_code = q.text(3);
    p.year = static_cast<int>(q.int64(4));
    p.planned = read_entry(q, 5);
    p.completed = read_entry(q, 8);
    p.funding = q.opt_text(11);
    if (!q.is_null(12)) {
      const auto w = geometry_wkb(ws.db(), q.blob(12));
      p.wkb.assign(w.begin(), w.end());
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<PlanRecord> load_plans(Workspace& ws, int first_year, int last_year) {
  Statement q = ws.db().prepare(
      "SELECT unit_code, year, type, planned_text, planned_unit, planned_micro_mu FROM project_plan "
      "WHERE year BETWEEN ? AND ? ORDER BY unit_code, year, type");
  q.bind(1, first_year).bind(2, last_year);
  std::vector<PlanRecord> out;
  while (q.step()) {
    out.push_back(
        {q.text(0), q.text(2), static_cast<int>(q.int64(1)), AreaEntry{q.text(3), q.text(4), ExactArea{q.int64(5)}}});
  }
  return out;
}

}  // namespace eb::store

#include "store/drinking_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "store/database.hpp"
#include "store/retry.hpp"

namespace eb::store {

namespace {

struct Located {
  std::optional<std::string> league, admin;
};

// The league/city and banner/county of a unit code: a level-2 unit is its own league, a level-3 unit's league is
// its parent; the region (level 1) has neither.
std::optional<Located> locate_unit(Database& db, const std::string& code) {
  auto q = db.prepare("SELECT level, parent_code FROM admin_unit WHERE code = ?1");
  q.bind(1, code);
  if (!q.step()) return std::nullopt;
  const auto level = q.int64(0);
  Located l;
  if (level == 2) l.league = code;
  if (level >= 3) {
    l.admin = code;
    l.league = q.opt_text(1);
  }
  return l;
}

bool same(const DrinkingSourceRow& a, const io::DrinkingSourceRecord& b, const Located& where) {
  std::vector<std::string> points = b.points;
  std::sort(points.begin(), points.end());
  return a.name == b.name && a.kind == standards::source_kind_name(b.kind) && a.level == b.level &&
         a.unit_code == b.unit_code && a.league_code == where.league && a.admin_code == where.admin &&
         a.supply_10k_m3 == b.supply_10k_m3 && a.population == b.population && a.points == points;
}

}  // namespace

DrinkingSourceImportReport import_drinking_sources(Workspace& ws, const io::DrinkingSourceList& list) {
  Database& db = ws.db();
  return with_retry(db, [&] {
    Transaction tx(db);
    DrinkingSourceImportReport report;
    std::map<std::string, DrinkingSourceRow> existing;
    for (auto& r : drinking_sources(ws)) existing.emplace(r.code, std::move(r));
    auto station = db.prepare("SELECT league_code, admin_code FROM station WHERE code = ?1");
    auto upsert = db.prepare(
        "INSERT INTO drinking_source(code, name, kind, level, unit_code, league_code, admin_code, supply_10k_m3, "
        "population, source_file) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (code) DO UPDATE SET "
        "name = excluded.name, kind = excluded.kind, level = excluded.level, unit_code = excluded.unit_code, "
        "league_code = excluded.league_code, admin_code = excluded.admin_code, supply_10k_m3 = "
        "excluded.supply_10k_m3, population = excluded.population, source_file = excluded.source_file");
    auto drop_points = db.prepare("DELETE FROM drinking_source_point WHERE source_code = ?1");
    auto add_point = db.prepare("INSERT INTO drinking_source_point(source_code, station_code) VALUES (?1, ?2)");
    for (const auto& s : list.sources) {
      auto at = [&](std::uint32_t column) { return fmt::format("{}:{}:{}", list.file, s.line, column); };
      Located where;
      if (s.unit_code) {
        const auto l = locate_unit(db, *s.unit_code);
        if (!l)
          throw InputError(fmt::format("{}: source {}: unit {} is not in the workspace (import units first)",
                                       at(list.unit_column), s.code, *s.unit_code));
        where = *l;
      }
      for (const auto& p : s.points) {
        station.bind(1, p);
        const bool found = station.step();
        if (found && !s.unit_code && !where.league && !station.is_null(0)) {
          where.league = station.opt_text(0);
          where.admin = station.opt_text(1);
        }
        station.reset();
        if (!found)
          throw InputError(fmt::format(
              "{}: source {}: monitoring point {} is not a station of the workspace (import it first, e.g. with "
              "`water section import`)",
              at(list.points_column), s.code, p));
      }
      if (!s.unit_code && !where.league) report.unlocated.push_back(s.code);
      const auto old = existing.find(s.code);
      if (old != existing.end() && same(old->second, s, where)) {
        ++report.unchanged;
        continue;
      }
      ++(old == existing.end() ? report.added : report.updated);
      upsert.bind(1, s.code)
          .bind(2, s.name)
          .bind(3, standards::source_kind_name(s.kind))
          .bind(4, s.level)
          .bind(5, s.unit_code)
          .bind(6, where.league)
          .bind(7, where.admin)
          .bind(8, s.supply_10k_m3)
          .bind(9, s.population)
          .bind(10, list.file)
          .run();
      drop_points.bind(1, s.code).run();
      for (const auto& p : s.points) add_point.bind(1, s.code).bind(2, p).run();
    }
    if (report.added + report.updated > 0)
      db.describe_write({"import drinking-water sources", "drinking_source", list.file,
                         nlohmann::json{{"file", list.file},
                                        {"added", report.added},
                                        {"updated", report.updated},
                                        {"unchanged", report.unchanged}}
                             .dump(),
                         ""});
    tx.commit();
    return report;
  });
}

std::vector<DrinkingSourceRow> drinking_sources(Workspace& ws) {
  Database& db = ws.db();
  std::vector<DrinkingSourceRow> out;
  auto q = db.prepare(
      "SELECT code, name, kind, level, unit_code, league_code, admin_code, supply_10k_m3, population FROM "
      "drinking_source");
  while (q.step()) {
    DrinkingSourceRow r;
    r.code = q.text(0);
    r.name = q.text(1);
    r.kind = q.text(2);
    r.level = q.text(3);
    r.unit_code = q.opt_text(4);
    r.league_code = q.opt_text(5);
    r.admin_code = q.opt_text(6);
    if (!q.is_null(7)) r.supply_10k_m3 = q.real(7);
    if (!q.is_null(8)) r.population = q.int64(8);
    out.push_back(std::move(r));
  }
  // Sorted here, not by the server: PostgreSQL's collation need not be byte order.
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < out.size(); ++i) index.emplace(out[i].code, i);
  auto p = db.prepare("SELECT source_code, station_code FROM drinking_source_point");
  while (p.step())
    if (const auto it = index.find(p.text(0)); it != index.end()) out[it->second].points.push_back(p.text(1));
  for (auto& r : out) std::sort(r.points.begin(), r.points.end());
  return out;
}

}  // namespace eb::store

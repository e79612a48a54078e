#include "store/station_store.hpp"

#include <fmt/format.h>

#include <cstring>
#include <map>

#include "engine/vector/polygon_index.hpp"
#include "store/gpkg.hpp"

namespace eb::store {

namespace {

StationRow read_row(const Statement& s) {
  StationRow r;
  r.code = s.text(0);
  r.name = s.text(1);
  r.kind = s.text(2);
  r.listed_city = s.text(3);
  r.league_code = s.opt_text(4);
  r.admin_code = s.opt_text(5);
  r.location_note = s.opt_text(6);
  r.lon = s.real(7);
  r.lat = s.real(8);
  return r;
}

constexpr const char* kColumns =
    "code, name, kind, coalesce(listed_city, ''), league_code, admin_code, location_note, lon, lat";

}  // namespace

std::optional<std::string> league_by_name(Workspace& ws, const std::string& city) {
  if (city.empty()) return std::nullopt;
  // Exact name first, then a short name the unit's name starts with (呼和浩特 -> 呼和浩特市, 兴安 -> 兴安盟).
  auto s = ws.db().prepare(
      "SELECT code FROM admin_unit WHERE level = 2 AND (name_zh = ?1 OR (length(?1) >= 2 AND substr(name_zh, 1, "
      "length(?1)) = ?1)) ORDER BY name_zh = ?1 DESC, code");
  s.bind(1, city);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

StationImportReport import_stations(Workspace& ws, const io::StationList& list, const std::string& kind) {
  Database& db = ws.db();
  StationImportReport report;

  // Banner/county polygons and their leagues, indexed once for the whole list.
  engine::PolygonIndex counties;
  std::map<std::int64_t, std::pair<std::string, std::string>> county_of;  // fid -> (code, parent)
  {
    auto s = db.prepare("SELECT fid, geom, code, coalesce(parent_code, '') FROM admin_unit WHERE level = 3");
    while (s.step()) {
      counties.add(s.int64(0), geometry_wkb(ws.db(), s.blob(1)));
      county_of[s.int64(0)] = {s.text(2), s.text(3)};
    }
  }
  engine::PolygonIndex leagues;
  std::map<std::int64_t, std::string> league_of;
  {
    auto s = db.prepare("SELECT fid, geom, code FROM admin_unit WHERE level = 2");
    while (s.step()) {
      leagues.add(s.int64(0), geometry_wkb(ws.db(), s.blob(1)));
      league_of[s.int64(0)] = s.text(2);
    }
  }

  Transaction tx(db);
  auto select = db.prepare(fmt::format("SELECT {}, control_site FROM station WHERE code = ?", kColumns));
  // Separate INSERT and UPDATE: an UPSERT's conflict clause would override the OR REPLACE inside the
  // GeoPackage R*Tree triggers.
  auto insert = db.prepare(R"sql(
INSERT INTO station(geom, code, name, kind, listed_city, league_code, admin_code, location_note, lon, lat,
                    control_site, source)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12))sql");
  auto update = db.prepare(R"sql(
UPDATE station SET geom = ?1, name = ?3, kind = ?4, listed_city = ?5, league_code = ?6, admin_code = ?7,
  location_note = ?8, lon = ?9, lat = ?10, control_site = ?11, source = ?12 WHERE code = ?2)sql");
  for (const auto& st : list.stations) {
    StationRow row;
    row.code = st.code;
    row.name = st.name;
    row.kind = kind;
    row.listed_city = st.city;
    row.lon = st.lon;
    row.lat = st.lat;
    const auto listed_league = league_by_name(ws, st.city);
    const auto in_counties = counties.covering(st.lon, st.lat);
    const auto in_leagues = leagues.covering(st.lon, st.lat);
    std::optional<std::string> pip_league = in_leagues.empty() ? std::nullopt : std::optional(league_of[in_leagues[0]]);
    row.league_code = listed_league ? listed_league : pip_league;
    if (!in_counties.empty()) {
      const auto& [ccode, cparent] = county_of[in_counties[0]];
      if (!row.league_code || cparent == *row.league_code) {
        row.admin_code = ccode;
        row.league_code = cparent;
      } else {
        row.admin_code = row.league_code;
        row.location_note =
            fmt::format("listed under {} but the point lies in banner/county {} of {}", st.city, ccode, cparent);
      }
    } else {
      row.admin_code = row.league_code;
      row.location_note =
          row.league_code
              ? fmt::format("point ({:.4f}, {:.4f}) lies outside every banner/county polygon", st.lon, st.lat)
              : fmt::format(
                    "point ({:.4f}, {:.4f}) lies outside every unit and the listed city "
                    "\"{}\" is not a unit of the workspace",
                    st.lon, st.lat, st.city);
    }
    const std::optional<std::int64_t> control =
        st.control_site ? std::optional<std::int64_t>(*st.control_site ? 1 : 0) : std::nullopt;
    select.bind(1, st.code);
    bool exists = false, same = false;
    if (select.step()) {
      exists = true;
      const StationRow old = read_row(select);
      const std::optional<std::int64_t> old_control =
          select.is_null(9) ? std::nullopt : std::optional<std::int64_t>(select.int64(9));
      same = old.name == row.name && old.kind == row.kind && old.listed_city == row.listed_city &&
             old.league_code == row.league_code && old.admin_code == row.admin_code &&
             old.location_note == row.location_note && old.lon == row.lon && old.lat == row.lat &&
             old_control == control;
    }
    select.reset();
    if (row.location_note)
      report.unlocated.push_back(row);
    else
      ++report.located;
    if (same) {
      ++report.unchanged;
      continue;
    }
    Statement& write = exists ? update : insert;
    write.bind_blob(1, geometry_value(ws.db(), point_wkb(st.lon, st.lat)))
        .bind(2, row.code)
        .bind(3, row.name)
        .bind(4, kind)
        .bind(5, row.listed_city)
        .bind(6, row.league_code)
        .bind(7, row.admin_code)
        .bind(8, row.location_note)
        .bind(9, row.lon)
        .bind(10, row.lat)
        .bind(11, control)
        .bind(12, list.file)
        .run();
    ++(exists ? report.updated : report.added);
  }
  if (report.added + report.updated > 0) {
    update_contents_extent(db, "station", "geom");
    tx.commit();
  }
  return report;
}

std::vector<StationRow> list_stations(Workspace& ws, std::optional<std::string> admin_code) {
  auto s = ws.db().prepare(fmt::format(
      "SELECT {} FROM station WHERE CAST(?1 AS TEXT) IS NULL OR admin_code = ?1 OR league_code = ?1 ORDER BY code",
      kColumns));
  s.bind(1, admin_code);
  std::vector<StationRow> out;
  while (s.step()) out.push_back(read_row(s));
  return out;
}

std::optional<StationRow> find_station(Workspace& ws, const std::string& code) {
  auto s = ws.db().prepare(fmt::format("SELECT {} FROM station WHERE code = ?", kColumns));
  s.bind(1, code);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

}  // namespace eb::store

#include "store/admin_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "engine/vector/polygon_index.hpp"
#include "store/gpkg.hpp"

namespace eb::store {

int admin_level_of(const std::string& code) {
  if (code.size() == 9) return 4;
  if (code.size() == 12) return 5;
  if (code.size() != 6) return 0;
  if (code.substr(2) == "0000") return 1;
  if (code.substr(4) == "00") return 2;
  return 3;
}

std::optional<std::string> implied_parent(const std::string& code) {
  switch (admin_level_of(code)) {
    case 2:
      return code.substr(0, 2) + "0000";
    case 3:
      return code.substr(0, 4) + "00";
    case 4:
      return code.substr(0, 6);
    case 5:
      return code.substr(0, 9);
    default:
      return std::nullopt;
  }
}

namespace {
bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && std::string_view(s).substr(s.size() - suffix.size()) == suffix;
}
}  // namespace

std::string admin_kind_of(const std::string& n) {
  if (ends_with(n, "自治区")) return "autonomous_region";
  if (ends_with(n, "自治旗")) return "autonomous_banner";
  if (ends_with(n, "盟")) return "league";
  if (ends_with(n, "旗")) return "banner";
  if (ends_with(n, "县")) return "county";
  if (ends_with(n, "区")) return "district";
  if (ends_with(n, "市")) return "city";
  if (ends_with(n, "苏木")) return "sumu";
  if (ends_with(n, "镇")) return "town";
  if (ends_with(n, "乡")) return "township";
  if (ends_with(n, "嘎查")) return "gacha";
  if (ends_with(n, "村")) return "village";
  return "";
}

std::string_view level_name(int level, bool zh) {
  switch (level) {
    case 1:
      return zh ? "省级" : "province";
    case 2:
      return zh ? "盟市" : "league/city";
    case 3:
      return zh ? "旗县区" : "banner/county";
    case 4:
      return zh ? "苏木乡镇" : "sumu/township";
    case 5:
      return zh ? "嘎查村" : "gacha/village";
    default:
      return "?";
  }
}

namespace {

constexpr const char* kUnitColumns =
    "code, name_zh, coalesce(name_en, ''), level, coalesce(kind, ''), parent_code, derived";

AdminUnit read_unit(const Statement& s, int first = 0) {
  AdminUnit u;
  u.code = s.text(first);
  u.name_zh = s.text(first + 1);
  u.name_en = s.text(first + 2);
  u.level = static_cast<int>(s.int64(first + 3));
  u.kind = s.text(first + 4);
  u.parent_code = s.opt_text(first + 5);
  u.derived = s.int64(first + 6) != 0;
  return u;
}

struct Prepared {
  io::AdminFeature f;
  int level;
  std::string parent;  // empty for level 1
};

}  // namespace

AdminImportReport import_admin_units(Workspace& ws, const std::vector<io::AdminFeature>& features,
                                     const std::map<std::string, UnitNames>& names, const std::string& source) {
  AdminImportReport report;
  Database& db = ws.db();
  std::vector<Prepared> units;
  std::set<std::string> in_file;
  for (const auto& f : features) {
    Prepared p{f, admin_level_of(f.code), ""};
    if (p.level == 0)
      throw InputError(fmt::format("{}: feature {}: \"{}\" is not a GB/T 2260 code", source, f.fid, f.code));
    if (!in_file.insert(f.code).second)
      throw InputError(fmt::format("{}: feature {}: unit {} appears twice", source, f.fid, f.code));
    if (p.level > 1) {
      p.parent = f.parent_code.value_or(*implied_parent(f.code));
      if (admin_level_of(p.parent) == 0 || admin_level_of(p.parent) >= p.level)
        throw InputError(fmt::format("{}: feature {} ({} {}): parent {} is not a higher-level unit", source, f.fid,
                                     f.code, f.name_zh, p.parent));
    }
    auto repaired = engine::repair_polygon(f.wkb);
    if (!repaired.was_valid) {
      report.repaired.push_back(fmt::format("{} {} (feature {}): {}", f.code, f.name_zh, f.fid, repaired.reason));
      p.f.wkb = std::move(repaired.wkb);
    }
    units.push_back(std::move(p));
  }
  // Parents first, so a whole hierarchy can come in one file in any order.
  std::stable_sort(units.begin(), units.end(), [](const Prepared& a, const Prepared& b) { return a.level < b.level; });

  Transaction tx(db);
  auto select =
      db.prepare("SELECT name_zh, coalesce(name_en,''), parent_code, geom, derived FROM admin_unit WHERE code = ?");
  auto insert = db.prepare(
      "INSERT INTO admin_unit(geom, code, name_zh, name_en, level, kind, parent_code, center_lon, center_lat, derived, "
      "source) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  auto update = db.prepare(
      "UPDATE admin_unit SET geom = ?, name_zh = ?, name_en = ?, kind = ?, parent_code = ?, center_lon = ?, "
      "center_lat = ?, derived = 0, source = ? WHERE code = ?");
  std::set<std::string> missing_parents;
  for (const Prepared& p : units) {
    const auto blob = geometry_value(ws.db(), p.f.wkb);
    const auto it = names.find(p.f.code);
    const std::optional<std::string> name_en =
        it != names.end() && !it->second.name_en.empty() ? std::optional(it->second.name_en) : std::nullopt;
    double clon, clat;
    if (p.f.center_lon) {
      clon = *p.f.center_lon;
      clat = *p.f.center_lat;
    } else {
      std::tie(clon, clat) = engine::point_on_surface(p.f.wkb);
    }
    const std::optional<std::string> parent = p.parent.empty() ? std::nullopt : std::optional(p.parent);
    select.bind(1, p.f.code);
    if (select.step()) {
      const bool same = select.text(0) == p.f.name_zh && select.text(1) == name_en.value_or("") &&
                        select.opt_text(2) == parent && select.int64(4) == 0 &&
                        std::ranges::equal(select.blob(3), blob);
      select.reset();
      if (same) {
        ++report.unchanged;
      } else {
        update.bind_blob(1, blob)
            .bind(2, p.f.name_zh)
            .bind(3, name_en)
            .bind(4, admin_kind_of(p.f.name_zh))
            .bind(5, parent)
            .bind(6, clon)
            .bind(7, clat)
            .bind(8, source)
            .bind(9, p.f.code)
            .run();
        ++report.updated;
      }
    } else {
      select.reset();
      insert.bind_blob(1, blob)
          .bind(2, p.f.code)
          .bind(3, p.f.name_zh)
          .bind(4, name_en)
          .bind(5, p.level)
          .bind(6, admin_kind_of(p.f.name_zh))
          .bind(7, parent)
          .bind(8, clon)
          .bind(9, clat)
          .bind(10, 0)
          .bind(11, source)
          .run();
      ++report.added;
    }
    if (parent && !in_file.count(*parent)) missing_parents.insert(*parent);
  }

  // Parents neither imported now nor stored: derive them from their children when their name is known.
  // Walk upwards, since a derived league may itself need a derived region.
  while (!missing_parents.empty()) {
    const std::string code = *missing_parents.rbegin();  // deepest codes sort last within a prefix
    missing_parents.erase(code);
    const auto existing = find_unit(ws, code);
    if (existing && !existing->derived) continue;
    const auto it = names.find(code);
    if (it == names.end()) {
      throw InputError(
          fmt::format("{}: parent unit {} of the imported units is neither in the workspace nor in the "
                      "file, and its name is unknown; import it first",
                      source, code));
    }
    std::vector<std::vector<std::uint8_t>> parts;
    auto kids = db.prepare("SELECT geom FROM admin_unit WHERE parent_code = ?");
    kids.bind(1, code);
    while (kids.step()) {
      const auto w = geometry_wkb(ws.db(), kids.blob(0));
      parts.emplace_back(w.begin(), w.end());
    }
    std::vector<std::span<const std::uint8_t>> views(parts.begin(), parts.end());
    const auto merged = engine::union_polygons(views);
    const auto [clon, clat] = engine::point_on_surface(merged);
    const int level = admin_level_of(code);
    const auto parent = implied_parent(code);
    if (existing) {
      db.prepare("UPDATE admin_unit SET geom = ?, center_lon = ?, center_lat = ? WHERE code = ?")
          .bind_blob(1, geometry_value(ws.db(), merged))
          .bind(2, clon)
          .bind(3, clat)
          .bind(4, code)
          .run();
    } else {
      insert.bind_blob(1, geometry_value(ws.db(), merged))
          .bind(2, code)
          .bind(3, it->second.name_zh)
          .bind(4, it->second.name_en.empty() ? std::nullopt : std::optional(it->second.name_en))
          .bind(5, level)
          .bind(6, admin_kind_of(it->second.name_zh))
          .bind(7, parent)
          .bind(8, clon)
          .bind(9, clat)
          .bind(10, 1)
          .bind(11, "dissolved from its children")
          .run();
      ++report.derived;
    }
    if (parent && !find_unit(ws, *parent)) missing_parents.insert(*parent);
  }
  if (report.added + report.updated + report.derived > 0) {
    update_contents_extent(db, "admin_unit", "geom");
    tx.commit();
  }
  return report;
}

std::optional<AdminUnit> find_unit(Workspace& ws, const std::string& code) {
  auto s = ws.db().prepare(fmt::format("SELECT {} FROM admin_unit WHERE code = ?", kUnitColumns));
  s.bind(1, code);
  if (!s.step()) return std::nullopt;
  return read_unit(s);
}

std::vector<AdminUnit> list_units(Workspace& ws, std::optional<int> level) {
  auto s = ws.db().prepare(fmt::format(
      "SELECT {} FROM admin_unit WHERE CAST(?1 AS INTEGER) IS NULL OR level = ?1 ORDER BY code", kUnitColumns));
  s.bind(1, level);
  std::vector<AdminUnit> out;
  while (s.step()) out.push_back(read_unit(s));
  return out;
}

std::vector<UnitGeometry> unit_geometries(Workspace& ws, int level) {
  auto s = ws.db().prepare(
      fmt::format("SELECT {}, geom FROM admin_unit WHERE level = ? AND geom IS NOT NULL ORDER BY code", kUnitColumns));
  s.bind(1, level);
  constexpr int geom_column = 7;  // after the seven unit columns read by read_unit
  std::vector<UnitGeometry> out;
  while (s.step()) {
    UnitGeometry u;
    u.unit = read_unit(s);
    const auto wkb = geometry_wkb(ws.db(), s.blob(geom_column));
    u.wkb.assign(wkb.begin(), wkb.end());
    out.push_back(std::move(u));
  }
  return out;
}

std::vector<AdminUnit> children_of(Workspace& ws, const std::string& code) {
  auto s = ws.db().prepare(fmt::format("SELECT {} FROM admin_unit WHERE parent_code = ? ORDER BY code", kUnitColumns));
  s.bind(1, code);
  std::vector<AdminUnit> out;
  while (s.step()) out.push_back(read_unit(s));
  return out;
}

std::vector<AdminUnit> ancestors_of(Workspace& ws, const std::string& code) {
  auto s = ws.db().prepare(fmt::format(R"sql(
WITH RECURSIVE up(code, depth) AS (
  SELECT parent_code, 1 FROM admin_unit WHERE code = ?
  UNION ALL SELECT a.parent_code, up.depth + 1 FROM admin_unit a JOIN up ON a.code = up.code WHERE up.depth < 10)
SELECT {} FROM admin_unit JOIN up USING (code) ORDER BY up.depth)sql",
                                       kUnitColumns));
  s.bind(1, code);
  std::vector<AdminUnit> out;
  while (s.step()) out.push_back(read_unit(s));
  return out;
}

std::vector<AdminUnit> units_at(Workspace& ws, double lon, double lat) {
  // The candidates whose bounding box holds the point, from the spatial index (GeoPackage: its R*Tree table;
  // PostGIS: the GiST index behind &&).
  auto s = ws.db().prepare(
      ws.db().on_server()
          ? fmt::format("SELECT a.fid, a.geom, {} FROM admin_unit a "
                        "WHERE a.geom && ST_SetSRID(ST_MakePoint(?1, ?2), 4326)",
                        kUnitColumns)
          : fmt::format("SELECT a.fid, a.geom, {} FROM admin_unit a JOIN rtree_admin_unit_geom r ON r.id = a.fid "
                        "WHERE r.minx <= ?1 AND r.maxx >= ?1 AND r.miny <= ?2 AND r.maxy >= ?2",
                        kUnitColumns));
  s.bind(1, lon).bind(2, lat);
  engine::PolygonIndex index;
  std::map<std::int64_t, AdminUnit> candidates;
  while (s.step()) {
    const std::int64_t fid = s.int64(0);
    index.add(fid, geometry_wkb(ws.db(), s.blob(1)));
    candidates.emplace(fid, read_unit(s, 2));
  }
  std::vector<AdminUnit> out;
  for (const auto fid : index.covering(lon, lat)) out.push_back(candidates.at(fid));
  std::sort(out.begin(), out.end(), [](const AdminUnit& a, const AdminUnit& b) {
    return a.level != b.level ? a.level < b.level : a.code < b.code;
  });
  return out;
}

}  // namespace eb::store

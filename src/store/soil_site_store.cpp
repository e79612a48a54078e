#include "store/soil_site_store.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "store/admin_store.hpp"
#include "store/database.hpp"

namespace eb::store {

namespace {

std::optional<std::string> opt(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

std::string depth_text(const std::optional<double>& d) { return d ? fmt::format("{}", *d) : std::string(); }

}  // namespace

SoilSiteImportReport import_soil_sites(Workspace& ws, const io::SoilSiteList& list) {
  Database& db = ws.db();
  Transaction tx(db);
  SoilSiteImportReport report;
  std::map<std::string, SoilSiteRow> existing;
  for (auto& row : soil_sites(ws)) existing.emplace(row.record.code, std::move(row));
  auto upsert = db.prepare(
      "INSERT INTO soil_site (code, name, unit_code, lon, lat, planned_use, land_class, key_site, key_basis, status, "
      "investigated_on, risk_assessed_on, effect_evaluated_on, reused_on, effect_passed, source) VALUES (?1, ?2, ?3, "
      "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) ON CONFLICT (code) DO UPDATE SET name = "
      "excluded.name, unit_code = excluded.unit_code, lon = excluded.lon, lat = excluded.lat, planned_use = "
      "excluded.planned_use, land_class = excluded.land_class, key_site = excluded.key_site, key_basis = "
      "excluded.key_basis, status = excluded.status, investigated_on = excluded.investigated_on, risk_assessed_on = "
      "excluded.risk_assessed_on, effect_evaluated_on = excluded.effect_evaluated_on, reused_on = excluded.reused_on, "
      "effect_passed = excluded.effect_passed, source = excluded.source");
  for (const auto& s : list.sites) {
    std::optional<std::string> unit;
    if (!s.unit_code.empty()) {
      if (!find_unit(ws, s.unit_code))
        throw InputError(
            fmt::format("{}:{}: site {}: unit {} is not in the workspace (import units first); nothing "
                        "was imported",
                        list.file, s.line, s.code, s.unit_code));
      unit = s.unit_code;
    } else {
      const auto units = units_at(ws, *s.lon, *s.lat);
      if (!units.empty()) unit = units.back().code;  // the deepest
    }
    if (!unit) report.unlocated.push_back(s.code);
    const auto old = existing.find(s.code);
    if (old != existing.end()) {
      const auto& o = old->second.record;
      const bool same = o.name == s.name && old->second.unit_code == unit && o.lon == s.lon && o.lat == s.lat &&
                        o.planned_use == s.planned_use && o.land_class == s.land_class && o.key_site == s.key_site &&
                        o.key_basis == s.key_basis && o.status == s.status && o.investigated_on == s.investigated_on &&
                        o.risk_assessed_on == s.risk_assessed_on && o.effect_evaluated_on == s.effect_evaluated_on &&
                        o.reused_on == s.reused_on && o.effect_passed == s.effect_passed;
      if (same) {
        ++report.unchanged;
        continue;
      }
      ++report.updated;
    } else {
      ++report.added;
    }
    upsert.bind(1, s.code)
        .bind(2, s.name)
        .bind(3, unit)
        .bind(4, s.lon)
        .bind(5, s.lat)
        .bind(6, s.planned_use)
        .bind(7, s.land_class)
        .bind(8, s.key_site ? 1 : 0)
        .bind(9, opt(s.key_basis))
        .bind(10, s.status)
        .bind(11, opt(s.investigated_on))
        .bind(12, opt(s.risk_assessed_on))
        .bind(13, opt(s.effect_evaluated_on))
        .bind(14, opt(s.reused_on))
        .bind(15, s.effect_passed ? std::optional<std::int64_t>(*s.effect_passed ? 1 : 0) : std::nullopt)
        .bind(16, list.file)
        .run();
  }
  if (report.added || report.updated)
    db.describe_write({"import soil sites", "soil_site", list.file,
                       nlohmann::json{{"added", report.added}, {"updated", report.updated}}.dump(), ""});
  tx.commit();
  return report;
}

SoilSiteValueImportReport import_soil_site_values(Workspace& ws, const io::SoilSiteSamples& f) {
  Database& db = ws.db();
  Transaction tx(db);
  std::map<std::string, bool> sites;
  for (const auto& row : soil_sites(ws)) sites.emplace(row.record.code, true);
  std::map<std::tuple<std::string, std::string, std::string, std::string>, std::pair<double, bool>> stored;
  for (const auto& v : soil_site_values(ws))
    stored.emplace(std::make_tuple(v.site, v.sample, v.depth, v.item), std::make_pair(v.value, v.below_detection));
  auto insert = db.prepare(
      "INSERT INTO soil_site_value (site_code, sample, depth, item, value, below_detection, source) VALUES (?1, ?2, "
      "?3, ?4, ?5, ?6, ?7)");
  SoilSiteValueImportReport report;
  for (const auto& s : f.samples) {
    if (!sites.count(s.site))
      throw InputError(
          fmt::format("{}:{}: site {} is not in the workspace (soil site import first); nothing was "
                      "imported",
                      f.file, s.line, s.site));
    const std::string depth = depth_text(s.depth_m);
    for (const auto& v : s.values) {
      const auto key = std::make_tuple(s.site, s.sample, depth, v.item->code);
      const auto old = stored.find(key);
      if (old != stored.end()) {
        if (old->second.first != v.value || old->second.second != v.below_detection)
          throw InputError(fmt::format(
              "{}:{}:{}: {} of sample {} at site {} is stored as {}{} and given here as {}{}; nothing was imported",
              f.file, v.line, v.column, v.item->code, s.sample, s.site, old->second.second ? "<" : "",
              old->second.first, v.below_detection ? "<" : "", v.value));
        ++report.unchanged;
        continue;
      }
      insert.bind(1, s.site)
          .bind(2, s.sample)
          .bind(3, depth)
          .bind(4, v.item->code)
          .bind(5, v.value)
          .bind(6, v.below_detection ? 1 : 0)
          .bind(7, f.file)
          .run();
      stored.emplace(key, std::make_pair(v.value, v.below_detection));
      ++report.added;
    }
  }
  if (report.added)
    db.describe_write(
        {"import soil site samples", "soil_site_value", f.file, nlohmann::json{{"added", report.added}}.dump(), ""});
  tx.commit();
  return report;
}

std::vector<SoilSiteRow> soil_sites(Workspace& ws) {
  auto q = ws.db().prepare(
      "SELECT code, name, unit_code, lon, lat, planned_use, land_class, key_site, coalesce(key_basis, ''), status, "
      "coalesce(investigated_on, ''), coalesce(risk_assessed_on, ''), coalesce(effect_evaluated_on, ''), "
      "coalesce(reused_on, ''), effect_passed FROM soil_site ORDER BY code");
  std::vector<SoilSiteRow> out;
  while (q.step()) {
    SoilSiteRow r;
    auto& s = r.record;
    s.code = q.text(0);
    s.name = q.text(1);
    r.unit_code = q.opt_text(2);
    if (!q.is_null(3)) s.lon = q.real(3);
    if (!q.is_null(4)) s.lat = q.real(4);
    s.planned_use = q.text(5);
    s.land_class = static_cast<int>(q.int64(6));
    s.key_site = q.int64(7) != 0;
    s.key_basis = q.text(8);
    s.status = q.text(9);
    s.investigated_on = q.text(10);
    s.risk_assessed_on = q.text(11);
    s.effect_evaluated_on = q.text(12);
    s.reused_on = q.text(13);
    if (!q.is_null(14)) s.effect_passed = q.int64(14) != 0;
    s.unit_code = r.unit_code.value_or("");
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<StoredSoilSiteValue> soil_site_values(Workspace& ws) {
  auto q = ws.db().prepare(
      "SELECT site_code, sample, depth, item, value, below_detection FROM soil_site_value ORDER BY site_code, sample, "
      "depth, item");
  std::vector<StoredSoilSiteValue> out;
  while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.real(4), q.int64(5) != 0});
  return out;
}

}  // namespace eb::store

// /meta, /units, /units.geojson, /stations.geojson, /protected.geojson: what the workspace holds, read from the
// store (no run computes these).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>

#include "app/report/charts.hpp"
#include "app/serve/handlers.hpp"
#include "core/period.hpp"
#include "engine/vector/outline.hpp"
#include "io/geojson.hpp"
#include "io/indicator_registry.hpp"
#include "standards/aqi.hpp"
#include "standards/hj663.hpp"
#include "standards/map_classes.hpp"
#include "store/admin_store.hpp"
#include "store/protected_store.hpp"
#include "store/station_store.hpp"
#include "store/summary_store.hpp"
#include "store/workspace.hpp"

namespace eb::app::serve {

namespace {

store::Workspace open_workspace(const ApiOptions& options) {
  return store::Workspace(options.workspace, store::Workspace::Open::existing);
}

json feature_collection(std::vector<std::pair<json, std::string>>&& features) {
  // The geometry arrives as GeoJSON text; parsing it keeps the document one JSON value.
  json fc = {{"type", "FeatureCollection"}, {"features", json::array()}};
  for (auto& [props, geometry] : features)
    fc["features"].push_back(
        {{"type", "Feature"}, {"properties", std::move(props)}, {"geometry", json::parse(geometry)}});
  return fc;
}

// The default year: the one with the most kinds of data, the later of equals.
json default_year(const std::map<std::string, std::vector<int>>& years) {
  std::map<int, int> kinds_per_year;
  for (const auto& [kind, list] : years)
    for (int year : list) ++kinds_per_year[year];
  int best = 0, best_kinds = 0;
  for (const auto& [year, kinds] : kinds_per_year)
    if (kinds >= best_kinds) {
      best = year;
      best_kinds = kinds;
    }
  return best ? json(best) : json();
}

// Years the registry can score: a target for every indicator, and values stored.
std::vector<int> scorable_years(const std::string& registry_path, const std::vector<int>& indicator_years) {
  const auto registry = io::read_indicator_registry(registry_path);
  std::vector<int> scorable;
  for (int year : indicator_years)
    if (std::all_of(registry.begin(), registry.end(), [&](const auto& r) { return r.targets.count(year) > 0; }))
      scorable.push_back(year);
  return scorable;
}

// Kinds of data whose recorded file or source names them synthetic (the demo's generators write synthetic_*
// files and say SYNTHETIC).
std::set<std::string> synthetic_kinds(store::Workspace& ws) {
  static const std::map<std::string, std::string> kind_of = {{"observation", "observations"},
                                                             {"protected_area", "protected"},
                                                             {"project", "ledger"},
                                                             {"project_plan", "ledger"},
                                                             {"indicator_value", "indicators"},
                                                             {"chief", "patrols"},
                                                             {"patrol", "patrols"}};
  std::set<std::string> synthetic;
  for (const auto& src : store::input_sources(ws)) {
    if (!store::names_synthetic(src.file) && !store::names_synthetic(src.source)) continue;
    const auto k = kind_of.find(src.table);
    synthetic.insert(k == kind_of.end() ? src.table : k->second);
  }
  return synthetic;
}

json classes_json(const standards::MapClasses& m) {
  json classes = json::array();
  for (const auto& c : m.classes)
    classes.push_back({{"lower", c.lower ? json(*c.lower) : json()},
                       {"upper", c.upper ? json(*c.upper) : json()},
                       {"colour", c.colour},
                       {"label_zh", c.label_zh},
                       {"label_en", c.label_en},
                       {"source", c.source}});
  return {{"closed", m.upper_closed ? "upper" : "lower"}, {"edition", m.edition}, {"classes", std::move(classes)}};
}

// The maps' classes (data/standards/map_classes.csv), the bulletin's too: the dashboard colours its map by these.
// `map_classes`: every metric, the air concentrations under the GB 3095 edition in force at the end of `year` (the
// assessments' date rule); `map_classes_by_edition`: the air concentrations' classes of each edition;
// `map_class_edition`: the edition of each year of `years`, so the dashboard picks the classes of the year it shows.
void map_classes_json(json& m, std::optional<int> year, const std::set<int>& years) {
  // A year's period ends on its last day: the edition in force then, as `air assess --period YEAR` takes it.
  const auto edition = [](int y) { return standards::Gb3095::in_force(parse_period(std::to_string(y))->last).id(); };
  const std::string shown = year ? edition(*year) : standards::map_class_editions().front();
  json all = json::object(), by_edition = json::object(), edition_of = json::object();
  for (const auto& metric : standards::map_class_metrics()) {
    all[metric] = classes_json(standards::map_classes(metric, shown));
    if (!standards::map_classes_by_edition(metric)) continue;
    for (const auto& e : standards::map_class_editions())
      by_edition[e][metric] = classes_json(standards::map_classes(metric, e));
  }
  for (int y : years) edition_of[std::to_string(y)] = edition(y);
  m["map_classes"] = std::move(all);
  m["map_classes_by_edition"] = std::move(by_edition);
  m["map_class_edition"] = std::move(edition_of);
}

// The AQI levels of HJ 633 (data/standards/aqi_levels.csv): the dashboard's station calendar colours days by them,
// as the hourly and daily answers' `level` (and the hourly `colour`) do.
json aqi_levels_json() {
  json levels = json::array();
  for (const auto& l : standards::aqi_levels())
    levels.push_back({{"level", l.level},
                      {"aqi_min", l.aqi_min},
                      {"aqi_max", l.aqi_max ? json(*l.aqi_max) : json()},
                      {"name_zh", l.name_zh},
                      {"name_en", l.name_en},
                      {"colour", l.rgb_hex}});
  return levels;
}

}  // namespace

json meta(const ApiOptions& options, const Query&) {
  store::Workspace ws = open_workspace(options);
  json m;
  m["workspace"] = std::filesystem::path(options.workspace).filename().string();
  m["schema_version"] = ws.schema_version();
  const auto years = store::data_years(ws);
  json y = json::object();
  for (const auto& [kind, list] : years) y[kind] = list;
  m["default_year"] = default_year(years);
  if (!options.registry.empty()) y["ranking"] = scorable_years(options.registry, years.at("indicators"));
  m["years"] = y;
  json levels = json::array();
  for (const auto& lc : store::units_per_level(ws)) levels.push_back({{"level", lc.level}, {"units", lc.units}});
  m["levels"] = levels;
  m["registry"] = options.registry.empty() ? json() : json(std::filesystem::path(options.registry).filename().string());
  m["synthetic"] = synthetic_kinds(ws);
  std::set<int> all_years;
  for (const auto& [kind, list] : years) all_years.insert(list.begin(), list.end());
  map_classes_json(m, m["default_year"].is_null() ? std::nullopt : std::optional<int>(m["default_year"].get<int>()),
                   all_years);
  // The note the bulletin prints under its maps, for the dashboard's map: the configured one (serve --map-note)
  // or the default in both languages.
  m["map_note"] = {{"zh", report::map_note_text(options.map_note, true)},
                   {"en", report::map_note_text(options.map_note, false)}};
  m["aqi_levels"] = aqi_levels_json();
  m["api"] = "/api/openapi.json";
  return m;
}

Result units_table(const ApiOptions& options, const Query& q) {
  store::Workspace ws = open_workspace(options);
  Table t;
  t.title_zh = fmt::format("{}级行政区", q.at("level"));
  t.title_en = fmt::format("Administrative units of level {}", q.at("level"));
  t.columns = {{"code", "代码", "code"},
               {"name_zh", "中文名称", "Chinese name"},
               {"name_en", "英文名称", "English name"},
               {"level", "级别", "level"},
               {"parent_code", "上级代码", "parent code"}};
  for (const auto& u : store::list_units(ws, std::stoi(q.at("level"))))
    t.add({u.code, u.name_zh, u.name_en, u.level, Cell(u.parent_code)});
  return table_result(t, lang_of(q));
}

json units_geojson(const ApiOptions& options, const Query& q) {
  store::Workspace ws = open_workspace(options);
  std::vector<std::pair<json, std::string>> features;
  for (const auto& u : store::unit_geometries(ws, std::stoi(q.at("level")))) {
    if (u.wkb.empty()) continue;
    json properties{{"code", u.unit.code},
                    {"name_zh", u.unit.name_zh},
                    {"name_en", u.unit.name_en},
                    {"level", u.unit.level},
                    {"name", lang_of(q) == Lang::zh || u.unit.name_en.empty() ? u.unit.name_zh : u.unit.name_en}};
    // Where the dashboard puts the unit's label: a point inside it, as the bulletin's maps place theirs.
    if (const auto at = engine::plane_label_point(u.wkb, [](double lon, double lat) {
          return engine::PlanePoint{lon, lat};
        })) {
      properties["label_lon"] = std::round(at->first * 1e5) / 1e5;
      properties["label_lat"] = std::round(at->second * 1e5) / 1e5;
    }
    features.emplace_back(std::move(properties), io::geojson_geometry(u.wkb));
  }
  return feature_collection(std::move(features));
}

json stations_geojson(const ApiOptions& options, const Query&) {
  store::Workspace ws = open_workspace(options);
  json fc = {{"type", "FeatureCollection"}, {"features", json::array()}};
  for (const auto& st : store::list_stations(ws)) {
    if (st.kind != "air") continue;
    fc["features"].push_back({{"type", "Feature"},
                              {"properties",
                               {{"code", st.code},
                                {"name", st.name},
                                {"league", st.league_code ? json(*st.league_code) : json()},
                                {"admin_code", st.admin_code ? json(*st.admin_code) : json()}}},
                              {"geometry", {{"type", "Point"}, {"coordinates", {st.lon, st.lat}}}}});
  }
  return fc;
}

json protected_geojson(const ApiOptions& options, const Query& q) {
  store::Workspace ws = open_workspace(options);
  std::vector<std::string> kinds;
  if (q.count("kind")) kinds.push_back(q.at("kind"));
  std::vector<std::pair<json, std::string>> features;
  for (const auto& f : store::load_protected(ws, kinds))
    features.emplace_back(json{{"id", f.id}, {"kind", f.kind}, {"zone", f.zone}, {"name", f.name}},
                          io::geojson_geometry(f.wkb, 4));
  return feature_collection(std::move(features));
}

}  // namespace eb::app::serve

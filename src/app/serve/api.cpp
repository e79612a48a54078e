#include "app/serve/api.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <list>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "app/cli/context.hpp"
#include "app/cli/governance_runs.hpp"
#include "app/report/build_bulletin.hpp"
#include "app/runs/air/assess_units.hpp"
#include "app/table/table.hpp"
#include "core/error.hpp"
#include "core/period.hpp"
#include "io/geojson.hpp"
#include "io/indicator_registry.hpp"
#include "store/admin_store.hpp"
#include "store/indicator_store.hpp"
#include "store/protected_store.hpp"
#include "store/station_store.hpp"
#include "store/summary_store.hpp"
#include "store/workspace.hpp"

namespace eb::embedded {
std::string_view api_file(std::string_view name);  // generated from docs/openapi.json (cmake/EmbedFiles.cmake)
}

namespace eb::app::serve {

namespace {

using json = nlohmann::ordered_json;
using Query = std::map<std::string, std::string>;

// A request the API refuses, with the HTTP status and a stable code for programs.
struct ApiError : std::runtime_error {
  int status;
  std::string code, parameter;
  ApiError(int s, std::string c, const std::string& message, std::string p = {})
      : std::runtime_error(message), status(s), code(std::move(c)), parameter(std::move(p)) {}
};

[[noreturn]] void bad_parameter(const std::string& name, const std::string& why) {
  throw ApiError(400, "bad_parameter", fmt::format("{}: {}", name, why), name);
}

Response json_response(int status, const json& body, const std::string& cache_control = "no-cache") {
  Response r;
  r.status = status;
  r.cache_control = cache_control;
  r.body = std::make_shared<const std::string>(body.dump() + "\n");
  return r;
}

Response error_body(const ApiError& e) {
  json err = {{"status", e.status}, {"code", e.code}, {"message", e.what()}};
  if (!e.parameter.empty()) err["parameter"] = e.parameter;
  return json_response(e.status, json{{"error", err}}, "no-store");
}

// ---- parameters ---------------------------------------------------------------------------------------------

int integer(const std::string& name, const std::string& text, int low, int high) {
  int v = 0;
  std::size_t used = 0;
  try {
    v = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || v < low || v > high)
    bad_parameter(name, fmt::format("\"{}\" is not a whole number from {} to {}", text, low, high));
  return v;
}

double real(const std::string& name, const std::string& text, double low, double high) {
  double v = 0;
  std::size_t used = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !(v >= low && v <= high))
    bad_parameter(name, fmt::format("\"{}\" is not a number from {} to {}", text, low, high));
  return v;
}

bool plain_id(const std::string& text, std::size_t max) {
  return !text.empty() && text.size() <= max && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

// Checks one parameter's value and returns its normal form (the cache key uses normal forms).
std::string normalise(const std::string& name, const std::string& value) {
  if (name == "lang") {
    if (value != "zh" && value != "en") bad_parameter(name, "zh or en");
    return value;
  }
  if (name == "year") return std::to_string(integer(name, value, 1949, 2100));
  if (name == "page") return std::to_string(integer(name, value, 1, 1000000));
  if (name == "page_size") return std::to_string(integer(name, value, 1, 1000));
  if (name == "draws") return std::to_string(integer(name, value, 1, 10000));
  if (name == "seed") return std::to_string(integer(name, value, 0, 2147483647));
  if (name == "format") {
    if (value != "html" && value != "md") bad_parameter(name, "html or md");
    return value;
  }
  if (name == "period") {
    const auto p = parse_period(value);
    if (!p) bad_parameter(name, fmt::format("\"{}\" is not 2019, 2019-03, 2019Q1 or FROM..TO", value));
    if (p->days() > 366 * 20) bad_parameter(name, "at most twenty years");
    return p->label;
  }
  if (name == "unit") {
    const bool digits = std::all_of(value.begin(), value.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
    if (value.size() < 6 || value.size() > 12 || !digits)
      bad_parameter(name, fmt::format("\"{}\" is not an administrative code (6 to 12 digits)", value));
    return value;
  }
  if (name == "indicator" || name == "kind" || name == "station") {
    if (!plain_id(value, 64)) bad_parameter(name, fmt::format("\"{}\" is not an identifier", value));
    return value;
  }
  if (name == "lon") return fmt::format("{}", real(name, value, -180, 180));
  if (name == "lat") return fmt::format("{}", real(name, value, -90, 90));
  if (name == "buffer_m") return fmt::format("{}", real(name, value, 0, 100000));
  return value;
}

// ---- answers --------------------------------------------------------------------------------------------------

// A command's result, before pagination: the table, its notes, and the text it printed besides.
struct Result {
  json title, columns, rows, notes;
  json also = json::array();  // further tables of the same command, whole
};

struct Route {
  std::string path;
  std::vector<std::string> params;  // accepted besides lang (and page, page_size when paginated)
  Query defaults;
  bool paginated = false;
  std::vector<std::string> levels;  // the words `level` takes (air: station, city, region); empty: 1 to 5
  std::string content_type = "application/json; charset=utf-8";
  // Table routes fill a Result; document routes (meta, GeoJSON) return the body; text routes a page as it is.
  std::function<Result(Api::State&, const Query&)> table;
  std::function<json(Api::State&, const Query&)> document;
  std::function<std::string(Api::State&, const Query&)> text;
};

}  // namespace

struct Api::State {
  ApiOptions options;
  std::vector<Route> routes;
  std::mutex compute;  // one computation at a time
  std::mutex cache_mutex;
  std::string version;  // of the workspace file when the cache was filled
  struct Body {
    std::shared_ptr<const std::string> body, gzipped;
    std::string etag, content_type;
    Response response() const {
      Response r;
      r.body = body;
      r.gzipped = gzipped;
      r.etag = etag;
      r.content_type = content_type;
      return r;
    }
  };
  std::map<std::string, Body> bodies;
  std::list<std::string> order;  // insertion order, for eviction
  std::size_t cached_bytes = 0;
  std::map<std::string, std::shared_ptr<const Result>> results;

  // The cached answer of a key, when there is one (call with cache_mutex held).
  const Body* find(const std::string& key) const {
    const auto it = bodies.find(key);
    return it == bodies.end() ? nullptr : &it->second;
  }
  // Keeps an answer computed under workspace `computed_at`, evicting the oldest beyond the byte budget; an
  // answer computed before the workspace changed is not kept (call with cache_mutex held).
  void keep(const std::string& key, const Body& b, const std::string& computed_at) {
    if (computed_at != version) return;
    const auto size_of = [](const Body& x) { return x.body->size() + (x.gzipped ? x.gzipped->size() : 0); };
    const std::size_t bytes = size_of(b);
    while (!order.empty() && cached_bytes + bytes > options.cache_bytes) {
      if (const auto old = bodies.find(order.front()); old != bodies.end()) {
        cached_bytes -= size_of(old->second);
        bodies.erase(old);
      }
      order.pop_front();
    }
    if (bodies.emplace(key, b).second) {
      order.push_back(key);
      cached_bytes += bytes;
    }
  }
  static Body body_of(std::string text, std::string content_type) {
    Body b;
    b.body = std::make_shared<const std::string>(std::move(text));
    if (b.body->size() >= 1024) b.gzipped = std::make_shared<const std::string>(gzip(*b.body));
    b.etag = etag_of(*b.body);
    b.content_type = std::move(content_type);
    return b;
  }

  // Runs a command body for its tables, in the request's language.
  template <class Fn>
  Result run(const Query& q, Fn&& body, const std::string& part = {}) {
    Context ctx;
    ctx.lang_name = q.at("lang");
    ctx.format_name = "json";
    ctx.quiet = true;
    std::ostringstream text;
    std::vector<std::string> notes;
    ctx.out_sink = &text;
    ctx.note_sink = &notes;
    TableCapture capture;
    body(ctx);
    // The command's first table (or the named part) is the answer; any others it printed come along whole under
    // "also" (the ledger's mine-restoration balance, say).
    const Table* table = nullptr;
    for (const auto& [key, t] : capture.tables)
      if (!table && (part.empty() || key == part)) table = &t;
    if (!table) throw ApiError(404, "no_result", "the command produced no table");
    Result r = result_of(*table, q.at("lang"), notes);
    r.also = json::array();
    if (part.empty()) {
      for (const auto& [key, t] : capture.tables) {
        if (&t == table) continue;
        const Result other = result_of(t, q.at("lang"), {});
        r.also.push_back({{"key", key}, {"title", other.title}, {"columns", other.columns}, {"rows", other.rows}});
      }
    }
    return r;
  }

  static Result result_of(const Table& t, const std::string& lang, const std::vector<std::string>& notes) {
    Result r;
    r.title = lang == "zh" ? t.title_zh : t.title_en;
    r.columns = json::array();
    for (const auto& c : t.columns)
      r.columns.push_back({{"key", c.key},
                           {"label", lang == "zh" ? c.label_zh : c.label_en},
                           {"label_zh", c.label_zh},
                           {"label_en", c.label_en}});
    r.rows = table_json(t);
    r.notes = notes;
    return r;
  }

  std::string workspace_version() const {
    std::string v;
    for (const std::string& f : {options.workspace, options.workspace + "-wal"}) {
      struct stat st {};
      if (::stat(f.c_str(), &st) == 0)
        v += fmt::format("{}.{}:{};", st.st_mtim.tv_sec, st.st_mtim.tv_nsec, static_cast<long long>(st.st_size));
    }
    return v;
  }
};

namespace {

std::string lang_of(const Query& q) { return q.at("lang"); }

Result units_result(Api::State& s, const Query& q) {
  store::Workspace ws(s.options.workspace, store::Workspace::Open::existing);
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
  return Api::State::result_of(t, lang_of(q), {});
}

json feature_collection(std::vector<std::pair<json, std::string>>&& features) {
  // The geometry arrives as GeoJSON text; parsing it keeps the document one JSON value.
  json fc = {{"type", "FeatureCollection"}, {"features", json::array()}};
  for (auto& [props, geometry] : features)
    fc["features"].push_back(
        {{"type", "Feature"}, {"properties", std::move(props)}, {"geometry", json::parse(geometry)}});
  return fc;
}

json units_geojson(Api::State& s, const Query& q) {
  store::Workspace ws(s.options.workspace, store::Workspace::Open::existing);
  std::vector<std::pair<json, std::string>> features;
  for (const auto& u : store::unit_geometries(ws, std::stoi(q.at("level")))) {
    if (u.wkb.empty()) continue;
    features.emplace_back(
        json{{"code", u.unit.code},
             {"name_zh", u.unit.name_zh},
             {"name_en", u.unit.name_en},
             {"level", u.unit.level},
             {"name", lang_of(q) == "zh" || u.unit.name_en.empty() ? u.unit.name_zh : u.unit.name_en}},
        io::geojson_geometry(u.wkb));
  }
  return feature_collection(std::move(features));
}

json stations_geojson(Api::State& s, const Query&) {
  store::Workspace ws(s.options.workspace, store::Workspace::Open::existing);
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

json protected_geojson(Api::State& s, const Query& q) {
  store::Workspace ws(s.options.workspace, store::Workspace::Open::existing);
  std::vector<std::string> kinds;
  if (q.count("kind")) kinds.push_back(q.at("kind"));
  std::vector<std::pair<json, std::string>> features;
  for (const auto& f : store::load_protected(ws, kinds))
    features.emplace_back(json{{"id", f.id}, {"kind", f.kind}, {"zone", f.zone}, {"name", f.name}},
                          io::geojson_geometry(f.wkb, 4));
  return feature_collection(std::move(features));
}

json meta(Api::State& s, const Query&) {
  store::Workspace ws(s.options.workspace, store::Workspace::Open::existing);
  json m;
  m["workspace"] = std::filesystem::path(s.options.workspace).filename().string();
  m["schema_version"] = ws.schema_version();
  const auto years = store::data_years(ws);
  // The default year: the one with the most kinds of data, the later of equals.
  json y = json::object();
  std::map<int, int> kinds_per_year;
  for (const auto& [kind, list] : years) {
    y[kind] = list;
    for (int year : list) ++kinds_per_year[year];
  }
  int best = 0, best_kinds = 0;
  for (const auto& [year, kinds] : kinds_per_year)
    if (kinds >= best_kinds) {
      best = year;
      best_kinds = kinds;
    }
  m["default_year"] = best ? json(best) : json();
  // Years the registry can score: a target for every indicator, and values stored.
  if (!s.options.registry.empty()) {
    const auto registry = io::read_indicator_registry(s.options.registry);
    std::vector<int> scorable;
    for (int year : years.at("indicators"))
      if (std::all_of(registry.begin(), registry.end(), [&](const auto& r) { return r.targets.count(year) > 0; }))
        scorable.push_back(year);
    y["ranking"] = scorable;
  }
  m["years"] = y;
  json levels = json::array();
  for (const auto& lc : store::units_per_level(ws)) levels.push_back({{"level", lc.level}, {"units", lc.units}});
  m["levels"] = levels;
  m["registry"] =
      s.options.registry.empty() ? json() : json(std::filesystem::path(s.options.registry).filename().string());
  // Kinds of data whose recorded file or source names them synthetic (the demo's generators write synthetic_*
  // files and say SYNTHETIC).
  std::set<std::string> synthetic;
  for (const auto& src : store::input_sources(ws)) {
    if (!store::names_synthetic(src.file) && !store::names_synthetic(src.source)) continue;
    static const std::map<std::string, std::string> kind_of = {{"observation", "observations"},
                                                               {"protected_area", "protected"},
                                                               {"project", "ledger"},
                                                               {"project_plan", "ledger"},
                                                               {"indicator_value", "indicators"},
                                                               {"chief", "patrols"},
                                                               {"patrol", "patrols"}};
    const auto k = kind_of.find(src.table);
    synthetic.insert(k == kind_of.end() ? src.table : k->second);
  }
  m["synthetic"] = synthetic;
  m["api"] = "/api/openapi.json";
  return m;
}

// Air answers hold a station-hour grid of the whole period in memory while they are computed: bounded so that one
// request cannot claim the machine (the CLI has no such limit).
Period air_period(const Query& q, std::int64_t max_days, const char* what) {
  const Period p = *parse_period(q.at("period"));
  if (p.days() > max_days) bad_parameter("period", fmt::format("at most {} days {}", max_days, what));
  return p;
}

Result air_assessment(Api::State& s, const Query& q) {
  AssessRequest req;
  req.period = air_period(q, 5 * 366, "(five years) per request");
  req.level = q.at("level");
  return s.run(q, [&](Context& ctx) { print_air_assessment(ctx, s.options.workspace, req, ""); });
}

Result air_hourly(Api::State& s, const Query& q) {
  // A year of one station's hours, or a month of every station's (60 stations x 8,760 hours would be half a
  // million rows).
  const Period period = q.count("station") ? air_period(q, 366, "of one station's hours")
                                           : air_period(q, 31, "of every station's hours; name a station for more");
  return s.run(q, [&](Context& ctx) {
    print_air_hourly(ctx, s.options.workspace, period, q.count("station") ? q.at("station") : "", "auto");
  });
}

Result air_daily(Api::State& s, const Query& q) {
  AssessRequest req;
  req.period = air_period(q, 5 * 366, "(five years) per request");
  req.level = q.at("level");
  Result r = s.run(q, [&](Context& ctx) { print_air_daily(ctx, s.options.workspace, req); });
  if (q.count("unit")) {
    json kept = json::array();
    for (auto& row : r.rows)
      if (row["code"] == q.at("unit")) kept.push_back(std::move(row));
    r.rows = std::move(kept);
  }
  return r;
}

Result water_assessment(Api::State& s, const Query& q) {
  return s.run(
      q, [&](Context& ctx) { run_water_assess(ctx, s.options.workspace, q.at("period"), q.at("level"), "", "half"); });
}

void need_registry(const Api::State& s) {
  if (s.options.registry.empty())
    throw ApiError(404, "no_registry", "the server was started without an indicator registry (--registry)");
}

Result ranking(Api::State& s, const Query& q) {
  need_registry(s);
  for (const auto& r : io::read_indicator_registry(s.options.registry))
    if (!r.targets.count(std::stoi(q.at("year"))))
      throw ApiError(404, "no_targets",
                     fmt::format("the registry has no target of {} for {}; /api/v1/meta lists the years it can score",
                                 r.id, q.at("year")));
  ScoreRequest req;
  req.ws = s.options.workspace;
  req.registry = s.options.registry;
  req.year = std::stoi(q.at("year"));
  req.level = std::stoi(q.at("level"));
  req.draws = std::stoi(q.at("draws"));
  req.seed = static_cast<std::uint64_t>(std::stoll(q.at("seed")));
  return s.run(q, [&](Context& ctx) { run_assess_score(ctx, req); });
}

Result progress(Api::State& s, const Query& q) {
  need_registry(s);
  ScoreRequest req;
  req.ws = s.options.workspace;
  req.registry = s.options.registry;
  req.year = std::stoi(q.at("year"));
  req.level = std::stoi(q.at("level"));
  const std::string only = q.count("indicator") ? q.at("indicator") : "";
  return s.run(q, [&](Context& ctx) { run_assess_progress(ctx, req, only); });
}

Result indicators(Api::State& s, const Query& q) {
  store::Workspace ws(s.options.workspace, store::Workspace::Open::existing);
  const int year = std::stoi(q.at("year"));
  Table t;
  t.title_zh = fmt::format("{} 年指标值", year);
  t.title_en = fmt::format("Indicator values {}", year);
  t.columns = {{"indicator", "指标", "indicator"},
               {"unit_code", "单位代码", "unit code"},
               {"year", "年份", "year"},
               {"value", "数值", "value"},
               {"source", "来源", "source"}};
  for (const auto& v : store::load_indicator_values(ws, year, year)) {
    if (q.count("indicator") && v.indicator != q.at("indicator")) continue;
    if (q.count("unit") && v.unit_code != q.at("unit")) continue;
    t.add({v.indicator, v.unit_code, v.year, v.value, v.source});
  }
  return Api::State::result_of(t, lang_of(q), {});
}

Result ledger(Api::State& s, const Query& q) {
  SummaryRequest req;
  req.ws = s.options.workspace;
  req.year = std::stoi(q.at("year"));
  req.level = std::stoi(q.at("level"));
  return s.run(q, [&](Context& ctx) { run_project_summary(ctx, req); });
}

Result patrols(Api::State& s, const Query& q) {
  return s.run(
      q,
      [&](Context& ctx) {
        run_chief_coverage(ctx, s.options.workspace, q.at("period"), "", std::stoi(q.at("level")), false);
      },
      "rollup");
}

Result protected_layers(Api::State& s, const Query& q) {
  return s.run(q, [&](Context& ctx) { run_layer_list(ctx, s.options.workspace); });
}

Result protected_stats(Api::State& s, const Query& q) {
  return s.run(q, [&](Context& ctx) { run_layer_stats(ctx, s.options.workspace, std::stoi(q.at("level"))); });
}

// One point screened like `ecobarrier screen` does a file of sites (the same code path, through a temporary file).
Result screen_point(Api::State& s, const Query& q) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string path = (dir / fmt::format("ecobarrier-screen-{}-{}.geojson", ::getpid(),
                                              std::hash<std::string>{}(q.at("lon") + q.at("lat"))))
                               .string();
  {
    std::ofstream f(path);
    f << json{{"type", "FeatureCollection"},
              {"features",
               {{{"type", "Feature"},
                 {"properties", {{"id", "point"}}},
                 {"geometry",
                  {{"type", "Point"}, {"coordinates", {std::stod(q.at("lon")), std::stod(q.at("lat"))}}}}}}}}
             .dump();
  }
  ScreenRequest req;
  req.ws = s.options.workspace;
  req.sites = path;
  req.buffer_m = q.count("buffer_m") ? std::stod(q.at("buffer_m")) : 0;
  try {
    Result r = s.run(q, [&](Context& ctx) { run_screen(ctx, req); });
    std::filesystem::remove(path);
    return r;
  } catch (...) {
    std::filesystem::remove(path);
    throw;
  }
}

// The bulletin of a year, as `ecobarrier report` writes it (HTML, or Markdown with format=md).
std::string bulletin(Api::State& s, const Query& q) {
  BulletinRequest req;
  req.ws = s.options.workspace;
  req.registry = s.options.registry;
  req.year = std::stoi(q.at("year"));
  req.lang = q.at("lang") == "zh" ? Lang::zh : Lang::en;
  const BulletinDocuments docs = build_bulletin(req);
  return q.at("format") == "md" ? docs.markdown : docs.html;
}

std::vector<Route> make_routes() {
  std::vector<Route> r;
  auto table = [&](std::string path, std::vector<std::string> params, Query defaults, bool paginated,
                   std::function<Result(Api::State&, const Query&)> fn) {
    Route route;
    route.path = std::move(path);
    route.params = std::move(params);
    route.defaults = std::move(defaults);
    route.paginated = paginated;
    route.table = std::move(fn);
    r.push_back(std::move(route));
  };
  auto document = [&](std::string path, std::vector<std::string> params, Query defaults, std::string type,
                      std::function<json(Api::State&, const Query&)> fn) {
    Route route;
    route.path = std::move(path);
    route.params = std::move(params);
    route.defaults = std::move(defaults);
    route.content_type = std::move(type);
    route.document = std::move(fn);
    r.push_back(std::move(route));
  };
  const std::string geo = "application/geo+json; charset=utf-8";
  const std::string js = "application/json; charset=utf-8";
  document("/api/v1/meta", {}, {}, js, meta);
  table("/api/v1/units", {"level"}, {{"level", "2"}}, true, units_result);
  document("/api/v1/units.geojson", {"level"}, {{"level", "2"}}, geo, units_geojson);
  document("/api/v1/stations.geojson", {}, {}, geo, stations_geojson);
  table("/api/v1/air/assessment", {"period", "level"}, {{"level", "city"}}, true, air_assessment);
  r.back().levels = {"station", "city", "region"};
  table("/api/v1/air/hourly", {"period", "station"}, {}, true, air_hourly);
  table("/api/v1/air/daily", {"period", "level", "unit"}, {{"level", "city"}}, true, air_daily);
  r.back().levels = {"station", "city", "region"};
  table("/api/v1/water/assessment", {"period", "level"}, {{"level", "unit"}}, true, water_assessment);
  r.back().levels = {"section", "river", "basin", "unit", "region"};
  table("/api/v1/ranking", {"year", "level", "draws", "seed"}, {{"level", "2"}, {"draws", "1000"}, {"seed", "1"}}, true,
        ranking);
  table("/api/v1/progress", {"year", "level", "indicator"}, {{"level", "2"}}, true, progress);
  table("/api/v1/indicators", {"year", "indicator", "unit"}, {}, true, indicators);
  table("/api/v1/ledger", {"year", "level"}, {{"level", "2"}}, true, ledger);
  table("/api/v1/patrols", {"period", "level"}, {{"level", "2"}}, true, patrols);
  table("/api/v1/protected/layers", {}, {}, true, protected_layers);
  table("/api/v1/protected/stats", {"level"}, {{"level", "2"}}, true, protected_stats);
  document("/api/v1/protected.geojson", {"kind"}, {}, geo, protected_geojson);
  {
    Route route;
    route.path = "/api/v1/bulletin";
    route.params = {"year", "format"};
    route.defaults = {{"format", "html"}};
    route.text = bulletin;
    r.push_back(std::move(route));
  }
  table("/api/v1/screen", {"lon", "lat", "buffer_m"}, {{"buffer_m", "0"}}, true, screen_point);
  return r;
}

// Required parameters per route: a route lists them in its params and gives no default; these are the ones that
// may be left out (filters).
bool optional_parameter(const std::string& name) {
  return name == "indicator" || name == "unit" || name == "kind" || name == "station";
}

std::string content_type_of(const std::filesystem::path& p) {
  static const std::map<std::string, std::string> types = {{".html", "text/html; charset=utf-8"},
                                                           {".js", "text/javascript; charset=utf-8"},
                                                           {".mjs", "text/javascript; charset=utf-8"},
                                                           {".css", "text/css; charset=utf-8"},
                                                           {".json", "application/json; charset=utf-8"},
                                                           {".svg", "image/svg+xml"},
                                                           {".png", "image/png"},
                                                           {".ico", "image/x-icon"},
                                                           {".woff2", "font/woff2"},
                                                           {".map", "application/json; charset=utf-8"},
                                                           {".txt", "text/plain; charset=utf-8"}};
  const auto it = types.find(p.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

// Vite names assets by their content hash: they never change under one name.
Response static_response(const Api::State::Body& b, const std::string& rel) {
  Response r = b.response();
  if (rel.starts_with("assets/")) r.cache_control = "public, max-age=31536000, immutable";
  return r;
}

}  // namespace

Api::Api(ApiOptions options) : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
  state_->routes = make_routes();
  // Open once up front: a missing or foreign file is an error at start, not at the first request.
  store::Workspace ws(state_->options.workspace, store::Workspace::Open::existing);
}

Api::~Api() = default;

const std::string& Api::openapi() {
  static const std::string text(embedded::api_file("openapi.json"));
  return text;
}

Response Api::handle(const Request& request) {
  State& s = *state_;
  try {
    if (request.path == "/api/openapi.json") {
      // Compiled in: its body, gzip form and ETag are made once.
      static const State::Body description = State::body_of(openapi(), "application/json; charset=utf-8");
      return description.response();
    }
    if (request.path.starts_with("/api/")) {
      const auto route =
          std::find_if(s.routes.begin(), s.routes.end(), [&](const Route& rt) { return rt.path == request.path; });
      if (route == s.routes.end())
        throw ApiError(404, "not_found", fmt::format("no endpoint {}; see /api/openapi.json", request.path));
      // Check and normalise the parameters; the cache key is built from the normal forms only.
      Query q = route->defaults;
      q["lang"] = "zh";
      if (route->paginated) {
        q["page"] = "1";
        q["page_size"] = "100";
      }
      for (const auto& [name, value] : request.query) {
        const bool known = name == "lang" || (route->paginated && (name == "page" || name == "page_size")) ||
                           std::find(route->params.begin(), route->params.end(), name) != route->params.end();
        if (!known) bad_parameter(name, fmt::format("not a parameter of {}", route->path));
        if (name == "level" && !route->levels.empty()) {
          if (std::find(route->levels.begin(), route->levels.end(), value) == route->levels.end()) {
            std::string list;
            for (const auto& l : route->levels) list += (list.empty() ? "" : ", ") + l;
            bad_parameter(name, fmt::format("\"{}\" is not one of {}", value, list));
          }
          q[name] = value;
        } else if (name == "level") {
          q[name] = std::to_string(integer(name, value, 1, 5));
        } else {
          q[name] = normalise(name, value);
        }
      }
      for (const auto& p : route->params)
        if (!q.count(p) && !optional_parameter(p)) bad_parameter(p, "required");
      std::string key = route->path + "?";
      for (const auto& [k, v] : q) key += k + "=" + v + "&";

      const std::string version = s.workspace_version();
      {
        std::lock_guard lock(s.cache_mutex);
        if (version != s.version) {  // the workspace changed: nothing cached is current
          s.bodies.clear();
          s.order.clear();
          s.results.clear();
          s.cached_bytes = 0;
          s.version = version;
        }
        if (const auto* hit = s.find(key)) return hit->response();
      }
      std::lock_guard compute(s.compute);
      {
        std::lock_guard lock(s.cache_mutex);  // another request may have computed it meanwhile
        if (const auto* hit = s.find(key)) return hit->response();
      }
      if (route->text) {
        std::string page;
        try {
          page = route->text(s, q);
        } catch (const InputError& e) {
          throw ApiError(400, "bad_request", e.what());
        }
        const bool md = q.count("format") && q.at("format") == "md";
        const State::Body cached =
            State::body_of(std::move(page), md ? "text/markdown; charset=utf-8" : "text/html; charset=utf-8");
        std::lock_guard lock(s.cache_mutex);
        s.keep(key, cached, version);
        return cached.response();
      }
      json body;
      if (route->document) {
        body = route->document(s, q);
      } else {
        // The whole result is computed once per query without its page; pages are cut from it.
        Query whole = q;
        whole.erase("page");
        whole.erase("page_size");
        std::string whole_key = route->path + "?";
        for (const auto& [k, v] : whole) whole_key += k + "=" + v + "&";
        std::shared_ptr<const Result> result;
        {
          std::lock_guard lock(s.cache_mutex);
          const auto it = s.results.find(whole_key);
          if (it != s.results.end()) result = it->second;
        }
        if (!result) {
          try {
            result = std::make_shared<const Result>(route->table(s, q));
          } catch (const ApiError&) {
            throw;
          } catch (const UsageError& e) {
            throw ApiError(400, "bad_request", e.what());
          } catch (const InputError& e) {
            throw ApiError(400, "bad_request", e.what());
          } catch (const GeometryError& e) {
            throw ApiError(400, "bad_request", e.what());
          }
          std::lock_guard lock(s.cache_mutex);
          if (s.results.size() > 4096) s.results.clear();
          s.results[whole_key] = result;
        }
        const std::size_t page = std::stoul(q.at("page")), size = std::stoul(q.at("page_size"));
        const std::size_t total = result->rows.size();
        const std::size_t pages = std::max<std::size_t>(1, (total + size - 1) / size);
        json rows = json::array();
        for (std::size_t i = (page - 1) * size; i < std::min(total, page * size); ++i) rows.push_back(result->rows[i]);
        json query = json::object();
        for (const auto& [k, v] : q) query[k] = v;
        body = {{"title", result->title},
                {"lang", q.at("lang")},
                {"columns", result->columns},
                {"rows", std::move(rows)},
                {"notes", result->notes},
                {"page", {{"page", page}, {"page_size", size}, {"total_rows", total}, {"pages", pages}}},
                {"query", std::move(query)}};
        if (!result->also.empty()) body["also"] = result->also;
      }
      const State::Body cached = State::body_of(body.dump() + "\n", route->content_type);
      {
        std::lock_guard lock(s.cache_mutex);
        s.keep(key, cached, version);
      }
      return cached.response();
    }
    // The dashboard's static files.
    if (s.options.static_dir.empty()) throw ApiError(404, "not_found", "no dashboard is served (--static)");
    std::string rel = request.path == "/" ? "index.html" : request.path.substr(1);
    const std::filesystem::path p(rel);
    if (rel.find('\0') != std::string::npos || p.is_absolute() ||
        std::any_of(p.begin(), p.end(), [](const std::filesystem::path& part) { return part == ".."; }))
      throw ApiError(400, "bad_path", "the path leaves the dashboard's folder");
    // Static files are cached with their gzip form like the API's answers (a megabyte of JavaScript is not
    // compressed again for every visitor); a rebuilt dashboard is seen when the workspace or the server changes.
    const std::string key = "static:" + rel;
    std::string version;
    {
      std::lock_guard lock(s.cache_mutex);
      version = s.version;
      if (const auto* hit = s.find(key)) return static_response(*hit, rel);
    }
    const auto file = std::filesystem::path(s.options.static_dir) / p;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
      throw ApiError(404, "not_found", fmt::format("no file {}", request.path));
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const State::Body b = State::body_of(bytes.str(), content_type_of(file));
    {
      std::lock_guard lock(s.cache_mutex);
      s.keep(key, b, version);
    }
    return static_response(b, rel);
  } catch (const ApiError& e) {
    return error_body(e);
  }
}

// What the dashboard asks for when it opens on the default year (web/src/main.js: each kind of data for the
// latest year it has at or before the chosen one), in both languages.
int Api::warm() {
  int n = 0;
  auto get = [&](const std::string& path, Query query) {
    Request r;
    r.method = "GET";
    r.path = path;
    r.query = std::move(query);
    ++n;
    return handle(r);
  };
  const Response m = get("/api/v1/meta", {});
  if (m.status != 200 || !m.body) return n;
  const json meta_json = json::parse(*m.body);
  get("/api/v1/units.geojson", {{"level", "2"}});
  get("/api/v1/stations.geojson", {});
  const auto& years = meta_json["years"];
  const int chosen = meta_json["default_year"].is_null() ? 0 : meta_json["default_year"].get<int>();
  auto year_of = [&](const char* kind) -> std::string {  // latest at or before the chosen year, else the first
    if (!years.contains(kind) || years[kind].empty()) return {};
    int best = years[kind].front().get<int>();
    for (const auto& y : years[kind])
      if (y.get<int>() <= chosen) best = y.get<int>();
    return std::to_string(best);
  };
  const std::string all = "1000";
  for (const char* lang : {"zh", "en"}) {
    get("/api/v1/units", {{"level", "2"}, {"lang", lang}, {"page_size", all}});
    if (const auto y = year_of("air"); !y.empty())
      for (const char* level : {"city", "station"})
        get("/api/v1/air/assessment", {{"period", y}, {"level", level}, {"lang", lang}, {"page_size", all}});
    if (const auto y = year_of("water"); !y.empty())
      for (const char* level : {"unit", "region"})
        get("/api/v1/water/assessment", {{"period", y}, {"level", level}, {"lang", lang}, {"page_size", all}});
    if (const auto y = year_of("ranking"); !y.empty())
      for (const char* path : {"/api/v1/ranking", "/api/v1/progress"})
        get(path, {{"year", y}, {"level", "2"}, {"lang", lang}, {"page_size", all}});
    if (const auto y = year_of("ledger"); !y.empty())
      get("/api/v1/ledger", {{"year", y}, {"level", "2"}, {"lang", lang}, {"page_size", all}});
    if (const auto y = year_of("patrols"); !y.empty())
      get("/api/v1/patrols", {{"period", y}, {"level", "2"}, {"lang", lang}, {"page_size", all}});
    get("/api/v1/protected/stats", {{"level", "2"}, {"lang", lang}, {"page_size", all}});
    get("/api/v1/protected/layers", {{"lang", lang}, {"page_size", all}});
    for (const auto& y : years["air"])
      get("/api/v1/air/assessment",
          {{"period", std::to_string(y.get<int>())}, {"level", "region"}, {"lang", lang}, {"page_size", all}});
  }
  return n;
}

}  // namespace eb::app::serve

#include "app/serve/api.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>

#include "app/serve/accounts.hpp"
#include "app/serve/cache.hpp"
#include "app/serve/download.hpp"
#include "app/serve/parameters.hpp"
#include "app/serve/result.hpp"
#include "app/serve/routes.hpp"
#include "app/table/table.hpp"
#include "core/error.hpp"
#include "store/audit.hpp"
#include "store/workspace.hpp"

namespace eb::embedded {
std::string_view api_file(std::string_view name);  // generated from docs/openapi.json (cmake/EmbedFiles.cmake)
}

namespace eb::app::serve {

struct Api::State {
  ApiOptions options;
  std::vector<Route> routes = make_routes();
  AnswerCache cache;
  std::filesystem::path static_root;  // options.static_dir, canonical
  // A connection held open (idle) while serving. Each request opens its own; without this one, the import that
  // closes while no request is open would be the workspace's last connection, and its closing checkpoint locks
  // every new reader out for as long as it copies the import into the file (1.5 s for 2.7 million values). With it,
  // the import's pages reach the file by the passive checkpoints after commits, which never block a reader.
  std::unique_ptr<store::Workspace> keeper;
  std::unique_ptr<store::Workspace::ReadOnly> read_only;  // every open after the keeper's is read-only
  // Logins, tokens and submissions: the only part of the server that writes (its own connections).
  std::unique_ptr<AccountApi> accounts;
  // The published generation (store::published_generation) as of the workspace file's last seen version: the
  // cache is kept while only logins, sessions and pending submissions change the file.
  std::mutex version_mutex;
  std::string seen_file_version, published;

  explicit State(ApiOptions o) : options(std::move(o)), cache(options.cache_bytes) {
    if (!options.static_dir.empty()) static_root = std::filesystem::canonical(options.static_dir);
  }
};

namespace {

// A table route's whole result (computed once per query without its page, pages are cut from it); a request the
// run refuses (a bad option value, bad input, a bad geometry) is a 400.
std::shared_ptr<const Result> whole_result(Api::State& s, const Route& route, const Query& q,
                                           const std::string& also_depends_on) {
  Query whole = q;
  whole.erase("page");
  whole.erase("page_size");
  whole.erase("format");  // one result for the envelope and the downloads
  const std::string key = query_key(route.path, whole) + also_depends_on;
  if (auto cached = s.cache.result(key)) return cached;
  std::shared_ptr<const Result> result;
  try {
    result = std::make_shared<const Result>(route.table(s.options, q));
  } catch (const ApiError&) {
    throw;
  } catch (const UsageError& e) {
    throw ApiError(400, "bad_request", e.what());
  } catch (const InputError& e) {
    throw ApiError(400, "bad_request", e.what());
  } catch (const GeometryError& e) {
    throw ApiError(400, "bad_request", e.what());
  }
  s.cache.keep_result(key, result);
  return result;
}

// The answer of a route to a checked query, as it is sent and cached.
CachedBody compute_answer(Api::State& s, const Route& route, const Query& q, const std::string& also_depends_on) {
  if (route.text) {
    TextAnswer page;
    try {
      page = route.text(s.options, q);
    } catch (const InputError& e) {
      throw ApiError(400, "bad_request", e.what());
    }
    return CachedBody::of(std::move(page.body), std::move(page.content_type));
  }
  if (const std::string format = route.table ? download_format(q) : std::string(); !format.empty())
    return CachedBody::of(download_body(*whole_result(s, route, q, also_depends_on), format, route.path, q),
                          download_content_type(format));
  const json body =
      route.document ? route.document(s.options, q) : table_envelope(*whole_result(s, route, q, also_depends_on), q);
  return CachedBody::of(json_text(body) + "\n", route.content_type);
}

// The version cached answers are computed at: the count of commits that changed published data, read (through the
// keeper's connection) only when the file changed since the last look. The file version is taken first, so a
// commit between the two reads makes the next request look again. A server workspace has no file to look at: the
// count is read at every request (one indexed row).
std::string published_version(Api::State& s) {
  const bool on_server = store::is_server_workspace(s.options.workspace);
  const std::string file = on_server ? std::string() : workspace_version(s.options.workspace);
  std::lock_guard lock(s.version_mutex);
  if (on_server || file != s.seen_file_version || s.published.empty()) {
    s.published = "g" + std::to_string(store::published_generation(*s.keeper));
    s.seen_file_version = file;
  }
  return s.published;
}

// An /api/ path: the route, its parameters checked and normalised (the cache key is built from the normal forms
// only), and the answer from the cache, computed here (a cheap route), or left to the server's compute pool (an
// expensive one: the server runs it off its network threads, with a bound on how many run and wait).
Response answer_api(Api::State& s, const Request& request) {
  const Route* route = find_route(s.routes, request.path);
  if (!route) throw ApiError(404, "not_found", fmt::format("no endpoint {}; see /api/openapi.json", request.path));
  const Query q = parse_query(route->path, route->parameters, request.query);
  const std::string also_depends_on = route->version ? "@" + route->version(s.options, q) : std::string();
  const std::string key = query_key(route->path, q) + also_depends_on;

  const std::string version = published_version(s);
  s.cache.follow(version);  // the workspace changed: nothing cached is current
  // A download is named (Content-Disposition) as it leaves, cached or not.
  const std::string format = route->table ? download_format(q) : std::string();
  const std::string disposition = format.empty() ? std::string() : download_disposition(format, route->path, q);
  const auto named = [disposition](Response r) {
    if (!disposition.empty()) r.headers.emplace_back("Content-Disposition", disposition);
    return r;
  };
  if (const auto hit = s.cache.find(key)) return named(hit->response());
  auto compute = [&s, route, q, also_depends_on, key, version, named]() -> Response {
    try {
      if (const auto hit = s.cache.find(key)) return named(hit->response());  // computed meanwhile
      const CachedBody answer = compute_answer(s, *route, q, also_depends_on);
      s.cache.keep(key, answer, version);
      return named(answer.response());
    } catch (const ApiError& e) {
      return error_response(e);
    }
  };
  if (!route->expensive) return compute();
  Response later;
  later.deferred = std::make_shared<const Deferred>(Deferred{key + "#" + version, std::move(compute)});
  return later;
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

// Whether `path` is `root` or lies under it (both canonical).
bool inside(const std::filesystem::path& path, const std::filesystem::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p)
    if (p == path.end() || *p != *r) return false;
  return true;
}

// Vite names assets by their content hash: they never change under one name.
Response static_response(const CachedBody& b, const std::string& rel) {
  Response r = b.response();
  if (rel.starts_with("assets/")) r.cache_control = "public, max-age=31536000, immutable";
  return r;
}

// The dashboard's static files, cached with their gzip form like the API's answers (a megabyte of JavaScript is
// not compressed again for every visitor); a rebuilt dashboard is seen when the workspace or the server changes.
Response answer_static(Api::State& s, const Request& request) {
  if (s.options.static_dir.empty()) throw ApiError(404, "not_found", "no dashboard is served (--static)");
  const std::string rel = request.path == "/" ? "index.html" : request.path.substr(1);
  const std::filesystem::path p(rel);
  if (rel.find('\0') != std::string::npos || p.is_absolute() ||
      std::any_of(p.begin(), p.end(), [](const std::filesystem::path& part) { return part == ".."; }))
    throw ApiError(400, "bad_path", "the path leaves the dashboard's folder");
  const std::string key = "static:" + rel;
  const std::string version = s.cache.version();
  if (const auto hit = s.cache.find(key)) return static_response(*hit, rel);
  // The file as it is on disk, every symbolic link followed: it must lie in the dashboard's folder (a link out of
  // it, or one planted there later, is not followed) and be a regular file.
  std::error_code ec;
  const auto file = std::filesystem::canonical(s.static_root / p, ec);
  if (ec || !inside(file, s.static_root) || !std::filesystem::is_regular_file(file, ec))
    throw ApiError(404, "not_found", fmt::format("no file {}", request.path));
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const CachedBody b = CachedBody::of(bytes.str(), content_type_of(file));
  s.cache.keep(key, b, version);
  return static_response(b, rel);
}

}  // namespace

Api::Api(ApiOptions options) : state_(std::make_unique<State>(std::move(options))) {
  // Open once up front: a missing or foreign file is an error at start, not at the first request.
  // This open also migrates an older workspace forward; every later one (each request's) is read-only: the server
  // can never change the workspace, whatever a handler does.
  state_->keeper = std::make_unique<store::Workspace>(state_->options.workspace, store::Workspace::Open::existing);
  state_->read_only = std::make_unique<store::Workspace::ReadOnly>(state_->options.workspace);
  state_->accounts = std::make_unique<AccountApi>(state_->options.workspace, state_->options.account_limits);
}

Api::~Api() = default;

Response Api::answer(const Request& request) {
  Response r = handle(request);
  return r.deferred ? r.deferred->compute() : r;
}

const std::string& Api::openapi() {
  static const std::string text(embedded::api_file("openapi.json"));
  return text;
}

Response Api::handle(const Request& request) {
  try {
    // The account face (logins, tokens, submissions) takes POST and DELETE; the published endpoints and the
    // dashboard are read-only: any other method there is a 405 naming what is served.
    if (AccountApi::handles(request.path)) {
      // Reads (who am I, the submissions list, tokens) are answered here: a token look-up is one indexed row and
      // never waits for a write. Writes and logins go off the network threads, on the server's account pool: a
      // login hashes, a write waits its turn.
      if (request.method == "GET" || request.method == "HEAD") return state_->accounts->answer(request);
      static std::atomic<std::uint64_t> serial{0};
      Response later;
      later.deferred = std::make_shared<const Deferred>(Deferred{
          "account#" + std::to_string(++serial), [this, request] { return state_->accounts->answer(request); }, true});
      return later;
    }
    if (request.method != "GET" && request.method != "HEAD") {
      Response r =
          error_response(ApiError(405, "method_not_allowed", fmt::format("{} is not served; use GET", request.method)));
      r.headers.emplace_back("Allow", "GET, HEAD");
      return r;
    }
    if (request.path == "/api/openapi.json") {
      // Compiled in: its body, gzip form and ETag are made once.
      static const CachedBody description = CachedBody::of(openapi(), "application/json; charset=utf-8");
      return description.response();
    }
    if (request.path.starts_with("/api/")) return answer_api(*state_, request);
    return answer_static(*state_, request);
  } catch (const ApiError& e) {
    return error_response(e);
  }
}

namespace {

// The latest year of a kind at or before the chosen one; empty when it has none (a later year is never shown).
std::string year_of(const json& years, const char* kind, int chosen) {
  if (!years.contains(kind)) return {};
  std::string best;
  for (const auto& y : years[kind])
    if (y.get<int>() <= chosen) best = std::to_string(y.get<int>());
  return best;
}

// Whether a table row has `text` in `column` (a row is shaped by the workspace, so nothing is assumed of it).
bool row_says(const json& row, const char* column, const char* text) {
  return row.is_object() && row.contains(column) && row[column] == text;
}

}  // namespace

std::string dashboard_air_year(const json& years, int chosen, const std::function<json(const std::string&)>& region) {
  const std::string latest = year_of(years, "air", chosen);
  if (latest.empty() || latest == std::to_string(chosen)) return latest;
  for (auto it = years["air"].rbegin(); it != years["air"].rend(); ++it) {
    if (it->get<int>() > chosen) continue;
    // The answer is held by name: a range-for over `region(...)["rows"]` iterates a member of a temporary that is
    // destroyed before the loop's first step (a heap use-after-free the sanitizer build found in warm()).
    const json answer = region(std::to_string(it->get<int>()));
    if (!answer.is_object() || !answer.contains("rows")) continue;
    for (const auto& row : answer["rows"])
      if (row_says(row, "pollutant", "PM2.5") && row_says(row, "statistic", "mean") && row_says(row, "valid", "yes"))
        return std::to_string(it->get<int>());
  }
  return latest;
}

// What the dashboard asks for when it opens on the default year (web/src/main.js: each kind of data for the
// latest year it has at or before the chosen one; air for the latest whole year), in both languages.
int Api::warm() {
  int n = 0;
  auto get = [&](const std::string& path, Query query) {
    Request r;
    r.method = "GET";
    r.path = path;
    r.query = std::move(query);
    ++n;
    return answer(r);
  };
  const Response m = get("/api/v1/meta", {});
  if (m.status != 200 || !m.body) return n;
  const json meta_json = json::parse(*m.body);
  get("/api/v1/units.geojson", {{"level", "2"}});
  get("/api/v1/stations.geojson", {});
  const auto& years = meta_json["years"];
  const int chosen = meta_json["default_year"].is_null() ? 0 : meta_json["default_year"].get<int>();
  const std::string all = "1000";
  const auto region = [&](const std::string& year) {
    const Response a =
        get("/api/v1/air/assessment", {{"period", year}, {"level", "region"}, {"lang", "zh"}, {"page_size", all}});
    return a.status == 200 && a.body ? json::parse(*a.body) : json::object();
  };
  const std::string air_year = dashboard_air_year(years, chosen, region);
  for (const char* lang : {"zh", "en"}) {
    get("/api/v1/units", {{"level", "2"}, {"lang", lang}, {"page_size", all}});
    if (!air_year.empty())
      for (const char* level : {"city", "station"})
        get("/api/v1/air/assessment", {{"period", air_year}, {"level", level}, {"lang", lang}, {"page_size", all}});
    if (const auto y = year_of(years, "water", chosen); !y.empty())
      for (const char* level : {"unit", "region"})
        get("/api/v1/water/assessment", {{"period", y}, {"level", level}, {"lang", lang}, {"page_size", all}});
    if (const auto y = year_of(years, "ranking", chosen); !y.empty())
      for (const char* path : {"/api/v1/ranking", "/api/v1/progress"})
        get(path, {{"year", y}, {"level", "2"}, {"lang", lang}, {"page_size", all}});
    if (const auto y = year_of(years, "ledger", chosen); !y.empty())
      get("/api/v1/ledger", {{"year", y}, {"level", "2"}, {"lang", lang}, {"page_size", all}});
    if (const auto y = year_of(years, "patrols", chosen); !y.empty())
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

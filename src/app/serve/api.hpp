// The JSON API over a workspace (docs/api.md, docs/openapi.json) and the dashboard's static files.
//
// Every table endpoint calls the same typed run as the CLI (app/runs) and renders it through the run's document view,
// so the API and the CLI cannot disagree; it answers with an envelope {title, lang, columns, rows, notes, page,
// query}. The route table is app/serve/routes, the handlers app/serve/handlers_<domain>.cpp. Answers are
// cached in memory per normalised request, with their gzip form and ETag, until the workspace file changes; a
// cache miss on an expensive route is left to the server's bounded compute pool (Response::deferred), so a burst
// of distinct expensive requests queues or is refused (503) instead of exhausting the machine or holding up cheap
// requests. Parameters are checked strictly: an unknown name or a malformed value is a 400 naming the parameter.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/serve/accounts.hpp"
#include "app/serve/http_server.hpp"
#include "app/serve/parameters.hpp"

namespace eb::app::serve {

struct ApiOptions {
  std::string workspace;
  std::string registry;    // indicator registry for /ranking and /progress; empty: those answer 404
  std::string static_dir;  // the built dashboard (index.html, assets/); empty: no dashboard
  std::string rasters;     // the folder of rasters /raster/zonal may name; empty: those endpoints answer 404
  std::string map_note;    // the maps' note on the boundaries (审图号): /meta and /bulletin; empty: the default
  std::size_t cache_bytes = 256u << 20;
  AccountApi::Limits account_limits;
};

class Api {
 public:
  explicit Api(ApiOptions options);
  ~Api();
  // The answer to a request; for a cache miss on an expensive route, a Response whose `deferred` computes it.
  Response handle(const Request& request);
  // The answer to a request, computed here when it must be.
  Response answer(const Request& request);
  // Computes the answers the dashboard asks for first (meta, units, the default year's tables), so that the
  // first visitors are served from memory. Returns how many were computed.
  int warm();
  // The machine-readable description of the API (docs/openapi.json).
  static const std::string& openapi();

  struct State;

 private:
  std::unique_ptr<State> state_;
};

// The air year the dashboard shows for `chosen` (as the bulletin does), given /api/v1/meta's "years": the chosen
// year when it has air data, else the latest earlier year whose region PM2.5 annual mean is valid (a whole year),
// else the latest earlier year; empty when there is none. `region(year)` is the region-level air assessment's
// answer for a year (an envelope with "rows"; any other JSON when it has none).
std::string dashboard_air_year(const json& years, int chosen, const std::function<json(const std::string&)>& region);

}  // namespace eb::app::serve

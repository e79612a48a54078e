// The API's route table: each endpoint's path, the parameters it takes, how its answer is made (a table through a
// run, a JSON document, or a text page) and what besides the workspace its cached answers depend on. To add an
// endpoint: a handler in handlers_<domain>.cpp (declared in handlers.hpp), a line in make_routes, and its entry in
// docs/openapi.json and docs/api.md.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/serve/api.hpp"
#include "app/serve/parameters.hpp"
#include "app/serve/result.hpp"

namespace eb::app::serve {

// A page answered as it is (the bulletin), with its content type.
struct TextAnswer {
  std::string body, content_type;
};

struct Route {
  std::string path;
  Parameters parameters;
  std::string content_type = "application/json; charset=utf-8";
  // Exactly one of these makes the answer: table routes a Result (paginated into the envelope), document routes
  // the body (meta, GeoJSON), text routes a page.
  std::function<Result(const ApiOptions&, const Query&)> table;
  std::function<json(const ApiOptions&, const Query&)> document;
  std::function<TextAnswer(const ApiOptions&, const Query&)> text;
  // The version of what the answer reads besides the workspace (a raster file, say), part of the cache key; none
  // when empty.
  std::function<std::string(const ApiOptions&, const Query&)> version;
  // Whether a cache miss may take long (a run over the workspace's observations, a raster, the bulletin): those
  // are computed on the server's bounded compute pool, the others where they are asked for.
  bool expensive = true;
};

std::vector<Route> make_routes();
// The route of a path; nullptr when there is none.
const Route* find_route(const std::vector<Route>& routes, const std::string& path);

}  // namespace eb::app::serve

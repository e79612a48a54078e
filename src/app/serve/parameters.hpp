// The query parameters of the API: each one's check and normal form (the cache key is built from normal forms
// only), a route's defaults, and the one error type every refusal takes (docs/api.md, "Errors").
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/table/lang.hpp"

namespace eb::app::serve {

using json = nlohmann::ordered_json;
using Query = std::map<std::string, std::string>;

// A request the API refuses, with the HTTP status and a stable code for programs.
struct ApiError : std::runtime_error {
  int status;
  std::string code, parameter;
  std::string field;  // the field of a request body it refuses (the account face), when not a query parameter
  ApiError(int s, std::string c, const std::string& message, std::string p = {})
      : std::runtime_error(message), status(s), code(std::move(c)), parameter(std::move(p)) {}
};
// A refusal of one field of a request body: shown as "field" instead of "parameter".
inline ApiError field_error(int status, std::string code, const std::string& message, std::string field) {
  ApiError e(status, std::move(code), message);
  e.field = std::move(field);
  return e;
}

// A 400 naming the parameter and why its value is refused.
[[noreturn]] void bad_parameter(const std::string& name, const std::string& why);

// A whole number or a real number from `low` to `high`, or a 400 naming the parameter.
int integer(const std::string& name, const std::string& text, int low, int high);
double real(const std::string& name, const std::string& text, double low, double high);

// Checks one parameter's value and returns its normal form.
std::string normalise(const std::string& name, const std::string& value);

// What a route accepts: its parameters besides lang (and page, page_size when paginated), their defaults, and the
// words `level` takes (air: station, city, region; empty: a number from 1 to 5).
struct Parameters {
  std::vector<std::string> names;
  Query defaults;
  bool paginated = false;
  std::vector<std::string> levels;
};

// The request's parameters checked and normalised, with lang (zh), the page (1, 100) and the route's defaults
// filled in; a 400 for an unknown name, a bad value or a missing required parameter.
Query parse_query(const std::string& path, const Parameters& accepted, const std::map<std::string, std::string>& given);

// A query's cache key: the path and every normalised parameter, in name order.
std::string query_key(const std::string& path, const Query& q);

// The language of a parsed query.
Lang lang_of(const Query& q);

}  // namespace eb::app::serve

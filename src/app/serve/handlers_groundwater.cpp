// /groundwater: the groundwater run (app/runs/groundwater) as `groundwater assess --format json` runs it: year,
// level (2 league/city, 1 region), point set and an optional baseline year.
#include <fmt/format.h>

#include "app/runs/groundwater/assess.hpp"
#include "app/serve/handlers.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"

namespace eb::app::serve {

namespace {
int int_parameter(const Query& q, const char* name) {
  const auto it = q.find(name);
  if (it == q.end() || it->second.empty()) return 0;
  const auto v = parse_number(it->second);
  if (!v || *v != static_cast<int>(*v))
    throw UsageError(fmt::format("{}: \"{}\" is not a whole number", name, it->second));
  return static_cast<int>(*v);
}
}  // namespace

Result groundwater_assessment(const ApiOptions& options, const Query& q) {
  const auto req =
      runs::groundwater_assess_request(options.workspace, int_parameter(q, "year"), int_parameter(q, "baseline"),
                                       int_parameter(q, "level"), q.at("set"));
  return document_result(runs::groundwater_assess_document(runs::run_groundwater_assess(req), lang_of(q)), lang_of(q));
}

}  // namespace eb::app::serve

// /sources, /sources/exceedances, /sources/loads: the outlet registry and the runs of app/runs/source as
// `source list`, `source exceedances` and `source loads` run them (docs/sources.md).
#include "app/runs/source/emission.hpp"
#include "app/runs/source/source.hpp"
#include "app/serve/handlers.hpp"
#include "core/period.hpp"

namespace eb::app::serve {

namespace {

std::vector<std::string> outlets_of(const Query& q) {
  if (const auto it = q.find("outlet"); it != q.end()) return {it->second};
  return {};
}

}  // namespace

Result sources(const ApiOptions& options, const Query& q) {
  return document_result(
      runs::source_list_document(runs::run_source_list(options.workspace, runs::RunEnv{}), lang_of(q)), lang_of(q));
}

Result source_exceedances(const ApiOptions& options, const Query& q) {
  runs::SourceExceedancesRequest req{options.workspace, *parse_period(q.at("period")), outlets_of(q)};
  return document_result(
      runs::source_exceedances_document(runs::run_source_exceedances(req, runs::RunEnv{}), lang_of(q)), lang_of(q));
}

Result source_loads(const ApiOptions& options, const Query& q) {
  runs::SourceLoadsRequest req{options.workspace, *parse_period(q.at("period")),
                               *runs::parse_source_load_by(q.at("by")), outlets_of(q)};
  return document_result(runs::source_loads_document(runs::run_source_loads(req, runs::RunEnv{}), lang_of(q)),
                         lang_of(q));
}

}  // namespace eb::app::serve

// /ranking, /progress, /indicators, /patrols: the runs of app/runs/assess and app/runs/chief as `assess score`,
// `assess progress` and `chief coverage` run them, and the stored indicator values.
#include <fmt/format.h>

#include "app/runs/assess/progress.hpp"
#include "app/runs/assess/score.hpp"
#include "app/runs/chief/coverage.hpp"
#include "app/serve/handlers.hpp"
#include "core/period.hpp"
#include "io/indicator_registry.hpp"
#include "store/indicator_store.hpp"
#include "store/workspace.hpp"

namespace eb::app::serve {

namespace {

void need_registry(const ApiOptions& options) {
  if (options.registry.empty())
    throw ApiError(404, "no_registry", "the server was started without an indicator registry (--registry)");
}

// A 404 naming the first indicator of the registry without a target in the year.
void need_targets(const ApiOptions& options, const std::string& year) {
  for (const auto& r : io::read_indicator_registry(options.registry))
    if (!r.targets.count(std::stoi(year)))
      throw ApiError(404, "no_targets",
                     fmt::format("the registry has no target of {} for {}; /api/v1/meta lists the years it can score",
                                 r.id, year));
}

}  // namespace

Result ranking(const ApiOptions& options, const Query& q) {
  need_registry(options);
  need_targets(options, q.at("year"));
  runs::AssessScoreRequest req;
  req.ws = options.workspace;
  req.registry = options.registry;
  req.year = std::stoi(q.at("year"));
  req.level = std::stoi(q.at("level"));
  req.draws = std::stoi(q.at("draws"));
  req.seed = static_cast<std::uint64_t>(std::stoll(q.at("seed")));
  const auto r = runs::run_assess_score(req, runs::RunEnv{});
  return document_result(runs::assess_score_document(r, lang_of(q)), lang_of(q));
}

Result progress(const ApiOptions& options, const Query& q) {
  need_registry(options);
  runs::AssessProgressRequest req;
  req.ws = options.workspace;
  req.registry = options.registry;
  req.indicator = q.count("indicator") ? q.at("indicator") : "";
  req.year = std::stoi(q.at("year"));
  req.level = std::stoi(q.at("level"));
  const auto r = runs::run_assess_progress(req, runs::RunEnv{});
  return document_result(runs::assess_progress_document(r, lang_of(q)), lang_of(q));
}

Result indicators(const ApiOptions& options, const Query& q) {
  store::Workspace ws(options.workspace, store::Workspace::Open::existing);
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
  return table_result(t, lang_of(q));
}

// The roll-up of `chief coverage` (its per-chief part left out), as of the day after the period.
Result patrols(const ApiOptions& options, const Query& q) {
  runs::ChiefCoverageRequest req;
  req.ws = options.workspace;
  req.period = *parse_period(q.at("period"));
  req.level = std::stoi(q.at("level"));
  const auto r = runs::run_chief_coverage(req, runs::RunEnv{});
  return document_result(runs::chief_coverage_document(r, lang_of(q), false), lang_of(q), "rollup");
}

}  // namespace eb::app::serve

// /water/assessment: the water run (app/runs/water) as `water assess --format json` runs it, without a baseline.
#include "app/runs/water/assess.hpp"
#include "app/serve/handlers.hpp"

namespace eb::app::serve {

Result water_assessment(const ApiOptions& options, const Query& q) {
  const auto req = runs::water_assess_request(options.workspace, q.at("period"), q.at("level"), "", "half");
  return document_result(runs::water_assess_document(runs::run_water_assess(req), lang_of(q)), lang_of(q));
}

}  // namespace eb::app::serve

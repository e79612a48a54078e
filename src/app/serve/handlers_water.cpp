// /water/assessment: the water run (app/runs/water) as `water assess --format json` runs it: level, set and an
// optional baseline period; values below the detection limit at half the limit.
#include "app/runs/water/assess.hpp"
#include "app/serve/handlers.hpp"

namespace eb::app::serve {

Result water_assessment(const ApiOptions& options, const Query& q) {
  const std::string baseline = q.count("baseline") ? q.at("baseline") : "";
  const auto req =
      runs::water_assess_request(options.workspace, q.at("period"), q.at("level"), baseline, "half", q.at("set"));
  return document_result(runs::water_assess_document(runs::run_water_assess(req), lang_of(q)), lang_of(q));
}

}  // namespace eb::app::serve

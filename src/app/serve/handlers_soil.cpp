// /soil/farmland: the farmland soil assessment (app/runs/soil) as `soil assess --format json` runs it: GB 15618
// areas by category per league/city (level 2) or the region (level 1) and the safe-use rate of contaminated
// farmland.
#include "app/runs/soil/farmland.hpp"
#include "app/serve/handlers.hpp"

namespace eb::app::serve {

Result soil_farmland(const ApiOptions& options, const Query& q) {
  runs::SoilAssessRequest req;
  req.ws = options.workspace;
  req.year = std::stoi(q.at("year"));
  req.level = std::stoi(q.at("level"));
  return document_result(runs::soil_assess_document(runs::run_soil_assess(req), lang_of(q)), lang_of(q));
}

}  // namespace eb::app::serve

// /soil/sites: construction-land sites per unit and the key-construction-land safe-use rate, as
// `soil site assess --format json` gives them (app/runs/soil/construction_sites).
#include "app/runs/soil/construction_sites.hpp"
#include "app/serve/handlers.hpp"

namespace eb::app::serve {

Result soil_sites(const ApiOptions& options, const Query& q) {
  runs::SoilSiteAssessRequest req;
  req.workspace = options.workspace;
  req.year = std::stoi(q.at("year"));
  req.level = std::stoi(q.at("level"));
  return document_result(runs::soil_site_assess_document(runs::run_soil_site_assess(req), lang_of(q)), lang_of(q));
}

}  // namespace eb::app::serve

// /carbon: the energy-and-carbon account (app/runs/carbon) as `carbon account --format json` runs it: the year, the
// level (2 leagues/cities, 1 the region); the other tables (fuels, targets, grid factors) come under "also".
#include <string>

#include "app/runs/carbon/carbon_account.hpp"
#include "app/serve/handlers.hpp"

namespace eb::app::serve {

Result carbon_account(const ApiOptions& options, const Query& q) {
  runs::CarbonAccountRequest req;
  req.workspace = options.workspace;
  req.year = std::stoi(q.at("year"));
  req.level = std::stoi(q.at("level"));
  return document_result(runs::carbon_account_document(runs::run_carbon_account(req), lang_of(q)), lang_of(q));
}

}  // namespace eb::app::serve

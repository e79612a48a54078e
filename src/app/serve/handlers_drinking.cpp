// /water/sources: the drinking-water source run (app/runs/drinking) as `water source assess --format json` runs it:
// year, roll-up level (2 league/city, 1 region), the tier of sources, and the part (sources, units or months);
// the year rule of data/standards/drinking_water_rules.csv, values below the detection limit at half the limit.
#include "app/runs/drinking/drinking.hpp"
#include "app/serve/handlers.hpp"

namespace eb::app::serve {

Result water_sources(const ApiOptions& options, const Query& q) {
  const auto req = runs::drinking_assess_request(options.workspace, std::stoi(q.at("year")), std::stoi(q.at("level")),
                                                 q.at("source_level"), "", "half");
  return document_result(runs::drinking_assess_document(runs::run_drinking_assess(req), lang_of(q)), lang_of(q),
                         q.at("part"));
}

}  // namespace eb::app::serve

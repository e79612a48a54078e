// /review/marks: the stored data-review marks of stations and outlets, as `review list --format json` lists them.
// Read-only: decisions are made with `ecobarrier review confirm|overrule` until the API has accounts (issue 17).
#include "app/runs/review/review.hpp"
#include "app/serve/handlers.hpp"
#include "core/period.hpp"

namespace eb::app::serve {

Result review_marks(const ApiOptions& options, const Query& q) {
  runs::ReviewListRequest req;
  req.workspace = options.workspace;
  req.period = *parse_period(q.at("period"));
  if (const auto it = q.find("subject"); it != q.end()) req.subjects = *runs::parse_review_subjects(it->second);
  if (const auto it = q.find("station"); it != q.end()) req.station = it->second;
  if (const auto it = q.find("outlet"); it != q.end()) req.outlet = it->second;
  if (const auto it = q.find("status"); it != q.end()) req.status = store::parse_status(it->second);
  return document_result(runs::review_list_document(runs::run_review_list(req, runs::RunEnv{}), lang_of(q)),
                         lang_of(q));
}

}  // namespace eb::app::serve

// /bulletin: the yearly bulletin as `ecobarrier report` writes it (HTML, or Markdown with format=md).
#include "app/report/build_bulletin.hpp"
#include "app/serve/handlers.hpp"

namespace eb::app::serve {

TextAnswer bulletin(const ApiOptions& options, const Query& q) {
  BulletinRequest req;
  req.ws = options.workspace;
  req.registry = options.registry;
  req.year = std::stoi(q.at("year"));
  req.lang = lang_of(q);
  req.map_note = options.map_note;
  BulletinDocuments docs = build_bulletin(req);
  if (q.at("format") == "md") return {std::move(docs.markdown), "text/markdown; charset=utf-8"};
  return {std::move(docs.html), "text/html; charset=utf-8"};
}

}  // namespace eb::app::serve

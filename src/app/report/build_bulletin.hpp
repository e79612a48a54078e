// The yearly bulletin (`ecobarrier report`, GET /api/v1/bulletin) as documents: one self-contained HTML page and its
// Markdown edition, built from the typed runs of every domain.
#pragma once

#include <string>

#include "app/table/lang.hpp"

namespace eb::app {

struct BulletinRequest {
  std::string ws, registry;  // registry empty: the bundled demo registry when there is one
  int year = 0;
  Lang lang = Lang::zh;
};
struct BulletinDocuments {
  std::string html, markdown;
};
BulletinDocuments build_bulletin(const BulletinRequest& req);

}  // namespace eb::app

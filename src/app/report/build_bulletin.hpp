// The yearly bulletin (`ecobarrier report`, GET /api/v1/bulletin) as documents: one self-contained HTML page and its
// Markdown edition, built from the typed runs of every domain.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "app/table/table.hpp"

namespace eb::app {

struct BulletinRequest {
  std::string ws, registry;  // registry empty: the bundled demo registry when there is one
  int year = 0;
  Lang lang = Lang::zh;
  // The note under every map: the map approval number (审图号) and the standard map the boundaries come from;
  // empty: the default saying the boundaries are schematic (report::map_note_text).
  std::string map_note;
};
struct BulletinDocuments {
  std::string html, markdown;
  // Every table of the bulletin by layer name (report/bulletin_tables.hpp), for its GeoPackage edition.
  std::vector<std::pair<std::string, Table>> tables;
};
BulletinDocuments build_bulletin(const BulletinRequest& req);

}  // namespace eb::app

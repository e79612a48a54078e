// The yearly bulletin (`ecobarrier report`, GET /api/v1/bulletin) as documents: one self-contained HTML page and its
// Markdown edition, built from the typed runs of every domain.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/table/lang.hpp"
#include "app/table/table.hpp"
#include "core/civil_time.hpp"

namespace eb::app {

struct BulletinRequest {
  std::string ws, registry;  // registry empty: the bundled demo registry when there is one
  int year = 0;
  Lang lang = Lang::zh;
  // The note under every map: the map approval number (审图号) and the standard map the boundaries come from;
  // empty: the default saying the boundaries are schematic (report::map_note_text).
  std::string map_note;
  // The cover: the issuing body (empty: "ecobarrier", with a note that none was given) and the date of issue
  // (none: today in Beijing time, or the day of $SOURCE_DATE_EPOCH for reproducible outputs).
  std::string issuer;
  std::optional<CivilDate> issued_on;
  // The folder the documents are written to: the paths they print are relative to it (empty: the workspace's).
  std::string out_dir;
  // Also print the PDF edition through headless Chromium (io/chromium_pdf.hpp), each printing within the timeout.
  bool pdf = false;
  int pdf_timeout_seconds = 180;
};
struct BulletinDocuments {
  std::string html, markdown;
  std::string pdf;  // empty unless requested
  // Every table of the bulletin by layer name (report/bulletin_tables.hpp), for its GeoPackage edition.
  std::vector<std::pair<std::string, Table>> tables;
};
BulletinDocuments build_bulletin(const BulletinRequest& req);

}  // namespace eb::app

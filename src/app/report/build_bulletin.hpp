// The yearly bulletin (`ecobarrier report`, GET /api/v1/bulletin) as documents: one self-contained HTML page and its
// Markdown edition, built from the typed runs of every domain.
#pragma once

#include <optional>
#include <string>

#include "app/table/lang.hpp"
#include "core/civil_time.hpp"

namespace eb::app {

struct BulletinRequest {
  std::string ws, registry;  // registry empty: the bundled demo registry when there is one
  int year = 0;
  Lang lang = Lang::zh;
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
};
BulletinDocuments build_bulletin(const BulletinRequest& req);

}  // namespace eb::app

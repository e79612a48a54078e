// Screening sites against the protected layers (`screen`): per site and touched (kind, zone) the features, the area
// (or length) of the site inside and its share, the verdict of the rule table and the site's strictest verdict; for
// a site that touches nothing, the geodesic distance to the nearest feature (docs/spatial.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "engine/vector/screening.hpp"
#include "io/vector_features.hpp"
#include "standards/screening.hpp"

namespace eb::app::runs {

struct ScreenRequest {
  std::string ws, sites;  // sites: points, lines or polygons, any vector file, any CRS
  std::string id_field = "id";
  std::string rules_file;  // a rule table (CSV) instead of the defaults; empty: data/standards/screening_rules.csv
  double buffer_m = 0;     // grow each site by this many metres first
  std::vector<std::string> kinds;  // only these layer kinds; empty: all
  bool distances = true;           // the distance to the nearest feature for sites that touch none
  // Sites a face already holds in memory (the API's one point), read instead of the file `sites`, which then only
  // names them in messages; a feature without the id field among its fields is named by its feature id.
  std::optional<io::VectorLayer> site_layer;
};

// A protected feature as a screening names it (the geometry stays with the run).
struct ScreenFeature {
  std::string kind, zone, name;  // name empty when the layer gave none
};

struct ScreenResult {
  double buffer_m = 0;
  standards::ScreeningRules rules;                           // the rule table applied
  std::size_t protected_features = 0;                        // features screened against (0: nothing to touch)
  std::unordered_map<std::int64_t, ScreenFeature> features;  // by workspace feature id
  // Per site, in file order (side by side, so that a million sites take no more than their screenings need):
  std::vector<std::string> site_ids;              // the id field's value, else the feature id; unique
  std::vector<engine::SiteScreening> screenings;  // touches by kind then zone; or the nearest feature, distance
  std::vector<standards::Verdict> verdicts;       // the strictest of the touches' verdicts
  std::map<standards::Verdict, std::size_t> verdict_counts;  // sites per strictest verdict

  std::size_t sites() const { return site_ids.size(); }
  // The rule of a touched (kind, zone): the zone's rule, else the kind's; a kind the rule table leaves out takes the
  // rule for untouched sites.
  const standards::ScreeningRule& rule(const engine::ZoneTouch& touch) const;
};

// UsageError for a negative buffer or an unknown kind; InputError for a bad rule file, a repeated site id or a site
// that cannot be screened (the first in file order). Sites are screened on every core.
ScreenResult run_screen(const ScreenRequest& req, const RunEnv& env);

// The columns of the screening table; its rows one by one, in order, for a face that streams them (CSV of a million
// sites); its title; and its notes (no protected features; the count of sites per verdict).
std::vector<Column> screen_columns();
void screen_rows(const ScreenResult& r, Lang lang, const std::function<void(std::vector<Cell>)>& row);
std::vector<std::string> screen_notes(const ScreenResult& r, Lang lang);
// All of it as one table and its notes.
Document screen_document(const ScreenResult& r, Lang lang);

}  // namespace eb::app::runs

// /ledger, /protected/layers, /protected/stats, /screen: the runs of app/runs/project and app/runs/layer as
// `project summary`, `layer list`, `layer stats` and `screen` run them.
#include <fmt/format.h>

#include "app/runs/layer/layer_stats.hpp"
#include "app/runs/layer/screen.hpp"
#include "app/runs/project/project_summary.hpp"
#include "app/serve/handlers.hpp"
#include "store/gpkg.hpp"

namespace eb::app::serve {

Result ledger(const ApiOptions& options, const Query& q) {
  runs::ProjectSummaryRequest req;
  req.ws = options.workspace;
  req.year = std::stoi(q.at("year"));
  req.level = std::stoi(q.at("level"));
  const auto r = runs::run_project_summary(req, runs::RunEnv{});
  return document_result(runs::project_summary_document(r, lang_of(q)), lang_of(q));
}

Result protected_layers(const ApiOptions& options, const Query& q) {
  const auto r = runs::run_layer_list({options.workspace}, runs::RunEnv{});
  return document_result(runs::layer_list_document(r, lang_of(q)), lang_of(q));
}

Result protected_stats(const ApiOptions& options, const Query& q) {
  const auto r = runs::run_layer_stats({options.workspace, std::stoi(q.at("level"))}, runs::RunEnv{});
  return document_result(runs::layer_stats_document(r, lang_of(q)), lang_of(q));
}

// One point screened like `ecobarrier screen` does a file of sites: the same run, the site given in memory as the
// file reader would give it (lon/lat WGS 84, the first feature, id "point").
Result screen_point(const ApiOptions& options, const Query& q) {
  const double lon = std::stod(q.at("lon")), lat = std::stod(q.at("lat"));
  runs::ScreenRequest req;
  req.ws = options.workspace;
  req.sites = fmt::format("point {},{}", q.at("lon"), q.at("lat"));
  req.buffer_m = std::stod(q.at("buffer_m"));
  io::VectorFeature site;
  site.fid = 0;
  site.fields[req.id_field] = "point";
  site.wkb = store::point_wkb(lon, lat);
  req.site_layer = io::VectorLayer{"WGS 84", {std::move(site)}};
  const auto r = runs::run_screen(req, runs::RunEnv{});
  return document_result(runs::screen_document(r, lang_of(q)), lang_of(q));
}

}  // namespace eb::app::serve

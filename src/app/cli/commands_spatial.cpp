// ecobarrier layer import | list | stats; ecobarrier screen: options to a run's request, the run, and its document
// (app/runs/layer).
#include <memory>

#include "app/cli/context.hpp"
#include "app/cli/governance_runs.hpp"
#include "app/runs/layer/layer_import.hpp"
#include "app/runs/layer/layer_stats.hpp"
#include "app/runs/layer/screen.hpp"

namespace eb::app {

void run_layer_import(Context& ctx, const LayerImportRequest& req) {
  ctx.present(runs::layer_import_document(runs::run_layer_import(req, ctx.run_env()), ctx.lang()));
}

void run_layer_list(Context& ctx, const std::string& ws_path) {
  ctx.present(runs::layer_list_document(runs::run_layer_list({ws_path}, ctx.run_env()), ctx.lang()));
}

void run_layer_stats(Context& ctx, const std::string& ws_path, int level) {
  ctx.present(runs::layer_stats_document(runs::run_layer_stats({ws_path, level}, ctx.run_env()), ctx.lang()));
}

// CSV rows go out as they are made (a million sites need no table in memory); other formats take the document.
void run_screen(Context& ctx, const ScreenRequest& req) {
  const runs::ScreenResult r = runs::run_screen(req, ctx.run_env());
  if (ctx.format() != Format::csv) {
    ctx.present(runs::screen_document(r, ctx.lang()));
    return;
  }
  {
    CsvRowStream stream(ctx.out(), runs::screen_columns());
    runs::screen_rows(r, ctx.lang(), [&stream](std::vector<Cell> row) { stream.write(row); });
  }  // the last buffered rows go out before the notes
  for (const auto& n : runs::screen_notes(r, ctx.lang())) ctx.note(n);
}

void add_spatial_commands(CLI::App& app, Context& ctx) {
  auto* layer = app.add_subcommand("layer", "Protected layers: red line, reserves, parks, wetlands, water sources");
  layer->require_subcommand(1);
  auto li = std::make_shared<LayerImportRequest>();
  auto* imp = layer->add_subcommand("import", "Import a protected layer (GeoJSON, GeoPackage, Shapefile, ...)");
  imp->add_option("WS", li->ws, "Workspace")->required();
  imp->add_option("FILE", li->file, "Vector file, any CRS (transformed to WGS 84)")->required();
  imp->add_option("--kind", li->kind, "red_line, nature_reserve, national_park, wetland, water_source, basic_grassland")
      ->required();
  imp->add_option("--name-field", li->name_field, "Field holding each feature's name");
  imp->add_option("--zone-field", li->zone_field,
                  "Field holding the zone (核心区/缓冲区/实验区, 一级/二级/准保护区, core, level1, ...)");
  imp->add_option("--level-field", li->level_field, "Field holding the level (national, provincial, ...)");
  imp->add_option("--date-field", li->date_field, "Field holding the date designated");
  imp->add_flag("--replace", li->replace, "Remove the kind's features already in the workspace first");
  imp->footer(
      "Example:\n  ecobarrier layer import ws.gpkg reserves.gpkg --kind nature_reserve --name-field NAME "
      "--zone-field ZONE\n\n"
      "Invalid polygons are repaired with GEOS MakeValid and reported with their feature ids; a feature that is\n"
      "not a polygon, has an unknown zone or cannot be repaired stops the import and nothing is stored. The same\n"
      "file imported again changes nothing. See docs/spatial.md.");
  imp->callback([li, &ctx] { run_layer_import(ctx, *li); });
  auto ws_list = std::make_shared<std::string>();
  auto* list = layer->add_subcommand("list", "Protected layers in the workspace, by kind and zone, with areas");
  list->add_option("WS", *ws_list, "Workspace")->required();
  list->callback([ws_list, &ctx] { run_layer_list(ctx, *ws_list); });

  auto so = std::make_shared<runs::LayerStatsRequest>();
  auto* stats = layer->add_subcommand("stats", "Protected area and share per administrative unit, overlaps once");
  stats->add_option("WS", so->ws, "Workspace with units and protected layers")->required();
  stats->add_option("--level", so->level, "Unit level: 1 region, 2 leagues/cities, 3 banners/counties")
      ->capture_default_str()
      ->check(CLI::Range(1, 5));
  stats->footer(
      "Example:\n  ecobarrier layer stats ws.gpkg --level 3 --format csv -o protected_by_banner.csv\n\n"
      "Per unit and layer kind: the area of the union of the kind's features inside the unit (overlapping\n"
      "features counted once), and of all kinds together (overlaps between layers counted once), on the WGS 84\n"
      "ellipsoid. See docs/spatial.md.");
  stats->callback([so, &ctx] { run_layer_stats(ctx, so->ws, so->level); });

  auto sr = std::make_shared<ScreenRequest>();
  auto* screen = app.add_subcommand("screen", "Screen sites against the protected layers: overlaps, areas, verdicts");
  screen->add_option("WS", sr->ws, "Workspace with protected layers")->required();
  screen->add_option("SITES", sr->sites, "Points, lines or polygons (any vector file, any CRS)")->required();
  screen->add_option("--id-field", sr->id_field, "Field naming each site")->capture_default_str();
  screen->add_option("--buffer", sr->buffer_m, "Grow each site by this many metres first")->capture_default_str();
  screen->add_option("--rules", sr->rules_file,
                     "Rule table (CSV: kind,zone,verdict,rule_zh,rule_en,source) instead of the defaults");
  screen->add_option("--kinds", sr->kinds, "Only these layer kinds (comma-separated)")->delimiter(',');
  screen->add_flag("!--no-distance", sr->distances,
                   "Skip the distance to the nearest protected feature for sites that touch none");
  screen->footer(
      "Example:\n  ecobarrier screen ws.gpkg sites.geojson --buffer 500 --format csv -o screening.csv\n\n"
      "One row per site and touched layer/zone (area on the WGS 84 ellipsoid, in m², ha and 亩, share of the\n"
      "site), or one row with the distance to the nearest protected feature when the site touches none. The\n"
      "verdict comes from the rule table (data/standards/screening_rules.csv by default; project defaults,\n"
      "configurable); site_verdict is the strictest of a site's rows. See docs/spatial.md.");
  screen->callback([sr, &ctx] { run_screen(ctx, *sr); });
}

}  // namespace eb::app

// ecobarrier unit import|list|children|ancestors|at
#include "app/cli/context.hpp"
#include "app/runs/catalog/catalog.hpp"

namespace eb::app {

void run_unit_import(Context& ctx, const std::string& ws_path, const std::vector<std::string>& files,
                     const io::AdminFieldNames& fields, const std::string& names_path) {
  const runs::UnitImportRequest req{ws_path, files, fields, names_path};
  ctx.present(runs::unit_import_document(runs::run_unit_import(req, ctx.run_env()), ctx.lang()));
}

namespace {

void show_units(Context& ctx, const std::string& ws, runs::UnitQueryKind kind, std::optional<int> level = {},
                const std::string& code = {}, double lon = 0, double lat = 0) {
  runs::UnitQuery q;
  q.ws = ws;
  q.kind = kind;
  q.level = level;
  q.code = code;
  q.lon = lon;
  q.lat = lat;
  ctx.present(runs::units_document(runs::run_unit_query(q), ctx.lang()));
}

}  // namespace

void add_unit_commands(CLI::App& app, Context& ctx) {
  auto* unit = app.add_subcommand("unit", "Administrative units (region, leagues/cities, banners/counties)");
  unit->require_subcommand(1);
  unit->footer(
      "Examples:\n"
      "  ecobarrier unit import ws.gpkg data/demo/boundaries/150000.json\n"
      "  ecobarrier unit children ws.gpkg 150000\n"
      "  ecobarrier unit at ws.gpkg 111.65 40.75");

  // Option values live as long as the App, in a struct its callbacks share.
  struct Options {
    std::string ws_path, names_path, code;
    std::vector<std::string> files;
    io::AdminFieldNames fields;
    std::optional<int> level;
    double lon = 0, lat = 0;
  };
  auto o = std::make_shared<Options>();
  auto* imp = unit->add_subcommand("import", "Import boundaries (GeoJSON, GeoPackage, Shapefile) with GB/T 2260 codes");
  imp->add_option("WS", o->ws_path, "Workspace")->required();
  imp->add_option("FILE", o->files, "Boundary files, e.g. Aliyun DataV GeoJSON")->required();
  imp->add_option("--code-field", o->fields.code, "Field holding the GB/T 2260 code")->capture_default_str();
  imp->add_option("--name-field", o->fields.name, "Field holding the Chinese name")->capture_default_str();
  imp->add_option("--parent-field", o->fields.parent, "Field holding the parent code (else implied by the code)")
      ->capture_default_str();
  imp->add_option("--names", o->names_path,
                  "CSV code,name_zh,name_en of English names and of parents to dissolve from their children "
                  "(default: data/reference/admin_units.csv)");
  imp->footer(
      "Examples:\n"
      "  ecobarrier unit import ws.gpkg 150000.json 150000_counties_merged.json\n\n"
      "Each file is one transaction. A unit already stored with the same name, parent and geometry is left\n"
      "as it is, so re-importing changes nothing. Invalid polygons are repaired (GEOS MakeValid) and listed.\n"
      "A parent that is missing (e.g. the region 150000 above its leagues) is dissolved from its children\n"
      "when the names table knows it.");
  imp->callback([o, &ctx] { run_unit_import(ctx, o->ws_path, o->files, o->fields, o->names_path); });

  auto* list =
      unit->add_subcommand("list", "List units, optionally of one level (1 region, 2 league/city, 3 banner/county)");
  list->add_option("WS", o->ws_path, "Workspace")->required();
  list->add_option("--level", o->level, "Only this level")->check(CLI::Range(1, 5));
  list->footer(
      "Examples:\n  ecobarrier unit list ws.gpkg --level 2\n  ecobarrier unit list ws.gpkg --format csv -o units.csv");
  list->callback([o, &ctx] { show_units(ctx, o->ws_path, runs::UnitQueryKind::list, o->level); });

  auto* children = unit->add_subcommand("children", "Units directly under a unit");
  children->add_option("WS", o->ws_path, "Workspace")->required();
  children->add_option("CODE", o->code, "GB/T 2260 code")->required();
  children->footer("Examples:\n  ecobarrier unit children ws.gpkg 150000    the 12 leagues and cities");
  children->callback([o, &ctx] { show_units(ctx, o->ws_path, runs::UnitQueryKind::children, {}, o->code); });

  auto* ancestors = unit->add_subcommand("ancestors", "The chain of units above a unit, nearest first");
  ancestors->add_option("WS", o->ws_path, "Workspace")->required();
  ancestors->add_option("CODE", o->code, "GB/T 2260 code")->required();
  ancestors->footer("Examples:\n  ecobarrier unit ancestors ws.gpkg 152921   阿拉善左旗 -> 阿拉善盟 -> 内蒙古自治区");
  ancestors->callback([o, &ctx] { show_units(ctx, o->ws_path, runs::UnitQueryKind::ancestors, {}, o->code); });

  auto* at = unit->add_subcommand("at", "Units containing a point (lon/lat, WGS 84), region first");
  at->add_option("WS", o->ws_path, "Workspace")->required();
  at->add_option("LON", o->lon, "Longitude")->required()->check(CLI::Range(-180.0, 180.0));
  at->add_option("LAT", o->lat, "Latitude")->required()->check(CLI::Range(-90.0, 90.0));
  at->footer(
      "Examples:\n  ecobarrier unit at ws.gpkg 111.6507 40.7517\n\n"
      "Candidates come from the workspace's R*Tree; each is tested exactly (GEOS prepared geometry).\n"
      "Note: the bundled DataV boundaries may be offset by a few hundred metres (GCJ-02).");
  at->callback([o, &ctx] { show_units(ctx, o->ws_path, runs::UnitQueryKind::at, {}, {}, o->lon, o->lat); });
}

}  // namespace eb::app

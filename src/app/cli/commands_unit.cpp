// ecobarrier unit import|list|children|ancestors|at
#include <fmt/format.h>

#include <filesystem>

#include "app/cli/context.hpp"
#include "app/table/lang.hpp"
#include "core/error.hpp"
#include "io/admin_features.hpp"
#include "io/reference_tables.hpp"
#include "store/admin_store.hpp"

namespace eb::app {

namespace {

std::map<std::string, store::UnitNames> load_unit_names(const std::string& path) {
  std::map<std::string, store::UnitNames> out;
  const auto zh = io::read_key_value_csv(path, "name_zh");
  const auto en = io::read_key_value_csv(path, "name_en");
  for (const auto& [code, name] : zh) out[code] = {name, en.at(code)};
  return out;
}

Table units_table(const std::vector<store::AdminUnit>& units) {
  Table t;
  t.columns = {{"code", "代码", "code"},   {"name_zh", "名称", "name (zh)"}, {"name_en", "英文名", "name (en)"},
               {"level", "级别", "level"}, {"kind", "类型", "kind"},         {"parent", "上级", "parent"}};
  for (const auto& u : units) t.add({u.code, u.name_zh, u.name_en, u.level, u.kind, u.parent_code});
  return t;
}

}  // namespace

void run_unit_import(Context& ctx, const std::string& ws_path, const std::vector<std::string>& files,
                     const io::AdminFieldNames& fields, const std::string& names_path) {
  const std::string names_file = names_path.empty() ? Context::data_dir() + "/reference/admin_units.csv" : names_path;
  const auto names = load_unit_names(names_file);
  const Lang l = ctx.lang();
  Table t;
  t.columns = {{"file", "文件", "file"},           {"added", "新增", "added"},
               {"updated", "更新", "updated"},     {"unchanged", "未变", "unchanged"},
               {"derived", "合并生成", "derived"}, {"repaired", "修复几何", "repaired"}};
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  for (const auto& f : files) {
    const auto features = io::read_admin_features(f, fields);
    const auto r = store::import_admin_units(ws, features, names, f);
    t.add({f, r.added, r.updated, r.unchanged, r.derived, static_cast<int>(r.repaired.size())});
    for (const auto& rep : r.repaired) ctx.note(tr(l, "已修复无效多边形: ", "repaired invalid polygon: ") + rep);
  }
  write_table(ctx.out(), t, ctx.format(), l);
}

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
  list->callback([o, &ctx] {
    store::Workspace ws(o->ws_path, store::Workspace::Open::existing);
    write_table(ctx.out(), units_table(store::list_units(ws, o->level)), ctx.format(), ctx.lang());
  });

  auto* children = unit->add_subcommand("children", "Units directly under a unit");
  children->add_option("WS", o->ws_path, "Workspace")->required();
  children->add_option("CODE", o->code, "GB/T 2260 code")->required();
  children->footer("Examples:\n  ecobarrier unit children ws.gpkg 150000    the 12 leagues and cities");
  children->callback([o, &ctx] {
    store::Workspace ws(o->ws_path, store::Workspace::Open::existing);
    if (!store::find_unit(ws, o->code)) throw InputError("unknown unit " + o->code);
    write_table(ctx.out(), units_table(store::children_of(ws, o->code)), ctx.format(), ctx.lang());
  });

  auto* ancestors = unit->add_subcommand("ancestors", "The chain of units above a unit, nearest first");
  ancestors->add_option("WS", o->ws_path, "Workspace")->required();
  ancestors->add_option("CODE", o->code, "GB/T 2260 code")->required();
  ancestors->footer("Examples:\n  ecobarrier unit ancestors ws.gpkg 152921   阿拉善左旗 -> 阿拉善盟 -> 内蒙古自治区");
  ancestors->callback([o, &ctx] {
    store::Workspace ws(o->ws_path, store::Workspace::Open::existing);
    if (!store::find_unit(ws, o->code)) throw InputError("unknown unit " + o->code);
    write_table(ctx.out(), units_table(store::ancestors_of(ws, o->code)), ctx.format(), ctx.lang());
  });

  auto* at = unit->add_subcommand("at", "Units containing a point (lon/lat, WGS 84), region first");
  at->add_option("WS", o->ws_path, "Workspace")->required();
  at->add_option("LON", o->lon, "Longitude")->required()->check(CLI::Range(-180.0, 180.0));
  at->add_option("LAT", o->lat, "Latitude")->required()->check(CLI::Range(-90.0, 90.0));
  at->footer(
      "Examples:\n  ecobarrier unit at ws.gpkg 111.6507 40.7517\n\n"
      "Candidates come from the workspace's R*Tree; each is tested exactly (GEOS prepared geometry).\n"
      "Note: the bundled DataV boundaries may be offset by a few hundred metres (GCJ-02).");
  at->callback([o, &ctx] {
    store::Workspace ws(o->ws_path, store::Workspace::Open::existing);
    const auto units = store::units_at(ws, o->lon, o->lat);
    if (units.empty())
      ctx.note(fmt::format("{} ({}, {})", tr(ctx.lang(), "该点不在任何行政区内", "no unit contains"), o->lon, o->lat));
    write_table(ctx.out(), units_table(units), ctx.format(), ctx.lang());
  });
}

}  // namespace eb::app

// ecobarrier groundwater classify | point import | sample import | assess: options to a run's request, the run, and
// its document presented (docs/groundwater.md).
#include "app/cli/context.hpp"
#include "app/runs/groundwater/assess.hpp"
#include "app/runs/groundwater/classify.hpp"
#include "app/runs/groundwater/points.hpp"

namespace eb::app {

namespace {

void add_classify_command(CLI::App* gw, Context& ctx) {
  auto files = std::make_shared<std::vector<std::string>>();
  auto* cls = gw->add_subcommand("classify", "GB/T 14848-2017 class of every item and sample (no workspace needed)");
  cls->add_option("FILE", *files, "Sample files: wide (point,time,<items>) or long (point,time,parameter,value,unit)")
      ->required();
  cls->footer(
      "Examples:\n"
      "  ecobarrier groundwater classify samples.csv --format csv -o classes.csv\n"
      "  ecobarrier groundwater classify long.csv --lang en\n\n"
      "Items by code or Chinese name (TDS, 溶解性总固体, As, 砷 ...), a unit in brackets converts (As(µg/L));\n"
      "<0.01, 0.01L and ND are kept below the detection limit and classed at the limit; 嗅和味/肉眼可见物 take\n"
      "无 or 有. Each item by Table 1/2 (equal limits: the better class), the sample by its worst item.");
  cls->callback([files, &ctx] {
    std::vector<io::GroundwaterSamples> read;
    for (const auto& path : *files) read.push_back(runs::groundwater_sample_file(path));
    ctx.present(runs::groundwater_classify_document(runs::run_groundwater_classify(read), ctx.lang()));
  });
}

void add_point_commands(CLI::App* gw, Context& ctx) {
  struct Options {
    std::string ws;
    std::vector<std::string> files;
  };
  auto o = std::make_shared<Options>();
  auto* point = gw->add_subcommand("point", "Groundwater monitoring points");
  point->require_subcommand(1);
  auto* import = point->add_subcommand("import", "Import points (location, aquifer, type, monitoring level, depth)");
  import->add_option("WS", o->ws, "Workspace")->required();
  import->add_option("FILE", o->files, "Point lists (CSV)")->required();
  import->footer(
      "Examples:\n  ecobarrier groundwater point import ws.gpkg points.csv\n\n"
      "Columns (any order): code,name,lon,lat and optionally city,aquifer,type,level,well_depth\n"
      "(or 点位编码,点位名称,经度,纬度,城市,含水层,点位类型,考核级别,井深). level: 国考/national, 区考/provincial, "
      "...\n"
      "Points are located in their league/city and banner/county like stations. One transaction per file.");
  import->callback([o, &ctx] {
    const auto r = runs::run_groundwater_point_import({o->ws, o->files}, ctx.run_env());
  ctx.present(runs::groundwater_point_import_document(r, ctx.lang()));
});
}  // namespace

void add_sample_commands(CLI::App* gw, Context& ctx) {
  struct Options {
    std::string ws, source;
    std::vector<std::string> files;
  };
  auto o = std::make_shared<Options>();
  auto* sample = gw->add_subcommand("sample", "Groundwater samples");
  sample->require_subcommand(1);
  auto* import = sample->add_subcommand("import", "Import samples of the workspace's points (all files or none)");
  import->add_option("WS", o->ws, "Workspace")->required();
  import->add_option("FILE", o->files, "Sample files, the layouts of `groundwater classify`")->required();
  import->add_option("--source", o->source, "Publisher label stored with the values");
  import->footer(
      "Examples:\n  ecobarrier groundwater sample import ws.gpkg samples-2024.csv\n\n"
      "Every file is checked before anything is written; re-importing the same values changes nothing; a value\n"
      "different from the one stored is refused (file:line:column).");
  import->callback([o, &ctx] {
    const auto r = runs::run_groundwater_sample_import({o->ws, o->files, o->source}, ctx.run_env());
  ctx.present(runs::groundwater_sample_import_document(r, ctx.lang()));
});
}  // namespace eb::app

void add_assess_command(CLI::App* gw, Context& ctx) {
  struct Options {
    std::string ws, set = "all";
    int year = 0, baseline = 0, level = 2;
  };
  auto o = std::make_shared<Options>();
  auto* assess = gw->add_subcommand("assess", "Points by class and the shares in I-IV and V per league/city or region");
  assess->add_option("WS", o->ws, "Workspace")->required();
  assess->add_option("--year", o->year, "Year assessed")->required();
  assess->add_option("--baseline", o->baseline, "Baseline year, compared on the points with samples in both");
  assess->add_option("--level", o->level, "2: league/city, 1: the region")
      ->check(CLI::IsMember({1, 2}))
      ->capture_default_str();
  assess->add_option("--set", o->set, "Points: national (国考), provincial (国考 and 区考) or all")
      ->check(CLI::IsMember({"national", "provincial", "all"}))
      ->capture_default_str();
  assess->footer(
      "Examples:\n  ecobarrier groundwater assess ws.gpkg --year 2024 --level 2 --baseline 2020\n"
      "  ecobarrier groundwater assess ws.gpkg --year 2024 --level 1 --set national --format json\n\n"
      "A point's year: each item's mean over its samples, classed by GB/T 14848-2017, the point by its worst item.\n"
      "Shares over the points with samples; each unit lists the points left out and why (docs/groundwater.md).");
  assess->callback([o, &ctx] {
    const auto req = runs::groundwater_assess_request(o->ws, o->year, o->baseline, o->level, o->set);
    ctx.present(runs::groundwater_assess_document(runs::run_groundwater_assess(req), ctx.lang()), o->ws);
  });
}

}  // namespace

void add_groundwater_commands(CLI::App& app, Context& ctx) {
  auto* gw = app.add_subcommand("groundwater", "Groundwater: GB/T 14848-2017 classes, points, samples, assessment");
  gw->require_subcommand(1);
  gw->footer("Examples:\n  ecobarrier groundwater classify samples.csv\n\nRules and sources: docs/groundwater.md.");
  add_classify_command(gw, ctx);
  add_point_commands(gw, ctx);
  add_sample_commands(gw, ctx);
  add_assess_command(gw, ctx);
}

}  // namespace eb::app

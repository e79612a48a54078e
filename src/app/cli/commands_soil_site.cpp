// ecobarrier soil site classify: construction-land samples against GB 36600-2018 (docs/soil-construction.md).
// `soil` is shared with the farmland commands (commands_soil.cpp): whichever registers first creates it.
#include "app/cli/context.hpp"
#include "app/runs/soil/construction.hpp"
#include "app/runs/soil/construction_sites.hpp"
#include "core/error.hpp"

namespace eb::app {

namespace {

void run_site_classify(Context& ctx, const std::vector<std::string>& paths, int land_class, const std::string& by) {
  runs::SoilSiteClassifyRequest req;
  if (land_class) req.land_class = land_class;
  for (const auto& path : paths) req.files.push_back(runs::soil_site_file(path));
  ctx.present(runs::soil_site_classify_document(runs::run_soil_site_classify(req),
                                                runs::parse_soil_site_table(by).value(), ctx.lang()));
}

void add_site_classify_command(CLI::App* site, Context& ctx) {
  struct Options {
    std::vector<std::string> files;
    int land_class = 0;
    std::string by = "site";
  };
  auto o = std::make_shared<Options>();
  auto* cls = site->add_subcommand(
      "classify", "Exceedances of the screening and control values per site, sample or value (no workspace needed)");
  cls->add_option("FILE", o->files, "Sample files: long (site,sample,depth_m,item,value[,unit]) or wide layout")
      ->required();
  cls->add_option("--land-class", o->land_class,
                  "1 (residential, schools, hospitals, welfare, community and children's parks) or 2 (industrial, "
                  "logistics, commercial, ...); default: the files' land_class/planned_use column, else 1 (5.3.1)")
      ->check(CLI::IsMember({1, 2}));
  cls->add_option("--by", o->by, "One row per site (the conclusion), sample, or item value (every ratio)")
      ->check(CLI::IsMember({"site", "sample", "item"}))
      ->capture_default_str();
  cls->footer(
      "Examples:\n"
      "  ecobarrier soil site classify samples.csv --land-class 1\n"
      "  ecobarrier soil site classify samples.csv --land-class 2 --by item --format csv -o values.csv\n\n"
      "GB 36600-2018: a site at or below every screening value has negligible risk; above a screening value it\n"
      "needs a detailed investigation and risk assessment; above a control value, risk control or remediation.\n"
      "Contents in mg/kg (a long file's unit column may say µg/kg); \"<0.05\", \"0.05L\" and \"ND\" are below the\n"
      "detection limit. Items the standard does not list (pH, Zn, ...) are named in a note and not assessed.\n"
      "Rules, sources and choices: docs/soil-construction.md.");
  cls->callback([o, &ctx] { run_site_classify(ctx, o->files, o->land_class, o->by); });
}

void add_site_workspace_commands(CLI::App* site, Context& ctx) {
  struct ImportOptions {
    std::string ws;
    std::vector<std::string> files;
  };
  auto io_ = std::make_shared<ImportOptions>();
  auto* import = site->add_subcommand("import", "Import construction-land sites (planned use, key site, status)");
  import->add_option("WS", io_->ws, "Workspace")->required();
  import->add_option("FILE", io_->files, "Site lists (CSV)")->required();
  import->footer(
      "Examples:\n  ecobarrier soil site import ws.gpkg sites.csv\n\n"
      "Columns: code,name,unit_code,lon,lat,planned_use,land_class,key_site,key_basis,status,investigated_on,\n"
      "risk_assessed_on,effect_evaluated_on,effect_passed,reused_on (docs/soil-construction.md). A site belongs to\n"
      "its unit_code, else to the deepest unit covering lon/lat. Each file is one transaction.");
  import->callback([io_, &ctx] {
    const auto r = runs::run_soil_site_import({io_->ws, io_->files}, ctx.run_env());
  ctx.present(runs::soil_site_import_document(r, false, ctx.lang()));
});

auto so = std::make_shared<ImportOptions>();
auto* sample = site->add_subcommand("sample", "Soil samples of construction-land sites");
sample->require_subcommand(1);
auto* simport = sample->add_subcommand("import", "Import sample contents (the layouts of soil site classify)");
simport->add_option("WS", so->ws, "Workspace")->required();
simport->add_option("FILE", so->files, "Sample files (long or wide CSV)")->required();
simport->footer(
    "Examples:\n  ecobarrier soil site sample import ws.gpkg samples.csv\n\n"
    "The sites must be imported first. The same value again changes nothing; a different value for the same\n"
    "site, sample, depth and item is refused (nothing of the file is imported).");
simport->callback([so, &ctx] {
  const auto r = runs::run_soil_site_sample_import({so->ws, so->files}, ctx.run_env());
  ctx.present(runs::soil_site_import_document(r, true, ctx.lang()));
});

struct AssessOptions {
  std::string ws;
  int year = 0, level = 2;
};
auto ao = std::make_shared<AssessOptions>();
auto* assess = site->add_subcommand(
    "assess", "Per unit: sites, exceedances, required actions and the key-construction-land safe-use rate");
assess->add_option("WS", ao->ws, "Workspace")->required();
assess->add_option("--year", ao->year, "Year assessed (reuse dates in it)")->required();
assess->add_option("--level", ao->level, "1 (region) or 2 (league/city)")
    ->check(CLI::IsMember({1, 2}))
    ->capture_default_str();
assess->footer(
    "Examples:\n  ecobarrier soil site assess ws.gpkg --year 2024 --level 2\n\n"
    "Safe-use rate (重点建设用地安全利用率): key sites reused in the year that were safely used (samples at or\n"
    "below screening, or control/remediation effect evaluation passed before reuse) over all key sites reused;\n"
    "the choices are in data/standards/soil_site_rules.csv (docs/soil-construction.md).");
assess->callback([ao, &ctx] {
  ctx.present(runs::soil_site_assess_document(runs::run_soil_site_assess({ao->ws, ao->year, ao->level}), ctx.lang()),
              ao->ws);
});
}  // namespace

}  // namespace eb::app

void add_soil_site_commands(CLI::App& app, Context& ctx) {
  // This CLI11 has no get_subcommand_no_throw: find "soil" among the registered commands.
  CLI::App* soil = nullptr;
  for (CLI::App* sub : app.get_subcommands([](CLI::App* s) { return s->get_name() == "soil"; })) soil = sub;
  if (!soil) {
    soil = app.add_subcommand("soil", "Soil: farmland (GB 15618-2018) and construction land (GB 36600-2018)");
    soil->require_subcommand(1);
  }
  auto* site = soil->add_subcommand("site", "Construction land: GB 36600-2018 screening and control values");
  site->require_subcommand(1);
  site->footer(
      "Examples:\n  ecobarrier soil site classify samples.csv --land-class 1\n\n"
      "Rules and sources: docs/soil-construction.md.");
  add_site_classify_command(site, ctx);
  add_site_workspace_commands(site, ctx);
}

}  // namespace eb::app

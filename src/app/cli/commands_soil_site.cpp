// ecobarrier soil site classify: construction-land samples against GB 36600-2018 (docs/soil-construction.md).
// `soil` is shared with the farmland commands (commands_soil.cpp): whichever registers first creates it.
#include "app/cli/context.hpp"
#include "app/runs/soil/construction.hpp"
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

}  // namespace

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
}

}  // namespace eb::app

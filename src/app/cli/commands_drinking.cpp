// ecobarrier water source import | assess: centralised drinking-water sources (集中式生活饮用水水源地), under the
// `water` command (docs/drinking-water.md).
#include "app/cli/context.hpp"
#include "app/runs/drinking/drinking.hpp"

namespace eb::app {

void add_drinking_commands(CLI::App& app, Context& ctx) {
  CLI::App* water = app.get_subcommand("water");
  auto* source = water->add_subcommand("source", "Centralised drinking-water sources: list and compliance");
  source->require_subcommand(1);
  source->footer(
      "Examples:\n  ecobarrier water source import ws.gpkg sources.csv\n"
      "  ecobarrier water source assess ws.gpkg --year 2024 --level 2\n\nRules and sources: docs/drinking-water.md.");

  struct ImportOptions {
    std::string ws;
    std::vector<std::string> files;
  };
  auto io_ = std::make_shared<ImportOptions>();
  auto* imp = source->add_subcommand("import", "Import drinking-water sources and the points that sample them");
  imp->add_option("WS", io_->ws, "Workspace")->required();
  imp->add_option("FILE", io_->files, "Source lists (CSV)")->required();
  imp->footer(
      "Examples:\n  ecobarrier water source import ws.gpkg sources.csv\n\n"
      "Columns (any order): code,name,kind,points and optionally level,unit,supply_10k_m3,population\n"
      "(or 水源编码,水源名称,水源类型,监测点位,级别,行政区划代码,取水量,服务人口). kind: river, lake (lakes and\n"
      "reservoirs) or groundwater; level: city (地级及以上城市), county or township; points: station codes\n"
      "separated by | (import them first, e.g. with `water section import`); their samples come with `obs import`.\n"
      "One transaction per file; the same file again changes nothing.");
  imp->callback([io_, &ctx] {
    const auto r = runs::run_drinking_source_import({io_->ws, io_->files}, ctx.run_env());
    ctx.present(runs::drinking_source_import_document(r, ctx.lang()));
  });

  struct AssessOptions {
    std::string ws, source_level = "all", annual, below = "half";
    int year = 0, level = 2;
  };
  auto ao = std::make_shared<AssessOptions>();
  auto* assess = source->add_subcommand("assess", "Compliance per source and month, and the rates per unit");
  assess->add_option("WS", ao->ws, "Workspace")->required();
  assess->add_option("--year", ao->year, "Year")->required();
  assess->add_option("--level", ao->level, "2: per league/city, 1: the region")
      ->check(CLI::IsMember({1, 2}))
      ->capture_default_str();
  assess->add_option("--source-level", ao->source_level, "Sources of one tier: city, county, township or all")
      ->check(CLI::IsMember({"city", "county", "township", "all"}))
      ->capture_default_str();
  assess
      ->add_option("--annual", ao->annual,
                   "Year rule: every_month (every monitored month compliant) or annual_mean (default: the rule in "
                   "data/standards/drinking_water_rules.csv)")
      ->check(CLI::IsMember({"every_month", "annual_mean"}));
  assess->add_option("--below-dl", ao->below, "Values below the detection limit: half, limit or zero")
      ->check(CLI::IsMember({"half", "limit", "zero"}))
      ->capture_default_str();
  assess->footer(
      "Examples:\n  ecobarrier water source assess ws.gpkg --year 2024\n"
      "  ecobarrier water source assess ws.gpkg --year 2024 --level 1 --source-level city --format json\n\n"
      "A month complies when every evaluated item's mean over the month's samples meets its limit: GB 3838-2002\n"
      "Table 1 class III (water temperature and TN of rivers left out, TN of lakes and fecal coliform reported\n"
      "apart), Tables 2 and 3. Per unit: compliant sources / sources with samples and their share of the water\n"
      "supplied; sources without samples in the year are listed apart and not counted.");
  assess->callback([ao, &ctx] {
    const auto req =
        runs::drinking_assess_request(ao->ws, ao->year, ao->level, ao->source_level, ao->annual, ao->below);
    ctx.present(runs::drinking_assess_document(runs::run_drinking_assess(req), ctx.lang()), ao->ws);
  });
}

}  // namespace eb::app

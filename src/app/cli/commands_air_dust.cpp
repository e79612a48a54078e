// ecobarrier air dust import | list | candidates
#include "app/cli/context.hpp"
#include "app/runs/air/dust.hpp"

namespace eb::app {

void add_air_dust_commands(CLI::App& air, Context& ctx) {
  auto* dust =
      air.add_subcommand("dust", "Sand/dust-affected periods (环办监测〔2016〕120号) that assessments can deduct");
  dust->require_subcommand(1);

  auto im = std::make_shared<runs::AirDustImportRequest>();
  auto* import = dust->add_subcommand("import", "Import sand/dust-affected periods per league/city (all or nothing)");
  import->add_option("WS", im->workspace, "Workspace")->required();
  import->add_option("FILE", im->file, "CSV: unit,start,end,source,note")->required();
  import->footer(
      "Examples:\n  ecobarrier air dust import ws.gpkg dust-2018.csv\n\n"
      "unit: a unit code (150100) or league/city name (呼和浩特); start, end: YYYY-MM-DD or YYYY-MM-DD HH:MM\n"
      "(Beijing time; an end date alone includes that day); source: who determined the period\n"
      "(monitoring_centre, meteorological, ...); note: free text. Re-importing a period updates its source\n"
      "and note. `air assess --dust deducted|both` then deducts them (docs/air.md).");
  import->callback([im, &ctx] {
    ctx.present(runs::air_dust_import_document(runs::run_air_dust_import(*im, ctx.run_env()), ctx.lang()));
});

struct ListOptions {
  runs::AirDustListRequest req;
  std::string period;
};
auto li = std::make_shared<ListOptions>();
auto* list = dust->add_subcommand("list", "The stored sand/dust-affected periods");
list->add_option("WS", li->req.workspace, "Workspace")->required();
list->add_option("--period", li->period, "Only periods overlapping this one (2018, 2018-03, ...)");
list->callback([li, &ctx] {
  if (!li->period.empty()) li->req.period = period_option(li->period);
  ctx.present(runs::air_dust_list_document(runs::run_air_dust_list(li->req, ctx.run_env()), ctx.lang()));
});

struct CandidateOptions {
  runs::AirDustCandidatesRequest req;
  std::string period;
};
auto ca = std::make_shared<CandidateOptions>();
auto* candidates =
    dust->add_subcommand("candidates", "Propose candidate dust days from the data, for review (never applied)");
candidates->add_option("WS", ca->req.workspace, "Workspace")->required();
candidates->add_option("--period", ca->period, "2018, 2018-03, 2018Q2 or FROM..TO")->required();
candidates->footer(
    "Examples:\n  ecobarrier air dust candidates ws.gpkg --period 2018Q2 --format csv -o review.csv\n\n"
    "Writes the import layout with source=candidate; the import refuses it until a reviewer sets source.");
candidates->callback([ca, &ctx] {
  ca->req.period = period_option(ca->period);
  ctx.present(runs::air_dust_candidates_document(runs::run_air_dust_candidates(ca->req, ctx.run_env()), ctx.lang()));
});
}  // namespace eb::app

}  // namespace eb::app

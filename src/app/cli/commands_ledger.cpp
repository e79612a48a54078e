// ecobarrier project import | plan | summary | overlaps: the restoration ledger; options to a run's request, the run,
// and its document (app/runs/project).
#include <memory>

#include "app/cli/context.hpp"
#include "app/cli/governance_runs.hpp"
#include "app/runs/project/project_import.hpp"
#include "app/runs/project/project_overlaps.hpp"
#include "app/runs/project/project_summary.hpp"

namespace eb::app {

void run_project_import(Context& ctx, const std::string& ws_path, const std::string& path,
                        const std::string& acre_means) {
  const runs::ProjectImportRequest req{ws_path, path, acre_means};
  ctx.present(runs::project_import_document(runs::run_project_import(req, ctx.run_env()), ctx.lang()));
}

void run_plan_import(Context& ctx, const std::string& ws_path, const std::string& path) {
  const runs::ProjectPlanImportRequest req{ws_path, path};
  ctx.present(runs::project_plan_import_document(runs::run_project_plan_import(req, ctx.run_env()), ctx.lang()));
}

// The ledger table, then the mine-restoration balance after a blank line (each written as its own table).
void run_project_summary(Context& ctx, const SummaryRequest& req) {
  const Document doc = runs::project_summary_document(runs::run_project_summary(req, ctx.run_env()), ctx.lang());
  if (ctx.layer_format()) {
    ctx.present(doc, req.ws);
    return;
  }
  if (ctx.workbook()) {  // a sheet each
    ctx.present(doc);
    return;
  }
  for (const auto& n : doc.notes) ctx.note(n);
  for (std::size_t i = 0; i < doc.parts.size(); ++i) {
    if (i > 0) ctx.out() << "\n";
    write_table(ctx.out(), doc.parts[i].second, ctx.format(), ctx.lang());
  }
}

void run_project_overlaps(Context& ctx, const std::string& ws_path) {
  ctx.present(runs::project_overlaps_document(runs::run_project_overlaps({ws_path}, ctx.run_env()), ctx.lang()));
}

void add_ledger_commands(CLI::App& app, Context& ctx) {
  auto* project = app.add_subcommand("project", "Restoration ledger: projects, annual plans, progress in 亩");
  project->require_subcommand(1);
  auto io = std::make_shared<runs::ProjectImportRequest>();
  auto* imp = project->add_subcommand("import", "Import projects (CSV, or any vector file with outlines)");
  imp->add_option("WS", io->ws, "Workspace")->required();
  imp->add_option("FILE", io->file,
                  "Columns: code,name,type,unit_code,year[,planned,planned_unit,completed,completed_unit,funding]")
      ->required();
  imp->add_option("--acre-means", io->acre_means, "What \"acre\" means in the file: mu or international")
      ->check(CLI::IsMember({"mu", "international"}));
  imp->footer(
      "Example:\n  ecobarrier project import ws.gpkg projects_2023.csv\n\n"
      "Units: mu/亩, ha/公顷, km2/平方公里, m2; values are kept as given and exactly (to 10^-6 亩). A project\n"
      "already in the workspace (same code) is updated when it changed. Any bad record stops the import with its\n"
      "line and nothing is stored. See docs/ledger.md.");
  imp->callback([io, &ctx] { run_project_import(ctx, io->ws, io->file, io->acre_means); });

  auto po = std::make_shared<runs::ProjectPlanImportRequest>();
  auto* plan = project->add_subcommand("plan", "Import annual plans (CSV: unit_code,year,type,planned,unit)");
  plan->add_option("WS", po->ws, "Workspace")->required();
  plan->add_option("FILE", po->file, "Plans")->required();
  plan->callback([po, &ctx] { run_plan_import(ctx, po->ws, po->file); });

  auto sr = std::make_shared<SummaryRequest>();
  auto* summary = project->add_subcommand("summary", "Completion against plans, rolled up the admin hierarchy");
  summary->add_option("WS", sr->ws, "Workspace")->required();
  summary->add_option("--year", sr->year, "Year reported")->required();
  summary->add_option("--since", sr->since, "Cumulative from this year to --year");
  summary->add_option("--level", sr->level, "Roll up to this level: 1 region, 2 leagues/cities, 3 banners")
      ->capture_default_str()
      ->check(CLI::Range(1, 5));
  summary->footer(
      "Example:\n  ecobarrier project summary ws.gpkg --year 2023 --level 1\n"
      "  ecobarrier project summary ws.gpkg --year 2023 --since 2016 --format csv\n\n"
      "Completion is measured against the annual plans (project plan) when there are any, else against the\n"
      "projects' own planned areas. Also prints mine restoration against new mining damage per year.");
  summary->alias("progress");
  summary->callback([sr, &ctx] { run_project_summary(ctx, *sr); });

  auto ow = std::make_shared<std::string>();
  auto* overlaps = project->add_subcommand("overlaps", "Project outlines overlapping the red line or each other");
  overlaps->add_option("WS", *ow, "Workspace")->required();
  overlaps->callback([ow, &ctx] { run_project_overlaps(ctx, *ow); });
}

}  // namespace eb::app

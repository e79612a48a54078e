// ecobarrier chief import | patrols | coverage: the chief system (河湖长制, 林长制) and patrol coverage; options to a
// run's request, the run, and its document (app/runs/chief).
#include <memory>

#include "app/cli/context.hpp"
#include "app/cli/governance_runs.hpp"
#include "app/runs/chief/coverage.hpp"
#include "app/runs/chief/import.hpp"
#include "core/civil_time.hpp"
#include "core/error.hpp"
#include "core/period.hpp"

namespace eb::app {

namespace {

void run_chief_import(Context& ctx, const std::string& ws, const std::string& path) {
  ctx.present(runs::chief_import_document(runs::run_chief_import({ws, path}, ctx.run_env()), ctx.lang()));
}

void run_patrol_import(Context& ctx, const std::string& ws, const std::string& path) {
  ctx.present(runs::chief_patrol_import_document(runs::run_chief_patrol_import({ws, path}, ctx.run_env()), ctx.lang()));
}

}  // namespace

void run_chief_coverage(Context& ctx, const std::string& ws_path, const std::string& period_text,
                        const std::string& as_of_text, int level, bool per_chief) {
  runs::ChiefCoverageRequest req;
  req.ws = ws_path;
  req.level = level;
  const auto period = parse_period(period_text);
  if (!period) throw UsageError("--period: e.g. 2023, 2023-06, 2023Q2 or 2023-01-01..2023-06-30");
  req.period = *period;
  if (!as_of_text.empty()) {
    req.as_of = parse_iso_date(as_of_text);
    if (!req.as_of) throw UsageError("--as-of: a date YYYY-MM-DD");
  }
  ctx.present(runs::chief_coverage_document(runs::run_chief_coverage(req, ctx.run_env()), ctx.lang(), per_chief));
}

void run_chief_import_files(Context& ctx, const std::string& ws, const std::string& chiefs,
                            const std::string& patrols) {
  if (!chiefs.empty()) run_chief_import(ctx, ws, chiefs);
  if (!patrols.empty()) run_patrol_import(ctx, ws, patrols);
}

void add_chief_commands(CLI::App& app, Context& ctx) {
  auto* chief = app.add_subcommand("chief", "River/lake and forest/grassland chiefs: roster, patrols, coverage");
  chief->require_subcommand(1);
  struct Files {
    std::string ws, file;
  };
  auto ci = std::make_shared<Files>();
  auto* imp =
      chief->add_subcommand("import", "Import chiefs (CSV: id,name,kind,level,unit_code[,since,until,objects])");
  imp->add_option("WS", ci->ws, "Workspace")->required();
  imp->add_option("FILE", ci->file, "Chiefs; objects as id:name|id:name")->required();
  imp->callback([ci, &ctx] { run_chief_import(ctx, ci->ws, ci->file); });
  auto pi = std::make_shared<Files>();
  auto* pat = chief->add_subcommand(
      "patrols",
      "Import patrols (CSV: id,chief_id,date[,object_id,duration_min,track_km,issues_found,issues_resolved,"
      "resolution_days])");
  pat->add_option("WS", pi->ws, "Workspace")->required();
  pat->add_option("FILE", pi->file, "Patrol records")->required();
  pat->callback([pi, &ctx] { run_patrol_import(ctx, pi->ws, pi->file); });
  struct CoverageOptions {
    std::string ws, period, as_of;
    int level = 2;
  };
  auto co = std::make_shared<CoverageOptions>();
  auto* cov = chief->add_subcommand("coverage", "Who patrolled as required, who is overdue, what went unpatrolled");
  cov->add_option("WS", co->ws, "Workspace")->required();
  cov->add_option("--period", co->period, "2023, 2023Q2, 2023-06 or FROM..TO")->required();
  cov->add_option("--as-of", co->as_of, "Date for the overdue flag (default: the day after the period)");
  cov->add_option("--level", co->level, "Roll up to this administrative level")
      ->capture_default_str()
      ->check(CLI::Range(1, 5));
  cov->footer(
      "Example:\n  ecobarrier chief coverage ws.gpkg --period 2023 --level 2\n\n"
      "Required frequencies by level are data (data/standards/patrol_frequency.csv; unconfirmed [M], configurable).\n"
      "A window (year, quarter, month, dekad or ISO week) counts when the chief served all of it inside the\n"
      "period; overdue means the last whole window before --as-of fell short. See docs/assessment.md.");
  cov->callback([co, &ctx] { run_chief_coverage(ctx, co->ws, co->period, co->as_of, co->level); });
}

}  // namespace eb::app

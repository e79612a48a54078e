// ecobarrier summary WS: units, stations per unit, data capture against the expected calendar.
#include "app/cli/context.hpp"
#include "app/runs/summary/summary.hpp"
#include "core/error.hpp"

namespace eb::app {

void print_summary(Context& ctx, const std::string& workspace, const std::string& period_text, const std::string& part,
                   const std::string& averaging) {
  const runs::SummaryRequest req = runs::summary_request(workspace, period_text, part, averaging);
  if (ctx.format() == Format::csv && req.part == runs::SummaryPart::all)
    throw UsageError("CSV holds one table: choose --part units, stations, unlocated or capture");
  ctx.present(runs::summary_document(runs::run_summary(req), ctx.lang(), ctx.format()));
}

void add_summary_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::string ws, period, part = "all", averaging;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("summary", "Units, stations per unit, and data capture per station and parameter");
  cmd->add_option("WS", o->ws, "Workspace")->required();
  cmd->add_option("--period", o->period, "Calendar to judge capture against: 2019, 2019-03, 2019Q1, FROM..TO");
  cmd->add_option("--part", o->part, "Which part to print")
      ->check(CLI::IsMember({"all", "units", "stations", "unlocated", "capture"}))
      ->capture_default_str();
  cmd->add_option("--averaging", o->averaging, "Only these averagings, comma-separated (1h,24h,8h,day,...)");
  cmd->footer(
      "Examples:\n"
      "  ecobarrier summary ws.gpkg\n"
      "  ecobarrier summary ws.gpkg --period 2019-01-01..2019-06-30 --part capture --format csv -o capture.csv\n\n"
      "Capture is counted against the calendar: every hour (or day) of the period is expected for every\n"
      "station and every quantity reported by stations of its kind. Without --period the calendar runs\n"
      "from the first to the last day of the data of that station kind and averaging.");
  cmd->callback([o, &ctx] { print_summary(ctx, o->ws, o->period, o->part, o->averaging); });
}

}  // namespace eb::app

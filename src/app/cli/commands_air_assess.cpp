// ecobarrier air assess WS --period P --level station|city|region
#include "app/cli/context.hpp"
#include "app/runs/air/air_rules.hpp"
#include "app/runs/air/assess.hpp"
#include "core/error.hpp"

namespace eb::app {

void print_air_assessment(Context& ctx, const std::string& ws_path, const AssessRequest& req,
                          const std::string& whatif_standard, bool wide) {
  const Lang l = ctx.lang();
  const Format format = ctx.format();
  if (wide && format == Format::json)
    throw UsageError("--wide is for CSV; JSON keeps one row per figure (for programs)");
  runs::AirAssessRequest request = req;
  request.workspace = ws_path;
  request.whatif_standard = whatif_standard;
  const runs::AirAssessResult r = runs::run_air_assess(request, ctx.run_env());
  if (ctx.layer_format()) {
    // A map layer holds the table as people see it: a feature per unit with its headline figures.
    ctx.present(runs::air_assess_summary_document(r, l), ws_path);
    return;
  }
  if (ctx.workbook()) {
    ctx.present(runs::air_assess_wide_document(r, l, true));
    return;
  }
  if (wide && format == Format::csv) {
    const Document doc = runs::air_assess_wide_document(r, l, false);
    if (doc.parts.size() > 1)
      throw UsageError("CSV holds one table: with --what-if or --dust both, --wide needs XLSX (-o FILE.xlsx)");
    ctx.present(doc);
    return;
  }
  if (format != Format::table) {
    ctx.present(runs::air_assess_long_document(r, l));
    return;
  }
  // For people: the summary, a blank line before the what-if table, and the footnote on capture.
  const Document doc = runs::air_assess_summary_document(r, l);
  for (const auto& n : doc.notes) ctx.note(n);
  for (std::size_t i = 0; i < doc.parts.size(); ++i) {
    if (i > 0) ctx.out() << "\n";
    write_table(ctx.out(), doc.parts[i].second, Format::table, l);
  }
  ctx.out() << runs::air_assess_footnote(r, l);
}

void print_air_daily(Context& ctx, const std::string& ws_path, const AssessRequest& req) {
  runs::AirAssessRequest request = req;
  request.workspace = ws_path;
  ctx.present(runs::air_daily_document(runs::run_air_daily(request, ctx.run_env()), ctx.lang()));
}

void add_dust_options(CLI::App& cmd, runs::AirDust& dust, bool allow_both) {
  std::vector<std::string> choices{"raw", "deducted"};
  if (allow_both) choices.push_back("both");
  cmd.add_option_function<std::string>(
         "--dust", [&dust](const std::string& v) { dust = runs::air_dust(v); },
         allow_both ? "Sand/dust-affected periods (air dust import): raw (as measured, default), deducted (their PM "
                      "data deducted per city, 环办监测〔2016〕120号), or both side by side"
                    : "Sand/dust-affected periods (air dust import): raw (default) or deducted")
      ->check(CLI::IsMember(choices));
  cmd.add_flag_callback(
      "--exclude-dust", [&dust] { dust = runs::AirDust::deducted; }, "Same as --dust deducted (older name)");
}

void add_air_assess_command(CLI::App& air, Context& ctx) {
  struct Options {
    std::string ws, period, whatif;
    AssessRequest req;
    bool wide = false;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = air.add_subcommand("assess", "HJ 663 assessment of a period for stations, cities or the region");
  cmd->add_option("WS", o->ws, "Workspace")->required();
  cmd->add_option("--period", o->period, "2019, 2019-03, 2019Q1 or FROM..TO")->required();
  cmd->add_option("--level", o->req.level, "station, county (banner/county), city (league/city) or region")
      ->check(CLI::IsMember({"station", "county", "city", "region"}))
      ->capture_default_str();
  cmd->add_option("--standard", o->req.standard, "auto (in force at the period's end), 2012, 2026, 2026-final")
      ->check(CLI::IsMember(runs::air_standard_choices(true)))
      ->capture_default_str();
  cmd->add_option("--what-if", o->whatif, "Also evaluate under this standard and show both: 2012, 2026, 2026-final")
      ->check(CLI::IsMember(runs::air_standard_choices(false)));
  cmd->add_option("--class", o->req.zone_class, "GB 3095 zone class (1: nature reserves and the like; 2: others)")
      ->check(CLI::IsMember({1, 2}))
      ->capture_default_str();
  cmd->add_option("--composite", o->req.composite,
                  "Composite index: auto/unweighted, or weighted (PM2.5 x3, NO2 x2, O3 x2; unconfirmed)")
      ->check(CLI::IsMember({"auto", "unweighted", "weighted"}))
      ->capture_default_str();
  add_dust_options(*cmd, o->req.dust, true);
  cmd->add_flag("--wide", o->wide,
                "CSV as the table shows it: a row per unit, a column per figure (default: one row per figure); "
                "XLSX is always wide, with every figure on a second sheet");
  cmd->footer(
      "Examples:\n"
      "  ecobarrier air assess ws.gpkg --period 2016 --level city\n"
      "  ecobarrier air assess ws.gpkg --period 2019-01-01..2019-06-30 --level region --format csv -o region.csv\n"
      "  ecobarrier air assess ws.gpkg --period 2016 --level city --what-if 2026\n"
      "  ecobarrier air assess ws.gpkg --period 2016 --level city -o city.xlsx\n\n"
      "  ecobarrier air assess ws.gpkg --period 2018 --level region --dust both\n\n"
      "Long form (csv/json): code,name,level,period,pollutant,statistic,value,reported,unit,valid,n_days,\n"
      "expected_days,limit,compliant,exceedance,note,standard,members,members_expected,members_present,\n"
      "members_valid,membership,dust — one row per figure. A region's figures are the means of its\n"
      "cities' figures; with fewer valid cities than expected it is marked incomplete (docs/air.md).");
  cmd->callback([o, &ctx] {
    o->req.period = period_option(o->period);
    print_air_assessment(ctx, o->ws, o->req, o->whatif, o->wide);
  });

  auto d = std::make_shared<Options>();
  auto* daily = air.add_subcommand("daily", "The daily values behind an assessment: every unit and day, with counts");
  daily->add_option("WS", d->ws, "Workspace")->required();
  daily->add_option("--period", d->period, "2019, 2019-03, 2019Q1 or FROM..TO")->required();
  daily->add_option("--level", d->req.level, "station, county, city or region")
      ->check(CLI::IsMember({"station", "county", "city", "region"}))
      ->capture_default_str();
  daily->add_option("--standard", d->req.standard, "auto, 2012, 2026, 2026-final")
      ->check(CLI::IsMember(runs::air_standard_choices(true)))
      ->capture_default_str();
  add_dust_options(*daily, d->req.dust, false);
  daily->footer(
      "Examples:\n  ecobarrier air daily ws.gpkg --period 2016 --level city --format csv -o days.csv\n\n"
      "The audit trail of `air assess`: per unit and day the daily values (24-hour means, O3 daily max\n"
      "8-h and 1-h), how many hours / 8-hour windows / member sites stand behind each (n_*), the dust flag\n"
      "and the daily AQI. Empty = not valid on that day.");
  daily->callback([d, &ctx] {
    d->req.period = period_option(d->period);
    print_air_daily(ctx, d->ws, d->req);
  });
}

}  // namespace eb::app

// ecobarrier air rank | trend
#include "app/cli/context.hpp"
#include "app/runs/air/air_rules.hpp"
#include "app/runs/air/rank.hpp"

namespace eb::app {

void add_air_rank_commands(CLI::App& air, Context& ctx) {
  struct Options {
    std::string period, baseline;
    runs::AirRankRequest req;
  };
  auto o = std::make_shared<Options>();
  auto* rank = air.add_subcommand("rank", "Rank cities by the composite index, with change against a baseline period");
  rank->add_option("WS", o->req.workspace, "Workspace")->required();
  rank->add_option("--period", o->period, "2019, 2019-03, 2019Q1 or FROM..TO")->required();
  rank->add_option("--baseline", o->baseline, "Baseline period for changes (e.g. 2015)");
  rank->add_option("--standard", o->req.standard, "auto, 2012, 2026, 2026-final")
      ->check(CLI::IsMember(runs::air_standard_choices(true)))
      ->capture_default_str();
  rank->add_option("--composite", o->req.composite, "auto/unweighted or weighted (unconfirmed)")
      ->check(CLI::IsMember({"auto", "unweighted", "weighted"}))
      ->capture_default_str();
  add_dust_options(*rank, o->req.dust, false);
  rank->footer(
      "Examples:\n  ecobarrier air rank ws.gpkg --period 2016 --baseline 2015\n\n"
      "Smaller index = better air; equal indices share a rank. Changes: index and PM2.5 in %,\n"
      "good-day ratio in percentage points.");
  rank->callback([o, &ctx] {
    o->req.period = period_option(o->period);
    if (!o->baseline.empty()) o->req.baseline = period_option(o->baseline, "--baseline");
    ctx.present(runs::air_rank_document(runs::run_air_rank(o->req, ctx.run_env()), ctx.lang()), o->req.workspace);
  });

  auto t = std::make_shared<runs::AirTrendRequest>();
  auto* trend =
      air.add_subcommand("trend", "A statistic year by year: change, Theil-Sen slope, Mann-Kendall test, streak");
  trend->add_option("WS", t->workspace, "Workspace")->required();
  trend->add_option("--from", t->from, "First year")->required();
  trend->add_option("--to", t->to, "Last year")->required();
  trend->add_option("--level", t->level, "city or region")
      ->check(CLI::IsMember({"station", "city", "region"}))
      ->capture_default_str();
  trend->add_option("--pollutant", t->pollutant, "SO2, NO2, PM10, PM2.5, CO, O3, or ALL")->capture_default_str();
  trend->add_option("--statistic", t->statistic, "mean, p98, p95, p90; with ALL: composite_index or good_day_ratio_pct")
      ->capture_default_str();
  trend->footer(
      "Examples:\n  ecobarrier air trend ws.gpkg --from 2014 --to 2016 --pollutant PM2.5\n"
      "  ecobarrier air trend ws.gpkg --from 2014 --to 2016 --pollutant ALL --statistic good_day_ratio_pct\n\n"
      "Each year is assessed under the editions in force in it; only valid statistics enter the trend.\n"
      "Trend: Mann-Kendall (tie-corrected, continuity-corrected Z), significant when |Z| > 1.96;\n"
      "slope: Theil-Sen median of pairwise slopes. Streak: years in a row, up to the last, within the limit.");
  trend->callback(
      [t, &ctx] { ctx.present(runs::air_trend_document(runs::run_air_trend(*t, ctx.run_env()), ctx.lang())); });
}

}  // namespace eb::app

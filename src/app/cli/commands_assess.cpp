// ecobarrier assess import | derive | score | progress: indicators, targets, scores, ranks and their sensitivity;
// options to a run's request, the run, and its document (app/runs/assess).
#include <algorithm>
#include <memory>

#include "app/cli/context.hpp"
#include "app/cli/governance_runs.hpp"
#include "app/runs/assess/derive.hpp"
#include "app/runs/assess/import.hpp"
#include "app/runs/assess/progress.hpp"
#include "app/runs/assess/score.hpp"
#include "core/error.hpp"

namespace eb::app {

void run_assess_import(Context& ctx, const std::string& ws_path, const std::string& path) {
  ctx.present(runs::assess_import_document(runs::run_assess_import({ws_path, path}, ctx.run_env()), ctx.lang()));
}

void run_assess_score(Context& ctx, const ScoreRequest& req) {
  ctx.present(runs::assess_score_document(runs::run_assess_score(req, ctx.run_env()), ctx.lang()), req.ws);
}

void run_assess_progress(Context& ctx, const ScoreRequest& req, const std::string& only) {
  runs::AssessProgressRequest progress;
  progress.ws = req.ws;
  progress.registry = req.registry;
  progress.unit_targets = req.unit_targets;
  progress.indicator = only;
  progress.year = req.year;
  progress.level = req.level;
  ctx.present(runs::assess_progress_document(runs::run_assess_progress(progress, ctx.run_env()), ctx.lang()));
}

void run_assess_derive(Context& ctx, const DeriveRequest& req) {
  ctx.present(runs::assess_derive_document(runs::run_assess_derive(req, ctx.run_env()), ctx.lang()));
}

void add_assess_commands(CLI::App& app, Context& ctx) {
  auto* assess = app.add_subcommand("assess", "Assessment of units: indicator values, scores, ranks, progress");
  assess->require_subcommand(1);
  struct ImportOptions {
    std::string ws, file;
  };
  auto io_opts = std::make_shared<ImportOptions>();
  auto* imp =
      assess->add_subcommand("import", "Import indicator values (CSV: indicator,unit_code,year,value[,source])");
  imp->add_option("WS", io_opts->ws, "Workspace")->required();
  imp->add_option("FILE", io_opts->file, "CSV of yearly values per unit")->required();
  imp->callback([io_opts, &ctx] { run_assess_import(ctx, io_opts->ws, io_opts->file); });

  auto dv = std::make_shared<DeriveRequest>();
  auto* derive = assess->add_subcommand(
      "derive", "Indicator values from the engines: air, water, rasters, restoration ledger, sources");
  derive->add_option("WS", dv->ws, "Workspace")->required();
  derive->add_option("--year", dv->year, "Year")->required();
  derive
      ->add_option("--from", dv->from,
                   "air, water, ledger, sources, soil, groundwater, drinking, carbon, raster (comma-separated; "
                   "default all but raster)")
      ->delimiter(',')
      ->check(
          CLI::IsMember({"air", "water", "ledger", "sources", "soil", "groundwater", "drinking", "carbon", "raster"}));
  derive->add_option("--registry", dv->registry,
                     "Indicator registry: its source.reduction_<code>_pct entries (with a baseline year) are derived");
  derive->add_option("--raster", dv->rasters, "INDICATOR=PATH: the raster's area-weighted mean per unit (repeatable)");
  derive->add_option("--level", dv->level, "Units the rasters are averaged over (2 leagues/cities, 3 banners)")
      ->capture_default_str()
      ->check(CLI::Range(1, 5));
  derive->add_option("--scale", dv->scale, "Multiply raster means by this (100: a 0-1 cover as %)")
      ->capture_default_str();
  derive->add_option(
      "--land-cover", dv->land_cover,
      "YEAR=PATH, twice: land-cover rasters of two years for the carbon-sink estimate (carbon.sink_t_co2)");
  derive->add_option("--sink-zones", dv->sink_zones, "The units' boundaries for the carbon-sink estimate");
  derive->add_option("--sink-id-field", dv->sink_id_field, "Their unit-code field")->capture_default_str();
  derive->add_option("--below-dl", dv->below_dl, "Water values below the detection limit: half, limit or zero")
      ->capture_default_str();
  derive->footer(
      "Produces air.pm25_mean, air.pm10_mean (HJ 663 annual means, only where the capture rule is met) and\n"
      "air.good_day_ratio per city; water.share_i_iii_pct and water.share_worse_v_pct per league/city (GB 3838\n"
      "classes of the sections in it); ledger.<type>_completion (completed against the annual plan, %) per\n"
      "league; source.load_<code>_t (t per league/city from the outlets' hourly data) and, with --registry,\n"
      "source.reduction_<code>_pct (reduction against the registry's baseline year, %); soil.farmland_safe_use_pct,\n"
      "soil.key_construction_safe_use_pct, groundwater.share_i_iv_pct, groundwater.share_v_pct,\n"
      "drinking.compliant_sources_pct, drinking.compliant_supply_pct, energy.intensity_drop_vs_2020_pct and\n"
      "carbon.intensity_drop_vs_2020_pct (league/city and region), carbon.sink_t_co2 (an ESTIMATE) with --land-cover;\n"
      "and with --raster ID=PATH the "
      "indicator ID as the raster's area-weighted mean over each unit\n"
      "(exact cell coverage). A registry refers to them by these ids. See docs/assessment.md.\n\n"
      "Example:\n  ecobarrier assess derive ws.gpkg --year 2025 --raster grass_cover=fvc_2025.tif --scale 100");
  derive->callback([dv, &ctx] {
    if (!dv->rasters.empty() && std::find(dv->from.begin(), dv->from.end(), "raster") == dv->from.end())
      dv->from.push_back("raster");
    if (std::find(dv->from.begin(), dv->from.end(), "raster") != dv->from.end() && dv->rasters.empty())
      throw UsageError("--from raster: name the rasters with --raster INDICATOR=PATH");
    run_assess_derive(ctx, *dv);
  });

  auto req = std::make_shared<ScoreRequest>();
  auto add_common = [&](CLI::App* cmd) {
    cmd->add_option("WS", req->ws, "Workspace")->required();
    cmd->add_option("--registry", req->registry, "Indicator registry (CSV; docs/assessment.md)")->required();
    cmd->add_option("--year", req->year, "Year assessed")->required();
    cmd->add_option("--level", req->level, "Units: 2 leagues/cities, 3 banners/counties")
        ->capture_default_str()
        ->check(CLI::Range(1, 5));
    cmd->add_option("--unit-targets", req->unit_targets,
                    "Targets of single units (CSV: indicator,unit_code,year,target), replacing the registry's");
  };
  auto* score = assess->add_subcommand("score", "Scores (distance to target), ranks and rank intervals");
  add_common(score);
  score->add_option("--missing", req->missing, "Missing data: renormalize, zero or exclude")
      ->capture_default_str()
      ->check(CLI::IsMember({"renormalize", "zero", "exclude"}));
  score->add_option("--max-missing", req->max_missing, "renormalize: no rank above this share of missing weight")
      ->capture_default_str();
  score->add_option("--draws", req->draws, "Monte Carlo draws of perturbed weights")->capture_default_str();
  score->add_option("--seed", req->seed, "Seed of the draws (same seed, same intervals)")->capture_default_str();
  score->add_option("--spread", req->spread, "Each weight times a uniform factor in [1-spread, 1+spread]")
      ->capture_default_str();
  score->footer(
      "Example:\n  ecobarrier assess score ws.gpkg --registry registry.csv --year 2023 --level 2\n\n"
      "Score 0 at the registry's worst bound, 100 at the year's target, linear between; weighted means by\n"
      "category and overall; competition ranks; rank intervals (5 %, median, 95 %) under perturbed weights.\n"
      "See docs/assessment.md.");
  score->callback([req, &ctx] { run_assess_score(ctx, *req); });
  auto only = std::make_shared<std::string>();
  auto* progress = assess->add_subcommand("progress", "Value, change vs baseline, target met, goal share, streaks");
  add_common(progress);
  progress->add_option("--indicator", *only, "Only this indicator");
  progress->callback([req, only, &ctx] { run_assess_progress(ctx, *req, *only); });
}

}  // namespace eb::app

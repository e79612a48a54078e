// ecobarrier air aqi | hourly (and the subcommands of commands_air_assess.cpp, commands_air_rank.cpp)
#include <fmt/format.h>

#include "app/cli/context.hpp"
#include "app/runs/air/air_rules.hpp"
#include "app/runs/air/aqi.hpp"
#include "core/error.hpp"

namespace eb::app {

Period period_option(const std::string& text, const char* option) {
  const auto p = parse_period(text);
  if (!p)
    throw UsageError(fmt::format("{}: expected 2019, 2019-03, 2019Q1 or 2019-01-01..2019-06-30, got {}", option, text));
  return *p;
}

void print_air_hourly(Context& ctx, const std::string& ws_path, const Period& period, const std::string& station,
                      const std::string& standard) {
  const runs::AirHourlyRequest req{ws_path, period, station, standard};
  ctx.present(runs::air_hourly_document(runs::run_air_hourly(req, ctx.run_env()), ctx.lang()));
}

void add_air_commands(CLI::App& app, Context& ctx) {
  auto* air = app.add_subcommand("air", "Air quality: HJ 633 AQI, HJ 663 assessment, GB 3095 compliance");
  air->require_subcommand(1);
  air->footer(
      "Examples:\n  ecobarrier air aqi cnemc.csv --format csv -o aqi.csv\n"
      "  ecobarrier air assess ws.gpkg --period 2016 --level city\n\nRules and sources: docs/air.md.");

  auto a = std::make_shared<runs::AirAqiRequest>();
  auto* aqi = air->add_subcommand("aqi", "AQI of observation files (no workspace needed): hourly or daily reports");
  aqi->add_option("FILE", a->files, "Observation files (CNEMC wide, long or UCI Beijing layout)")->required();
  aqi->add_option("--layout", a->layout, "File layout")
      ->check(CLI::IsMember({"auto", "cnemc-wide", "long", "uci-beijing"}))
      ->capture_default_str();
  aqi->add_option("--mode", a->mode, "hourly (real-time report) or daily (daily report from hourly values)")
      ->check(CLI::IsMember({"hourly", "daily"}))
      ->capture_default_str();
  aqi->add_option("--standard", a->standard, "auto (edition in force on each day), hj633-2012, hj633-2026")
      ->check(CLI::IsMember(runs::air_standard_choices(true, true)))
      ->capture_default_str();
  aqi->footer(
      "Examples:\n"
      "  ecobarrier air aqi data/demo/air/cnemc_hourly_2019H1_innermongolia.csv --format csv -o aqi.csv\n"
      "  ecobarrier air aqi day.csv --mode daily --standard hj633-2026 --lang en\n\n"
      "Hourly: six 1-hour sub-indices (PM through the 24-hour breakpoints), as CNEMC publishes them.\n"
      "Daily: 24-hour means (>= 20 hours), O3 daily max 8-h (17 windows, >= 14 valid) and, under 2012, max 1-h.\n"
      "One row per station and hour (or day) with at least one sub-index; time in ISO 8601 with +08:00.");
  aqi->callback([a, &ctx] { ctx.present(runs::air_aqi_document(runs::run_air_aqi(*a, ctx.run_env()), ctx.lang())); });

  struct HourlyOptions {
    std::string ws, period, station, standard = "auto";
  };
  auto h = std::make_shared<HourlyOptions>();
  auto* hourly = air->add_subcommand("hourly", "Hourly AQI of the stations' stored hours (HJ 633 real-time report)");
  hourly->add_option("WS", h->ws, "Workspace")->required();
  hourly->add_option("--period", h->period, "2019, 2019-03, 2019-03-01..2019-03-07")->required();
  hourly->add_option("--station", h->station, "Only this station (code)");
  hourly->add_option("--standard", h->standard, "auto (edition in force on each day), hj633-2012, hj633-2026")
      ->check(CLI::IsMember(runs::air_standard_choices(true, true)))
      ->capture_default_str();
  hourly->callback([h, &ctx] { print_air_hourly(ctx, h->ws, period_option(h->period), h->station, h->standard); });

  add_air_assess_command(*air, ctx);
  add_air_rank_commands(*air, ctx);
  add_air_dust_commands(*air, ctx);
}

}  // namespace eb::app

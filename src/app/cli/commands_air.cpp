// ecobarrier air aqi | hourly (and the subcommands of commands_air_assess.cpp, commands_air_rank.cpp)
#include <fmt/format.h>

#include <map>

#include "app/air/air_runs.hpp"
#include "app/cli/context.hpp"
#include "app/cli/progress.hpp"
#include "app/table/lang.hpp"
#include "core/error.hpp"
#include "engine/air/aqi_kernel.hpp"
#include "engine/air/daily_values.hpp"
#include "io/air_grid.hpp"
#include "io/file_buffer.hpp"
#include "io/observation_layouts.hpp"
#include "store/air_store.hpp"
#include "store/workspace.hpp"

namespace eb::app {

namespace {

using engine::air::AqiColumns;
using engine::air::present;

std::string names_of(std::uint8_t bits, std::span<const std::string_view> names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (bits & (1u << i)) out += (out.empty() ? "" : "|") + std::string(names[i]);
  return out;
}

Cell opt_int(int v) { return v >= 0 ? Cell(v) : Cell(); }
Cell opt_real(double v) { return present(v) ? Cell(v) : Cell(); }

// The AQI columns of one report row: aqi, level, category, colour, primary, exceeding.
void add_aqi_cells(std::vector<Cell>& row, const AqiColumns& a, std::size_t i, std::span<const std::string_view> names,
                   Lang lang) {
  if (a.aqi[i] >= 0) {
    const auto& level = standards::aqi_level(a.aqi[i]);
    row.insert(row.end(), {Cell(static_cast<int>(a.aqi[i])), Cell(level.level),
                           Cell(lang == Lang::zh ? level.name_zh : level.name_en), Cell(level.rgb_hex)});
  } else {
    row.insert(row.end(), {Cell(), Cell(), Cell(), Cell()});
  }
  row.push_back(a.aqi[i] > 50 ? Cell(names_of(a.primary[i], names)) : Cell());
  row.push_back(a.exceeding[i] ? Cell(names_of(a.exceeding[i], names)) : Cell());
}

std::vector<Column> aqi_columns() {
  return {{"aqi", "AQI", "AQI"},
          {"level", "级别", "level"},
          {"category", "类别", "category"},
          {"colour", "颜色", "colour"},
          {"primary_pollutants", "首要污染物", "primary pollutants"},
          {"exceeding_pollutants", "超标污染物", "exceeding pollutants"}};
}

// Editions of HJ 633 in force by day, one kernel each, built on first use.
class KernelsByDay {
 public:
  explicit KernelsByDay(std::string standard) : standard_(std::move(standard)) {}
  const engine::air::AqiKernel& operator()(const CivilDate& day) {
    const AirRules r = air_rules(standard_, day);
    auto& k = kernels_[r.aqi->id()];
    if (!k) k = std::make_unique<engine::air::AqiKernel>(*r.aqi);
    return *k;
  }

 private:
  std::string standard_;
  std::map<std::string, std::unique_ptr<engine::air::AqiKernel>> kernels_;
};

// The real-time (hourly) report of one station's hours: a row per hour with at least one sub-index. Editions
// change at midnight: each day takes the report of the kernel in force that day.
void add_hourly_rows(Table& t, const engine::air::StationHours& g, KernelsByDay& kernel_for, Lang l) {
  const auto names = std::span<const std::string_view>(engine::air::kHourlyNames);
  std::map<std::string, AqiColumns> per_edition;
  for (std::size_t day = 0; day < g.days; ++day) {
    const auto& k = kernel_for(civil_from_days(days_from_civil(g.first_day) + static_cast<long>(day)));
    auto it = per_edition.find(k.edition().id());
    if (it == per_edition.end()) it = per_edition.emplace(k.edition().id(), k.hourly(g)).first;
    const AqiColumns& a = it->second;
    for (std::size_t h = day * 24; h < day * 24 + 24; ++h) {
      if (a.available[h] == 0) continue;
      std::vector<Cell> row{g.station, format_beijing_iso(g.time_of(h))};
      add_aqi_cells(row, a, h, names, l);
      for (std::size_t i = 0; i < names.size(); ++i) row.push_back(opt_int(a.iaqi[h][i]));
      row.push_back(k.edition().id());
      t.add(std::move(row));
    }
  }
}

std::vector<Column> hourly_columns() {
  std::vector<Column> c = {{"station", "站点", "station"}, {"time", "时间", "time"}};
  for (auto& a : aqi_columns()) c.push_back(a);
  for (const auto name : engine::air::kHourlyNames)
    c.push_back({fmt::format("iaqi_{}", name), fmt::format("IAQI {}", name), fmt::format("IAQI {}", name)});
  c.push_back({"standard", "标准", "standard"});
  return c;
}

void run_aqi(Context& ctx, const std::vector<std::string>& paths, const std::string& layout_name,
             const std::string& mode, const std::string& standard) {
  const Lang l = ctx.lang();
  Table t;
  const bool daily = mode == "daily";
  const auto names = std::span<const std::string_view>(engine::air::kDailyNames);
  if (daily) {
    t.columns = {{"station", "站点", "station"}, {"time", "时间", "time"}};
    for (auto& c : aqi_columns()) t.columns.push_back(c);
    for (const auto name : names)
      t.columns.push_back({fmt::format("c_{}", name), std::string(name), std::string(name), 3});
    for (const auto name : names)
      t.columns.push_back({fmt::format("iaqi_{}", name), fmt::format("IAQI {}", name), fmt::format("IAQI {}", name)});
    t.columns.push_back({"standard", "标准", "standard"});
  } else {
    t.columns = hourly_columns();
  }
  KernelsByDay kernel_for(standard);
  for (const auto& path : paths) {
    io::FileBuffer buf(path);
    std::optional<io::ObservationLayout> layout =
        layout_name == "auto" ? io::detect_layout(buf.text()) : io::parse_layout_name(layout_name);
    if (!layout) throw InputError(path + ":1:1: cannot recognise the layout; give --layout cnemc-wide|long");
    Progress bar(fmt::format("{} {}", tr(l, "读取", "reading"), path), buf.text().size());
    const io::ObservationBatch batch =
        io::read_observations(buf.text(), path, *layout, [&](std::size_t b) { bar.update(b); });
    bar.finish();
    if (!batch.rejections.empty()) throw_rejections(path, batch.rejections, "nothing was computed");
    for (const auto& g : io::station_hours(batch)) {
      if (!daily) {
        add_hourly_rows(t, g, kernel_for, l);
      } else {
        const AirRules r = air_rules(standard, g.first_day);
        const auto d = engine::air::daily_values(g, r.limits->limit("O3", "8h", 2).value());
        for (std::size_t day = 0; day < d.days; ++day) {
          const auto& k = kernel_for(d.day(day));
          engine::air::DailyValues one(d.code, d.day(day), 1);
          for (std::size_t i = 0; i < engine::air::kDailyItems; ++i) one.value[i][0] = d.value[i][day];
          const AqiColumns a = engine::air::daily_aqi(one, k);
          if (a.available[0] == 0) continue;
          std::vector<Cell> row{d.code, format_beijing_iso(beijing_to_epoch({d.day(day), 0, 0, 0}))};
          add_aqi_cells(row, a, 0, names, l);
          for (std::size_t i = 0; i < engine::air::kDailyItems; ++i) row.push_back(opt_real(d.value[i][day]));
          for (std::size_t i = 0; i < names.size(); ++i) row.push_back(opt_int(a.iaqi[0][i]));
          row.push_back(k.edition().id());
          t.add(std::move(row));
        }
      }
    }
  }
  write_table(ctx.out(), t, ctx.format(), l);
}

}  // namespace

void print_air_hourly(Context& ctx, const std::string& ws_path, const Period& period, const std::string& station,
                      const std::string& standard) {
  const Lang l = ctx.lang();
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  Table t;
  t.title_zh = fmt::format("逐小时空气质量指数（HJ 633 实时报，{}）", period.label);
  t.title_en = fmt::format("Hourly AQI (HJ 633 real-time report, {})", period.label);
  t.columns = hourly_columns();
  KernelsByDay kernel_for(standard);
  bool found = station.empty();
  for (const auto& g : store::load_station_hours(ws, period)) {
    if (!station.empty() && g.station != station) continue;
    found = true;
    add_hourly_rows(t, g, kernel_for, l);
  }
  if (!found) throw InputError(fmt::format("{}: no hourly data of station {} in {}", ws_path, station, period.label));
  write_table(ctx.out(), t, ctx.format(), l);
}

void add_air_commands(CLI::App& app, Context& ctx) {
  auto* air = app.add_subcommand("air", "Air quality: HJ 633 AQI, HJ 663 assessment, GB 3095 compliance");
  air->require_subcommand(1);
  air->footer(
      "Examples:\n  ecobarrier air aqi cnemc.csv --format csv -o aqi.csv\n"
      "  ecobarrier air assess ws.gpkg --period 2016 --level city\n\nRules and sources: docs/air.md.");

  struct AqiOptions {
    std::vector<std::string> files;
    std::string layout = "auto", mode = "hourly", standard = "auto";
  };
  auto a = std::make_shared<AqiOptions>();
  auto* aqi = air->add_subcommand("aqi", "AQI of observation files (no workspace needed): hourly or daily reports");
  aqi->add_option("FILE", a->files, "Observation files (CNEMC wide, long or UCI Beijing layout)")->required();
  aqi->add_option("--layout", a->layout, "File layout")
      ->check(CLI::IsMember({"auto", "cnemc-wide", "long", "uci-beijing"}))
      ->capture_default_str();
  aqi->add_option("--mode", a->mode, "hourly (real-time report) or daily (daily report from hourly values)")
      ->check(CLI::IsMember({"hourly", "daily"}))
      ->capture_default_str();
  aqi->add_option("--standard", a->standard, "auto (edition in force on each day), hj633-2012, hj633-2026")
      ->check(CLI::IsMember({"auto", "hj633-2012", "hj633-2026", "2012", "2026"}))
      ->capture_default_str();
  aqi->footer(
      "Examples:\n"
      "  ecobarrier air aqi data/demo/air/cnemc_hourly_2019H1_innermongolia.csv --format csv -o aqi.csv\n"
      "  ecobarrier air aqi day.csv --mode daily --standard hj633-2026 --lang en\n\n"
      "Hourly: six 1-hour sub-indices (PM through the 24-hour breakpoints), as CNEMC publishes them.\n"
      "Daily: 24-hour means (>= 20 hours), O3 daily max 8-h (17 windows, >= 14 valid) and, under 2012, max 1-h.\n"
      "One row per station and hour (or day) with at least one sub-index; time in ISO 8601 with +08:00.");
  aqi->callback([a, &ctx] { run_aqi(ctx, a->files, a->layout, a->mode, a->standard); });

  struct HourlyOptions {
    std::string ws, period, station, standard = "auto";
  };
  auto h = std::make_shared<HourlyOptions>();
  auto* hourly = air->add_subcommand("hourly", "Hourly AQI of the stations' stored hours (HJ 633 real-time report)");
  hourly->add_option("WS", h->ws, "Workspace")->required();
  hourly->add_option("--period", h->period, "2019, 2019-03, 2019-03-01..2019-03-07")->required();
  hourly->add_option("--station", h->station, "Only this station (code)");
  hourly->add_option("--standard", h->standard, "auto (edition in force on each day), hj633-2012, hj633-2026")
      ->check(CLI::IsMember({"auto", "hj633-2012", "hj633-2026", "2012", "2026"}))
      ->capture_default_str();
  hourly->callback([h, &ctx] { print_air_hourly(ctx, h->ws, period_option(h->period), h->station, h->standard); });

  add_air_assess_command(*air, ctx);
  add_air_rank_commands(*air, ctx);
}

}  // namespace eb::app

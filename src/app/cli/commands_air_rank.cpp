// ecobarrier air rank | trend
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "app/air/air_runs.hpp"
#include "app/cli/context.hpp"
#include "app/table/lang.hpp"
#include "core/error.hpp"
#include "engine/stats/trend.hpp"

namespace eb::app {

namespace {

using engine::air::kMissing;
using engine::air::present;

const engine::air::Statistic* find_stat(const engine::air::Assessment& a, const std::string& pollutant,
                                        const std::string& statistic) {
  for (const auto& s : a.statistics)
    if (s.pollutant == pollutant && s.statistic == statistic) return &s;
  return nullptr;
}

double stat_value(const engine::air::Assessment& a, const char* pollutant, const char* statistic) {
  const auto* s = find_stat(a, pollutant, statistic);
  return s ? s->reported : kMissing;
}

Cell real(double v) { return present(v) ? Cell(v) : Cell(); }
double change_pct(double now, double base) {
  return present(now) && present(base) && base != 0 ? 100 * (now - base) / base : kMissing;
}

void run_rank(Context& ctx, const std::string& ws_path, AssessRequest req, const std::string& baseline_text) {
  const Lang l = ctx.lang();
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  req.level = "city";
  AirRules rules{};
  auto units = assess_units(ws, req, rules);
  std::map<std::string, engine::air::Assessment> baseline;
  AirRules base_rules{};
  std::optional<Period> base_period;
  if (!baseline_text.empty()) {
    AssessRequest b = req;
    b.period = period_option(baseline_text, "--baseline");
    base_period = b.period;
    for (auto& u : assess_units(ws, b, base_rules)) baseline.emplace(u.code, std::move(u.assessment));
  }
  // Smaller index = better air; equal indices share a rank (1, 2, 2, 4).
  std::stable_sort(units.begin(), units.end(), [](const UnitAssessment& a, const UnitAssessment& b) {
    const bool ha = a.assessment.composite.has_value(), hb = b.assessment.composite.has_value();
    if (ha != hb) return ha;
    return ha && a.assessment.composite->reported < b.assessment.composite->reported;
  });
  Table t;
  t.title_zh = fmt::format("城市环境空气质量综合指数排名（{}；{}）", req.period.label, rules.label());
  t.title_en =
      fmt::format("Cities ranked by the air quality composite index ({}; {})", req.period.label, rules.label());
  const int idx = rules.rules->decimals_index, ratio = rules.rules->decimals_ratio;
  t.columns = {{"rank", "排名", "rank"},
               {"code", "代码", "code"},
               {"name", "名称", "name"},
               {"composite_index", "综合指数", "index", idx},
               {"largest", "最大单项指数", "largest I_i"},
               {"pm25_mean", "PM2.5", "PM2.5", rules.rules->decimals_ugm3},
               {"good_day_ratio_pct", "优良天数比例%", "good days %", ratio}};
  if (base_period)
    for (auto c :
         std::vector<Column>{{"baseline_composite_index", "基准期综合指数", "baseline index", idx},
                             {"composite_change_pct", "综合指数变化%", "index change %", 1},
                             {"pm25_change_pct", "PM2.5变化%", "PM2.5 change %", 1},
                             {"good_ratio_change_pp", "优良比例变化(百分点)", "good days change (points)", ratio}})
      t.columns.push_back(c);
  t.columns.push_back({"standard", "标准", "standard"});
  int rank = 0;
  double last = -1;
  for (std::size_t i = 0; i < units.size(); ++i) {
    const auto& u = units[i];
    const auto& a = u.assessment;
    std::vector<Cell> row;
    if (a.composite) {
      if (a.composite->reported != last) rank = static_cast<int>(i) + 1;
      last = a.composite->reported;
      row.push_back(rank);
    } else {
      row.push_back(Cell());
    }
    std::string largest;
    if (a.composite)
      for (const auto& p : a.composite->largest) largest += (largest.empty() ? "" : "|") + std::string(p);
    const double good = a.days.valid ? standards::round_report(a.days.good_ratio_pct(), ratio) : kMissing;
    row.insert(row.end(), {u.code, l == Lang::en && !u.name_en.empty() ? u.name_en : u.name_zh,
                           a.composite ? Cell(a.composite->reported) : Cell(), largest,
                           real(stat_value(a, "PM2.5", "mean")), real(good)});
    if (base_period) {
      const auto it = baseline.find(u.code);
      const engine::air::Assessment* b = it == baseline.end() ? nullptr : &it->second;
      const double base_index = b && b->composite ? b->composite->reported : kMissing;
      const double base_good = b && b->days.valid ? standards::round_report(b->days.good_ratio_pct(), ratio) : kMissing;
      row.insert(row.end(),
                 {real(base_index), real(change_pct(a.composite ? a.composite->reported : kMissing, base_index)),
                  real(change_pct(stat_value(a, "PM2.5", "mean"), b ? stat_value(*b, "PM2.5", "mean") : kMissing)),
                  real(present(good) && present(base_good) ? good - base_good : kMissing)});
    }
    row.push_back(rules.label());
    t.add(std::move(row));
  }
  write_table(ctx.out(), t, ctx.format(), l);
}

void run_trend(Context& ctx, const std::string& ws_path, AssessRequest req, int from, int to,
               const std::string& pollutant, const std::string& statistic) {
  const Lang l = ctx.lang();
  if (to < from) throw UsageError("--to must not be before --from");
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  struct Series {
    std::string name_zh, name_en;
    std::vector<double> values;
    std::vector<std::optional<bool>> met;
  };
  std::map<std::string, Series> by_unit;
  const std::size_t years = static_cast<std::size_t>(to - from + 1);
  for (int y = from; y <= to; ++y) {
    req.period = *parse_period(std::to_string(y));
    AirRules rules{};
    for (const auto& u : assess_units(ws, req, rules)) {
      Series& s = by_unit[u.code];
      if (s.values.empty()) {
        s.values.assign(years, kMissing);
        s.met.assign(years, std::nullopt);
        s.name_zh = u.name_zh;
        s.name_en = u.name_en;
      }
      const auto i = static_cast<std::size_t>(y - from);
      if (pollutant == "ALL" && statistic == "good_day_ratio_pct") {
        if (u.assessment.days.valid) s.values[i] = standards::round_report(u.assessment.days.good_ratio_pct(), 1);
      } else if (pollutant == "ALL" && statistic == "composite_index") {
        if (u.assessment.composite) s.values[i] = u.assessment.composite->reported;
      } else if (const auto* st = find_stat(u.assessment, pollutant, statistic)) {
        if (st->valid) {
          s.values[i] = st->reported;
          s.met[i] = st->compliant;
        }
      } else {
        throw UsageError(
            fmt::format("no statistic {} {} (try PM2.5 mean, O3 p90, ALL composite_index)", pollutant, statistic));
      }
    }
  }
  Table t;
  t.title_zh = fmt::format("{} {} 年际变化（{}–{}）", pollutant, statistic, from, to);
  t.title_en = fmt::format("{} {} by year ({}-{})", pollutant, statistic, from, to);
  t.columns = {{"code", "代码", "code"}, {"name", "名称", "name"}};
  for (int y = from; y <= to; ++y) t.columns.push_back({std::to_string(y), std::to_string(y), std::to_string(y)});
  for (auto c : std::vector<Column>{{"change_pct", "较首年变化%", "change vs first year %", 1},
                                    {"sen_slope_per_year", "Sen斜率/年", "Sen slope per year", 3},
                                    {"mann_kendall_z", "MK检验Z", "Mann-Kendall Z", 3},
                                    {"trend", "趋势", "trend"},
                                    {"years_meeting_standard", "连续达标年数", "years meeting the limit in a row"}})
    t.columns.push_back(c);
  for (const auto& [code, s] : by_unit) {
    std::vector<Cell> row{code, l == Lang::en && !s.name_en.empty() ? s.name_en : s.name_zh};
    for (double v : s.values) row.push_back(real(v));
    double first = kMissing, last = kMissing;
    for (double v : s.values)
      if (present(v)) {
        if (!present(first)) first = v;
        last = v;
      }
    const engine::Trend tr_ = engine::mann_kendall_sen(s.values);
    std::string trend = tr_.n < 3            ? tr(l, "年数不足", "too few years")
                        : !tr_.significant() ? tr(l, "无显著变化", "no significant trend")
                        : tr_.z > 0          ? tr(l, "显著上升", "rising (95 %)")
                                             : tr(l, "显著下降", "falling (95 %)");
    int streak = 0;
    for (std::size_t i = s.met.size(); i-- > 0 && s.met[i] == true;) ++streak;
    row.insert(row.end(), {real(change_pct(last, first)), tr_.n >= 2 ? Cell(tr_.sen_slope) : Cell(),
                           tr_.n >= 3 ? Cell(tr_.z) : Cell(), trend, pollutant == "ALL" ? Cell() : Cell(streak)});
    t.add(std::move(row));
  }
  write_table(ctx.out(), t, ctx.format(), l);
}

}  // namespace

void add_air_rank_commands(CLI::App& air, Context& ctx) {
  struct Options {
    std::string ws, period, baseline, pollutant = "PM2.5", statistic = "mean";
    int from = 0, to = 0;
    AssessRequest req;
  };
  auto o = std::make_shared<Options>();
  auto* rank = air.add_subcommand("rank", "Rank cities by the composite index, with change against a baseline period");
  rank->add_option("WS", o->ws, "Workspace")->required();
  rank->add_option("--period", o->period, "2019, 2019-03, 2019Q1 or FROM..TO")->required();
  rank->add_option("--baseline", o->baseline, "Baseline period for changes (e.g. 2015)");
  rank->add_option("--standard", o->req.standard, "auto, 2012, 2026, 2026-final")
      ->check(CLI::IsMember({"auto", "2012", "2026", "2026-final"}))
      ->capture_default_str();
  rank->add_option("--composite", o->req.composite, "auto/unweighted or weighted (unconfirmed)")
      ->check(CLI::IsMember({"auto", "unweighted", "weighted"}))
      ->capture_default_str();
  rank->add_flag("--exclude-dust", o->req.exclude_dust, "Leave sand/dust days out of PM statistics");
  rank->footer(
      "Examples:\n  ecobarrier air rank ws.gpkg --period 2016 --baseline 2015\n\n"
      "Smaller index = better air; equal indices share a rank. Changes: index and PM2.5 in %,\n"
      "good-day ratio in percentage points.");
  rank->callback([o, &ctx] {
    o->req.period = period_option(o->period);
    run_rank(ctx, o->ws, o->req, o->baseline);
  });

  auto* trend =
      air.add_subcommand("trend", "A statistic year by year: change, Theil-Sen slope, Mann-Kendall test, streak");
  trend->add_option("WS", o->ws, "Workspace")->required();
  trend->add_option("--from", o->from, "First year")->required();
  trend->add_option("--to", o->to, "Last year")->required();
  trend->add_option("--level", o->req.level, "city or region")
      ->check(CLI::IsMember({"station", "city", "region"}))
      ->capture_default_str();
  trend->add_option("--pollutant", o->pollutant, "SO2, NO2, PM10, PM2.5, CO, O3, or ALL")->capture_default_str();
  trend->add_option("--statistic", o->statistic, "mean, p98, p95, p90; with ALL: composite_index or good_day_ratio_pct")
      ->capture_default_str();
  trend->footer(
      "Examples:\n  ecobarrier air trend ws.gpkg --from 2014 --to 2016 --pollutant PM2.5\n"
      "  ecobarrier air trend ws.gpkg --from 2014 --to 2016 --pollutant ALL --statistic good_day_ratio_pct\n\n"
      "Each year is assessed under the editions in force in it; only valid statistics enter the trend.\n"
      "Trend: Mann-Kendall (tie-corrected, continuity-corrected Z), significant when |Z| > 1.96;\n"
      "slope: Theil-Sen median of pairwise slopes. Streak: years in a row, up to the last, within the limit.");
  trend->callback([o, &ctx] { run_trend(ctx, o->ws, o->req, o->from, o->to, o->pollutant, o->statistic); });
}

}  // namespace eb::app

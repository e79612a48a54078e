// ecobarrier assess import | score | progress: indicators, targets, scores, ranks and their sensitivity.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "app/air/air_runs.hpp"
#include "app/cli/context.hpp"
#include "app/cli/governance_runs.hpp"
#include "app/cli/messages.hpp"
#include "app/cli/record_file.hpp"
#include "core/area.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/period.hpp"
#include "engine/assessment/scoring.hpp"
#include "io/indicator_registry.hpp"
#include "store/admin_store.hpp"
#include "store/indicator_store.hpp"
#include "store/ledger_store.hpp"

namespace eb::app {

namespace {

namespace as = engine::assessment;

std::string category_name(const std::string& c, Lang l) {
  static const std::map<std::string, std::pair<const char*, const char*>> names = {
      {"blue_sky", {"蓝天", "blue sky"}},
      {"clear_water", {"碧水", "clear water"}},
      {"clean_soil", {"净土", "clean soil"}},
      {"ecology", {"生态建设", "ecology"}},
      {"green_development", {"绿色发展", "green development"}},
      {"responsibility", {"责任落实", "responsibility"}}};
  const auto it = names.find(c);
  return it == names.end() ? c : (l == Lang::zh ? it->second.first : it->second.second);
}

}  // namespace

void run_assess_import(Context& ctx, const std::string& ws_path, const std::string& path) {
  const Lang l = ctx.lang();
  RecordFile rows(path, {"indicator", "unit_code", "year", "value"});
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  std::vector<store::IndicatorValue> values;
  std::set<std::string> known, unknown;
  std::set<std::tuple<std::string, std::string, int>> seen;
  while (rows.next()) {
    const std::size_t before = rows.failures();
    store::IndicatorValue v;
    v.indicator = rows["indicator"];
    v.unit_code = rows["unit_code"];
    v.source = rows["source"].empty() ? path : rows["source"];
    if (v.indicator.empty()) rows.fail("indicator: empty");
    if (!known.count(v.unit_code)) {
      if (!unknown.count(v.unit_code) && store::find_unit(ws, v.unit_code)) {
        known.insert(v.unit_code);
      } else {
        unknown.insert(v.unit_code);
        rows.fail(fmt::format("unit_code \"{}\" is not an administrative unit of the workspace", v.unit_code));
      }
    }
    const auto year = parse_number(rows["year"]);
    if (!year || *year != std::floor(*year) || *year < 1949 || *year > 2100) {
      rows.fail(fmt::format("year \"{}\"", rows["year"]));
    } else {
      v.year = static_cast<int>(*year);
    }
    const auto value = parse_number(rows["value"]);
    if (!value) {
      rows.fail(fmt::format("value \"{}\" is not a number (leave the row out when there is no value)", rows["value"]));
    } else {
      v.value = *value;
    }
    if (rows.failures() == before && !seen.insert({v.indicator, v.unit_code, v.year}).second)
      rows.fail(fmt::format("a second value of {} for {} in {}", v.indicator, v.unit_code, v.year));
    if (rows.failures() == before) values.push_back(std::move(v));
  }
  rows.refuse_if_failed();
  const auto r = store::import_indicator_values(ws, values);
  Table t;
  t.columns = {{"file", "文件", "file"},
               {"added", "新增", "added"},
               {"updated", "更新", "updated"},
               {"unchanged", "未变", "unchanged"}};
  t.add({Cell(path), Cell(r.added), Cell(r.updated), Cell(r.unchanged)});
  write_table(ctx.out(), t, ctx.format(), l);
}

namespace {

// Values of the registry's indicators for the units of a level: values[unit][indicator], any year.
struct Panel {
  std::vector<store::AdminUnit> units;
  std::map<std::tuple<std::size_t, std::size_t, int>, double> values;  // (unit, indicator, year)
  std::optional<double> at(std::size_t u, std::size_t i, int year) const {
    const auto it = values.find({u, i, year});
    return it == values.end() ? std::nullopt : std::optional<double>(it->second);
  }
};

Panel load_panel(Context& ctx, store::Workspace& ws, const std::vector<io::RegistryIndicator>& registry, int level) {
  Panel p;
  p.units = store::list_units(ws, level);
  if (p.units.empty()) throw InputError(fmt::format("{}: no administrative units of level {}", ws.path(), level));
  std::map<std::string, std::size_t> unit_index, indicator_index;
  for (std::size_t u = 0; u < p.units.size(); ++u) unit_index[p.units[u].code] = u;
  for (std::size_t i = 0; i < registry.size(); ++i) indicator_index[registry[i].id] = i;
  std::set<std::string> outside;
  for (const auto& v : store::load_indicator_values(ws, 1949, 2100)) {
    const auto u = unit_index.find(v.unit_code);
    const auto i = indicator_index.find(v.indicator);
    if (i == indicator_index.end()) {
      outside.insert(v.indicator);
      continue;
    }
    if (u != unit_index.end()) p.values[{u->second, i->second, v.year}] = v.value;
  }
  if (!outside.empty()) {
    std::string list;
    for (const auto& s : outside) list += (list.empty() ? "" : ", ") + s;
    ctx.note(tr(ctx.lang(), "登记表之外的指标（未使用）：", "indicators not in the registry (not used): ") + list);
  }
  return p;
}

as::MissingRule missing_rule(const std::string& name) {
  if (name == "zero") return as::MissingRule::zero;
  if (name == "exclude") return as::MissingRule::exclude;
  return as::MissingRule::renormalize;
}

}  // namespace

void run_assess_score(Context& ctx, const ScoreRequest& req) {
  const Lang l = ctx.lang();
  const bool zh = l == Lang::zh;
  const auto registry = io::read_indicator_registry(req.registry);
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  const Panel panel = load_panel(ctx, ws, registry, req.level);
  std::vector<as::IndicatorSpec> specs;
  for (const auto& r : registry) {
    const auto target = r.targets.find(req.year);
    if (target == r.targets.end())
      throw InputError(fmt::format("{}: indicator {} has no target for {}", req.registry, r.id, req.year));
    specs.push_back({r.id, r.category, r.weight, r.worst, target->second});
  }
  std::vector<std::vector<std::optional<double>>> values(panel.units.size());
  for (std::size_t u = 0; u < panel.units.size(); ++u)
    for (std::size_t i = 0; i < registry.size(); ++i) values[u].push_back(panel.at(u, i, req.year));
  as::ScoringOptions scoring;
  scoring.missing = missing_rule(req.missing);
  scoring.max_missing_weight = req.max_missing;
  const auto scores = as::score_units(specs, values, scoring);
  as::SensitivityOptions sens;
  sens.draws = req.draws;
  sens.seed = req.seed;
  sens.spread = req.spread;
  const auto intervals = as::weight_sensitivity(specs, scores, scoring, sens);

  Table t;
  t.title_zh = fmt::format("{} 年考核评分与排名（距目标法 0-100；权重扰动 ±{:.0f}%、{} 次抽样的排名区间）", req.year,
                           100 * req.spread, req.draws);
  t.title_en = fmt::format(
      "Assessment {}: scores (distance to target, 0-100) and ranks, with rank intervals under "
      "weights perturbed by ±{:.0f}% ({} draws)",
      req.year, 100 * req.spread, req.draws);
  t.columns = {{"code", "代码", "code"},
               {"name", "名称", "name"},
               {"total", "总分", "total", 1},
               {"rank", "排名", "rank"},
               {"rank_low", "排名区间(5%)", "rank 5%"},
               {"rank_median", "排名中位", "rank median"},
               {"rank_high", "排名区间(95%)", "rank 95%"},
               {"missing_weight_pct", "缺失权重(%)", "missing weight (%)", 1}};
  if (!scores.empty()) {
    for (const auto& [c, v] : scores.front().category)
      t.columns.push_back({"score_" + c, category_name(c, l), category_name(c, l), 1});
  }
  std::vector<std::size_t> order(panel.units.size());
  for (std::size_t u = 0; u < order.size(); ++u) order[u] = u;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const int ra = scores[a].rank ? scores[a].rank : 1 << 30, rb = scores[b].rank ? scores[b].rank : 1 << 30;
    return ra < rb;
  });
  for (std::size_t u : order) {
    const auto& s = scores[u];
    const auto& unit = panel.units[u];
    std::vector<Cell> row{Cell(unit.code),
                          Cell(zh || unit.name_en.empty() ? unit.name_zh : unit.name_en),
                          Cell(s.total),
                          s.rank ? Cell(s.rank) : Cell(),
                          s.rank ? Cell(intervals[u].low) : Cell(),
                          s.rank ? Cell(intervals[u].median) : Cell(),
                          s.rank ? Cell(intervals[u].high) : Cell(),
                          Cell(100 * s.missing_weight)};
    for (const auto& [c, v] : s.category) row.push_back(Cell(v));
    t.add(std::move(row));
  }
  write_table(ctx.out(), t, ctx.format(), l);
  const char* rule_zh = scoring.missing == as::MissingRule::zero      ? "缺失指标记 0 分"
                        : scoring.missing == as::MissingRule::exclude ? "有缺失指标的单元不排名"
                                                                      : "缺失指标不计、其余权重按比例放大";
  const char* rule_en = scoring.missing == as::MissingRule::zero ? "a missing indicator scores 0"
                        : scoring.missing == as::MissingRule::exclude
                            ? "units missing any indicator are not ranked"
                            : "missing indicators left out, other weights rescaled";
  ctx.note(fmt::format(
      "{}: {}{}", tr(l, "缺失数据规则", "missing-data rule"), zh ? rule_zh : rule_en,
      scoring.missing == as::MissingRule::renormalize
          ? fmt::format(fmt::runtime(tr(l, "；缺失权重超过 {:.0f}% 不排名", "; no rank above {:.0f}% missing weight")),
                        100 * req.max_missing)
          : std::string()));
}

void run_assess_progress(Context& ctx, const ScoreRequest& req, const std::string& only) {
  const Lang l = ctx.lang();
  const bool zh = l == Lang::zh;
  const auto registry = io::read_indicator_registry(req.registry);
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  const Panel panel = load_panel(ctx, ws, registry, req.level);
  Table t;
  t.title_zh = fmt::format("{} 年指标进展（对照基准年、年度目标与多年目标）", req.year);
  t.title_en =
      fmt::format("Indicator progress {} (against the baseline, the year's target and the multi-year goal)", req.year);
  t.columns = {{"code", "代码", "code"},
               {"name", "名称", "name"},
               {"indicator", "指标", "indicator"},
               {"indicator_name", "指标名称", "indicator name"},
               {"unit", "单位", "unit"},
               {"value", "数值", "value"},
               {"baseline", "基准值", "baseline"},
               {"change_pct", "较基准变化(%)", "change vs baseline (%)", 1},
               {"target", "年度目标", "target"},
               {"met", "达标", "met"},
               {"goal", "多年目标", "multi-year goal"},
               {"goal_done_pct", "多年目标完成(%)", "goal done (%)", 1},
               {"years_met", "连续达标年数", "years met in a row"}};
  for (std::size_t u = 0; u < panel.units.size(); ++u) {
    for (std::size_t i = 0; i < registry.size(); ++i) {
      const auto& r = registry[i];
      if (!only.empty() && r.id != only) continue;
      const auto value = panel.at(u, i, req.year);
      if (!value) continue;
      const auto baseline = r.baseline_year ? panel.at(u, i, *r.baseline_year) : std::nullopt;
      const auto target = r.targets.find(req.year);
      std::optional<double> change, goal_done;
      if (baseline && *baseline != 0) change = 100 * (*value - *baseline) / std::abs(*baseline);
      if (baseline && r.goal && *r.goal != *baseline) goal_done = 100 * (*value - *baseline) / (*r.goal - *baseline);
      // Without a baseline year an indicator counts from zero (a cumulative change such as "energy intensity down
      // since 2020"): 12.5 of a 15 % goal is 83 % done.
      if (!r.baseline_year && r.goal && *r.goal != 0) goal_done = 100 * *value / *r.goal;
      int streak = 0;
      for (int y = req.year;; --y) {
        const auto v = panel.at(u, i, y);
        const auto tg = r.targets.find(y);
        if (!v || tg == r.targets.end() || !r.meets(*v, tg->second)) break;
        ++streak;
      }
      const auto& unit = panel.units[u];
      t.add({Cell(unit.code), Cell(zh || unit.name_en.empty() ? unit.name_zh : unit.name_en), Cell(r.id),
             Cell(zh ? r.name_zh : r.name_en), Cell(r.unit), Cell(*value), Cell(baseline), Cell(change),
             target == r.targets.end() ? Cell() : Cell(target->second),
             target == r.targets.end() ? Cell()
                                       : Cell(r.meets(*value, target->second) ? tr(l, "是", "yes") : tr(l, "否", "no")),
             Cell(r.goal), Cell(goal_done), Cell(streak)});
    }
  }
  write_table(ctx.out(), t, ctx.format(), l);
}

// Indicator values the engines produce, stored like imported ones with their provenance: from the air
// assessment (HJ 663) of every city with data in the year, and from the restoration ledger against the plans.
void run_assess_derive(Context& ctx, const std::string& ws_path, int year, const std::vector<std::string>& from) {
  const Lang l = ctx.lang();
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  std::vector<store::IndicatorValue> values;
  std::vector<std::string> notes;
  auto wanted = [&](const char* what) {
    return from.empty() || std::find(from.begin(), from.end(), what) != from.end();
  };
  if (wanted("air")) {
    AssessRequest req;
    req.period = *parse_period(std::to_string(year));
    req.level = "city";
    AirRules used{};
    const auto units = assess_units(ws, req, used);
    const std::string source = fmt::format("derived: air assessment {} ({})", year, used.label());
    for (const auto& u : units) {
      for (const auto& st : u.assessment.statistics) {
        if (st.statistic != "mean" || (st.pollutant != "PM2.5" && st.pollutant != "PM10")) continue;
        const std::string id = st.pollutant == "PM2.5" ? "air.pm25_mean" : "air.pm10_mean";
        if (st.valid) {
          values.push_back({id, u.code, year, st.reported, source});
        } else {
          notes.push_back(
              fmt::format("{} {}: {} ({})", u.code, id, tr(l, "获取率不足，未生成", "not derived"), st.capture_note));
        }
      }
      if (u.assessment.days.valid > 0)
        values.push_back({"air.good_day_ratio", u.code, year, u.assessment.days.good_ratio_pct(), source});
    }
  }
  if (wanted("ledger")) {
    const auto projects = store::load_projects(ws, year, year);
    const auto plans = store::load_plans(ws, year, year);
    std::map<std::pair<std::string, std::string>, std::pair<ExactArea, ExactArea>> sums;  // (league, type)
    auto league_of = [&](const std::string& code) {
      const auto u = store::find_unit(ws, code);
      if (u && u->level <= 2) return code;
      for (const auto& a : store::ancestors_of(ws, code))
        if (a.level == 2) return a.code;
      return code;
    };
    for (const auto& p : plans) sums[{league_of(p.unit_code), p.type}].second += p.planned.area;
    for (const auto& p : projects)
      if (p.completed) sums[{league_of(p.unit_code), p.type}].first += p.completed->area;
    const std::string source = fmt::format("derived: restoration ledger {} against the annual plans", year);
    for (const auto& [key, s] : sums) {
      if (s.second.micro_mu == 0) continue;  // no plan: no completion rate
      values.push_back({"ledger." + key.second + "_completion", key.first, year,
                        100.0 * static_cast<double>(s.first.micro_mu) / static_cast<double>(s.second.micro_mu),
                        source});
    }
  }
  for (const auto& n : notes) ctx.note(n);
  const auto r = store::import_indicator_values(ws, values);
  Table t;
  t.columns = {{"year", "年份", "year"},
               {"values", "指标值", "values"},
               {"added", "新增", "added"},
               {"updated", "更新", "updated"},
               {"unchanged", "未变", "unchanged"}};
  t.add({Cell(year), Cell(values.size()), Cell(r.added), Cell(r.updated), Cell(r.unchanged)});
  write_table(ctx.out(), t, ctx.format(), l);
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

  struct DeriveOptions {
    std::string ws;
    int year = 0;
    std::vector<std::string> from;
  };
  auto dv = std::make_shared<DeriveOptions>();
  auto* derive = assess->add_subcommand("derive", "Indicator values from the engines: air assessment, ledger");
  derive->add_option("WS", dv->ws, "Workspace")->required();
  derive->add_option("--year", dv->year, "Year")->required();
  derive->add_option("--from", dv->from, "air, ledger (comma-separated; default both)")
      ->delimiter(',')
      ->check(CLI::IsMember({"air", "ledger"}));
  derive->footer(
      "Produces air.pm25_mean, air.pm10_mean (HJ 663 annual means, only where the capture rule is met) and\n"
      "air.good_day_ratio per city, and ledger.<type>_completion (completed against the annual plan, %) per\n"
      "league; a registry refers to them by these ids. See docs/assessment.md.");
  derive->callback([dv, &ctx] { run_assess_derive(ctx, dv->ws, dv->year, dv->from); });

  auto req = std::make_shared<ScoreRequest>();
  auto add_common = [&](CLI::App* cmd) {
    cmd->add_option("WS", req->ws, "Workspace")->required();
    cmd->add_option("--registry", req->registry, "Indicator registry (CSV; docs/assessment.md)")->required();
    cmd->add_option("--year", req->year, "Year assessed")->required();
    cmd->add_option("--level", req->level, "Units: 2 leagues/cities, 3 banners/counties")
        ->capture_default_str()
        ->check(CLI::Range(1, 5));
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

// ecobarrier assess import | score | progress: indicators, targets, scores, ranks and their sensitivity.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "app/air/air_runs.hpp"
#include "app/cli/context.hpp"
#include "app/cli/governance_runs.hpp"
#include "app/runs/raster/zonal.hpp"
#include "app/runs/record_file.hpp"
#include "app/table/lang.hpp"
#include "app/water/water_runs.hpp"
#include "core/area.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/period.hpp"
#include "engine/assessment/scoring.hpp"
#include "io/indicator_registry.hpp"
#include "store/admin_store.hpp"
#include "store/indicator_store.hpp"
#include "store/ledger_store.hpp"
#include "store/water_store.hpp"

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
  runs::RecordFile rows(path, {"indicator", "unit_code", "year", "value"});
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

// The target an indicator has for a unit in a year: the unit's own (from --unit-targets) or the registry's.
struct Targets {
  const std::vector<io::RegistryIndicator>& registry;
  io::UnitTargets own;
  struct Found {
    double value;
    bool unit_specific;
  };
  std::optional<Found> of(const std::string& unit_code, std::size_t indicator, int year) const {
    const auto& r = registry[indicator];
    const auto it = own.find({r.id, unit_code, year});
    if (it != own.end()) return Found{it->second, true};
    const auto t = r.targets.find(year);
    if (t == r.targets.end()) return std::nullopt;
    return Found{t->second, false};
  }
};

Targets load_targets(Context& ctx, store::Workspace& ws, const std::vector<io::RegistryIndicator>& registry,
                     const std::string& path, const Panel& panel) {
  Targets t{registry, {}};
  if (path.empty()) return t;
  t.own = io::read_unit_targets(path, registry);
  std::set<std::string> checked, other_level;
  std::set<std::string> of_level;
  for (const auto& u : panel.units) of_level.insert(u.code);
  for (const auto& [key, value] : t.own) {
    const std::string& code = std::get<1>(key);
    if (!checked.insert(code).second) continue;
    if (!store::find_unit(ws, code))
      throw InputError(fmt::format("{}: unit_code \"{}\" is not an administrative unit of the workspace", path, code));
    if (!of_level.count(code)) other_level.insert(code);
  }
  if (!other_level.empty()) {
    std::string list;
    for (const auto& c : other_level) list += (list.empty() ? "" : ", ") + c;
    ctx.note(tr(ctx.lang(), "单位目标中不属于本级的单位（未使用）：",
                "unit targets of units of another level (not used): ") +
             list);
  }
  return t;
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
  const Targets targets = load_targets(ctx, ws, registry, req.unit_targets, panel);
  std::vector<std::vector<std::optional<double>>> values(panel.units.size()), unit_targets;
  std::size_t own_targets = 0;
  for (std::size_t u = 0; u < panel.units.size(); ++u) {
    for (std::size_t i = 0; i < registry.size(); ++i) values[u].push_back(panel.at(u, i, req.year));
    if (targets.own.empty()) continue;
    unit_targets.emplace_back();
    for (std::size_t i = 0; i < registry.size(); ++i) {
      const auto t = targets.of(panel.units[u].code, i, req.year);
      own_targets += t->unit_specific;
      unit_targets.back().push_back(t->unit_specific ? std::optional<double>(t->value) : std::nullopt);
    }
  }
  as::ScoringOptions scoring;
  scoring.missing = missing_rule(req.missing);
  scoring.max_missing_weight = req.max_missing;
  const auto scores = as::score_units(specs, values, scoring, unit_targets);
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
      t.columns.push_back({"score_" + c, category_name(c, Lang::zh), category_name(c, Lang::en), 1});
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
  if (own_targets > 0) {
    ctx.note(fmt::format(fmt::runtime(tr(l, "{} 项目标取自单位目标文件 {}（其余取登记表的年度目标）",
                                         "{} targets from the unit targets of {} (the others from the registry)")),
                         own_targets, req.unit_targets));
  }
}

void run_assess_progress(Context& ctx, const ScoreRequest& req, const std::string& only) {
  const Lang l = ctx.lang();
  const bool zh = l == Lang::zh;
  const auto registry = io::read_indicator_registry(req.registry);
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  const Panel panel = load_panel(ctx, ws, registry, req.level);
  const Targets targets = load_targets(ctx, ws, registry, req.unit_targets, panel);
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
               {"target_of", "目标来源", "target set for"},
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
      const auto& code = panel.units[u].code;
      const auto target = targets.of(code, i, req.year);
      std::optional<double> change, goal_done;
      if (baseline && *baseline != 0) change = 100 * (*value - *baseline) / std::abs(*baseline);
      if (baseline && r.goal && *r.goal != *baseline) goal_done = 100 * (*value - *baseline) / (*r.goal - *baseline);
      // Without a baseline year an indicator counts from zero (a cumulative change such as "energy intensity down
      // since 2020"): 12.5 of a 15 % goal is 83 % done.
      if (!r.baseline_year && r.goal && *r.goal != 0) goal_done = 100 * *value / *r.goal;
      int streak = 0;
      for (int y = req.year;; --y) {
        const auto v = panel.at(u, i, y);
        const auto tg = targets.of(code, i, y);
        if (!v || !tg || !r.meets(*v, tg->value)) break;
        ++streak;
      }
      const auto& unit = panel.units[u];
      t.add({Cell(unit.code), Cell(zh || unit.name_en.empty() ? unit.name_zh : unit.name_en), Cell(r.id),
             Cell(zh ? r.name_zh : r.name_en), Cell(r.unit), Cell(*value), Cell(baseline), Cell(change),
             target ? Cell(target->value) : Cell(),
             target ? Cell(target->unit_specific ? tr(l, "本单位", "this unit") : tr(l, "全区", "region")) : Cell(),
             target ? Cell(r.meets(*value, target->value) ? tr(l, "是", "yes") : tr(l, "否", "no")) : Cell(),
             Cell(r.goal), Cell(goal_done), Cell(streak)});
    }
  }
  write_table(ctx.out(), t, ctx.format(), l);
}

// Indicator values the engines produce, stored like imported ones with their provenance: from the air
// assessment (HJ 663) of every city with data in the year, from the water assessment of the sections of every
// league/city, from rasters averaged over the units of a level, and from the restoration ledger against the plans.
void run_assess_derive(Context& ctx, const DeriveRequest& req) {
  const Lang l = ctx.lang();
  const int year = req.year;
  // Rasters are averaged before the workspace is opened for writing (the zones are read from it through OGR).
  std::vector<store::IndicatorValue> values;
  std::vector<std::string> notes;
  for (const auto& spec : req.rasters) {
    const std::size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
      throw UsageError("--raster: expected INDICATOR=PATH, got " + spec);
    const std::string id = spec.substr(0, eq), path = spec.substr(eq + 1);
    const std::string source =
        fmt::format("derived: area-weighted mean of {} over the level-{} units{}", path, req.level,
                    req.scale == 1 ? std::string() : fmt::format(", times {}", req.scale));
    const runs::UnitRasterMeans means = runs::unit_raster_means(path, req.ws, req.level, ctx.run_env());
    if (auto note = runs::zones_outside_note(means.zones_outside, l); !note.empty()) ctx.note(note);
    for (const auto& m : means.units) {
      if (m.mean) {
        values.push_back({id, m.code, year, *m.mean * req.scale, source});
      } else {
        notes.push_back(
            fmt::format("{} {}: {}", m.code, id, tr(l, "栅格无有效像元，未生成", "no valid cells, not derived")));
      }
    }
  }
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  const auto& from = req.from;
  auto wanted = [&](const char* what) {
    if (from.empty()) return std::string(what) != "raster";
    return std::find(from.begin(), from.end(), what) != from.end();
  };
  if (wanted("air")) {
    AssessRequest air;
    air.period = *parse_period(std::to_string(year));
    air.level = "city";
    AirRules used{};
    const auto units = assess_units(ws, air, used);
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
  if (wanted("water")) {
    const auto rule = io::parse_below_detection(req.below_dl);
    if (!rule) throw UsageError("--below-dl: expected half, limit or zero, got " + req.below_dl);
    std::map<std::string, std::optional<std::string>> league_of;
    for (const auto& s : store::water_sections(ws)) league_of[s.code] = s.league_code;
    const auto sections = assess_sections(ws, *parse_period(std::to_string(year)), *rule);
    std::map<std::string, std::vector<const engine::water::SectionAssessment*>> by_league;
    std::size_t unplaced = 0;
    for (const auto& a : sections) {
      const auto& league = league_of[a.code];
      if (league) {
        by_league[*league].push_back(&a);
      } else {
        ++unplaced;
      }
    }
    if (unplaced > 0) {
      notes.push_back(fmt::format(
          fmt::runtime(tr(l, "{} 个断面不在任何盟市内，未计入", "{} sections lie in no league/city and were left out")),
          unplaced));
    }
    for (const auto& [league, members] : by_league) {
      const auto g = engine::water::assess_group(members);
      if (g.sections == 0) continue;
      const std::string source =
          fmt::format("derived: water assessment {} of {} sections (GB 3838-2002; below detection: {})", year,
                      g.sections, req.below_dl);
      values.push_back({"water.share_i_iii_pct", league, year, g.share_i_iii, source});
      values.push_back({"water.share_worse_v_pct", league, year, g.share_worse_v, source});
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

  auto dv = std::make_shared<DeriveRequest>();
  auto* derive =
      assess->add_subcommand("derive", "Indicator values from the engines: air, water, rasters, restoration ledger");
  derive->add_option("WS", dv->ws, "Workspace")->required();
  derive->add_option("--year", dv->year, "Year")->required();
  derive->add_option("--from", dv->from, "air, water, ledger, raster (comma-separated; default air, water, ledger)")
      ->delimiter(',')
      ->check(CLI::IsMember({"air", "water", "ledger", "raster"}));
  derive->add_option("--raster", dv->rasters, "INDICATOR=PATH: the raster's area-weighted mean per unit (repeatable)");
  derive->add_option("--level", dv->level, "Units the rasters are averaged over (2 leagues/cities, 3 banners)")
      ->capture_default_str()
      ->check(CLI::Range(1, 5));
  derive->add_option("--scale", dv->scale, "Multiply raster means by this (100: a 0-1 cover as %)")
      ->capture_default_str();
  derive->add_option("--below-dl", dv->below_dl, "Water values below the detection limit: half, limit or zero")
      ->capture_default_str();
  derive->footer(
      "Produces air.pm25_mean, air.pm10_mean (HJ 663 annual means, only where the capture rule is met) and\n"
      "air.good_day_ratio per city; water.share_i_iii_pct and water.share_worse_v_pct per league/city (GB 3838\n"
      "classes of the sections in it); ledger.<type>_completion (completed against the annual plan, %) per\n"
      "league; and with --raster ID=PATH the indicator ID as the raster's area-weighted mean over each unit\n"
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

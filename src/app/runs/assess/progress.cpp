#include "app/runs/assess/progress.hpp"

#include <fmt/format.h>

#include <cmath>

#include "app/runs/assess/panel.hpp"
#include "io/indicator_registry.hpp"

namespace eb::app::runs {

namespace {

// Unit u's progress on registry indicator i in the year (which has a value).
AssessProgressRow progress_row(const AssessPanel& panel, const AssessTargets& targets, const io::RegistryIndicator& r,
                               std::size_t u, std::size_t i, int year, double value) {
  const auto& unit = panel.units[u];
  AssessProgressRow row;
  row.code = unit.code;
  row.name_zh = unit.name_zh;
  row.name_en = unit.name_en;
  row.indicator = r.id;
  row.indicator_name_zh = r.name_zh;
  row.indicator_name_en = r.name_en;
  row.unit = r.unit;
  row.value = value;
  row.baseline = r.baseline_year ? panel.at(u, i, *r.baseline_year) : std::nullopt;
  const auto& baseline = row.baseline;
  if (const auto target = targets.of(unit.code, i, year)) {
    row.target = target->value;
    row.target_unit_specific = target->unit_specific;
    row.met = r.meets(value, target->value);
  }
  if (baseline && *baseline != 0) row.change_pct = 100 * (value - *baseline) / std::abs(*baseline);
  if (baseline && r.goal && *r.goal != *baseline) row.goal_done_pct = 100 * (value - *baseline) / (*r.goal - *baseline);
  // Without a baseline year an indicator counts from zero (a cumulative change such as "energy intensity down
  // since 2020"): 12.5 of a 15 % goal is 83 % done.
  if (!r.baseline_year && r.goal && *r.goal != 0) row.goal_done_pct = 100 * value / *r.goal;
  row.goal = r.goal;
  for (int y = year;; --y) {
    const auto v = panel.at(u, i, y);
    const auto tg = targets.of(unit.code, i, y);
    if (!v || !tg || !r.meets(*v, tg->value)) break;
    ++row.years_met;
  }
  return row;
}

}  // namespace

AssessProgressResult run_assess_progress(const AssessProgressRequest& req, const RunEnv&) {
  const auto registry = io::read_indicator_registry(req.registry);
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  const AssessPanel panel = load_assess_panel(ws, registry, req.level);
  const AssessTargets targets = load_assess_targets(ws, registry, req.unit_targets, panel);
  AssessProgressResult r;
  r.year = req.year;
  r.outside_registry = panel.outside_registry;
  r.other_level = targets.other_level;
  for (std::size_t u = 0; u < panel.units.size(); ++u) {
    for (std::size_t i = 0; i < registry.size(); ++i) {
      if (!req.indicator.empty() && registry[i].id != req.indicator) continue;
      if (const auto value = panel.at(u, i, req.year))
        r.rows.push_back(progress_row(panel, targets, registry[i], u, i, req.year, *value));
    }
  }
  return r;
}

Document assess_progress_document(const AssessProgressResult& r, Lang l) {
  const bool zh = l == Lang::zh;
  Table t;
  t.title_zh = fmt::format("{} 年指标进展（对照基准年、年度目标与多年目标）", r.year);
  t.title_en =
      fmt::format("Indicator progress {} (against the baseline, the year's target and the multi-year goal)", r.year);
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
  for (const auto& row : r.rows) {
    t.add(
        {Cell(row.code), Cell(zh || row.name_en.empty() ? row.name_zh : row.name_en), Cell(row.indicator),
         Cell(zh ? row.indicator_name_zh : row.indicator_name_en), Cell(row.unit), Cell(row.value), Cell(row.baseline),
         Cell(row.change_pct), Cell(row.target),
         row.target ? Cell(row.target_unit_specific ? tr(l, "本单位", "this unit") : tr(l, "全区", "region")) : Cell(),
         row.met ? Cell(*row.met ? tr(l, "是", "yes") : tr(l, "否", "no")) : Cell(), Cell(row.goal),
         Cell(row.goal_done_pct), Cell(row.years_met)});
  }
  Document doc(std::move(t));
  doc.notes = assess_input_notes(r.outside_registry, r.other_level, l);
  return doc;
}

}  // namespace eb::app::runs

#include "app/runs/assess/score.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "app/runs/assess/panel.hpp"
#include "core/error.hpp"
#include "io/indicator_registry.hpp"

namespace eb::app::runs {

namespace as = engine::assessment;

namespace {

as::MissingRule missing_rule(const std::string& name) {
  if (name == "zero") return as::MissingRule::zero;
  if (name == "exclude") return as::MissingRule::exclude;
  if (name == "renormalize") return as::MissingRule::renormalize;
  // Every face gets the same answer: an unknown rule is refused, never read as the default.
  throw UsageError(fmt::format("--missing: {} not in {{renormalize,zero,exclude}}", name));
}

// The registry's indicators with their targets of the year; InputError when one has none.
std::vector<AssessIndicator> scored_indicators(const std::vector<io::RegistryIndicator>& registry,
                                               const AssessScoreRequest& req) {
  std::vector<AssessIndicator> out;
  for (const auto& r : registry) {
    const auto target = r.targets.find(req.year);
    if (target == r.targets.end())
      throw InputError(fmt::format("{}: indicator {} has no target for {}", req.registry, r.id, req.year));
    out.push_back(
        {r.id, r.name_zh, r.name_en, r.unit, r.category, r.higher_is_better, r.weight, r.worst, target->second});
  }
  return out;
}

// Each unit with its values of the year and its own targets (when the unit-targets file gives any).
std::vector<AssessUnitScore> unit_inputs(const AssessPanel& panel, const AssessTargets& targets, std::size_t count,
                                         int year, std::size_t& own_targets) {
  std::vector<AssessUnitScore> units;
  for (std::size_t u = 0; u < panel.units.size(); ++u) {
    const auto& unit = panel.units[u];
    AssessUnitScore s;
    s.code = unit.code;
    s.name_zh = unit.name_zh;
    s.name_en = unit.name_en;
    for (std::size_t i = 0; i < count; ++i) {
      s.values.push_back(panel.at(u, i, year));
      std::optional<double> own;
      if (!targets.own.empty()) {
        const auto t = targets.of(unit.code, i, year);
        own_targets += t->unit_specific;
        if (t->unit_specific) own = t->value;
      }
      s.own_targets.push_back(own);
    }
    units.push_back(std::move(s));
  }
  return units;
}

// Scores and rank intervals of the units (in panel order), then the units by rank, the unranked last.
void score_and_rank(std::vector<AssessUnitScore>& units, const std::vector<AssessIndicator>& indicators,
                    bool own_targets, const as::ScoringOptions& scoring, const as::SensitivityOptions& sens) {
  std::vector<as::IndicatorSpec> specs;
  for (const auto& i : indicators) specs.push_back({i.id, i.category, i.weight, i.worst, i.target});
  std::vector<std::vector<std::optional<double>>> values, unit_targets;
  for (const auto& u : units) {
    values.push_back(u.values);
    if (own_targets) unit_targets.push_back(u.own_targets);
  }
  const auto scores = as::score_units(specs, values, scoring, unit_targets);
  const auto intervals = as::weight_sensitivity(specs, scores, scoring, sens);
  for (std::size_t u = 0; u < units.size(); ++u) {
    units[u].score = scores[u];
    units[u].interval = intervals[u];
  }
  std::stable_sort(units.begin(), units.end(), [](const AssessUnitScore& a, const AssessUnitScore& b) {
    const int ra = a.score.rank ? a.score.rank : 1 << 30, rb = b.score.rank ? b.score.rank : 1 << 30;
    return ra < rb;
  });
}

}  // namespace

AssessScoreResult run_assess_score(const AssessScoreRequest& req, const RunEnv&) {
  const as::MissingRule missing = missing_rule(req.missing);  // a bad rule is refused before any file is read
  const auto registry = io::read_indicator_registry(req.registry);
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  const AssessPanel panel = load_assess_panel(ws, registry, req.level);
  AssessScoreResult r;
  r.year = req.year;
  r.level = req.level;
  r.registry = req.registry;
  r.indicators = scored_indicators(registry, req);
  const AssessTargets targets = load_assess_targets(ws, registry, req.unit_targets, panel);
  r.units = unit_inputs(panel, targets, registry.size(), req.year, r.own_targets);
  as::ScoringOptions scoring;
  scoring.missing = r.missing = missing;
  scoring.max_missing_weight = r.max_missing = req.max_missing;
  as::SensitivityOptions sens;
  sens.draws = r.draws = req.draws;
  sens.seed = r.seed = req.seed;
  sens.spread = r.spread = req.spread;
  score_and_rank(r.units, r.indicators, !targets.own.empty(), scoring, sens);
  r.unit_targets = req.unit_targets;
  r.outside_registry = panel.outside_registry;
  r.other_level = targets.other_level;
  return r;
}

namespace {

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

Table score_table(const AssessScoreResult& r, Lang l) {
  const bool zh = l == Lang::zh;
  Table t;
  t.title_zh = fmt::format("{} 年考核评分与排名（距目标法 0-100；权重扰动 ±{:.0f}%、{} 次抽样的排名区间）", r.year,
                           100 * r.spread, r.draws);
  t.title_en = fmt::format(
      "Assessment {}: scores (distance to target, 0-100) and ranks, with rank intervals under "
      "weights perturbed by ±{:.0f}% ({} draws)",
      r.year, 100 * r.spread, r.draws);
  t.columns = {{"code", "代码", "code"},
               {"name", "名称", "name"},
               {"total", "总分", "total", 1},
               {"rank", "排名", "rank"},
               {"rank_low", "排名区间(5%)", "rank 5%"},
               {"rank_median", "排名中位", "rank median"},
               {"rank_high", "排名区间(95%)", "rank 95%"},
               {"missing_weight_pct", "缺失权重(%)", "missing weight (%)", 1}};
  t.geometry = GeometryJoin{GeometryLayer::unit, "code"};
  if (!r.units.empty()) {
    for (const auto& [c, v] : r.units.front().score.category)
      t.columns.push_back({"score_" + c, category_name(c, Lang::zh), category_name(c, Lang::en), 1});
  }
  for (const auto& u : r.units) {
    const auto& s = u.score;
    std::vector<Cell> row{Cell(u.code),
                          Cell(zh || u.name_en.empty() ? u.name_zh : u.name_en),
                          Cell(s.total),
                          s.rank ? Cell(s.rank) : Cell(),
                          s.rank ? Cell(u.interval.low) : Cell(),
                          s.rank ? Cell(u.interval.median) : Cell(),
                          s.rank ? Cell(u.interval.high) : Cell(),
                          Cell(u.missing_weight_pct())};
    for (const auto& [c, v] : s.category) row.push_back(Cell(v));
    t.add(std::move(row));
  }
  return t;
}

std::string missing_rule_note(const AssessScoreResult& r, Lang l) {
  const bool zh = l == Lang::zh;
  const char* rule_zh = r.missing == as::MissingRule::zero      ? "缺失指标记 0 分"
                        : r.missing == as::MissingRule::exclude ? "有缺失指标的单元不排名"
                                                                : "缺失指标不计、其余权重按比例放大";
  const char* rule_en = r.missing == as::MissingRule::zero      ? "a missing indicator scores 0"
                        : r.missing == as::MissingRule::exclude ? "units missing any indicator are not ranked"
                                                                : "missing indicators left out, other weights rescaled";
  return fmt::format(
      "{}: {}{}", tr(l, "缺失数据规则", "missing-data rule"), zh ? rule_zh : rule_en,
      r.missing == as::MissingRule::renormalize
          ? fmt::format(fmt::runtime(tr(l, "；缺失权重超过 {:.0f}% 不排名", "; no rank above {:.0f}% missing weight")),
                        100 * r.max_missing)
          : std::string());
}

}  // namespace

std::vector<std::string> assess_score_notes(const AssessScoreResult& r, Lang l) {
  std::vector<std::string> notes = assess_input_notes(r.outside_registry, r.other_level, l);
  notes.push_back(missing_rule_note(r, l));
  if (r.own_targets > 0) {
    notes.push_back(
        fmt::format(fmt::runtime(tr(l, "{} 项目标取自单位目标文件 {}（其余取登记表的年度目标）",
                                    "{} targets from the unit targets of {} (the others from the registry)")),
                    r.own_targets, r.unit_targets));
  }
  return notes;
}

Document assess_score_document(const AssessScoreResult& r, Lang l) {
  Document doc(score_table(r, l));
  doc.notes = assess_score_notes(r, l);
  return doc;
}

}  // namespace eb::app::runs

#include "app/runs/water/assess.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "app/runs/water/water_runs.hpp"
#include "core/error.hpp"
#include "io/water_sections.hpp"
#include "store/water_store.hpp"

namespace eb::app::runs {

namespace {

using engine::water::SectionAssessment;
using standards::Waterbody;

// The group a section belongs to at a level: its river (or lake), basin, league/city, banner/county or region. A
// section that was not located in a banner/county (its admin code is its league's) has no county.
std::string group_key(const store::WaterSectionRow& s, WaterAssessLevel level) {
  switch (level) {
    case WaterAssessLevel::river:
      return s.river;
    case WaterAssessLevel::basin:
      return s.basin;
    case WaterAssessLevel::unit:
      return s.league_code.value_or("");
    case WaterAssessLevel::county:
      return s.admin_code && s.admin_code != s.league_code ? *s.admin_code : "";
    default:
      return s.league_code ? s.league_code->substr(0, 2) + "0000" : "";
  }
}

using SectionInfo = std::map<std::string, const store::WaterSectionRow*>;
using Assessed = std::map<std::string, std::vector<const SectionAssessment*>>;

// Per group: the sections of the set in the workspace, in the workspace's order.
std::map<std::string, std::vector<std::string>> expected_members(const std::vector<store::WaterSectionRow>& rows,
                                                                 const SectionInfo& in_set, WaterAssessLevel level) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& s : rows)
    if (in_set.count(s.code)) out[group_key(s, level)].push_back(s.code);
  return out;
}

Assessed assessed_by_group(const std::vector<SectionAssessment>& all, const SectionInfo& in_set,
                           WaterAssessLevel level) {
  Assessed out;
  for (const auto& a : all) out[group_key(*in_set.at(a.code), level)].push_back(&a);
  return out;
}

const std::vector<const SectionAssessment*>& of_group(const Assessed& by_group, const std::string& key) {
  static const std::vector<const SectionAssessment*> kNone;
  const auto it = by_group.find(key);
  return it == by_group.end() ? kNone : it->second;
}

std::vector<WaterAssessGroup> assess_groups(const std::vector<store::WaterSectionRow>& rows, const SectionInfo& in_set,
                                            const std::vector<SectionAssessment>& now,
                                            const std::optional<std::vector<SectionAssessment>>& before,
                                            WaterAssessLevel level) {
  const Assessed now_by = assessed_by_group(now, in_set, level);
  const Assessed before_by = before ? assessed_by_group(*before, in_set, level) : Assessed{};
  std::vector<WaterAssessGroup> out;
  for (const auto& [key, expected] : expected_members(rows, in_set, level)) {
    WaterAssessGroup g;
    g.key = key;
    const auto& members = of_group(now_by, key);
    g.members = engine::water::membership(expected, members);
    g.group = engine::water::assess_group(members);
    if (before) {
      const auto& then = of_group(before_by, key);
      g.baseline_members = engine::water::membership(expected, then);
      if (auto base = engine::water::assess_group(then); base.sections > 0) g.baseline = std::move(base);
      g.change = engine::water::compare_group(members, then);
    }
    out.push_back(std::move(g));
  }
  return out;
}

// The sections assessed in a period, those outside the set left out.
std::vector<SectionAssessment> assess_in_set(store::Workspace& ws, const Period& period, io::BelowDetection rule,
                                             const SectionInfo& in_set) {
  auto all = assess_sections(ws, period, rule);
  std::erase_if(all, [&](const SectionAssessment& a) { return !in_set.count(a.code); });
  return all;
}

WaterAssessSection section_of(SectionAssessment a, const store::WaterSectionRow& s,
                              const std::vector<SectionAssessment>& before) {
  WaterAssessSection out;
  for (const auto& [item, m] : a.means) out.samples = std::max(out.samples, m.second);
  for (const auto& b : before)
    if (b.code == a.code && b.result.cls) out.baseline_class = b.result.cls;
  out.assessment = std::move(a);
  out.name = s.name;
  out.river = s.river;
  out.basin = s.basin;
  out.control_level = s.control_level;
  out.assessment_level = s.assessment_level;
  out.league_code = s.league_code;
  out.county_code = s.admin_code && s.admin_code != s.league_code ? s.admin_code : std::nullopt;
  return out;
}

std::string waterbody_label(Waterbody wb, Lang l) {
  return wb == Waterbody::lake ? tr(l, "湖库", "lake") : tr(l, "河流", "river");
}

std::string assessment_level_label(const std::string& level, Lang l) {
  if (level == "national") return tr(l, "国考", "national");
  if (level == "provincial") return tr(l, "省考", "provincial");
  return tr(l, "其他", "other");
}

Cell class_cell(int cls, bool zh) { return cls ? Cell(std::string(standards::class_name(cls, zh))) : Cell(); }

Cell yes_no(bool v, Lang l) { return v ? tr(l, "是", "yes") : tr(l, "否", "no"); }

std::string joined(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : "|") + c;
  return out;
}

Table sections_table(const WaterAssessResult& r, Lang l) {
  const bool zh = l == Lang::zh;
  Table t;
  t.columns = {{"code", "断面编码", "code"},
               {"name", "断面名称", "name"},
               {"waterbody", "水体", "waterbody"},
               {"river", "河流", "river"},
               {"class", "水质类别", "class"},
               {"status", "水质状况", "status"},
               {"target_class", "目标类别", "target"},
               {"target_met", "达标", "target met"},
               {"main_pollutants", "主要污染指标", "main pollutants"},
               {"tli", "TLI", "TLI", 2},
               {"trophic_state", "营养状态", "trophic state"},
               {"samples", "样品数", "samples"},
               {"baseline_class", "基准期类别", "baseline class"},
               {"assessment_level", "考核级别", "assessment level"},
               {"county", "旗县区", "banner/county"}};
  for (const auto& s : r.sections) {
    const auto& a = s.assessment;
    t.add({a.code, s.name, waterbody_label(a.waterbody, l), s.river, class_cell(a.result.cls, zh),
           a.result.cls ? Cell(std::string(standards::water_status(a.result.cls, zh))) : Cell(),
           a.target_class ? class_cell(*a.target_class, zh) : Cell(), a.target_met ? yes_no(*a.target_met, l) : Cell(),
           water_main_pollutants(a.result), a.trophic ? Cell(a.trophic->reported) : Cell(),
           a.trophic ? Cell(zh ? a.trophic->class_zh : a.trophic->class_en) : Cell(), s.samples,
           s.baseline_class ? class_cell(*s.baseline_class, zh) : Cell(), assessment_level_label(s.assessment_level, l),
           s.county_code});
  }
  return t;
}

std::vector<Column> group_columns(bool with_baseline) {
  std::vector<Column> c = {{"key", "名称/代码", "name or code"},
                           {"sections", "断面数", "sections"},
                           {"members_expected", "应有断面", "sections expected"},
                           {"members_present", "有监测断面", "sections with samples"},
                           {"members_valid", "有类别断面", "sections with a class"},
                           {"complete", "断面齐全", "complete"},
                           {"members_missing", "缺少断面", "sections missing"},
                           {"method", "方法", "method"},
                           {"status", "水质状况", "status"},
                           {"class", "类别（<5个断面）", "class (< 5 sections)"},
                           {"share_i_iii_pct", "I-III类比例%", "I-III %", 1},
                           {"share_worse_v_pct", "劣V类比例%", "worse than V %", 1},
                           {"target_met", "达标断面", "sections meeting target"}};
  if (with_baseline)
    for (auto col : std::vector<Column>{
             {"baseline_members_valid", "基准期有类别断面", "baseline sections with a class"},
             {"compared_sections", "可比断面数", "sections compared"},
             {"like_for_like", "断面相同", "same sections"},
             {"compared_share_i_iii_pct", "可比断面I-III类%", "I-III % (sections compared)", 1},
             {"baseline_share_i_iii_pct", "基准期I-III类%（可比断面）", "baseline I-III % (sections compared)", 1},
             {"change_i_iii_pp", "I-III类变化(百分点)", "I-III change (points)", 1},
             {"change_worse_v_pp", "劣V类变化(百分点)", "worse than V change (points)", 1}})
      c.push_back(col);
  return c;
}

// The baseline columns of a group: its membership there and the change on the sections with a class in both.
std::vector<Cell> baseline_cells(const WaterAssessGroup& grp, Lang l) {
  const auto& c = *grp.change;
  std::vector<Cell> row{grp.baseline_members->valid.size(), c.common.size()};
  if (!c.now) {
    row.insert(row.end(), {Cell(), Cell(), Cell(), Cell(), Cell()});
    return row;
  }
  row.insert(row.end(), {yes_no(c.like_for_like, l), Cell(c.now->share_i_iii), Cell(c.then->share_i_iii),
                         Cell(*c.change_i_iii_pp()), Cell(*c.change_worse_v_pp())});
  return row;
}

Table groups_table(const WaterAssessResult& r, Lang l) {
  const bool zh = l == Lang::zh;
  Table t;
  t.columns = group_columns(r.baseline.has_value());
  for (const auto& grp : r.groups) {
    const auto& g = grp.group;
    const auto& m = grp.members;
    const bool any = g.sections > 0;
    std::vector<Cell> row{grp.key.empty() ? tr(l, "（未注明）", "(unspecified)") : grp.key,
                          g.sections,
                          m.expected.size(),
                          m.present.size(),
                          m.valid.size(),
                          yes_no(grp.complete(), l),
                          joined(m.missing()),
                          !any               ? Cell()
                          : g.by_proportions ? tr(l, "类别比例法", "class shares")
                                             : tr(l, "平均浓度法", "mean concentrations"),
                          !any ? Cell() : Cell(zh ? g.status_zh : g.status_en),
                          g.by_proportions ? Cell() : class_cell(g.cls, zh),
                          any ? Cell(g.share_i_iii) : Cell(),
                          any ? Cell(g.share_worse_v) : Cell(),
                          g.with_target ? Cell(fmt::format("{}/{}", g.target_met, g.with_target)) : Cell()};
    if (grp.change)
      for (auto& c : baseline_cells(grp, l)) row.push_back(std::move(c));
    t.add(std::move(row));
  }
  return t;
}

// The set, the membership rule and the groups whose membership is incomplete, as notes.
void membership_notes(Document& doc, const WaterAssessResult& r, Lang l) {
  doc.note(l == Lang::zh ? fmt::format("断面集合：{}（{} 个断面，另有 {} 个不在集合内）", r.set, r.sections_in_set,
                                       r.sections_outside_set)
                         : fmt::format("section set: {} ({} sections; {} outside the set left out)", r.set,
                                       r.sections_in_set, r.sections_outside_set));
  if (r.level == WaterAssessLevel::section) return;
  std::string incomplete;
  for (const auto& g : r.groups)
    if (!g.complete())
      incomplete += fmt::format("{}{} ({}/{})", incomplete.empty() ? "" : ", ", g.key.empty() ? "-" : g.key,
                                g.members.valid.size(), g.members.expected.size());
  if (!incomplete.empty())
    doc.note(tr(l, "断面不齐全（有类别/应有）：", "incomplete membership (with a class/expected): ") + incomplete);
  if (r.baseline)
    doc.note(tr(l, "与基准期的变化只在两期都有类别的断面上计算（可比断面）",
                "changes against the baseline are computed on the sections with a class in both periods only"));
}

}  // namespace

WaterAssessLevel water_assess_level(std::string_view name) {
  // The one list of levels: the CLI's parser and every other face meet the same names and message.
  constexpr std::pair<std::string_view, WaterAssessLevel> kLevels[] = {
      {"section", WaterAssessLevel::section}, {"river", WaterAssessLevel::river},
      {"basin", WaterAssessLevel::basin},     {"unit", WaterAssessLevel::unit},
      {"county", WaterAssessLevel::county},   {"region", WaterAssessLevel::region}};
  for (const auto& [level_name, level] : kLevels) {
    if (level_name == name) return level;
  }
  std::string names;
  for (const auto& [level_name, level] : kLevels) names += (names.empty() ? "" : ",") + std::string(level_name);
  throw UsageError(fmt::format("--level: {} not in {{{}}}", name, names));
}

WaterAssessRequest water_assess_request(const std::string& workspace, const std::string& period,
                                        const std::string& level, const std::string& baseline,
                                        const std::string& below_detection, const std::string& set) {
  WaterAssessRequest req;
  req.workspace = workspace;
  req.period = water_period_option(period, "--period");
  if (!baseline.empty()) req.baseline = water_period_option(baseline, "--baseline");
  req.below_detection = water_below_detection_option(below_detection);
  req.level = water_assess_level(level);
  const auto sets = io::water_section_sets();
  if (std::find(sets.begin(), sets.end(), set) == sets.end())
    throw UsageError(fmt::format("--set: expected one of {}, got {}", fmt::join(sets, ", "), set));
  req.set = set;
  return req;
}

std::optional<double> WaterAssessGroup::change_i_iii_pp() const {
  return change ? change->change_i_iii_pp() : std::nullopt;
}

std::optional<double> WaterAssessGroup::change_worse_v_pp() const {
  return change ? change->change_worse_v_pp() : std::nullopt;
}

WaterAssessResult run_water_assess(const WaterAssessRequest& req) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  const auto rows = store::water_sections(ws);
  WaterAssessResult r;
  SectionInfo in_set;
  for (const auto& s : rows) {
    if (io::water_section_in_set(s.assessment_level, req.set))
      in_set[s.code] = &s;
    else
      ++r.sections_outside_set;
  }
  r.sections_in_set = static_cast<int>(in_set.size());
  auto now = assess_in_set(ws, req.period, req.below_detection, in_set);
  std::optional<std::vector<SectionAssessment>> before;
  if (req.baseline) before = assess_in_set(ws, *req.baseline, req.below_detection, in_set);

  r.period = req.period;
  r.baseline = req.baseline;
  r.level = req.level;
  r.below_detection = req.below_detection;
  r.set = req.set;
  if (req.level != WaterAssessLevel::section) r.groups = assess_groups(rows, in_set, now, before, req.level);
  const std::vector<SectionAssessment> none;
  for (auto& a : now) {
    const auto& info = *in_set.at(a.code);
    r.sections.push_back(section_of(std::move(a), info, before ? *before : none));
  }
  return r;
}

Document water_assess_document(const WaterAssessResult& r, Lang lang) {
  Document doc(r.level == WaterAssessLevel::section ? sections_table(r, lang) : groups_table(r, lang));
  // Sections are stations; unit, county and region groups are keyed by their unit code; rivers and basins have no
  // geometry in the workspace.
  if (r.level == WaterAssessLevel::section)
    doc.parts.front().second.geometry = GeometryJoin{GeometryLayer::station, "code"};
  else if (r.level == WaterAssessLevel::unit || r.level == WaterAssessLevel::county ||
           r.level == WaterAssessLevel::region)
    doc.parts.front().second.geometry = GeometryJoin{GeometryLayer::unit, "key"};
  membership_notes(doc, r, lang);
  return doc;
}

}  // namespace eb::app::runs

#include "app/runs/water/assess.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "app/runs/water/water_runs.hpp"
#include "store/water_store.hpp"

namespace eb::app::runs {

namespace {

using engine::water::SectionAssessment;
using standards::Waterbody;

// The group a section belongs to at a level: its river (or lake), basin, league/city, or region.
std::string group_key(const store::WaterSectionRow& s, WaterAssessLevel level) {
  switch (level) {
    case WaterAssessLevel::river:
      return s.river;
    case WaterAssessLevel::basin:
      return s.basin;
    case WaterAssessLevel::unit:
      return s.league_code.value_or("");
    default:
      return s.league_code ? s.league_code->substr(0, 2) + "0000" : "";
  }
}

using Members = std::map<std::string, std::vector<const SectionAssessment*>>;

Members group_members(const std::vector<SectionAssessment>& all,
                      const std::map<std::string, const store::WaterSectionRow*>& info, WaterAssessLevel level) {
  Members out;
  for (const auto& a : all) out[group_key(*info.at(a.code), level)].push_back(&a);
  return out;
}

std::vector<WaterAssessGroup> assess_groups(const std::vector<SectionAssessment>& now,
                                            const std::vector<SectionAssessment>& before,
                                            const std::map<std::string, const store::WaterSectionRow*>& info,
                                            WaterAssessLevel level) {
  const Members base_members = group_members(before, info, level);
  std::vector<WaterAssessGroup> out;
  for (const auto& [key, members] : group_members(now, info, level)) {
    WaterAssessGroup g;
    g.key = key;
    for (const auto* a : members) g.sections.push_back(a->code);
    g.group = engine::water::assess_group(members);
    if (const auto it = base_members.find(key); it != base_members.end()) {
      auto base = engine::water::assess_group(it->second);
      if (base.sections > 0) g.baseline = std::move(base);
    }
    out.push_back(std::move(g));
  }
  return out;
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
  out.league_code = s.league_code;
  return out;
}

std::string waterbody_label(Waterbody wb, Lang l) {
  return wb == Waterbody::lake ? tr(l, "湖库", "lake") : tr(l, "河流", "river");
}

Cell class_cell(int cls, bool zh) { return cls ? Cell(std::string(standards::class_name(cls, zh))) : Cell(); }

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
               {"baseline_class", "基准期类别", "baseline class"}};
  for (const auto& s : r.sections) {
    const auto& a = s.assessment;
    t.add({a.code, s.name, waterbody_label(a.waterbody, l), s.river, class_cell(a.result.cls, zh),
           a.result.cls ? Cell(std::string(standards::water_status(a.result.cls, zh))) : Cell(),
           a.target_class ? class_cell(*a.target_class, zh) : Cell(),
           a.target_met ? Cell(*a.target_met ? tr(l, "是", "yes") : tr(l, "否", "no")) : Cell(),
           water_main_pollutants(a.result), a.trophic ? Cell(a.trophic->reported) : Cell(),
           a.trophic ? Cell(zh ? a.trophic->class_zh : a.trophic->class_en) : Cell(), s.samples,
           s.baseline_class ? class_cell(*s.baseline_class, zh) : Cell()});
  }
  return t;
}

Table groups_table(const WaterAssessResult& r, Lang l) {
  const bool zh = l == Lang::zh;
  Table t;
  t.columns = {{"key", "名称/代码", "name or code"},
               {"sections", "断面数", "sections"},
               {"method", "方法", "method"},
               {"status", "水质状况", "status"},
               {"class", "类别（<5个断面）", "class (< 5 sections)"},
               {"share_i_iii_pct", "I-III类比例%", "I-III %", 1},
               {"share_worse_v_pct", "劣V类比例%", "worse than V %", 1},
               {"target_met", "达标断面", "sections meeting target"}};
  if (r.baseline)
    for (auto c : std::vector<Column>{{"baseline_share_i_iii_pct", "基准期I-III类%", "baseline I-III %", 1},
                                      {"change_i_iii_pp", "I-III类变化(百分点)", "I-III change (points)", 1},
                                      {"change_worse_v_pp", "劣V类变化(百分点)", "worse than V change (points)", 1}})
      t.columns.push_back(c);
  for (const auto& grp : r.groups) {
    const auto& g = grp.group;
    std::vector<Cell> row{
        grp.key.empty() ? tr(l, "（未注明）", "(unspecified)") : grp.key,
        g.sections,
        g.by_proportions ? tr(l, "类别比例法", "class shares") : tr(l, "平均浓度法", "mean concentrations"),
        zh ? g.status_zh : g.status_en,
        g.by_proportions ? Cell() : class_cell(g.cls, zh),
        g.share_i_iii,
        g.share_worse_v,
        g.with_target ? Cell(fmt::format("{}/{}", g.target_met, g.with_target)) : Cell()};
    if (r.baseline) {
      if (grp.baseline)
        row.insert(row.end(),
                   {Cell(grp.baseline->share_i_iii), Cell(*grp.change_i_iii_pp()), Cell(*grp.change_worse_v_pp())});
      else
        row.insert(row.end(), {Cell(), Cell(), Cell()});
    }
    t.add(std::move(row));
  }
  return t;
}

}  // namespace

WaterAssessLevel water_assess_level(std::string_view name) {
  if (name == "section") return WaterAssessLevel::section;
  if (name == "river") return WaterAssessLevel::river;
  if (name == "basin") return WaterAssessLevel::basin;
  if (name == "unit") return WaterAssessLevel::unit;
  return WaterAssessLevel::region;
}

WaterAssessRequest water_assess_request(const std::string& workspace, const std::string& period,
                                        const std::string& level, const std::string& baseline,
                                        const std::string& below_detection) {
  WaterAssessRequest req;
  req.workspace = workspace;
  req.period = water_period_option(period, "--period");
  if (!baseline.empty()) req.baseline = water_period_option(baseline, "--baseline");
  req.below_detection = water_below_detection_option(below_detection);
  req.level = water_assess_level(level);
  return req;
}

std::optional<double> WaterAssessGroup::change_i_iii_pp() const {
  if (!baseline) return std::nullopt;
  return group.share_i_iii - baseline->share_i_iii;
}

std::optional<double> WaterAssessGroup::change_worse_v_pp() const {
  if (!baseline) return std::nullopt;
  return group.share_worse_v - baseline->share_worse_v;
}

WaterAssessResult run_water_assess(const WaterAssessRequest& req) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  const auto rows = store::water_sections(ws);
  std::map<std::string, const store::WaterSectionRow*> info;
  for (const auto& s : rows) info[s.code] = &s;
  auto now = assess_sections(ws, req.period, req.below_detection);
  std::vector<SectionAssessment> before;
  if (req.baseline) before = assess_sections(ws, *req.baseline, req.below_detection);

  WaterAssessResult r;
  r.period = req.period;
  r.baseline = req.baseline;
  r.level = req.level;
  r.below_detection = req.below_detection;
  if (req.level != WaterAssessLevel::section) r.groups = assess_groups(now, before, info, req.level);
  for (auto& a : now) {
    const auto& s = *info.at(a.code);
    r.sections.push_back(section_of(std::move(a), s, before));
  }
  return r;
}

Document water_assess_document(const WaterAssessResult& r, Lang lang) {
  return Document(r.level == WaterAssessLevel::section ? sections_table(r, lang) : groups_table(r, lang));
}

}  // namespace eb::app::runs

// 2. Clear water: the GB 3838 assessment of the surface-water sections in the latest year with samples up to the
// bulletin's, for the region and by league/city (runs::run_water_assess, the same run as `water assess`), the
// class shares by league/city and the trophic state of the lakes.
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "app/report/sections.hpp"
#include "app/runs/water/assess.hpp"
#include "store/water_store.hpp"

namespace eb::app::report {

namespace {

using runs::WaterAssessResult;

// What the section's notes share: the year shown, the baseline option, the sections and sample values.
struct WaterYear {
  int year = 0;
  std::string baseline;  // the year before, when it has samples; else empty
  std::size_t sections = 0;
  int samples = 0;
};

// The latest year with water samples up to the bulletin's (0: none), and whether the year before has samples.
WaterYear water_year(const Report& r) {
  std::set<int> years;
  for (const auto& s : r.spans)
    if (s.station_kind == "water")
      for (int y = year_of(s.first); y <= year_of(s.last); ++y) years.insert(y);
  WaterYear w;
  for (int y : years)
    if (y <= r.year) w.year = y;
  if (w.year && years.count(w.year - 1)) w.baseline = std::to_string(w.year - 1);
  return w;
}

// Whether the sections or the water observations are named SYNTHETIC.
bool water_synthetic(const Report& r) {
  bool syn = false;
  for (const auto& s : store::water_sections(*r.ws))
    syn |= s.code.rfind("SYN-", 0) == 0 || store::names_synthetic(s.name);
  for (const auto& src : r.sources)
    if (src.table == "observation" && src.kind.find("water") != std::string::npos)
      syn |= store::names_synthetic(src.source) || store::names_synthetic(src.file);
  return syn;
}

WaterAssessResult assess(const Report& r, const WaterYear& w, const std::string& level) {
  return runs::run_water_assess(
      runs::water_assess_request(r.ws_path, std::to_string(w.year), level, w.baseline, "half"));
}

int water_note(Report& r, const WaterYear& w, const std::string& level) {
  Note n;
  n.inputs = r.zh ? fmt::format("{}（water_section、observation 表）；{} 个断面，{} 个监测值", r.ws_label(), w.sections,
                                w.samples)
                  : fmt::format("{} (tables water_section, observation); {} sections, {} sample values", r.ws_label(),
                                w.sections, w.samples);
  n.rule =
      r.t("GB 3838-2002：按时段均值定类（河流不计总氮、粪大肠菌群）；低于检出限按检出限一半计；"
          "≥5 个断面按类别比例法评价水质状况",
          "GB 3838-2002: class from the period means (rivers without TN and fecal coliforms); values below "
          "the detection limit at half the limit; groups of 5 or more sections by class shares");
  n.command = r.command(fmt::format("water assess {} --period {} --level {}{}", r.ws_arg(), w.year, level,
                                    w.baseline.empty() ? "" : " --baseline " + w.baseline));
  return r.doc.add_note(std::move(n));
}

std::string group_status(const Report& r, const runs::WaterAssessGroup& g) {
  return r.zh ? g.group.status_zh : g.group.status_en;
}

// The region's sections, their shares in I–III and worse than V, its status and the change against the year before.
Paragraph region_paragraph(const Report& r, const runs::WaterAssessGroup& g, int year, int note) {
  ParagraphBuilder p;
  p.text(r.zh ? fmt::format("{} 年，全区 ", year) : fmt::format("In {}, ", year))
      .figure(std::to_string(g.group.sections), note)
      .text(r.t(" 个地表水断面参与评价，I–III 类水质断面比例为 ", " surface-water sections were assessed: "))
      .figure(fixed(finite_or_zero(g.group.share_i_iii), 1) + "%", note)
      .text(r.t("，劣 V 类比例为 ", " were in classes I–III and "))
      .figure(fixed(finite_or_zero(g.group.share_worse_v), 1) + "%", note)
      .text(r.t("，水质状况为“", " worse than class V; the overall status was “"))
      .figure(group_status(r, g), note)
      .text(r.t("”", "”"));
  if (const auto change = finite(g.change_i_iii_pp())) {
    p.text(r.zh ? fmt::format("。与 {} 年相比，I–III 类比例{} ", year - 1, *change >= 0 ? "上升" : "下降")
                : fmt::format(". Against {}, the share in classes I–III was ", year - 1))
        .figure(fixed(std::fabs(*change), 1) + r.t(" 个百分点", " percentage points"), note)
        .text(r.zh ? "" : (*change >= 0 ? " higher" : " lower"));
  }
  p.text(r.t("。", "."));
  return p.done();
}

// Table 2-1: per league/city the sections, class shares, status and the sections meeting their target.
TableBlock unit_table(const Report& r, const WaterAssessResult& by_unit, int year, bool syn, int note) {
  TableBlock tb;
  tb.synthetic = syn;
  tb.caption = r.zh ? fmt::format("表 2-1 {} 年各盟市地表水断面水质（GB 3838-2002）", year)
                    : fmt::format("Table 2-1. Surface-water sections by league/city, {} (GB 3838-2002)", year);
  tb.header = {r.t("盟市", "League/city"),      r.t("断面数", "Sections"),
               r.t("I–III 类(%)", "I–III (%)"), r.t("劣 V 类(%)", "Worse than V (%)"),
               r.t("水质状况", "Status"),       r.t("达到目标断面", "Meeting target")};
  tb.numeric = {false, true, true, true, false, true};
  for (const auto& grp : by_unit.groups) {
    const auto& g = grp.group;
    const std::string key = grp.key.empty() ? r.t("（未注明）", "(unspecified)") : grp.key;
    tb.rows.push_back({{r.units.count(key) ? r.name(key) : key, 0, false},
                       {std::to_string(g.sections), note, false},
                       {fixed(finite_or_zero(g.share_i_iii), 1), note, false},
                       {fixed(finite_or_zero(g.share_worse_v), 1), note, false},
                       {group_status(r, grp), 0, false},
                       {g.with_target ? fmt::format("{}/{}", g.target_met, g.with_target) : "", 0, false}});
  }
  return tb;
}

// Figure 2-1: the shares of the sections in each class per league/city and for the region.
Figure class_share_chart(const Report& r, const WaterAssessResult& result, int year, bool syn) {
  std::map<std::string, std::vector<const engine::water::SectionAssessment*>> by_league;
  std::vector<const engine::water::SectionAssessment*> all;
  for (const auto& s : result.sections) {
    all.push_back(&s.assessment);
    by_league[s.league_code.value_or("")].push_back(&s.assessment);
  }
  auto shares = [](const std::vector<const engine::water::SectionAssessment*>& members) {
    const auto g = engine::water::assess_group(members);
    std::vector<double> s;
    for (int c : g.per_class) s.push_back(g.sections ? 100.0 * c / g.sections : 0.0);
    return s;
  };
  std::vector<StackedRow> stacked;
  for (const auto& [league, members] : by_league)
    stacked.push_back({league.empty() ? r.t("（未注明）", "(unspecified)") : r.name(league), shares(members)});
  stacked.push_back({r.t("全区", "Region"), shares(all)});
  const std::vector<std::string> classes = {"I", "II", "III", "IV", "V", r.t("劣V", "worse than V")};
  return Figure{stacked_bar_chart(stacked, classes, {"#3b7dd8", "#5fb1e6", "#5cb85c", "#f0ad4e", "#e8743b", "#c9302c"},
                                  r.t("各盟市断面水质类别比例", "Class shares of the sections by league/city")),
                r.zh ? fmt::format("图 2-1 {} 年各盟市断面水质类别比例", year)
                     : fmt::format("Figure 2-1. Shares of the sections in each class by league/city, {}", year),
                syn};
}

// The lakes and reservoirs: how many are eutrophic, and Table 2-2 of their class and trophic state.
void lakes_block(Report& r, Section& sec, const WaterAssessResult& result, int year, bool syn, int note) {
  TableBlock lakes;
  lakes.synthetic = syn;
  lakes.caption = r.zh ? fmt::format("表 2-2 {} 年湖库营养状态（综合营养状态指数 TLI）", year)
                       : fmt::format("Table 2-2. Trophic state of lakes and reservoirs, {} (TLI)", year);
  lakes.header = {r.t("断面", "Section"), r.t("湖库", "Lake"), r.t("水质类别", "Class"), "TLI(Σ)",
                  r.t("营养状态", "Trophic state")};
  lakes.numeric = {false, false, false, true, false};
  int eutrophic = 0;
  for (const auto& s : result.sections) {
    const auto& a = s.assessment;
    if (a.waterbody != standards::Waterbody::lake) continue;
    eutrophic += a.trophic && a.trophic->reported > 50;
    lakes.rows.push_back({{a.code + " " + s.name, 0, false},
                          {s.river, 0, false},
                          {a.result.cls ? std::string(standards::class_name(a.result.cls, r.zh)) : "–", note, false},
                          {a.trophic ? fixed(a.trophic->reported, 2) : "–", note, false},
                          {a.trophic ? (r.zh ? a.trophic->class_zh : a.trophic->class_en) : "–", note, false}});
  }
  if (lakes.rows.empty()) return;
  sec.blocks.push_back(ParagraphBuilder()
                           .text(r.zh ? fmt::format("监测的 {} 个湖库断面中，", lakes.rows.size())
                                      : fmt::format("Of the {} lake and reservoir sections, ", lakes.rows.size()))
                           .figure(std::to_string(eutrophic), note)
                           .text(r.t(" 个呈富营养状态（TLI > 50）。", " were eutrophic (TLI > 50)."))
                           .done());
  sec.blocks.push_back(std::move(lakes));
}

}  // namespace

void water_section(Report& r) {
  Section sec{"water", r.t("二、碧水：地表水环境质量", "2. Clear water: surface water quality"), false, {}};
  WaterYear w = water_year(r);
  const WaterAssessResult region = w.year ? assess(r, w, "region") : WaterAssessResult{};
  if (region.sections.empty()) {
    sec.blocks.push_back(r.none("地表水监测数据", "surface-water measurements"));
    r.doc.sections.push_back(std::move(sec));
    return;
  }
  w.sections = region.sections.size();
  for (const auto& s : region.sections)
    for (const auto& [item, m] : s.assessment.means) w.samples += m.second;
  const bool syn = sec.synthetic = water_synthetic(r);
  if (syn)
    r.synthetic.push_back(
        r.t("二、碧水：断面与监测数值为合成数据（SYNTHETIC）", "2. Clear water: the sections' values are SYNTHETIC"));
  sec.title += r.year_heading(w.year);
  if (w.year != r.year) sec.blocks.push_back(r.fallback("地表水监测数据", "surface-water measurements", w.year));
  const WaterAssessResult by_unit = assess(r, w, "unit");
  const int region_note = water_note(r, w, "region");
  if (!region.groups.empty()) sec.blocks.push_back(region_paragraph(r, region.groups.front(), w.year, region_note));
  if (!by_unit.groups.empty()) sec.blocks.push_back(unit_table(r, by_unit, w.year, syn, water_note(r, w, "unit")));
  sec.blocks.push_back(class_share_chart(r, region, w.year, syn));
  lakes_block(r, sec, region, w.year, syn, water_note(r, w, "section"));
  r.doc.sections.push_back(std::move(sec));
}

}  // namespace eb::app::report

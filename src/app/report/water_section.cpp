// 2. Clear water: the GB 3838 assessment of the surface-water sections in the latest year with samples up to the
// bulletin's, for the region (all sections and the national-assessment set), by league/city and by banner/county
// (runs::run_water_assess, the same run as `water assess`), each with its membership, the class shares by
// league/city and the trophic state of the lakes.
#include <fmt/format.h>

#include <algorithm>
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

WaterAssessResult assess(const Report& r, const WaterYear& w, const std::string& level,
                         const std::string& set = "all") {
  return runs::run_water_assess(
      runs::water_assess_request(r.ws_path, std::to_string(w.year), level, w.baseline, "half", set));
}

int water_note(Report& r, const WaterYear& w, const std::string& level, const std::string& set = "all") {
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
  n.command = r.command(fmt::format("water assess {} --period {} --level {}{}{}", r.ws_arg(), w.year, level,
                                    set == "all" ? "" : " --set " + set,
                                    w.baseline.empty() ? "" : " --baseline " + w.baseline));
  return r.doc.add_note(std::move(n));
}

std::string group_status(const Report& r, const runs::WaterAssessGroup& g) {
  return r.zh ? g.group.status_zh : g.group.status_en;
}

// " (12 of 13 sections had a class; missing: S1, S2)" when the group's membership is incomplete; else empty.
std::string incomplete_text(const Report& r, const engine::water::Membership& m) {
  if (m.complete()) return "";
  std::string missing;
  for (const auto& code : m.missing()) missing += (missing.empty() ? "" : ", ") + code;
  return r.zh
             ? fmt::format("（应有 {} 个断面，{} 个有类别；缺：{}）", m.expected.size(), m.valid.size(), missing)
             : fmt::format(" ({} of {} sections had a class; missing: {})", m.valid.size(), m.expected.size(), missing);
}

// The change against the year before, like for like: the plain change when the same sections had a class in both
// years, else the change on the sections common to both with both memberships, or why there is none.
void change_sentence(const Report& r, ParagraphBuilder& p, const runs::WaterAssessGroup& g, int year, int note) {
  if (!g.change) return;
  const auto& c = *g.change;
  const auto change = finite(c.change_i_iii_pp());
  if (!change) {
    p.text(r.zh ? fmt::format("。与 {} 年没有两年都有类别的断面，不计算变化", year - 1)
                : fmt::format(". No section had a class in both {} and {}, so no change is given", year - 1, year));
    return;
  }
  if (c.like_for_like)
    p.text(r.zh ? fmt::format("。与 {} 年相比（断面相同），I–III 类比例{} ", year - 1, *change >= 0 ? "上升" : "下降")
                : fmt::format(". Against {} (same sections), the share in classes I–III was ", year - 1));
  else
    p.text(r.zh ? fmt::format("。{} 年 {} 个、{} 年 {} 个断面有类别，断面不同；在两年都有类别的 {} 个断面上，I–III "
                              "类比例{} ",
                              year, g.members.valid.size(), year - 1, g.baseline_members->valid.size(), c.common.size(),
                              *change >= 0 ? "上升" : "下降")
                : fmt::format(". {} sections had a class in {} and {} in {}, not the same ones; on the {} {} "
                              "with a class in both years, the share in classes I–III was ",
                              g.members.valid.size(), year, g.baseline_members->valid.size(), year - 1, c.common.size(),
                              c.common.size() == 1 ? "section" : "sections"));
  p.figure(fixed(std::fabs(*change), 1) + r.t(" 个百分点", " percentage points"), note)
      .text(r.zh ? "" : (*change >= 0 ? " higher" : " lower"));
}

// The region's sections, their shares in I–III and worse than V, its status and the change against the year before;
// then the same figures of the national-assessment (国考) set, the set the published excellent share is computed on.
Paragraph region_paragraph(const Report& r, const runs::WaterAssessGroup& g, const runs::WaterAssessGroup* national,
                           int year, int note, int national_note) {
  ParagraphBuilder p;
  p.text(r.zh ? fmt::format("{} 年，全区 ", year) : fmt::format("In {}, ", year))
      .figure(std::to_string(g.group.sections), note)
      .text(r.t(" 个地表水断面参与评价", " surface-water sections were assessed") + incomplete_text(r, g.members) +
            r.t("，I–III 类水质断面比例为 ", ": "))
      .figure(fixed(finite_or_zero(g.group.share_i_iii), 1) + "%", note)
      .text(r.t("，劣 V 类比例为 ", " were in classes I–III and "))
      .figure(fixed(finite_or_zero(g.group.share_worse_v), 1) + "%", note)
      .text(r.t("，水质状况为“", " worse than class V; the overall status was “"))
      .figure(group_status(r, g), note)
      .text(r.t("”", "”"));
  change_sentence(r, p, g, year, note);
  if (national && national->members.expected.size() == g.members.expected.size())
    p.text(r.t("。参与评价的断面均为国考断面", ". All of them are national-assessment (国考) sections"));
  else if (national) {
    p.text(r.t("。其中国考断面 ", ". The national-assessment (国考) set: "))
        .figure(std::to_string(national->group.sections), national_note)
        .text(r.t(" 个" + incomplete_text(r, national->members) + "，I–III 类比例 ",
                  " sections" + incomplete_text(r, national->members) + ", "))
        .figure(fixed(finite_or_zero(national->group.share_i_iii), 1) + "%", national_note)
        .text(r.t("，劣 V 类比例 ", " in classes I–III and "))
        .figure(fixed(finite_or_zero(national->group.share_worse_v), 1) + "%", national_note)
        .text(r.t("", " worse than V"));
    change_sentence(r, p, *national, year, national_note);
  }
  p.text(r.t("。", "."));
  return p.done();
}

// "12/12", or "11/12 (incomplete)": the sections with a class of those expected, marked when some lack one.
std::string membership_cell(const Report& r, const engine::water::Membership& m) {
  return fmt::format("{}/{}", m.valid.size(), m.expected.size()) +
         (m.complete() ? "" : r.t("（不齐全）", " (incomplete)"));
}

// One row of Table 2-1 or 2-3: name, membership, shares, status and targets (no figures for a group without a
// section with a class).
std::vector<Span> group_row(const Report& r, const runs::WaterAssessGroup& grp, int note) {
  const auto& g = grp.group;
  const std::string key = grp.key.empty() ? r.t("（未注明）", "(unspecified)") : grp.key;
  const bool any = g.sections > 0;
  return {{r.units.count(key) ? r.name(key) : key, 0, false},
          {std::to_string(g.sections), note, false},
          {membership_cell(r, grp.members), note, false},
          {any ? fixed(finite_or_zero(g.share_i_iii), 1) : "–", note, false},
          {any ? fixed(finite_or_zero(g.share_worse_v), 1) : "–", note, false},
          {any ? group_status(r, grp) : "–", 0, false},
          {g.with_target ? fmt::format("{}/{}", g.target_met, g.with_target) : "", 0, false}};
}

std::vector<std::string> group_header(const Report& r, std::string first) {
  return {std::move(first),
          r.t("断面数", "Sections"),
          r.t("有类别/应有断面", "With a class/expected"),
          r.t("I–III 类(%)", "I–III (%)"),
          r.t("劣 V 类(%)", "Worse than V (%)"),
          r.t("水质状况", "Status"),
          r.t("达到目标断面", "Meeting target")};
}

// Table 2-1: per league/city the sections, their membership, class shares, status and the sections meeting their
// target.
TableBlock unit_table(const Report& r, const WaterAssessResult& by_unit, int year, bool syn, int note) {
  TableBlock tb;
  tb.synthetic = syn;
  tb.caption = r.zh ? fmt::format("表 2-1 {} 年各盟市地表水断面水质（GB 3838-2002）", year)
                    : fmt::format("Table 2-1. Surface-water sections by league/city, {} (GB 3838-2002)", year);
  tb.header = group_header(r, r.t("盟市", "League/city"));
  tb.numeric = {false, true, true, true, true, false, true};
  for (const auto& grp : by_unit.groups) {
    tb.rows.push_back(group_row(r, grp, note));
    tb.unit_codes.push_back(grp.key);
  }
  return tb;
}

// Table 2-3: the banners and counties that have sections (only those, so that the table stays short), with their
// league/city.
TableBlock county_table(const Report& r, const WaterAssessResult& by_county, int year, bool syn, int note) {
  TableBlock tb;
  tb.synthetic = syn;
  tb.caption = r.zh ? fmt::format("表 2-3 {} 年有监测断面的旗县区地表水断面水质（GB 3838-2002）", year)
                    : fmt::format(
                          "Table 2-3. Surface-water sections by banner/county (those with sections), {} "
                          "(GB 3838-2002)",
                          year);
  tb.header = group_header(r, r.t("旗县区", "Banner/county"));
  tb.header.insert(tb.header.begin() + 1, r.t("所属盟市", "League/city"));
  tb.numeric = {false, false, true, true, true, true, false, true};
  for (const auto& grp : by_county.groups) {
    auto row = group_row(r, grp, note);
    const std::string league = grp.key.size() == 6 ? grp.key.substr(0, 4) + "00" : "";
    row.insert(row.begin() + 1, Span{league.empty() ? "" : r.name(league), 0, false});
    tb.rows.push_back(std::move(row));
    tb.unit_codes.push_back(grp.key);
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

// 2.1: the surface-water sections.
void surface_water_blocks(Report& r, Section& sec) {
  sec.blocks.push_back(
      Report::heading(r.t("（一）地表水环境质量（GB 3838-2002）", "2.1 Surface water (GB 3838-2002)")));
  WaterYear w = water_year(r);
  const WaterAssessResult region = w.year ? assess(r, w, "region") : WaterAssessResult{};
  if (region.sections.empty()) {
    sec.blocks.push_back(r.none("地表水监测数据", "surface-water measurements"));
    return;
  }
  w.sections = region.sections.size();
  for (const auto& s : region.sections)
    for (const auto& [item, m] : s.assessment.means) w.samples += m.second;
  const bool syn = water_synthetic(r);
  sec.synthetic |= syn;
  if (syn)
    r.synthetic.push_back(
        r.t("二、碧水：断面与监测数值为合成数据（SYNTHETIC）", "2. Clear water: the sections' values are SYNTHETIC"));
  if (w.year != r.year) {
    sec.blocks.back() = Report::heading(
        r.t("（一）地表水环境质量（GB 3838-2002）", "2.1 Surface water (GB 3838-2002)") + r.year_heading(w.year));
    sec.blocks.push_back(r.fallback("地表水监测数据", "surface-water measurements", w.year));
  }
  const WaterAssessResult by_unit = assess(r, w, "unit");
  const int region_note = water_note(r, w, "region");
  const WaterAssessResult national = assess(r, w, "region", "national");
  if (!region.groups.empty()) {
    const bool subset = !national.groups.empty() && national.sections_outside_set > 0;
    const int national_note = subset ? water_note(r, w, "region", "national") : region_note;
    const auto& whole = region.groups.front();
    const auto same_key = std::find_if(national.groups.begin(), national.groups.end(),
                                       [&](const runs::WaterAssessGroup& g) { return g.key == whole.key; });
    sec.blocks.push_back(region_paragraph(r, whole, same_key == national.groups.end() ? nullptr : &*same_key, w.year,
                                          region_note, national_note));
    r.summarise("地表水环境质量", "Surface water", std::get<Paragraph>(sec.blocks.back()));
  }
  if (!by_unit.groups.empty()) sec.blocks.push_back(unit_table(r, by_unit, w.year, syn, water_note(r, w, "unit")));
  sec.blocks.push_back(class_share_chart(r, region, w.year, syn));
  lakes_block(r, sec, region, w.year, syn, water_note(r, w, "section"));
  const WaterAssessResult by_county = assess(r, w, "county");
  if (!by_county.groups.empty())
    sec.blocks.push_back(county_table(r, by_county, w.year, syn, water_note(r, w, "county")));
}

}  // namespace

void water_section(Report& r) {
  Section sec{"water", r.t("二、碧水：水环境质量", "2. Clear water: water quality"), false, {}};
  surface_water_blocks(r, sec);
  drinking_and_groundwater_blocks(r, sec);
  r.doc.sections.push_back(std::move(sec));
}

}  // namespace eb::app::report

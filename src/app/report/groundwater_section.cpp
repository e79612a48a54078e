// 2.x of the clear-water section, computed: the centralised drinking-water sources' compliance by number and by
// water supplied (runs::run_drinking_assess, the run of `water source assess`) and the groundwater points' GB/T
// 14848 classes with the shares in I-IV and V (runs::run_groundwater_assess, the run of `groundwater assess`), each
// for the region and by league/city with the sources or points left out named.
#include <fmt/format.h>

#include <algorithm>

#include "app/report/sections.hpp"
#include "app/runs/drinking/drinking.hpp"
#include "app/runs/groundwater/assess.hpp"
#include "store/drinking_store.hpp"

namespace eb::app::report {

namespace {

// Monitoring of sources and wells is monthly to yearly: the latest year with data up to the bulletin's is shown.
constexpr int kLookBackYears = 10;

std::string pct_text(const std::optional<double>& v) { return v ? fixed(*v, 1) + "%" : "–"; }

std::string list_text(const Report& r, const std::vector<std::string>& codes) {
  std::string s;
  for (const auto& c : codes) s += (s.empty() ? "" : r.t("、", ", ")) + c;
  return s;
}

// --- drinking-water sources ---

std::size_t assessed_sources(const runs::DrinkingAssessResult& a) {
  std::size_t n = 0;
  for (const auto& u : a.units) n += u.compliant.size() + u.not_compliant.size();
  return n;
}

bool drinking_synthetic(Report& r) {
  for (const auto& s : store::drinking_sources(*r.ws))
    if (s.code.rfind("SYN-", 0) == 0 || store::names_synthetic(s.name)) return true;
  return false;
}

int drinking_note(Report& r, const runs::DrinkingAssessResult& a, int level) {
  Note n;
  n.inputs = r.zh ? fmt::format("{}（drinking_source、drinking_source_point、observation 表）；{} 个水源地",
                                r.ws_label(), a.sources.size())
                  : fmt::format("{} (tables drinking_source, drinking_source_point, observation); {} sources",
                                r.ws_label(), a.sources.size());
  n.rule =
      r.t("地表水水源地：GB 3838-2002 表 1 基本项目（不含水温；河流不含总氮；湖库总氮、粪大肠菌群单独评价）III 类限值、"
          "表 2 补充项目、表 3 特定项目；地下水水源地：GB/T 14848-2017 III 类；月均值逐项评价，全年各监测月均达标为达标"
          "水源；达标水源个数比例与达标水量比例，无监测的水源另列、不计入（docs/drinking-water.md）",
          "surface sources: GB 3838-2002 Table 1 basic items at class III (without water temperature; rivers without "
          "TN; TN of lakes and fecal coliforms reported apart), Table 2 supplementary and Table 3 specific items; "
          "groundwater sources: GB/T 14848-2017 class III; each item's monthly mean judged, a source compliant when "
          "every monitored month is; shares of compliant sources and of the water they supply, sources without samples "
          "listed apart and not counted (docs/drinking-water.md)");
  n.command = r.command(fmt::format("water source assess {} --year {} --level {}", r.ws_arg(), a.year, level));
  return r.doc.add_note(std::move(n));
}

void drinking_block(Report& r, Section& sec) {
  if (store::drinking_sources(*r.ws).empty()) return;
  runs::DrinkingAssessResult region;
  for (int y = r.year; y > r.year - kLookBackYears; --y) {
    runs::DrinkingAssessRequest req;
    req.workspace = r.ws_path;
    req.year = y;
    req.level = 1;
    region = runs::run_drinking_assess(req);
    if (assessed_sources(region) > 0) break;
  }
  if (assessed_sources(region) == 0) return;
  const int year = region.year;
  runs::DrinkingAssessRequest by_league;
  by_league.workspace = r.ws_path;
  by_league.year = year;
  by_league.level = 2;
  const runs::DrinkingAssessResult leagues = runs::run_drinking_assess(by_league);
  const bool syn = drinking_synthetic(r);
  if (syn) {
    sec.synthetic = true;
    r.synthetic.push_back(r.t("二、碧水：集中式饮用水水源地及其监测数值为合成数据（SYNTHETIC）",
                              "2. Clear water: the drinking-water sources and their values are SYNTHETIC"));
  }
  sec.blocks.push_back(
      Report::heading(r.t("（二）集中式生活饮用水水源地水质", "2.2 Centralised drinking-water sources")));
  if (year != r.year)
    sec.blocks.push_back(r.fallback("饮用水水源地监测数据", "drinking-water source measurements", year));
  const int note = drinking_note(r, region, 1);
  std::size_t compliant = 0, unsampled = 0;
  std::vector<std::string> failing;
  for (const auto& u : region.units) {
    compliant += u.compliant.size();
    unsampled += u.unsampled.size();
    failing.insert(failing.end(), u.not_compliant.begin(), u.not_compliant.end());
  }
  const runs::DrinkingUnitRollup* whole = region.units.empty() ? nullptr : &region.units.front();
  ParagraphBuilder p;
  p.text(r.zh ? fmt::format("{} 年，全区监测的集中式生活饮用水水源地 ", year) : fmt::format("In {}, ", year))
      .figure(std::to_string(assessed_sources(region)), note)
      .text(r.t(" 个，达标 ", " centralised drinking-water sources were monitored; "))
      .figure(std::to_string(compliant), note)
      .text(r.t(" 个，达标水源个数比例为 ", " met the standards in every monitored month: "))
      .figure(whole ? pct_text(whole->sources_pct()) : "–", note)
      .text(r.t("，按取水量计的达标比例为 ", " of the sources, and "))
      .figure(whole ? pct_text(whole->supply_pct()) : "–", note)
      .text(r.t("", " of the water they supply"));
  if (!failing.empty())
    p.text(r.zh ? fmt::format("；未达标水源：{}", list_text(r, failing))
                : fmt::format("; not compliant: {}", list_text(r, failing)));
  p.text(r.t("。", "."));
  sec.blocks.push_back(p.done());
  if (unsampled)
    sec.blocks.push_back(
        ParagraphBuilder()
            .text(r.zh ? fmt::format("{} 个水源地当年无监测数据，未计入。", unsampled)
                       : fmt::format("{} sources had no samples in {} and are not counted.", unsampled, year))
            .aside()
            .done());
  const int league_note = drinking_note(r, leagues, 2);
  TableBlock tb;
  tb.synthetic = syn;
  tb.caption = r.zh ? fmt::format("表 2-4 {} 年各盟市集中式饮用水水源地达标情况", year)
                    : fmt::format("Table 2-4. Compliance of the drinking-water sources by league/city, {}", year);
  tb.header = {r.t("盟市", "League/city"),
               r.t("监测水源", "Sources monitored"),
               r.t("达标", "Compliant"),
               r.t("达标个数比例", "Share of sources"),
               r.t("达标水量比例", "Share of supply"),
               r.t("未达标水源", "Not compliant")};
  tb.numeric = {false, true, true, true, true, false};
  for (const auto& u : leagues.units) {
    if (u.unit_code.empty()) continue;
    tb.rows.push_back({{r.name(u.unit_code), 0, false},
                       {std::to_string(u.compliant.size() + u.not_compliant.size()), league_note, false},
                       {std::to_string(u.compliant.size()), league_note, false},
                       {pct_text(u.sources_pct()), league_note, false},
                       {pct_text(u.supply_pct()), league_note, false},
                       {list_text(r, u.not_compliant), league_note, false}});
  }
  if (!tb.rows.empty()) sec.blocks.push_back(std::move(tb));
}

// --- groundwater ---

std::size_t assessed_points(const runs::GroundwaterAssessResult& a) {
  std::size_t n = 0;
  for (const auto& u : a.units) n += u.assessed.size();
  return n;
}

int groundwater_note(Report& r, const runs::GroundwaterAssessResult& a, int level) {
  Note n;
  n.inputs =
      r.zh ? fmt::format("{}（groundwater_point、observation 表）；{} 个地下水监测点", r.ws_label(), a.points.size())
           : fmt::format("{} (tables groundwater_point, observation); {} groundwater points", r.ws_label(),
                         a.points.size());
  n.rule =
      r.t("GB/T 14848-2017：点位各指标年均值按表 1、表 2 分类，单指标最差类别定点位类别（从优不从劣）；I–IV 类与 V "
          "类点位比例；与基准年比较只用两年都有数据的点位（docs/groundwater.md）",
          "GB/T 14848-2017: each item's annual mean at a point classed by Tables 1 and 2, the point's class the worst "
          "item's (equal limits take the better class); shares of points in I-IV and in V; the change against the "
          "baseline year on the points with data in both years only (docs/groundwater.md)");
  n.command = r.command(fmt::format("groundwater assess {} --year {}{} --level {}", r.ws_arg(), a.year,
                                    a.baseline ? fmt::format(" --baseline {}", *a.baseline) : "", level));
  return r.doc.add_note(std::move(n));
}

void groundwater_block(Report& r, Section& sec) {
  runs::GroundwaterAssessResult region;
  for (int y = r.year; y > r.year - kLookBackYears; --y) {
    runs::GroundwaterAssessRequest req;
    req.workspace = r.ws_path;
    req.year = y;
    req.level = 1;
    req.baseline = y - 1;
    region = runs::run_groundwater_assess(req);
    if (assessed_points(region) > 0) break;
  }
  if (assessed_points(region) == 0) return;
  const int year = region.year;
  runs::GroundwaterAssessRequest by_league;
  by_league.workspace = r.ws_path;
  by_league.year = year;
  by_league.level = 2;
  by_league.baseline = region.baseline;
  const runs::GroundwaterAssessResult leagues = runs::run_groundwater_assess(by_league);
  bool syn = false;
  for (const auto& pt : region.points) syn |= pt.code.rfind("SYN-", 0) == 0 || store::names_synthetic(pt.name);
  if (syn) {
    sec.synthetic = true;
    r.synthetic.push_back(r.t("二、碧水：地下水监测点位及其监测数值为合成数据（SYNTHETIC）",
                              "2. Clear water: the groundwater points and their values are SYNTHETIC"));
  }
  sec.blocks.push_back(
      Report::heading(r.t("（三）地下水环境质量（GB/T 14848-2017）", "2.3 Groundwater (GB/T 14848-2017)")));
  if (year != r.year) sec.blocks.push_back(r.fallback("地下水监测数据", "groundwater measurements", year));
  const int note = groundwater_note(r, region, 1);
  const auto& u = region.units.front();
  ParagraphBuilder p;
  p.text(r.zh ? fmt::format("{} 年，全区 ", year) : fmt::format("In {}, ", year))
      .figure(std::to_string(u.assessed.size()), note)
      .text(r.t(" 个地下水监测点位参与评价，I–IV 类点位比例为 ", " groundwater points were assessed: "))
      .figure(pct_text(u.share_i_iv_pct), note)
      .text(r.t("，V 类点位比例为 ", " in classes I–IV and "))
      .figure(pct_text(u.share_v_pct), note)
      .text(r.t("", " in class V"));
  if (const auto change = u.change_i_iv_pp())
    p.text(r.zh ? fmt::format("；与 {} 年相比（{} 个两年均有数据的点位），I–IV 类比例{} ", *region.baseline,
                              u.both.size(), *change >= 0 ? "上升" : "下降")
                : fmt::format("; against {} (the {} points with data in both years), the share in I–IV was ",
                              *region.baseline, u.both.size()))
        .figure(fixed(std::abs(*change), 1) + r.t(" 个百分点", " percentage points"), note)
        .text(r.zh ? "" : (*change >= 0 ? " higher" : " lower"));
  p.text(r.t("。", "."));
  sec.blocks.push_back(p.done());
  if (!u.left_out.empty())
    sec.blocks.push_back(ParagraphBuilder()
                             .text(r.zh ? fmt::format("未参与评价的点位：{}。", list_text(r, u.left_out))
                                        : fmt::format("Points not assessed: {}.", list_text(r, u.left_out)))
                             .aside()
                             .done());
  const int league_note = groundwater_note(r, leagues, 2);
  TableBlock tb;
  tb.synthetic = syn;
  tb.caption = r.zh ? fmt::format("表 2-5 {} 年各盟市地下水监测点位水质类别", year)
                    : fmt::format("Table 2-5. Groundwater points by class and league/city, {}", year);
  tb.header = {r.t("盟市", "League/city"),       r.t("点位", "Points"),     "I", "II", "III", "IV", "V",
               r.t("I–IV 类比例", "Share I–IV"), r.t("V 类比例", "Share V")};
  tb.numeric = {false, true, true, true, true, true, true, true, true};
  for (const auto& lu : leagues.units) {
    if (lu.unit.empty() || lu.assessed.empty()) continue;
    std::vector<Span> row = {{r.name(lu.unit), 0, false}, {std::to_string(lu.assessed.size()), league_note, false}};
    for (int c : lu.per_class) row.push_back({std::to_string(c), league_note, false});
    row.push_back({pct_text(lu.share_i_iv_pct), league_note, false});
    row.push_back({pct_text(lu.share_v_pct), league_note, false});
    tb.rows.push_back(std::move(row));
  }
  if (!tb.rows.empty()) sec.blocks.push_back(std::move(tb));
}

}  // namespace

void drinking_and_groundwater_blocks(Report& r, Section& sec) {
  drinking_block(r, sec);
  groundwater_block(r, sec);
}

}  // namespace eb::app::report

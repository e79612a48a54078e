// 3. Clean soil, computed: the farmland plots' GB 15618 categories and the safe-use rate of contaminated farmland
// (runs::run_soil_assess, the run of `soil assess`), and the construction-land sites against GB 36600 with the
// key-construction-land safe-use rate (runs::run_soil_site_assess, the run of `soil site assess`), each for the
// region and by league/city with its membership. The imported soil indicators follow (indicator_sections.cpp).
#include <fmt/format.h>

#include <algorithm>

#include "app/report/sections.hpp"
#include "app/runs/soil/construction_sites.hpp"
#include "app/runs/soil/farmland.hpp"
#include "store/soil_site_store.hpp"
#include "store/soil_store.hpp"

namespace eb::app::report {

namespace {

// How far back a bulletin looks for soil samples: surveys are not yearly, so the latest year with samples up to
// the bulletin's is shown, with a remark when it is not the bulletin's.
constexpr int kSoilLookBackYears = 10;

std::string mu(const ExactArea& a) { return grouped(a.in(AreaUnit::mu), 0); }

std::string rate_text(const std::optional<double>& pct) { return pct ? fixed(*pct, 1) + "%" : "–"; }

// The latest year up to the bulletin's with farmland samples (0: none).
int farmland_year(Report& r) {
  for (int y = r.year; y > r.year - kSoilLookBackYears; --y)
    if (!store::load_farmland_samples(*r.ws, y).empty()) return y;
  return 0;
}

bool farmland_synthetic(Report& r) {
  for (const auto& p : store::load_farmland_plots(*r.ws))
    if (p.code.rfind("SYN-", 0) == 0 || store::names_synthetic(p.name)) return true;
  return false;
}

int farmland_note(Report& r, int year, int level, std::size_t plots) {
  Note n;
  n.inputs = r.zh ? fmt::format("{}（soil_farmland_plot、soil_farmland_sample、project 表）；{} 个耕地地块",
                                r.ws_label(), plots)
                  : fmt::format("{} (tables soil_farmland_plot, soil_farmland_sample, project); {} farmland plots",
                                r.ws_label(), plots);
  n.rule =
      r.t("GB 15618-2018：样品按 pH 分档与土地利用类型对照风险筛选值和管制值分为优先保护、安全利用、严格管控三类，"
          "地块取其当年样品中最不利的类别；受污染耕地安全利用率 =（安全利用类耕地中已采取安全利用措施的面积 + "
          "严格管控类耕地中已采取严格管控措施的面积）/（安全利用类 + 严格管控类耕地面积）× 100%，措施面积取自项目台账"
          "（farmland_safe_use、farmland_strict_control）当年完成面积，按盟市以该类耕地面积为上限（docs/soil.md）",
          "GB 15618-2018: each sample against the screening and control values of its pH band and land use (priority "
          "protection, safe use, strict control); a plot takes the least favourable category of its samples of the "
          "year; safe-use rate of contaminated farmland = (safe-use area under safe-use measures + strict-control area "
          "under strict-control measures) / (safe-use + strict-control area) x 100, the measures being the ledger's "
          "farmland_safe_use and farmland_strict_control areas completed in the year, capped per league/city at the "
          "class's area (docs/soil.md)");
  n.command = r.command(fmt::format("soil assess {} --year {} --level {}", r.ws_arg(), year, level));
  return r.doc.add_note(std::move(n));
}

// " Not counted: 3 plots without samples in 2023, 1 outside every unit." when some are left out; else empty.
std::string farmland_left_out(const Report& r, const runs::SoilAssessResult& a) {
  std::vector<std::string> parts;
  if (!a.without_samples.empty())
    parts.push_back(r.zh ? fmt::format("{} 个地块当年无样品", a.without_samples.size())
                         : fmt::format("{} plots had no sample in {}", a.without_samples.size(), a.year));
  if (!a.outside_units.empty())
    parts.push_back(r.zh ? fmt::format("{} 个地块不在任何行政区内", a.outside_units.size())
                         : fmt::format("{} plots lie outside every unit", a.outside_units.size()));
  if (parts.empty()) return "";
  std::string s;
  for (const auto& p : parts) s += (s.empty() ? "" : r.t("，", "; ")) + p;
  return r.zh ? "未计入：" + s + "。" : " Not counted: " + s + ".";
}

// 3.1: the region's areas by category and its safe-use rate, then Table 3-1 by league/city.
bool farmland_block(Report& r, Section& sec) {
  const int year = farmland_year(r);
  if (!year) return false;
  const runs::SoilAssessResult region = runs::run_soil_assess({r.ws_path, year, 1});
  const runs::SoilAssessResult leagues = runs::run_soil_assess({r.ws_path, year, 2});
  if (region.units.empty()) return false;
  const bool syn = farmland_synthetic(r);
  if (syn) {
    sec.synthetic = true;
    r.synthetic.push_back(r.t("三、净土：耕地地块与土壤样品为合成数据（SYNTHETIC）",
                              "3. Clean soil: the farmland plots and soil samples are SYNTHETIC"));
  }
  sec.blocks.push_back(Report::heading(r.t("（一）耕地土壤环境质量与受污染耕地安全利用（GB 15618-2018）",
                                           "3.1 Farmland soil and the safe use of contaminated farmland "
                                           "(GB 15618-2018)")));
  if (year != r.year) sec.blocks.push_back(r.fallback("耕地土壤样品", "farmland soil samples", year));
  const auto& u = region.units.front();
  const int note = farmland_note(r, year, 1, static_cast<std::size_t>(u.plots));
  ParagraphBuilder p;
  p.text(r.zh ? fmt::format("{} 年，全区 ", year) : fmt::format("In {}, ", year))
      .figure(std::to_string(u.plots_with_samples), note)
      .text(r.t(" 个耕地地块有土壤样品，其中优先保护类 ", " farmland plots had soil samples: priority protection "))
      .figure(mu(u.priority) + r.t(" 亩", " mu"), note)
      .text(r.t("，安全利用类 ", ", safe use "))
      .figure(mu(u.safe_use) + r.t(" 亩", " mu"), note)
      .text(r.t("，严格管控类 ", ", strict control "))
      .figure(mu(u.strict_control) + r.t(" 亩", " mu"), note);
  if (u.safe_use_rate_pct)
    p.text(r.t("；受污染耕地安全利用率为 ", "; the safe-use rate of contaminated farmland was "))
        .figure(rate_text(u.safe_use_rate_pct), note)
        .text(r.t("。", "."));
  else
    p.text(r.t("；没有受污染耕地（安全利用类、严格管控类），不计算安全利用率。",
               "; there was no contaminated farmland (safe use or strict control), so no safe-use rate."));
  sec.blocks.push_back(p.done());
  r.summarise("耕地土壤", "Farmland soil", std::get<Paragraph>(sec.blocks.back()));
  if (const std::string left = farmland_left_out(r, region); !left.empty())
    sec.blocks.push_back(ParagraphBuilder().text(r.zh ? left : left.substr(1)).aside().done());

  const int league_note = farmland_note(r, year, 2, static_cast<std::size_t>(u.plots));
  TableBlock tb;
  tb.synthetic = syn;
  tb.caption = r.zh ? fmt::format("表 3-1 {} 年各盟市耕地土壤环境质量类别面积与受污染耕地安全利用率", year)
                    : fmt::format(
                          "Table 3-1. Farmland by soil category and the safe-use rate of contaminated farmland by "
                          "league/city, {}",
                          year);
  tb.header = {r.t("盟市", "League/city"),
               r.t("地块（有样品）", "Plots (sampled)"),
               r.t("优先保护类（亩）", "Priority protection (mu)"),
               r.t("安全利用类（亩）", "Safe use (mu)"),
               r.t("严格管控类（亩）", "Strict control (mu)"),
               r.t("计入的措施面积（亩）", "Measures counted (mu)"),
               r.t("安全利用率", "Safe-use rate")};
  tb.numeric = {false, true, true, true, true, true, true};
  for (const auto& lu : leagues.units) {
    if (lu.plots == 0) continue;
    tb.rows.push_back({{r.name(lu.unit_code), 0, false},
                       {fmt::format("{} ({})", lu.plots, lu.plots_with_samples), league_note, false},
                       {mu(lu.priority), league_note, false},
                       {mu(lu.safe_use), league_note, false},
                       {mu(lu.strict_control), league_note, false},
                       {mu(lu.safe_use_counted + lu.strict_control_counted), league_note, false},
                       {rate_text(lu.safe_use_rate_pct), league_note, false}});
  }
  if (!tb.rows.empty()) sec.blocks.push_back(std::move(tb));
  return true;
}

bool sites_synthetic(Report& r) {
  for (const auto& s : store::soil_sites(*r.ws))
    if (s.record.code.rfind("SYN-", 0) == 0 || store::names_synthetic(s.record.name)) return true;
  return false;
}

int sites_note(Report& r, int year, int level, std::size_t sites) {
  Note n;
  n.inputs =
      r.zh ? fmt::format("{}（soil_site、soil_site_value 表）；{} 个建设用地地块", r.ws_label(), sites)
           : fmt::format("{} (tables soil_site, soil_site_value); {} construction-land sites", r.ws_label(), sites);
  n.rule = r.t(
      "GB 36600-2018：地块样品按规划用途对应的第一类或第二类用地对照风险筛选值和管制值；重点建设用地安全利用率 = "
      "当年再开发利用的重点建设用地中安全利用的地块数 / 当年再开发利用的重点建设用地地块数 × 100%"
      "（安全利用：未超筛选值，或经风险管控、修复且效果评估通过后再利用；规则见 data/standards/soil_site_rules.csv 与 "
      "docs/soil-construction.md）",
      "GB 36600-2018: each site's samples against the screening and control values of its land class (class 1 or 2 "
      "by planned use); key-construction-land safe-use rate = key sites reused in the year that were safely used / "
      "key sites reused in the year x 100 (safely used: at or below the screening values, or reused after risk "
      "control or remediation whose effect evaluation passed; rules in data/standards/soil_site_rules.csv and "
      "docs/soil-construction.md)");
  n.command = r.command(fmt::format("soil site assess {} --year {} --level {}", r.ws_arg(), year, level));
  return r.doc.add_note(std::move(n));
}

// 3.2: the key construction land reused in the bulletin's year and its safe-use rate, then Table 3-2.
bool construction_block(Report& r, Section& sec) {
  if (store::soil_sites(*r.ws).empty()) return false;
  const runs::SoilSiteAssessResult region = runs::run_soil_site_assess({r.ws_path, r.year, 1});
  const runs::SoilSiteAssessResult leagues = runs::run_soil_site_assess({r.ws_path, r.year, 2});
  const bool syn = sites_synthetic(r);
  if (syn) {
    sec.synthetic = true;
    r.synthetic.push_back(r.t("三、净土：建设用地地块与样品为合成数据（SYNTHETIC）",
                              "3. Clean soil: the construction-land sites and samples are SYNTHETIC"));
  }
  sec.blocks.push_back(
      Report::heading(r.t("（二）建设用地土壤污染风险管控（GB 36600-2018）", "3.2 Construction land (GB 36600-2018)")));
  std::size_t sites = 0, sampled = 0, above_screening = 0, above_control = 0, reused = 0, safe = 0;
  std::optional<double> pct;
  for (const auto& u : region.units) {
    sites += u.sites;
    sampled += u.sites_with_samples;
    above_screening += u.above_screening;
    above_control += u.above_control;
    reused += u.key_reused;
    safe += u.key_safely_used;
    pct = u.safe_use_pct;
  }
  const int note = sites_note(r, r.year, 1, sites);
  ParagraphBuilder p;
  p.text(r.zh ? "全区登记建设用地地块 " : "The region's register holds ")
      .figure(std::to_string(sites), note)
      .text(r.t(" 个，其中有土壤样品 ", " construction-land sites, "))
      .figure(std::to_string(sampled), note)
      .text(r.t(" 个，超过风险筛选值 ", " of them sampled; "))
      .figure(std::to_string(above_screening), note)
      .text(r.t(" 个（其中超过风险管制值 ", " exceed a screening value ("))
      .figure(std::to_string(above_control), note)
      .text(r.t(" 个）。", " also a control value). "));
  if (pct)
    p.text(r.zh ? fmt::format("{} 年再开发利用的重点建设用地 ", r.year)
                : fmt::format("Of the key sites reused in {}, ", r.year))
        .figure(std::to_string(reused), note)
        .text(r.t(" 个，安全利用 ", " in all, "))
        .figure(std::to_string(safe), note)
        .text(r.t(" 个，重点建设用地安全利用率为 ", " were safely used: a key-construction-land safe-use rate of "))
        .figure(rate_text(pct), note)
        .text(r.t("。", "."));
  else
    p.text(r.zh ? fmt::format("{} 年没有再开发利用的重点建设用地，不计算安全利用率。", r.year)
                : fmt::format("No key site was reused in {}, so no safe-use rate is given.", r.year));
  sec.blocks.push_back(p.done());

  const int league_note = sites_note(r, r.year, 2, sites);
  TableBlock tb;
  tb.synthetic = syn;
  tb.caption =
      r.zh
          ? fmt::format("表 3-2 {} 年各盟市建设用地地块与重点建设用地安全利用率", r.year)
          : fmt::format("Table 3-2. Construction-land sites and the key-site safe-use rate by league/city, {}", r.year);
  tb.header = {r.t("盟市", "League/city"),
               r.t("地块（有样品）", "Sites (sampled)"),
               r.t("超筛选值", "Above screening"),
               r.t("超管制值", "Above control"),
               r.t("待详细调查", "Investigation due"),
               r.t("待管控修复", "Control due"),
               r.t("再利用重点地块", "Key sites reused"),
               r.t("安全利用", "Safely used"),
               r.t("安全利用率", "Safe-use rate")};
  tb.numeric = {false, true, true, true, true, true, true, true, true};
  for (const auto& u : leagues.units)
    tb.rows.push_back({{r.name(u.code), 0, false},
                       {fmt::format("{} ({})", u.sites, u.sites_with_samples), league_note, false},
                       {std::to_string(u.above_screening), league_note, false},
                       {std::to_string(u.above_control), league_note, false},
                       {std::to_string(u.need_investigation), league_note, false},
                       {std::to_string(u.need_control), league_note, false},
                       {std::to_string(u.key_reused), league_note, false},
                       {std::to_string(u.key_safely_used), league_note, false},
                       {rate_text(u.safe_use_pct), league_note, false}});
  if (!tb.rows.empty()) sec.blocks.push_back(std::move(tb));
  return true;
}

}  // namespace

bool computed_soil_blocks(Report& r, Section& sec) {
  const bool farmland = farmland_block(r, sec);
  const bool construction = construction_block(r, sec);
  return farmland || construction;
}

}  // namespace eb::app::report

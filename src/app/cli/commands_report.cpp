// ecobarrier report WS --period YEAR [--registry FILE] -o DIR: the yearly bilingual ecological bulletin.
//
// Every figure is taken from the command bodies that print it (through TableCapture) or from the typed runs they
// are made of (assess_units, assess_sections), never recomputed by other rules, so the bulletin and the CLI always
// agree; each figure links to a note naming its inputs, its rule and the command that reproduces it.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "app/cli/context.hpp"
#include "app/cli/governance_runs.hpp"
#include "app/report/build_bulletin.hpp"
#include "app/report/bulletin.hpp"
#include "app/report/charts.hpp"
#include "app/runs/air/assess_units.hpp"
#include "app/runs/water/water_runs.hpp"
#include "app/table/lang.hpp"
#include "core/error.hpp"
#include "io/indicator_registry.hpp"
#include "store/admin_store.hpp"
#include "store/indicator_store.hpp"
#include "store/protected_store.hpp"
#include "store/summary_store.hpp"
#include "store/water_store.hpp"

namespace eb::app {

namespace {

namespace rp = report;
using engine::air::present;

// ---------------------------------------------------------------------------------------------------------------
// Running command bodies for their tables.

struct Captured {
  std::vector<std::pair<std::string, Table>> tables;
  std::vector<std::string> notes;
  const Table* find(const std::string& key = "") const {
    for (const auto& [k, t] : tables)
      if (k == key) return &t;
    return tables.empty() || !key.empty() ? nullptr : &tables.front().second;
  }
};

// Runs `body` with a Context whose text output is swallowed and whose notes are kept: the tables it would print
// arrive in `tables` (TableCapture is per thread, so bodies may run on worker threads at the same time).
template <class F>
Captured capture(Lang l, F&& body) {
  Captured out;
  TableCapture cap;
  std::ostringstream sink;
  Context sub;
  sub.lang_name = l == Lang::zh ? "zh" : "en";
  sub.format_name = "json";
  sub.quiet = true;
  sub.out_sink = &sink;
  sub.note_sink = &out.notes;
  body(sub);
  out.tables = std::move(cap.tables);
  return out;
}

int column(const Table& t, std::string_view key) {
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    if (t.columns[i].key == key) return static_cast<int>(i);
  return -1;
}
std::optional<double> number(const Table& t, const std::vector<Cell>& row, std::string_view key) {
  const int c = column(t, key);
  if (c < 0 || static_cast<std::size_t>(c) >= row.size()) return std::nullopt;
  if (const auto* d = std::get_if<double>(&row[c].value)) return std::isnan(*d) ? std::nullopt : std::optional(*d);
  if (const auto* i = std::get_if<std::int64_t>(&row[c].value)) return static_cast<double>(*i);
  return std::nullopt;
}
std::string text(const Table& t, const std::vector<Cell>& row, std::string_view key) {
  const int c = column(t, key);
  if (c < 0 || static_cast<std::size_t>(c) >= row.size()) return "";
  return format_cell(row[c], t.columns[c]);
}

// ---------------------------------------------------------------------------------------------------------------
// Small formatting helpers.

std::string fixed(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }

// Thousands separators for areas and counts (1,234,567), which people read in bulletins.
std::string grouped(double v, int decimals = 0) {
  std::string s = fixed(std::fabs(v), decimals);
  const auto dot = s.find('.');
  std::string head = s.substr(0, dot), tail = dot == std::string::npos ? "" : s.substr(dot);
  std::string out;
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (i && (head.size() - i) % 3 == 0) out += ',';
    out += head[i];
  }
  return (v < 0 && std::fabs(v) >= 0.5 * std::pow(10.0, -decimals) ? "-" : "") + out + tail;
}

std::string shell_word(const std::string& s) {
  if (s.find_first_of(" \t'\"$`\\|&;<>()*?") == std::string::npos && !s.empty()) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int year_of(EpochSeconds t) { return epoch_to_beijing(t).date.year; }

// ---------------------------------------------------------------------------------------------------------------
// The bulletin being written.

struct Report {
  Lang l = Lang::zh;
  bool zh = true;
  std::string ws_path, registry;
  int year = 0;
  store::Workspace* ws = nullptr;
  std::map<std::string, store::AdminUnit> units;
  std::vector<store::InputSource> sources;
  std::vector<store::KindSpan> spans;
  std::vector<store::UnitGeometry> leagues;  // level 2, for the maps
  rp::Bulletin doc;

  std::string t(std::string_view z, std::string_view e) const { return tr(l, z, e); }
  std::string name(const std::string& code) const {
    const auto it = units.find(code);
    if (it == units.end()) return code;
    return zh || it->second.name_en.empty() ? it->second.name_zh : it->second.name_en;
  }
  std::string command(const std::string& args) const { return "ecobarrier " + args; }
  std::string ws_arg() const { return shell_word(ws_path); }
  std::string ws_label() const { return t("工作空间 ", "workspace ") + ws_path; }
  // A paragraph saying that `what` has no data for the bulletin's year and which year is shown instead.
  rp::Paragraph fallback(std::string_view what_zh, std::string_view what_en, int shown) const {
    return rp::ParagraphBuilder()
        .text(zh ? fmt::format("工作空间没有 {} 年的{}；有数据的最近年份为 {} 年，以下按 {} 年列出。", year, what_zh,
                               shown, shown)
                 : fmt::format("The workspace has no {} for {}; the latest year with data is {}, shown below.", what_en,
                               year, shown))
        .aside()
        .done();
  }
  rp::Paragraph none(std::string_view what_zh, std::string_view what_en) const {
    return rp::ParagraphBuilder()
        .text(zh ? fmt::format("工作空间没有 {} 年及以前的{}，本节无数字。", year, what_zh)
                 : fmt::format("The workspace has no {} for {} or any earlier year; this section has no figures.",
                               what_en, year))
        .aside()
        .done();
  }
  std::string year_heading(int shown) const {
    if (shown == year) return "";
    return zh ? fmt::format("（{} 年数据）", shown) : fmt::format(" ({} data)", shown);
  }
};

std::vector<rp::MapUnit> map_units(const Report& r, const std::map<std::string, std::pair<double, std::string>>& v) {
  std::vector<rp::MapUnit> out;
  for (const auto& g : r.leagues) {
    rp::MapUnit m;
    m.code = g.unit.code;
    m.name = r.name(g.unit.code);
    m.wkb = g.wkb;
    if (const auto it = v.find(g.unit.code); it != v.end()) {
      m.value = it->second.first;
      m.value_text = it->second.second;
    }
    out.push_back(std::move(m));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Blue sky.

const engine::air::Statistic* stat(const runs::AirUnitAssessment& u, std::string_view pollutant,
                                   std::string_view statistic) {
  for (const auto& s : u.assessment.statistics)
    if (s.pollutant == pollutant && s.statistic == statistic) return &s;
  return nullptr;
}
bool annual_valid(const runs::AirUnitAssessment& u) {
  const auto* s = stat(u, "PM2.5", "mean");
  return s && s->valid && present(s->reported);
}

struct AirYear {
  int year = 0;
  runs::AirUnitAssessment region;
  runs::AirRules rules{};
};

int air_note(Report& r, const runs::AirUnitAssessment& u, const runs::AirRules& rules, int year,
             const std::string& level) {
  const auto* pm = stat(u, "PM2.5", "mean");
  std::string members;
  for (std::size_t i = 0; i < u.members.size(); ++i) {
    if (i == 8) {
      members += r.zh ? fmt::format(" 等 {} 个", u.members.size()) : fmt::format(" and {} more", u.members.size() - 8);
      break;
    }
    members += (i ? " " : "") + (level == "region" ? r.name(u.members[i]) : u.members[i]);
  }
  const std::string source = u.source == "hourly station data" ? r.t("站点小时数据", "hourly station data")
                             : u.source == "published city daily values"
                                 ? r.t("城市发布日均值", "published city daily values")
                                 : r.t("所辖盟市日均值的均值", "mean of its cities' daily values");
  rp::Note n;
  n.inputs = r.zh ? fmt::format(
                        "{}（observation、series、station 表）；{}；{}（{} 个：{}）；PM2.5 有效天数 {}/{}，"
                        "有效 AQI 天数 {}",
                        r.ws_label(), source, level == "region" ? "参与盟市" : "参与站点", u.members.size(), members,
                        pm ? pm->n_days : 0, pm ? pm->expected_days : 0, u.assessment.days.valid)
                  : fmt::format(
                        "{} (tables observation, series, station); {}; {} ({}: {}); PM2.5 valid days {}/{}, "
                        "days with a valid AQI {}",
                        r.ws_label(), source, level == "region" ? "cities" : "sites", u.members.size(), members,
                        pm ? pm->n_days : 0, pm ? pm->expected_days : 0, u.assessment.days.valid);
  n.rule = r.zh ? fmt::format(
                      "{}；HJ 663 数据有效性：年均值至少 324 个有效日（每月至少 27 天，二月 25 天）；"
                      "报告值按 GB/T 8170 修约；优良天数比例 = AQI ≤ 100 的天数 / 有效天数",
                      rules.label())
                : fmt::format(
                      "{}; HJ 663 capture rule: an annual statistic needs at least 324 valid days (27 a "
                      "month, 25 in February); reported values rounded by GB/T 8170; good-day ratio = days "
                      "with AQI <= 100 / days with a valid AQI",
                      rules.label());
  n.command = r.command(fmt::format("air assess {} --period {} --level {}", r.ws_arg(), year, level));
  return r.doc.add_note(std::move(n));
}

std::string ug(const engine::air::Statistic* s, int decimals) {
  return s && present(s->reported) ? fixed(s->reported, decimals) + (s->valid ? "" : "*") : "–";
}

void air_section(Report& r) {
  rp::Section sec{"air", r.t("一、蓝天：环境空气质量", "1. Blue sky: ambient air quality"), false, {}};
  // Years with any air data up to the bulletin's year, from the stored series' first and last times.
  std::set<int> candidates;
  for (const auto& s : r.spans)
    if (s.station_kind == "air" || s.station_kind == "city")
      for (int y = year_of(s.first); y <= year_of(s.last) && y <= r.year; ++y) candidates.insert(y);
  std::vector<AirYear> years;
  for (int y : candidates) {
    AssessRequest req;
    req.period = *parse_period(std::to_string(y));
    req.level = "region";
    AirYear ay;
    ay.year = y;
    auto units = runs::air_assess_units(*r.ws, req, ay.rules);
    if (units.empty()) continue;
    ay.region = std::move(units.front());
    years.push_back(std::move(ay));
  }
  if (years.empty()) {
    sec.blocks.push_back(r.none("空气质量监测数据", "air measurements"));
    r.doc.sections.push_back(std::move(sec));
    return;
  }
  // The year shown: the bulletin's year when it has data; else the latest with a whole (valid) year; else the latest.
  const AirYear* shown = nullptr;
  for (const auto& y : years)
    if (y.year == r.year) shown = &y;
  if (!shown)
    for (const auto& y : years)
      if (annual_valid(y.region)) shown = &y;
  if (!shown) shown = &years.back();
  const int S = shown->year;
  sec.title += r.year_heading(S);
  if (S != r.year) sec.blocks.push_back(r.fallback("空气质量监测数据", "air measurements", S));
  for (const auto& y : years)
    if (y.year > S && !annual_valid(y.region)) {
      const auto* pm = stat(y.region, "PM2.5", "mean");
      sec.blocks.push_back(
          rp::ParagraphBuilder()
              .text(
                  r.zh ? fmt::format("{} 年只有部分时段的数据（PM2.5 有效 {} 天），不满足 HJ 663 年评价的数据有效性要求"
                                     "（至少 324 天），不作年度结论；下图以空心点标出。",
                                     y.year, pm ? pm->n_days : 0)
                       : fmt::format("{} has data for part of the year only (PM2.5 on {} valid days), short of the "
                                     "HJ 663 capture rule for an annual assessment (324 days); it draws no annual "
                                     "conclusion and appears in the charts as an open circle.",
                                     y.year, pm ? pm->n_days : 0))
              .aside()
              .done());
    }

  const runs::AirRules& rules = shown->rules;
  const int ugd = rules.rules->decimals_ugm3, rd = rules.rules->decimals_ratio, id = rules.rules->decimals_index;
  const runs::AirUnitAssessment& reg = shown->region;
  const int reg_note = air_note(r, reg, rules, S, "region");
  const auto* pm25 = stat(reg, "PM2.5", "mean");
  const auto* pm10 = stat(reg, "PM10", "mean");
  const double good = standards::round_report(reg.assessment.days.good_ratio_pct(), rd);

  rp::ParagraphBuilder p;
  if (pm25 && present(pm25->reported)) {
    p.text(r.zh ? fmt::format("{} 年，{}细颗粒物（PM2.5）年均浓度为 ", S, r.name(reg.code))
                : fmt::format("In {}, the annual mean PM2.5 concentration of {} was ", S, r.name(reg.code)))
        .figure(fixed(pm25->reported, ugd) + " µg/m³", reg_note);
    if (pm10 && present(pm10->reported))
      p.text(r.t("，可吸入颗粒物（PM10）为 ", ", PM10 ")).figure(fixed(pm10->reported, ugd) + " µg/m³", reg_note);
  }
  if (reg.assessment.days.valid > 0)
    p.text(r.t("；优良天数比例为 ", "; the share of good days (AQI ≤ 100) was "))
        .figure(fixed(good, rd) + "%", reg_note)
        .text(r.zh ? fmt::format("（{} 个有效天中 {} 天）", reg.assessment.days.valid, reg.assessment.days.good)
                   : fmt::format(" ({} of {} days with a valid AQI)", reg.assessment.days.good,
                                 reg.assessment.days.valid));
  if (reg.assessment.composite)
    p.text(r.t("；环境空气质量综合指数为 ", "; the composite index was "))
        .figure(fixed(reg.assessment.composite->reported, id), reg_note);
  p.text(r.t("。", "."));
  if (pm25 && !pm25->valid)
    p.text(r.t("（数据量不足，不作年度达标结论。）", " (Too few valid days for an annual conclusion.)"));
  sec.blocks.push_back(p.done());

  // Change against the earliest whole year before it.
  const AirYear* base = nullptr;
  for (const auto& y : years)
    if (y.year < S && annual_valid(y.region) && !base) base = &y;
  if (base && pm25 && present(pm25->reported) && annual_valid(reg)) {
    const int base_note = air_note(r, base->region, base->rules, base->year, "region");
    const auto* b = stat(base->region, "PM2.5", "mean");
    const double change = 100.0 * (pm25->reported - b->reported) / b->reported;
    const double bgood = standards::round_report(base->region.assessment.days.good_ratio_pct(), rd);
    rp::ParagraphBuilder c;
    if (r.zh) {
      c.text(fmt::format("与 {} 年（", base->year))
          .figure(fixed(b->reported, ugd) + " µg/m³", base_note)
          .text(fmt::format("）相比，PM2.5 年均浓度{}", change <= 0 ? "下降" : "上升"))
          .figure(fixed(std::fabs(change), 1) + "%", reg_note)
          .text(fmt::format("；优良天数比例{} ", good >= bgood ? "上升" : "下降"))
          .figure(fixed(std::fabs(good - bgood), rd) + " 个百分点", reg_note)
          .text("（")
          .figure(fixed(bgood, rd) + "%", base_note)
          .text(fmt::format(" → {}%）。", fixed(good, rd)));
    } else {
      c.text("PM2.5 was ")
          .figure(fixed(std::fabs(change), 1) + "%", reg_note)
          .text(fmt::format(" {} than in {} (", change <= 0 ? "lower" : "higher", base->year))
          .figure(fixed(b->reported, ugd) + " µg/m³", base_note)
          .text("); the share of good days was ")
          .figure(fixed(std::fabs(good - bgood), rd) + " percentage points", reg_note)
          .text(good >= bgood ? " higher (" : " lower (")
          .figure(fixed(bgood, rd) + "%", base_note)
          .text(fmt::format(" → {}%).", fixed(good, rd)));
    }
    sec.blocks.push_back(c.done());
  }

  // Leagues and cities.
  AssessRequest creq;
  creq.period = *parse_period(std::to_string(S));
  creq.level = "city";
  runs::AirRules crules{};
  const auto cities = runs::air_assess_units(*r.ws, creq, crules);
  if (!cities.empty()) {
    int met = 0, judged = 0;
    const runs::AirUnitAssessment *lo = nullptr, *hi = nullptr;
    for (const auto& c : cities) {
      if (c.assessment.compliant) {
        ++judged;
        met += *c.assessment.compliant;
      }
      const auto* s = stat(c, "PM2.5", "mean");
      if (!s || !present(s->reported)) continue;
      if (!lo || s->reported < stat(*lo, "PM2.5", "mean")->reported) lo = &c;
      if (!hi || s->reported > stat(*hi, "PM2.5", "mean")->reported) hi = &c;
    }
    rp::TableBlock tb;
    tb.caption = r.zh ? fmt::format("表 1-1 {} 年各盟市环境空气质量（{}）", S, rules.label())
                      : fmt::format("Table 1-1. Air quality of the leagues and cities, {} ({})", S, rules.label());
    tb.header = {r.t("盟市", "League/city"),
                 "PM2.5 (µg/m³)",
                 "PM10 (µg/m³)",
                 r.t("优良天数比例(%)", "Good days (%)"),
                 r.t("综合指数", "Composite index"),
                 r.t("达到 GB 3095 二级", "Meets GB 3095"),
                 r.t("有效天数", "Valid days")};
    tb.numeric = {false, true, true, true, true, false, true};
    std::vector<rp::BarDatum> bars;
    std::map<std::string, std::pair<double, std::string>> map_values;
    std::optional<double> limit;
    std::map<std::string, int> city_note;
    for (const auto& c : cities) {
      const int note = city_note[c.code] = air_note(r, c, crules, S, "city");
      const auto* s25 = stat(c, "PM2.5", "mean");
      const auto* s10 = stat(c, "PM10", "mean");
      if (s25 && present(s25->limit)) limit = s25->limit;
      const auto& a = c.assessment;
      tb.rows.push_back(
          {{r.name(c.code), 0, false},
           {ug(s25, ugd), note, false},
           {ug(s10, ugd), note, false},
           {a.days.valid ? fixed(standards::round_report(a.days.good_ratio_pct(), rd), rd) : "–", note, false},
           {a.composite ? fixed(a.composite->reported, id) : "–", 0, false},
           {a.compliant ? (*a.compliant ? r.t("达标", "yes") : r.t("未达标", "no"))
                        : r.t("数据不足", "insufficient data"),
            0, false},
           {fmt::format("{}/{}", a.days.valid, a.daily_aqi.aqi.size()), 0, false}});
      if (s25 && present(s25->reported)) {
        bars.push_back({r.name(c.code), s25->reported, fixed(s25->reported, ugd), !s25->valid});
        map_values[c.code] = {s25->reported, fixed(s25->reported, ugd) + " µg/m³"};
      }
    }
    rp::ParagraphBuilder cp;
    cp.text(r.zh ? fmt::format("全区 {} 个盟市参与评价，", cities.size())
                 : fmt::format("{} leagues and cities were assessed; ", cities.size()));
    if (judged)
      cp.text(r.zh ? fmt::format("{} 个盟市六项污染物全部达到 GB 3095 二级标准，{} 个未达标", met, judged - met)
                   : fmt::format("{} met the GB 3095 class 2 limits for all six pollutants and {} did not", met,
                                 judged - met));
    else
      cp.text(r.t("各盟市数据均不满足年评价的有效性要求，不作达标结论",
                  "none has enough valid days for an annual compliance verdict"));
    if (cities.size() > static_cast<std::size_t>(judged) && judged)
      cp.text(r.zh ? fmt::format("，{} 个数据不足", cities.size() - judged)
                   : fmt::format(", {} had too few valid days", cities.size() - judged));
    if (lo && hi && lo != hi) {
      const int lo_note = city_note[lo->code], hi_note = city_note[hi->code];
      cp.text(r.t("。PM2.5 年均浓度最低的是", ". The lowest PM2.5 was in "))
          .text(r.name(lo->code) + r.t("（", " ("))
          .figure(fixed(stat(*lo, "PM2.5", "mean")->reported, ugd) + " µg/m³", lo_note)
          .text(r.t("），最高的是", "), the highest in "))
          .text(r.name(hi->code) + r.t("（", " ("))
          .figure(fixed(stat(*hi, "PM2.5", "mean")->reported, ugd) + " µg/m³", hi_note)
          .text(r.t("）。", ")."));
    } else {
      cp.text(r.t("。", "."));
    }
    sec.blocks.push_back(cp.done());
    sec.blocks.push_back(std::move(tb));
    sec.blocks.push_back(rp::ParagraphBuilder()
                             .text(r.t("* 有效天数不满足 HJ 663 年评价要求的数值，仅供参考。",
                                       "* figure from fewer valid days than the HJ 663 capture rule asks; for "
                                       "reference only."))
                             .aside()
                             .done());
    std::sort(bars.begin(), bars.end(), [](const auto& a, const auto& b) { return a.value > b.value; });
    rp::BarChartOptions bo;
    bo.unit = "PM2.5 (µg/m³)";
    bo.reference = limit;
    bo.reference_label = limit ? r.t("二级标准 ", "limit ") + fixed(*limit, 0) : "";
    bo.title = r.zh ? fmt::format("{} 年各盟市 PM2.5 年均浓度", S) : fmt::format("PM2.5 annual mean by city, {}", S);
    sec.blocks.push_back(rp::Figure{rp::bar_chart(bars, bo),
                                    r.zh ? fmt::format("图 1-1 {} 年各盟市 PM2.5 年均浓度（虚线：GB 3095 二级年均限值；"
                                                       "空心：有效天数不足）",
                                                       S)
                                         : fmt::format("Figure 1-1. PM2.5 annual mean by league/city, {} (dashed: GB "
                                                       "3095 class 2 annual limit; open bars: too few valid days)",
                                                       S),
                                    false});
    if (!r.leagues.empty()) {
      rp::MapOptions mo;
      mo.title = bo.title;
      mo.legend_title = "PM2.5 (µg/m³)";
      mo.no_data_label = r.t("无数据", "no data");
      mo.higher_is_worse = true;
      sec.blocks.push_back(rp::Figure{rp::choropleth_map(map_units(r, map_values), mo),
                                      r.zh ? fmt::format("图 1-2 {} 年各盟市 PM2.5 年均浓度分布", S)
                                           : fmt::format("Figure 1-2. Map of PM2.5 annual means by league/city, {}", S),
                                      false});
    }
  }

  // The region over the years with data.
  if (years.size() >= 2) {
    std::vector<rp::LinePoint> pm_points, good_points;
    for (const auto& y : years) {
      const auto* s = stat(y.region, "PM2.5", "mean");
      const bool whole = annual_valid(y.region);
      if (s && present(s->reported))
        pm_points.push_back({std::to_string(y.year), s->reported, fixed(s->reported, ugd), !whole});
      if (y.region.assessment.days.valid) {
        const double g = standards::round_report(y.region.assessment.days.good_ratio_pct(), rd);
        good_points.push_back({std::to_string(y.year), g, fixed(g, rd), !whole});
      }
    }
    rp::TableBlock yt;
    yt.caption = r.t("表 1-2 全区历年环境空气质量", "Table 1-2. The region over the years with data");
    yt.header = {r.t("年份", "Year"), "PM2.5 (µg/m³)", "PM10 (µg/m³)", r.t("优良天数比例(%)", "Good days (%)"),
                 r.t("PM2.5 有效天数", "PM2.5 valid days")};
    yt.numeric = {false, true, true, true, true};
    for (const auto& y : years) {
      const int note = y.year == S ? reg_note : air_note(r, y.region, y.rules, y.year, "region");
      const auto* s = stat(y.region, "PM2.5", "mean");
      yt.rows.push_back({{std::to_string(y.year), 0, false},
                         {ug(s, ugd), note, false},
                         {ug(stat(y.region, "PM10", "mean"), ugd), note, false},
                         {y.region.assessment.days.valid
                              ? fixed(standards::round_report(y.region.assessment.days.good_ratio_pct(), rd), rd)
                              : "–",
                          note, false},
                         {s ? fmt::format("{}/{}", s->n_days, s->expected_days) : "–", 0, false}});
    }
    sec.blocks.push_back(std::move(yt));
    rp::LineChartOptions lo;
    lo.unit = "PM2.5 (µg/m³)";
    lo.title = r.t("全区 PM2.5 年均浓度变化", "PM2.5 annual mean of the region over the years");
    if (pm25 && present(pm25->limit)) {
      lo.reference = pm25->limit;
      lo.reference_label = r.t("二级标准 ", "limit ") + fixed(pm25->limit, 0);
    }
    sec.blocks.push_back(rp::Figure{rp::line_chart(pm_points, lo),
                                    r.t("图 1-3 全区 PM2.5 年均浓度（空心点：部分年份数据）",
                                        "Figure 1-3. Region PM2.5 annual mean (open circles: part of the year only)"),
                                    false});
    rp::LineChartOptions go;
    go.unit = r.t("优良天数比例 (%)", "good days (%)");
    go.title = r.t("全区优良天数比例变化", "Share of good days in the region over the years");
    go.colour = "#2e7d32";
    sec.blocks.push_back(rp::Figure{rp::line_chart(good_points, go),
                                    r.t("图 1-4 全区优良天数比例（空心点：部分年份数据）",
                                        "Figure 1-4. Region share of good days (open circles: part of the year only)"),
                                    false});
  }
  r.doc.sections.push_back(std::move(sec));
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Clear water.

void water_section(Report& r, std::vector<std::string>& synthetic) {
  rp::Section sec{"water", r.t("二、碧水：地表水环境质量", "2. Clear water: surface water quality"), false, {}};
  std::set<int> years;
  for (const auto& s : r.spans)
    if (s.station_kind == "water")
      for (int y = year_of(s.first); y <= year_of(s.last); ++y) years.insert(y);
  int S = 0;
  for (int y : years)
    if (y <= r.year) S = y;
  if (!S) {
    sec.blocks.push_back(r.none("地表水监测数据", "surface-water measurements"));
    r.doc.sections.push_back(std::move(sec));
    return;
  }
  const auto sections = store::water_sections(*r.ws);
  const auto assessed = runs::assess_sections(*r.ws, *parse_period(std::to_string(S)), io::BelowDetection::half_limit);
  if (assessed.empty()) {
    sec.blocks.push_back(r.none("地表水监测数据", "surface-water measurements"));
    r.doc.sections.push_back(std::move(sec));
    return;
  }
  bool syn = false;
  for (const auto& s : sections) syn |= s.code.rfind("SYN-", 0) == 0 || store::names_synthetic(s.name);
  for (const auto& src : r.sources)
    if (src.table == "observation" && src.kind.find("water") != std::string::npos)
      syn |= store::names_synthetic(src.source) || store::names_synthetic(src.file);
  sec.synthetic = syn;
  if (syn)
    synthetic.push_back(
        r.t("二、碧水：断面与监测数值为合成数据（SYNTHETIC）", "2. Clear water: the sections' values are SYNTHETIC"));
  sec.title += r.year_heading(S);
  if (S != r.year) sec.blocks.push_back(r.fallback("地表水监测数据", "surface-water measurements", S));
  const bool has_base = years.count(S - 1) > 0;
  const std::string base_arg = has_base ? fmt::format(" --baseline {}", S - 1) : "";
  auto run = [&](const std::string& level) {
    return capture(r.l, [&](Context& sub) {
      run_water_assess(sub, r.ws_path, std::to_string(S), level, has_base ? std::to_string(S - 1) : "", "half");
    });
  };
  const Captured region = run("region"), by_unit = run("unit");
  int samples = 0;
  for (const auto& a : assessed)
    for (const auto& [item, m] : a.means) samples += m.second;
  auto note_for = [&](const std::string& level) {
    rp::Note n;
    n.inputs = r.zh ? fmt::format("{}（water_section、observation 表）；{} 个断面，{} 个监测值", r.ws_label(),
                                  assessed.size(), samples)
                    : fmt::format("{} (tables water_section, observation); {} sections, {} sample values", r.ws_label(),
                                  assessed.size(), samples);
    n.rule =
        r.t("GB 3838-2002：按时段均值定类（河流不计总氮、粪大肠菌群）；低于检出限按检出限一半计；"
            "≥5 个断面按类别比例法评价水质状况",
            "GB 3838-2002: class from the period means (rivers without TN and fecal coliforms); values below "
            "the detection limit at half the limit; groups of 5 or more sections by class shares");
    n.command = r.command(fmt::format("water assess {} --period {} --level {}{}", r.ws_arg(), S, level, base_arg));
    return r.doc.add_note(std::move(n));
  };
  const int region_note = note_for("region");
  if (const Table* t = region.find(); t && !t->rows.empty()) {
    const auto& row = t->rows.front();
    rp::ParagraphBuilder p;
    p.text(r.zh ? fmt::format("{} 年，全区 ", S) : fmt::format("In {}, ", S))
        .figure(text(*t, row, "sections"), region_note)
        .text(r.t(" 个地表水断面参与评价，I–III 类水质断面比例为 ", " surface-water sections were assessed: "))
        .figure(fixed(number(*t, row, "share_i_iii_pct").value_or(0), 1) + "%", region_note)
        .text(r.t("，劣 V 类比例为 ", " were in classes I–III and "))
        .figure(fixed(number(*t, row, "share_worse_v_pct").value_or(0), 1) + "%", region_note)
        .text(r.t("，水质状况为“", " worse than class V; the overall status was “"))
        .figure(text(*t, row, "status"), region_note)
        .text(r.t("”", "”"));
    if (const auto change = number(*t, row, "change_i_iii_pp")) {
      p.text(r.zh ? fmt::format("。与 {} 年相比，I–III 类比例{} ", S - 1, *change >= 0 ? "上升" : "下降")
                  : fmt::format(". Against {}, the share in classes I–III was ", S - 1))
          .figure(fixed(std::fabs(*change), 1) + r.t(" 个百分点", " percentage points"), region_note)
          .text(r.zh ? "" : (*change >= 0 ? " higher" : " lower"));
    }
    p.text(r.t("。", "."));
    sec.blocks.push_back(p.done());
  }
  // Per league/city: class shares from the unit-level assessment, class counts for the chart.
  std::map<std::string, const store::WaterSectionRow*> info;
  for (const auto& s : sections) info[s.code] = &s;
  std::map<std::string, std::vector<const engine::water::SectionAssessment*>> by_league;
  std::vector<const engine::water::SectionAssessment*> all;
  for (const auto& a : assessed) {
    all.push_back(&a);
    const auto it = info.find(a.code);
    by_league[it != info.end() && it->second->league_code ? *it->second->league_code : ""].push_back(&a);
  }
  if (const Table* t = by_unit.find(); t && !t->rows.empty()) {
    const int unit_note = note_for("unit");
    rp::TableBlock tb;
    tb.synthetic = syn;
    tb.caption = r.zh ? fmt::format("表 2-1 {} 年各盟市地表水断面水质（GB 3838-2002）", S)
                      : fmt::format("Table 2-1. Surface-water sections by league/city, {} (GB 3838-2002)", S);
    tb.header = {r.t("盟市", "League/city"),      r.t("断面数", "Sections"),
                 r.t("I–III 类(%)", "I–III (%)"), r.t("劣 V 类(%)", "Worse than V (%)"),
                 r.t("水质状况", "Status"),       r.t("达到目标断面", "Meeting target")};
    tb.numeric = {false, true, true, true, false, true};
    for (const auto& row : t->rows) {
      const std::string key = text(*t, row, "key");
      tb.rows.push_back({{r.units.count(key) ? r.name(key) : key, 0, false},
                         {text(*t, row, "sections"), unit_note, false},
                         {fixed(number(*t, row, "share_i_iii_pct").value_or(0), 1), unit_note, false},
                         {fixed(number(*t, row, "share_worse_v_pct").value_or(0), 1), unit_note, false},
                         {text(*t, row, "status"), 0, false},
                         {text(*t, row, "target_met"), 0, false}});
    }
    sec.blocks.push_back(std::move(tb));
  }
  std::vector<rp::StackedRow> stacked;
  auto shares = [](const std::vector<const engine::water::SectionAssessment*>& members) {
    const auto g = engine::water::assess_group(members);
    std::vector<double> s;
    for (int c : g.per_class) s.push_back(g.sections ? 100.0 * c / g.sections : 0.0);
    return s;
  };
  for (const auto& [league, members] : by_league)
    stacked.push_back({league.empty() ? r.t("（未注明）", "(unspecified)") : r.name(league), shares(members)});
  stacked.push_back({r.t("全区", "Region"), shares(all)});
  const std::vector<std::string> classes = {"I", "II", "III", "IV", "V", r.t("劣V", "worse than V")};
  sec.blocks.push_back(rp::Figure{
      rp::stacked_bar_chart(stacked, classes, {"#3b7dd8", "#5fb1e6", "#5cb85c", "#f0ad4e", "#e8743b", "#c9302c"},
                            r.t("各盟市断面水质类别比例", "Class shares of the sections by league/city")),
      r.zh ? fmt::format("图 2-1 {} 年各盟市断面水质类别比例", S)
           : fmt::format("Figure 2-1. Shares of the sections in each class by league/city, {}", S),
      syn});
  // Lakes: trophic state.
  rp::TableBlock lakes;
  lakes.synthetic = syn;
  lakes.caption = r.zh ? fmt::format("表 2-2 {} 年湖库营养状态（综合营养状态指数 TLI）", S)
                       : fmt::format("Table 2-2. Trophic state of lakes and reservoirs, {} (TLI)", S);
  lakes.header = {r.t("断面", "Section"), r.t("湖库", "Lake"), r.t("水质类别", "Class"), "TLI(Σ)",
                  r.t("营养状态", "Trophic state")};
  lakes.numeric = {false, false, false, true, false};
  const int lake_note = note_for("section");
  for (const auto& a : assessed) {
    if (a.waterbody != standards::Waterbody::lake) continue;
    const auto it = info.find(a.code);
    lakes.rows.push_back(
        {{a.code + (it != info.end() ? " " + it->second->name : ""), 0, false},
         {it != info.end() ? it->second->river : "", 0, false},
         {a.result.cls ? std::string(standards::class_name(a.result.cls, r.zh)) : "–", lake_note, false},
         {a.trophic ? fixed(a.trophic->reported, 2) : "–", lake_note, false},
         {a.trophic ? (r.zh ? a.trophic->class_zh : a.trophic->class_en) : "–", lake_note, false}});
  }
  if (!lakes.rows.empty()) {
    int eutrophic = 0;
    for (const auto& a : assessed)
      eutrophic += a.waterbody == standards::Waterbody::lake && a.trophic && a.trophic->reported > 50;
    sec.blocks.push_back(rp::ParagraphBuilder()
                             .text(r.zh ? fmt::format("监测的 {} 个湖库断面中，", lakes.rows.size())
                                        : fmt::format("Of the {} lake and reservoir sections, ", lakes.rows.size()))
                             .figure(std::to_string(eutrophic), lake_note)
                             .text(r.t(" 个呈富营养状态（TLI > 50）。", " were eutrophic (TLI > 50)."))
                             .done());
    sec.blocks.push_back(std::move(lakes));
  }
  r.doc.sections.push_back(std::move(sec));
}

// ---------------------------------------------------------------------------------------------------------------
// Indicator values (soil, vegetation): a table per year of the values imported or derived for the units.

struct IndicatorView {
  std::vector<io::RegistryIndicator> registry;
  std::vector<store::IndicatorValue> values;  // years up to the bulletin's
  const io::RegistryIndicator* find(const std::string& id) const {
    for (const auto& i : registry)
      if (i.id == id) return &i;
    return nullptr;
  }
};

// Adds a table of the chosen indicators for the latest year up to the bulletin's with any of them; returns false
// when none has values.
bool indicator_block(Report& r, rp::Section& sec, const IndicatorView& view, const std::vector<std::string>& ids,
                     const std::string& caption_zh, const std::string& caption_en, std::vector<std::string>& synthetic,
                     const std::string& synthetic_line) {
  int S = 0;
  for (const auto& v : view.values)
    if (std::find(ids.begin(), ids.end(), v.indicator) != ids.end()) S = std::max(S, v.year);
  if (!S) return false;
  std::vector<std::string> present_ids;
  std::map<std::string, std::map<std::string, const store::IndicatorValue*>> by_unit;  // unit -> indicator -> value
  bool syn = false;
  std::set<std::string> sources;
  for (const auto& v : view.values) {
    if (v.year != S || std::find(ids.begin(), ids.end(), v.indicator) == ids.end()) continue;
    by_unit[v.unit_code][v.indicator] = &v;
    syn |= store::names_synthetic(v.source);
    sources.insert(v.source);
  }
  for (const auto& id : ids)  // in the caller's order: the first leads the sentence
    for (const auto& [unit, vals] : by_unit)
      if (vals.count(id) && std::find(present_ids.begin(), present_ids.end(), id) == present_ids.end())
        present_ids.push_back(id);
  if (syn) {
    sec.synthetic = true;
    synthetic.push_back(synthetic_line);
  }
  if (S != r.year)
    sec.blocks.push_back(
        rp::ParagraphBuilder()
            .text(r.zh ? fmt::format("工作空间没有 {} 年的相关指标值；有数据的最近年份为 {} 年。", r.year, S)
                       : fmt::format("The workspace has no such indicator values for {}; the latest "
                                     "year with values is {}.",
                                     r.year, S))
            .aside()
            .done());
  std::string source_list;
  for (const auto& s : sources) source_list += (source_list.empty() ? "" : "; ") + s;
  rp::Note n;
  n.inputs = r.zh ? fmt::format("{}（indicator_value 表）；{} 年 {} 个单位；来源：{}", r.ws_label(), S, by_unit.size(),
                                source_list)
                  : fmt::format("{} (table indicator_value); {} units in {}; source: {}", r.ws_label(), by_unit.size(),
                                S, source_list);
  n.rule = r.t("导入或派生的年度指标值，原样列出（docs/assessment.md）",
               "yearly indicator values as imported or derived, shown as stored (docs/assessment.md)");
  n.command = r.command(fmt::format("assess progress {} --registry {} --year {}", r.ws_arg(),
                                    shell_word(r.registry.empty() ? "REGISTRY.csv" : r.registry), S));
  const int note = r.doc.add_note(std::move(n));
  rp::TableBlock tb;
  tb.synthetic = syn;
  tb.caption = (r.zh ? caption_zh : caption_en) + fmt::format(fmt::runtime(r.zh ? "（{} 年）" : " ({})"), S);
  tb.header = {r.t("单位", "Unit")};
  tb.numeric = {false};
  for (const auto& id : present_ids) {
    const auto* reg = view.find(id);
    tb.header.push_back(reg ? (r.zh ? reg->name_zh : reg->name_en) + (reg->unit.empty() ? "" : " (" + reg->unit + ")")
                            : id);
    tb.numeric.push_back(true);
  }
  std::vector<std::pair<double, std::string>> first_values;
  for (const auto& [unit, vals] : by_unit) {
    std::vector<rp::Span> row{{r.name(unit), 0, false}};
    for (const auto& id : present_ids) {
      const auto it = vals.find(id);
      row.push_back(
          {it != vals.end() ? fmt::format("{:.2f}", it->second->value) : "–", it != vals.end() ? note : 0, false});
    }
    if (const auto it = vals.find(present_ids.front()); it != vals.end())
      first_values.push_back({it->second->value, unit});
    tb.rows.push_back(std::move(row));
  }
  if (!first_values.empty()) {
    std::sort(first_values.begin(), first_values.end());
    const auto* reg = view.find(present_ids.front());
    const std::string label = reg ? (r.zh ? reg->name_zh : reg->name_en) : present_ids.front();
    // "%" follows the number directly, other units after a space, as elsewhere in the bulletin.
    const std::string unit = reg && !reg->unit.empty() ? (reg->unit == "%" ? "%" : " " + reg->unit) : "";
    rp::ParagraphBuilder p;
    p.text(r.zh ? fmt::format("{} 年，{} 个单位报送{}，从 {}（", S, first_values.size(), label,
                              r.name(first_values.front().second))
                : fmt::format("In {}, {} units reported {}, from {} (", S, first_values.size(), label,
                              r.name(first_values.front().second)))
        .figure(fmt::format("{:.2f}{}", first_values.front().first, unit), note)
        .text(r.zh ? fmt::format("）到 {}（", r.name(first_values.back().second))
                   : fmt::format(") to {} (", r.name(first_values.back().second)))
        .figure(fmt::format("{:.2f}{}", first_values.back().first, unit), note)
        .text(r.t("）。", ")."));
    sec.blocks.push_back(p.done());
  }
  sec.blocks.push_back(std::move(tb));
  return true;
}

void soil_section(Report& r, const IndicatorView& view, std::vector<std::string>& synthetic) {
  rp::Section sec{"soil", r.t("三、净土：土壤环境", "3. Clean soil"), false, {}};
  std::vector<std::string> ids;
  for (const auto& v : view.values)
    if (v.indicator.rfind("soil", 0) == 0 && std::find(ids.begin(), ids.end(), v.indicator) == ids.end())
      ids.push_back(v.indicator);
  for (const auto& reg : view.registry)
    if (reg.category == "clean_soil" && std::find(ids.begin(), ids.end(), reg.id) == ids.end()) ids.push_back(reg.id);
  if (!indicator_block(
          r, sec, view, ids, "表 3-1 土壤环境指标", "Table 3-1. Soil indicators", synthetic,
          r.t("三、净土：土壤指标值为合成数据（SYNTHETIC）", "3. Clean soil: the indicator values are SYNTHETIC")))
    sec.blocks.push_back(r.none("土壤指标值（如 soil_safe 受污染耕地安全利用率）",
                                "soil indicator values (e.g. soil_safe, safe use of polluted farmland)"));
  r.doc.sections.push_back(std::move(sec));
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Ecology: protected areas, the restoration ledger, vegetation.

void protected_block(Report& r, rp::Section& sec, const Captured& stats, std::vector<std::string>& synthetic) {
  const Table* t = stats.find();
  sec.blocks.push_back(
      rp::Paragraph{{{r.t("（一）自然保护地与生态保护红线", "4.1 Protected areas and the red line"), 0, true}}, false});
  if (!t || t->rows.empty()) {
    sec.blocks.push_back(rp::ParagraphBuilder()
                             .text(r.t("工作空间没有保护地图层（layer import），本节无数字。",
                                       "The workspace has no protected layers (layer import); no figures here."))
                             .aside()
                             .done());
    return;
  }
  bool syn = false;
  std::string files;
  for (const auto& s : r.sources)
    if (s.table == "protected_area") {
      syn |= store::names_synthetic(s.file);
      files += (files.empty() ? "" : "; ") + s.kind + ": " + std::filesystem::path(s.file).filename().string() +
               fmt::format(" ({})", s.records);
    }
  if (syn) {
    sec.synthetic = true;
    synthetic.push_back(
        r.t("四、生态：保护地图层为合成数据（SYNTHETIC）", "4. Ecology: the protected layers are SYNTHETIC"));
  }
  rp::Note n;
  n.inputs = r.zh ? fmt::format("{}（protected_area、admin_unit 表）；图层：{}；{} 个盟市", r.ws_label(), files,
                                t->rows.size())
                  : fmt::format("{} (tables protected_area, admin_unit); layers: {}; {} leagues/cities", r.ws_label(),
                                files, t->rows.size());
  n.rule = r.t("椭球面积（WGS 84）；同类与跨图层重叠只计一次；全区合计为各盟市之和",
               "ellipsoidal areas (WGS 84); overlaps within and between layers counted once; the region's figure is "
               "the sum over the leagues and cities");
  n.command = r.command(fmt::format("layer stats {} --level 2", r.ws_arg()));
  const int note = r.doc.add_note(std::move(n));
  double area = 0, prot = 0, prot_mu = 0;
  std::pair<double, std::string> best{-1, ""};
  rp::TableBlock tb;
  tb.synthetic = syn;
  tb.caption = r.t("表 4-1 各盟市保护地面积与占比", "Table 4-1. Protected area and share by league/city");
  tb.header = {r.t("盟市", "League/city"), r.t("国土面积(km²)", "Area (km²)"),
               r.t("保护地面积(km²)", "Protected (km²)"), r.t("保护地面积(万亩)", "Protected (10,000 mu)"),
               r.t("占比(%)", "Share (%)")};
  tb.numeric = {false, true, true, true, true};
  for (const auto& row : t->rows) {
    const double a = number(*t, row, "area_km2").value_or(0), p = number(*t, row, "protected_km2").value_or(0);
    const double mu = number(*t, row, "protected_mu").value_or(0), pct = number(*t, row, "protected_pct").value_or(0);
    area += a;
    prot += p;
    prot_mu += mu;
    if (pct > best.first) best = {pct, text(*t, row, "name")};
    tb.rows.push_back({{text(*t, row, "name"), 0, false},
                       {grouped(a), 0, false},
                       {grouped(p), note, false},
                       {grouped(mu / 1e4, 1), note, false},
                       {fixed(pct, 2), note, false}});
  }
  sec.blocks.push_back(rp::ParagraphBuilder()
                           .text(r.t("各类保护地（重叠只计一次）合计 ",
                                     "Protected areas of all kinds (overlaps counted "
                                     "once) cover "))
                           .figure(grouped(prot) + " km²", note)
                           .text(r.t("（", " ("))
                           .figure(grouped(prot_mu / 1e4, 1) + r.t(" 万亩", " × 10,000 mu"), note)
                           .text(r.t("），占全区面积的 ", "), "))
                           .figure(fixed(area > 0 ? 100 * prot / area : 0, 2) + "%", note)
                           .text(r.zh ? fmt::format("；占比最高的是{}（", best.second)
                                      : fmt::format(" of the region; the largest share is in {} (", best.second))
                           .figure(fixed(best.first, 2) + "%", note)
                           .text(r.t("）。", ")."))
                           .done());
  sec.blocks.push_back(std::move(tb));
}

void ledger_block(Report& r, rp::Section& sec, std::vector<std::string>& synthetic) {
  sec.blocks.push_back(rp::Paragraph{{{r.t("（二）生态保护修复项目", "4.2 Restoration projects"), 0, true}}, false});
  int first = 0, last = 0;
  bool syn = false;
  std::string files;
  for (const auto& s : r.sources)
    if (s.table == "project" || s.table == "project_plan") {
      if (s.table == "project") {
        first = first ? std::min(first, s.first_year) : s.first_year;
        last = std::max(last, s.last_year);
      }
      syn |= store::names_synthetic(s.file);
      files += (files.empty() ? "" : "; ") + s.table + ": " + std::filesystem::path(s.file).filename().string() +
               fmt::format(" ({})", s.records);
    }
  if (!first || first > r.year) {
    sec.blocks.push_back(r.none("生态修复项目台账", "restoration ledger entries"));
    return;
  }
  // The bulletin's year, else the latest earlier year with projects.
  Captured cap;
  int S = 0;
  for (int y = std::min(r.year, last); y >= first && !S; --y) {
    SummaryRequest req;
    req.ws = r.ws_path;
    req.year = y;
    req.level = 2;
    cap = capture(r.l, [&](Context& sub) { run_project_summary(sub, req); });
    if (const Table* t = cap.find(); t && !t->rows.empty()) S = y;
  }
  if (!S) {
    sec.blocks.push_back(r.none("生态修复项目台账", "restoration ledger entries"));
    return;
  }
  if (syn) {
    sec.synthetic = true;
    synthetic.push_back(r.t("四、生态：修复项目台账与年度计划为合成数据（SYNTHETIC）",
                            "4. Ecology: the restoration ledger and plans are SYNTHETIC"));
  }
  if (S != r.year) sec.blocks.push_back(r.fallback("生态修复项目台账", "restoration ledger entries", S));
  const Table& t = *cap.find();
  rp::Note n;
  n.inputs = r.zh ? fmt::format("{}（project、project_plan 表）；{}", r.ws_label(), files)
                  : fmt::format("{} (tables project, project_plan); {}", r.ws_label(), files);
  n.rule = r.t(
      "面积以微亩精确累加（1 亩 = 2000/3 m²，1 公顷 = 15 亩）；完成率 = 完成面积 / 年度计划（无计划时为项目计划面积）",
      "areas summed exactly in micro-mu (1 mu = 2000/3 m², 1 ha = 15 mu); completion = completed area / "
      "the annual plan (the projects' planned area where there is no plan)");
  n.command = r.command(fmt::format("project summary {} --year {} --level 2", r.ws_arg(), S));
  const int note = r.doc.add_note(std::move(n));
  // Totals per type (the rows without a code), then the league x type pivot.
  double total_mu = 0, total_ha = 0, projects = 0;
  std::vector<std::string> types;
  std::map<std::string, std::string> type_names;
  rp::ParagraphBuilder p;
  std::vector<const std::vector<Cell>*> totals;
  for (const auto& row : t.rows) {
    const std::string type = text(t, row, "type");
    if (std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
    type_names[type] = text(t, row, "type_name");
    if (text(t, row, "code").empty()) totals.push_back(&row);
  }
  if (totals.empty())  // a single unit: its rows are the totals
    for (const auto& row : t.rows) totals.push_back(&row);
  // New mining damage is ledgered as a project type but is damage, not restoration: it stays out of the total.
  for (const auto* row : totals) {
    if (text(t, *row, "type") == "mining_damage") continue;
    total_mu += number(t, *row, "completed_mu").value_or(0);
    total_ha += number(t, *row, "completed_ha").value_or(0);
    projects += number(t, *row, "projects").value_or(0);
  }
  p.text(r.zh ? fmt::format("{} 年，台账记录项目 ", S) : fmt::format("In {}, the ledger records ", S))
      .figure(grouped(projects), note)
      .text(r.t(" 个，完成面积 ", " projects with "))
      .figure(grouped(total_mu) + r.t(" 亩", " mu"), note)
      .text(r.t("（", " ("))
      .figure(grouped(total_ha) + r.t(" 公顷", " ha"), note)
      .text(r.t("）。其中", ") of restoration completed: "));
  for (std::size_t i = 0; i < totals.size(); ++i) {
    const auto& row = *totals[i];
    const auto pct = number(t, row, "completion_pct");
    p.text((i ? r.t("；", "; ") : "") + text(t, row, "type_name") + " ")
        .figure(grouped(number(t, row, "completed_mu").value_or(0)) + r.t(" 亩", " mu"), note);
    if (pct) p.text(r.t("，完成计划的 ", ", ")).figure(fixed(*pct, 1) + "%", note).text(r.zh ? "" : " of the plan");
  }
  p.text(r.t("。", "."));
  sec.blocks.push_back(p.done());
  rp::TableBlock tb;
  tb.synthetic = syn;
  tb.caption = r.zh ? fmt::format("表 4-2 {} 年各盟市生态保护修复完成面积（亩）与计划完成率", S)
                    : fmt::format("Table 4-2. Restoration completed by league/city, {} (mu, and % of the plan)", S);
  tb.header = {r.t("盟市", "League/city")};
  tb.numeric = {false};
  for (const auto& type : types) {
    tb.header.push_back(type_names[type] + r.t("(亩)", " (mu)"));
    tb.header.push_back(type_names[type] + r.t("完成率(%)", " (%)"));
    tb.numeric.insert(tb.numeric.end(), {true, true});
  }
  std::map<std::string, std::map<std::string, const std::vector<Cell>*>> pivot;
  std::vector<std::string> order;
  for (const auto& row : t.rows) {
    const std::string code = text(t, row, "code");
    const std::string key = code.empty() ? std::string("~") : code;  // totals last
    if (!pivot.count(key)) order.push_back(key);
    pivot[key][text(t, row, "type")] = &row;
  }
  std::stable_sort(order.begin(), order.end());
  for (const auto& key : order) {
    std::vector<rp::Span> cells{{key == "~" ? r.t("合计", "Total") : r.name(key), 0, key == "~"}};
    for (const auto& type : types) {
      const auto it = pivot[key].find(type);
      if (it == pivot[key].end()) {
        cells.insert(cells.end(), {{"–", 0, false}, {"–", 0, false}});
        continue;
      }
      const auto pct = number(t, *it->second, "completion_pct");
      cells.push_back({grouped(number(t, *it->second, "completed_mu").value_or(0)), note, false});
      cells.push_back({pct ? fixed(*pct, 1) : "–", pct ? note : 0, false});
    }
    tb.rows.push_back(std::move(cells));
  }
  sec.blocks.push_back(std::move(tb));
}

void ecology_section(Report& r, const Captured& layer_stats, const IndicatorView& view,
                     std::vector<std::string>& synthetic) {
  rp::Section sec{"ecology", r.t("四、生态：保护与修复", "4. Ecology: protection and restoration"), false, {}};
  protected_block(r, sec, layer_stats, synthetic);
  ledger_block(r, sec, synthetic);
  sec.blocks.push_back(
      rp::Paragraph{{{r.t("（三）植被与沙化", "4.3 Vegetation and desertification"), 0, true}}, false});
  // Grassland cover leads (the barrier's main cover), then forest, then the rest of the ecology indicators.
  std::vector<std::string> ids = {"grass_cover", "forest_cover"};
  for (const auto& reg : view.registry)
    if (reg.category == "ecology" && std::find(ids.begin(), ids.end(), reg.id) == ids.end()) ids.push_back(reg.id);
  for (const auto& v : view.values)
    if ((v.indicator.find("grass") != std::string::npos || v.indicator.find("forest") != std::string::npos ||
         v.indicator.find("veg") != std::string::npos || v.indicator.find("desert") != std::string::npos) &&
        std::find(ids.begin(), ids.end(), v.indicator) == ids.end())
      ids.push_back(v.indicator);
  if (!indicator_block(r, sec, view, ids, "表 4-3 植被与沙化治理指标", "Table 4-3. Vegetation and desertification",
                       synthetic,
                       r.t("四、生态：植被与沙化指标值为合成数据（SYNTHETIC）",
                           "4. Ecology: the vegetation indicator values are SYNTHETIC")))
    sec.blocks.push_back(r.none("植被、沙化指标值（如 grass_cover）",
                                "vegetation or desertification indicator values "
                                "(e.g. grass_cover)"));
  r.doc.sections.push_back(std::move(sec));
}

// ---------------------------------------------------------------------------------------------------------------
// 5. Responsibility: the assessment of the leagues and cities, chiefs' patrols.

void score_block(Report& r, rp::Section& sec, std::vector<std::string>& synthetic) {
  sec.blocks.push_back(
      rp::Paragraph{{{r.t("（一）盟市生态环境考核", "5.1 Assessment of the leagues and cities"), 0, true}}, false});
  if (r.registry.empty()) {
    sec.blocks.push_back(rp::ParagraphBuilder()
                             .text(r.t("未指定指标登记表（--registry），不作考核评分。",
                                       "No indicator registry (--registry): no assessment scores."))
                             .aside()
                             .done());
    return;
  }
  int first = 0, last = 0;
  bool syn = false;
  for (const auto& s : r.sources)
    if (s.table == "indicator_value") {
      first = first ? std::min(first, s.first_year) : s.first_year;
      last = std::max(last, s.last_year);
      syn |= store::names_synthetic(s.source);
    }
  const int S = std::min(r.year, last);
  if (!first || first > r.year) {
    sec.blocks.push_back(r.none("考核指标值", "assessment indicator values"));
    return;
  }
  if (S != r.year) sec.blocks.push_back(r.fallback("考核指标值", "assessment indicator values", S));
  ScoreRequest req;
  req.ws = r.ws_path;
  req.registry = r.registry;
  req.year = S;
  req.level = 2;
  req.draws = 1000;
  req.seed = 1;
  Captured cap;
  try {
    cap = capture(r.l, [&](Context& sub) { run_assess_score(sub, req); });
  } catch (const Error& e) {
    sec.blocks.push_back(
        rp::ParagraphBuilder().text(r.t("无法评分：", "No scores: ") + std::string(e.what())).aside().done());
    return;
  }
  const Table* t = cap.find();
  if (!t || t->rows.empty()) return;
  if (syn) {
    sec.synthetic = true;
    synthetic.push_back(r.t("五、责任：考核指标值为合成数据（SYNTHETIC）",
                            "5. Responsibility: the assessment's indicator values are SYNTHETIC"));
  }
  std::string rule_note;
  for (const auto& s : cap.notes) rule_note += (rule_note.empty() ? "" : "; ") + s;
  rp::Note n;
  n.inputs =
      r.zh ? fmt::format("{}（indicator_value 表）；指标登记表 {}；{} 个盟市", r.ws_label(), r.registry, t->rows.size())
           : fmt::format("{} (table indicator_value); registry {}; {} leagues/cities", r.ws_label(), r.registry,
                         t->rows.size());
  n.rule = r.zh ? fmt::format(
                      "距目标法 0–100 分，按登记表权重加总；排名区间：权重扰动 ±25%、{} 次抽样（种子 {}）的 5%–95% "
                      "分位；{}",
                      req.draws, req.seed, rule_note)
                : fmt::format(
                      "distance to target, 0-100, weighted by the registry; rank interval: 5-95 % of ranks "
                      "under weights perturbed by ±25 % ({} draws, seed {}); {}",
                      req.draws, req.seed, rule_note);
  n.command = r.command(fmt::format("assess score {} --registry {} --year {} --level 2 --draws {} --seed {}",
                                    r.ws_arg(), shell_word(r.registry), S, req.draws, req.seed));
  const int note = r.doc.add_note(std::move(n));
  rp::TableBlock tb;
  tb.synthetic = syn;
  tb.caption = r.zh ? fmt::format("表 5-1 {} 年盟市考核总分与排名", S)
                    : fmt::format("Table 5-1. Assessment scores and ranks, {}", S);
  tb.header = {r.t("排名", "Rank"), r.t("盟市", "League/city"), r.t("总分", "Score"),
               r.t("排名区间(5%–95%)", "Rank interval (5–95 %)"), r.t("缺失权重(%)", "Missing weight (%)")};
  tb.numeric = {true, false, true, true, true};
  std::map<std::string, std::pair<double, std::string>> map_values;
  std::vector<const std::vector<Cell>*> ranked;
  int unranked = 0;
  for (const auto& row : t->rows) {
    const auto rank = number(*t, row, "rank");
    const auto total = number(*t, row, "total");
    if (rank)
      ranked.push_back(&row);
    else
      ++unranked;
    tb.rows.push_back({{rank ? fixed(*rank, 0) : "–", 0, false},
                       {text(*t, row, "name"), 0, false},
                       {total ? fixed(*total, 1) : "–", total ? note : 0, false},
                       {rank ? fmt::format("{}–{}", text(*t, row, "rank_low"), text(*t, row, "rank_high")) : "–",
                        rank ? note : 0, false},
                       {fixed(number(*t, row, "missing_weight_pct").value_or(0), 1), 0, false}});
    if (total) map_values[text(*t, row, "code")] = {*total, fixed(*total, 1)};
  }
  rp::ParagraphBuilder p;
  p.text(r.zh ? fmt::format("{} 年考核中，{} 个盟市参与排名", S, ranked.size())
              : fmt::format("In the {} assessment, {} leagues and cities were ranked", S, ranked.size()));
  if (unranked)
    p.text(r.zh ? fmt::format("、{} 个因缺失数据过多未排名", unranked)
                : fmt::format(" and {} left unranked for missing data", unranked));
  if (!ranked.empty()) {
    const auto& top = *ranked.front();
    p.text(r.zh ? fmt::format("。第一名为{}，总分 ", text(*t, top, "name"))
                : fmt::format(". First was {} with ", text(*t, top, "name")))
        .figure(fixed(number(*t, top, "total").value_or(0), 1), note)
        .text(r.zh ? "（排名区间 " : " points (rank interval ")
        .figure(fmt::format("{}–{}", text(*t, top, "rank_low"), text(*t, top, "rank_high")), note)
        .text(r.t("）", ")"));
    if (ranked.size() > 1) {
      const auto& bottom = *ranked.back();
      p.text(r.zh ? fmt::format("；末位为{}，总分 ", text(*t, bottom, "name"))
                  : fmt::format("; last was {} with ", text(*t, bottom, "name")))
          .figure(fixed(number(*t, bottom, "total").value_or(0), 1), note)
          .text(r.zh ? "" : " points");
    }
  }
  p.text(r.t("。排名区间较宽的单位，名次对权重设定敏感。",
             ". A wide rank interval means the rank depends on the choice of weights."));
  sec.blocks.push_back(p.done());
  sec.blocks.push_back(std::move(tb));
  if (!r.leagues.empty()) {
    rp::MapOptions mo;
    mo.title = r.t("盟市考核总分", "Assessment score by league/city");
    mo.legend_title = r.t("总分", "Score");
    mo.no_data_label = r.t("无数据", "no data");
    mo.higher_is_worse = false;
    mo.decimals = 1;
    sec.blocks.push_back(rp::Figure{rp::choropleth_map(map_units(r, map_values), mo),
                                    r.zh ? fmt::format("图 5-1 {} 年盟市考核总分", S)
                                         : fmt::format("Figure 5-1. Assessment score by league/city, {}", S),
                                    syn});
  }
}

void chief_block(Report& r, rp::Section& sec, std::vector<std::string>& synthetic) {
  sec.blocks.push_back(rp::Paragraph{
      {{r.t("（二）河湖长制、林长制巡查", "5.2 River/lake and forest chiefs' patrols"), 0, true}}, false});
  int first = 0, last = 0;
  for (const auto& s : r.sources)
    if (s.table == "patrol") first = s.first_year, last = s.last_year;
  if (!first || first > r.year) {
    sec.blocks.push_back(r.none("河湖长、林长巡查记录", "chiefs' patrol records"));
    return;
  }
  const int S = std::min(r.year, last);
  if (S != r.year) sec.blocks.push_back(r.fallback("河湖长、林长巡查记录", "chiefs' patrol records", S));
  // The roster and patrols record the file they came from; rows imported before the workspace kept it have none.
  // Then, when the other governance inputs are SYNTHETIC (the demo), say that these presumably are too rather
  // than present them as real.
  bool own_syn = false, unknown = false, other_syn = false;
  for (const auto& s : r.sources) {
    if (s.table == "chief" || s.table == "patrol") {
      own_syn |= store::names_synthetic(s.file);
      unknown |= s.file.empty();
    }
    if (s.table == "project" || s.table == "protected_area" || s.table == "indicator_value")
      other_syn |= store::names_synthetic(s.file) || store::names_synthetic(s.source);
  }
  if (own_syn) {
    sec.synthetic = true;
    synthetic.push_back(r.t("五、责任：河湖长、林长名册与巡查记录为合成数据（SYNTHETIC）",
                            "5. Responsibility: the chiefs' roster and patrols are SYNTHETIC"));
  } else if (unknown && other_syn) {
    sec.synthetic = true;
    synthetic.push_back(
        r.t("五、责任：部分河湖长、林长名册与巡查记录未登记来源，本工作空间其余治理数据为合成数据，"
            "应视同合成数据（SYNTHETIC）",
            "5. Responsibility: some of the chiefs' roster and patrols record no source; the workspace's "
            "other governance inputs are SYNTHETIC, so treat these as SYNTHETIC too"));
  }
  auto run = [&](int level) {
    return capture(r.l, [&](Context& sub) { run_chief_coverage(sub, r.ws_path, std::to_string(S), "", level, false); });
  };
  const Captured region = run(1), leagues = run(2);
  std::int64_t chiefs = 0, patrols = 0;
  for (const auto& s : r.sources) {
    if (s.table == "chief") chiefs += s.records;
    if (s.table == "patrol") patrols += s.records;
  }
  auto note_for = [&](int level) {
    rp::Note n;
    n.inputs = r.zh ? fmt::format("{}（chief、chief_object、patrol 表）；责任人 {} 名，巡查记录 {} 条（全部年份）",
                                  r.ws_label(), chiefs, patrols)
                    : fmt::format("{} (tables chief, chief_object, patrol); {} chiefs, {} patrol records (all years)",
                                  r.ws_label(), chiefs, patrols);
    n.rule =
        r.t("巡查频次按责任人类别与级别（data/standards 巡查要求）；应巡时段内至少达到要求次数为达标；"
            "整改率 = 整改问题 / 发现问题",
            "required patrol frequency by chief kind and level (data/standards); a window is met with at least "
            "the required patrols; resolved = issues resolved / issues found");
    n.command = r.command(fmt::format("chief coverage {} --period {} --level {}", r.ws_arg(), S, level));
    return r.doc.add_note(std::move(n));
  };
  const int region_note = note_for(1);
  if (const Table* t = region.find("rollup"); t && !t->rows.empty()) {
    rp::ParagraphBuilder p;
    p.text(r.zh ? fmt::format("{} 年，", S) : fmt::format("In {}, ", S));
    for (std::size_t i = 0; i < t->rows.size(); ++i) {
      const auto& row = t->rows[i];
      p.text(i ? r.t("；", "; ") : "")
          .text(r.zh ? fmt::format("{} 级责任人 ", text(*t, row, "chief_level"))
                     : fmt::format("level-{} chiefs: ", text(*t, row, "chief_level")))
          .figure(text(*t, row, "chiefs"), region_note)
          .text(r.t(" 名，巡查 ", ", "))
          .figure(text(*t, row, "patrols"), region_note)
          .text(r.t(" 次，巡查时段达标率 ", " patrols, patrol windows met "))
          .figure(fixed(number(*t, row, "coverage_pct").value_or(0), 1) + "%", region_note);
      if (const auto res = number(*t, row, "resolved_pct"))
        p.text(r.t("，问题整改率 ", ", issues resolved ")).figure(fixed(*res, 1) + "%", region_note);
      p.text(r.zh ? fmt::format("，逾期 {} 名", text(*t, row, "overdue"))
                  : fmt::format(", {} overdue", text(*t, row, "overdue")));
    }
    p.text(r.t("。", "."));
    sec.blocks.push_back(p.done());
  }
  if (const Table* t = leagues.find("rollup"); t && !t->rows.empty()) {
    const int note = note_for(2);
    rp::TableBlock tb;
    tb.synthetic = sec.synthetic;
    tb.caption = r.zh ? fmt::format("表 5-2 {} 年各盟市责任人巡查情况", S)
                      : fmt::format("Table 5-2. Chiefs' patrols by league/city, {}", S);
    tb.header = {r.t("盟市", "League/city"), r.t("责任人级别", "Chief level"),        r.t("责任人数", "Chiefs"),
                 r.t("巡查次数", "Patrols"), r.t("时段达标率(%)", "Windows met (%)"), r.t("整改率(%)", "Resolved (%)"),
                 r.t("逾期人数", "Overdue"), r.t("未巡对象", "Not patrolled")};
    tb.numeric = {false, true, true, true, true, true, true, true};
    for (const auto& row : t->rows) {
      const auto res = number(*t, row, "resolved_pct");
      tb.rows.push_back({{text(*t, row, "name"), 0, false},
                         {text(*t, row, "chief_level"), 0, false},
                         {text(*t, row, "chiefs"), 0, false},
                         {text(*t, row, "patrols"), note, false},
                         {fixed(number(*t, row, "coverage_pct").value_or(0), 1), note, false},
                         {res ? fixed(*res, 1) : "–", res ? note : 0, false},
                         {text(*t, row, "overdue"), 0, false},
                         {text(*t, row, "unpatrolled_objects"), 0, false}});
    }
    sec.blocks.push_back(std::move(tb));
  }
}

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f || !(f << content) || !f.flush()) throw IoError(path.string() + ": cannot write");
}

}  // namespace

BulletinDocuments build_bulletin(const BulletinRequest& req) {
  Report r;
  r.l = req.lang;
  r.zh = r.l == Lang::zh;
  r.ws_path = req.ws;
  r.year = req.year;
  if (!req.registry.empty()) {
    r.registry = req.registry;
  } else if (const std::string demo = Context::data_dir() + "/assessment/registry_demo.csv";
             std::filesystem::exists(demo)) {
    r.registry = demo;
  }
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  r.ws = &ws;
  for (auto& u : store::list_units(ws)) r.units.emplace(u.code, u);
  r.sources = store::input_sources(ws);
  r.spans = store::kind_spans(ws);
  // The protected-area overlay is the slowest part; it runs on a second thread (its own workspace connection
  // and table capture) while the air and water assessments run here.
  const bool has_layers = !store::protected_summary(ws).empty();
  std::future<Captured> layer_stats;
  if (has_layers)
    layer_stats = std::async(std::launch::async, [&r, ws_path = req.ws] {
      return capture(r.l, [&](Context& sub) { run_layer_stats(sub, ws_path, 2); });
    });
  r.leagues = store::unit_geometries(ws, 2);

  IndicatorView view;
  if (!r.registry.empty()) {
    try {
      view.registry = io::read_indicator_registry(r.registry);
    } catch (const Error&) {
      if (!req.registry.empty()) throw;  // the user's own registry must be readable
    }
  }
  view.values = store::load_indicator_values(ws, 0, r.year);

  std::vector<std::string> synthetic;
  r.doc.lang = r.zh ? "zh-CN" : "en";
  const std::string region = [&] {
    for (const auto& [code, u] : r.units)
      if (u.level == 1) return r.name(code);
    return std::string();
  }();
  r.doc.title = r.zh ? fmt::format("{}{} 年生态环境状况公报", region, r.year)
                     : fmt::format("{} Ecological and Environmental Bulletin {}", region, r.year);
  r.doc.subtitle = r.zh ? fmt::format("由 ecobarrier 根据工作空间 {} 生成；每个数字均链接到文末的来源说明。", req.ws)
                        : fmt::format(
                              "Generated by ecobarrier from workspace {}; every figure links to its source "
                              "note at the end.",
                              req.ws);
  r.doc.labels.synthetic_banner_title =
      r.t("以下部分基于合成数据（SYNTHETIC），仅供演示，不代表实际情况：",
          "The following parts rest on SYNTHETIC data, for demonstration only, not real conditions:");
  r.doc.labels.contents = r.t("目录", "Contents");
  r.doc.labels.notes_title = r.t("数据来源说明", "Provenance notes");
  r.doc.labels.inputs = r.t("输入：", "Inputs:");
  r.doc.labels.rule = r.t("规则：", "Rule:");
  r.doc.labels.command = r.t("复现命令：", "Reproduce:");
  r.doc.labels.chart_omitted = r.t("图表见 HTML 版", "Chart in the HTML edition");

  air_section(r);
  water_section(r, synthetic);
  soil_section(r, view, synthetic);
  ecology_section(r, has_layers ? layer_stats.get() : Captured{}, view, synthetic);
  rp::Section resp{
      "responsibility", r.t("五、责任落实：考核与巡查", "5. Responsibility: assessment and patrols"), false, {}};
  score_block(r, resp, synthetic);
  chief_block(r, resp, synthetic);
  r.doc.sections.push_back(std::move(resp));
  r.doc.synthetic_banner = synthetic;

  return {rp::render_html(r.doc), rp::render_markdown(r.doc)};
}

void add_report_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::string ws, period, registry;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("report", "The yearly ecological bulletin: self-contained HTML and Markdown");
  cmd->add_option("WS", o->ws, "Workspace")->required();
  cmd->add_option("--period", o->period, "The bulletin's year, e.g. 2023")->required();
  cmd->add_option("--registry", o->registry,
                  "Indicator registry for the assessment ranking (default: the bundled demo registry)");
  cmd->footer(
      "Examples:\n"
      "  ecobarrier report ws.gpkg --period 2023 -o bulletin/\n"
      "  ecobarrier report ws.gpkg --period 2023 --lang en -o bulletin/ --registry registry.csv\n\n"
      "-o names the output directory (default: the current directory); the command writes\n"
      "bulletin-YEAR-LANG.html (inline CSS and SVG, no external resources) and bulletin-YEAR-LANG.md and prints\n"
      "their paths. A section without data for the year uses the latest earlier year and says so. See\n"
      "docs/bulletin.md.");
  cmd->callback([o, &ctx] {
    const auto period = parse_period(o->period);
    if (!period || period->first.month != 1 || period->first.day != 1 || period->last.month != 12 ||
        period->last.day != 31 || period->first.year != period->last.year)
      throw UsageError("--period: the bulletin is yearly; expected a year such as 2023, got " + o->period);
    // -o is the output directory here; results (the two paths) go to stdout, not to a file named like it.
    const std::filesystem::path dir = ctx.output_path.empty() || ctx.output_path == "-" ? "." : ctx.output_path;
    ctx.out_sink = &std::cout;

    BulletinRequest req;
    req.ws = o->ws;
    req.registry = o->registry;
    req.year = period->first.year;
    req.lang = ctx.lang();
    const BulletinDocuments docs = build_bulletin(req);
    std::filesystem::create_directories(dir);
    const std::string stem = fmt::format("bulletin-{}-{}", req.year, req.lang == Lang::zh ? "zh" : "en");
    const auto html = dir / (stem + ".html"), md = dir / (stem + ".md");
    write_file(html, docs.html);
    write_file(md, docs.markdown);
    std::cout << html.string() << "\n" << md.string() << "\n";
  });
}

}  // namespace eb::app

// 1. Blue sky: the region's HJ 663 assessment of the bulletin's year (or the latest year with data), its change
// against the earliest whole year before it, the leagues and cities, and the region over the years; every figure
// from runs::air_assess_units, the same run as `air assess`.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "app/report/sections.hpp"
#include "app/runs/air/assess_units.hpp"
#include "standards/hj663.hpp"
#include "standards/map_classes.hpp"
#include "store/air_store.hpp"

namespace eb::app::report {

namespace {

using engine::air::present;

const engine::air::Statistic* pm25_mean(const runs::AirUnitAssessment& u) { return u.statistic("PM2.5", "mean"); }
const engine::air::Statistic* pm10_mean(const runs::AirUnitAssessment& u) { return u.statistic("PM10", "mean"); }

// Whether the unit's PM2.5 annual mean meets the capture rule: a whole year that supports annual conclusions.
bool annual_valid(const runs::AirUnitAssessment& u) {
  const auto* s = pm25_mean(u);
  return s && s->valid && present(s->reported);
}

// The region assessed in one year, with the rules in force then.
struct AirYear {
  int year = 0;
  runs::AirUnitAssessment region;
  runs::AirRules rules{};
};

// The decimals the rules report concentrations, ratios and the composite index with.
struct AirDecimals {
  int ugm3 = 0, ratio = 0, index = 0;
};

std::vector<runs::AirUnitAssessment> assess_units(Report& r, int year, const std::string& level, runs::AirRules& rules,
                                                  runs::AirDust dust = runs::AirDust::raw) {
  runs::AirAssessRequest req;
  req.period = *parse_period(std::to_string(year));
  req.level = level;
  req.dust = dust;
  return runs::air_assess_units(*r.ws, req, rules);
}

// The map classes of a year: those of the GB 3095 edition in force at its end, as the assessment's limits.
const standards::MapClasses& year_classes(const std::string& metric, int year) {
  return standards::map_classes(metric, parse_period(std::to_string(year))->last);
}

// "GB 3095-2012", "GB 3095-2026 过渡阶段限值 / transition limits" for a map class edition.
std::string edition_name(const Report& r, const std::string& edition) {
  std::string name = "GB 3095-" + edition.substr(std::string("gb3095-").size(), 4);
  if (edition.ends_with("-transition")) name += r.t(" 过渡阶段限值", " transition limits");
  if (edition.ends_with("-final")) name += r.t(" 最终限值", " final limits");
  return name;
}

// Members of a roll-up as the tables mark them: expected/present/valid, "(incomplete)" when some expected member
// is not valid (the water tables' mark).
std::string membership_cell(const Report& r, const runs::AirMembership& m) {
  return fmt::format("{}/{}/{}{}", m.expected.size(), m.present.size(), m.valid.size(),
                     m.complete() ? "" : r.t("（不齐全）", " (incomplete)"));
}

// The region in every year with any air data up to the bulletin's year (from the stored series' first and last
// times), in year order.
std::vector<AirYear> region_years(Report& r) {
  std::set<int> candidates;
  for (const auto& s : r.spans)
    if (s.station_kind == "air" || s.station_kind == "city")
      for (int y = year_of(s.first); y <= year_of(s.last) && y <= r.year; ++y) candidates.insert(y);
  std::vector<AirYear> years;
  for (int y : candidates) {
    AirYear ay;
    ay.year = y;
    auto units = assess_units(r, y, "region", ay.rules);
    if (units.empty()) continue;
    ay.region = std::move(units.front());
    years.push_back(std::move(ay));
  }
  return years;
}

// The year shown: the bulletin's year when it has data; else the latest with a whole (valid) year; else the latest.
const AirYear& shown_year(const Report& r, const std::vector<AirYear>& years) {
  for (const auto& y : years)
    if (y.year == r.year) return y;
  const AirYear* shown = nullptr;
  for (const auto& y : years)
    if (annual_valid(y.region)) shown = &y;
  return shown ? *shown : years.back();
}

double good_ratio(const runs::AirUnitAssessment& u, int decimals) {
  return standards::round_report(u.assessment.days.good_ratio_pct(), decimals);
}

// A note for one unit's assessment of a year: its members, source and valid days; the rules; the command.
int air_note(Report& r, const runs::AirUnitAssessment& u, const runs::AirRules& rules, int year,
             const std::string& level) {
  const auto* pm = pm25_mean(u);
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
                                 : r.t("所辖盟市评价数字的算术平均（HJ 663）", "mean of its cities' figures (HJ 663)");
  const auto& m = u.membership;
  const std::string membership =
      r.zh ? fmt::format("；有效成员 {}/{}{}", m.valid.size(), m.expected.size(), m.complete() ? "" : "（成员不全）")
           : fmt::format("; valid members {}/{}{}", m.valid.size(), m.expected.size(),
                         m.complete() ? "" : " (incomplete)");
  const std::string dust = u.dust_deducted ? r.t("；已扣除沙尘影响时段", "; sand/dust-affected periods deducted") : "";
  Note n;
  n.inputs = r.zh ? fmt::format(
                        "{}（observation、series、station 表）；{}；{}（{} 个：{}）；PM2.5 有效{} {}/{}，"
                        "有效 AQI {} {}{}{}",
                        r.ws_label(), source, level == "region" ? "参与盟市" : "参与站点", u.members.size(), members,
                        level == "region" ? "城市日" : "天数", level == "region" ? "城市日" : "天数",
                        pm ? pm->n_days : 0, pm ? pm->expected_days : 0, u.assessment.days.valid, membership, dust)
                  : fmt::format(
                        "{} (tables observation, series, station); {}; {} ({}: {}); PM2.5 valid {} {}/{}, "
                        "{} with a valid AQI {}{}{}",
                        r.ws_label(), source, level == "region" ? "cities" : "sites", u.members.size(), members,
                        level == "region" ? "city-days" : "days", level == "region" ? "city-days" : "days",
                        pm ? pm->n_days : 0, pm ? pm->expected_days : 0, u.assessment.days.valid, membership, dust);
  n.rule = r.zh ? fmt::format(
                      "{}；HJ 663 数据有效性：年均值至少 324 个有效日（每月至少 27 天，二月 25 天）；"
                      "报告值按 GB/T 8170 修约；优良天数比例 = AQI ≤ 100 的天数 / 有效天数",
                      rules.label())
                : fmt::format(
                      "{}; HJ 663 capture rule: an annual statistic needs at least 324 valid days (27 a "
                      "month, 25 in February); reported values rounded by GB/T 8170; good-day ratio = days "
                      "with AQI <= 100 / days with a valid AQI",
                      rules.label());
  n.command = r.command(fmt::format("air assess {} --period {} --level {}{}", r.ws_arg(), year, level,
                                    u.dust_deducted ? " --dust deducted" : ""));
  return r.doc.add_note(std::move(n));
}

// A reported concentration, starred when it does not meet the capture rule; "–" when there is none.
std::string ug(const engine::air::Statistic* s, int decimals) {
  return s && present(s->reported) ? fixed(s->reported, decimals) + (s->valid ? "" : "*") : "–";
}

// Later years than the one shown that hold part of a year only: no annual conclusion, open circles in the charts.
void partial_year_remarks(const Report& r, Section& sec, const std::vector<AirYear>& years, int shown) {
  for (const auto& y : years) {
    if (y.year <= shown || annual_valid(y.region)) continue;
    const auto* pm = pm25_mean(y.region);
    const int days = pm ? pm->n_days : 0, of = pm ? pm->expected_days : 0;
    const auto& m = y.region.membership;
    sec.blocks.push_back(
        ParagraphBuilder()
            .text(r.zh ? fmt::format("{} 年只有部分时段的数据（PM2.5 有效 {}/{} 城市日，{}/{} 个盟市有全年数据），"
                                     "不满足 HJ 663 年评价的数据有效性要求（每个城市至少 324 天），不作年度结论；"
                                     "下图以空心点标出。",
                                     y.year, days, of, m.valid.size(), m.expected.size())
                       : fmt::format("{} has data for part of the year only (PM2.5 on {} of {} city-days; {} of {} "
                                     "cities with a whole year), short of the HJ 663 capture rule for an annual "
                                     "assessment (324 days in each city); it draws no annual conclusion and appears "
                                     "in the charts as an open circle.",
                                     y.year, days, of, m.valid.size(), m.expected.size()))
            .aside()
            .done());
  }
}

// The region's PM2.5 and PM10 annual means, share of good days and composite index.
Paragraph region_paragraph(const Report& r, const AirYear& shown, const AirDecimals& d, int note) {
  const runs::AirUnitAssessment& reg = shown.region;
  const auto* pm25 = pm25_mean(reg);
  const auto* pm10 = pm10_mean(reg);
  const auto& days = reg.assessment.days;
  // The day counts pool the cities that reported over the year, or every city with data when none did (the
  // roll-up's rule, engine::air::mean_of_assessments).
  const std::size_t pooled = reg.membership.valid.empty() ? reg.membership.present.size() : reg.membership.valid.size();
  ParagraphBuilder p;
  if (pm25 && present(pm25->reported)) {
    p.text(r.zh ? fmt::format("{} 年，{}细颗粒物（PM2.5）年均浓度为 ", shown.year, r.name(reg.code))
                : fmt::format("In {}, the annual mean PM2.5 concentration of {} was ", shown.year, r.name(reg.code)))
        .figure(fixed(pm25->reported, d.ugm3) + " µg/m³", note);
    if (pm10 && present(pm10->reported))
      p.text(r.t("，可吸入颗粒物（PM10）为 ", ", PM10 ")).figure(fixed(pm10->reported, d.ugm3) + " µg/m³", note);
  }
  if (days.valid > 0)
    p.text(r.t("；优良天数比例为 ", "; the share of good days (AQI ≤ 100) was "))
        .figure(fixed(good_ratio(reg, d.ratio), d.ratio) + "%", note)
        .text(r.zh ? fmt::format("（{} 个有效城市日中 {} 个，{} 个盟市的合计）", days.valid, days.good, pooled)
                   : fmt::format(" ({} of {} city-days with a valid AQI in its {} cities)", days.good, days.valid,
                                 pooled));
  if (reg.assessment.composite)
    p.text(r.t("；环境空气质量综合指数为 ", "; the composite index was "))
        .figure(fixed(reg.assessment.composite->reported, d.index), note);
  p.text(r.t("。以上为实测值，未扣除沙尘影响（扣除后见表 1-1）。",
             ". These are measured figures, sand/dust not deducted (Table 1-1 gives them deducted)."));
  if (pm25 && !pm25->valid)
    p.text(r.t("（数据量不足，不作年度达标结论。）", " (Too few valid days for an annual conclusion.)"));
  return p.done();
}

// Whether a year's region figures stand for all its cities: a whole year (capture rule) of every expected city.
bool whole_region(const AirYear& y) { return annual_valid(y.region) && y.region.membership.complete(); }

// Earlier years left out of the comparison because their region lacks some of its cities (a trend across a
// change of membership is not a trend): one sentence naming them and their members.
void membership_remark(const Report& r, Section& sec, const std::vector<AirYear>& years, const AirYear& shown,
                       const AirYear* base) {
  std::string left_out;
  for (const auto& y : years) {
    if (y.year >= shown.year || (base && y.year >= base->year) || y.region.membership.complete()) continue;
    const auto& m = y.region.membership;
    left_out += (left_out.empty() ? ""
                 : r.zh           ? "，"
                                  : ", ") +
                (r.zh ? fmt::format("{} 年（{}/{} 个盟市有效）", y.year, m.valid.size(), m.expected.size())
                      : fmt::format("{} ({} of {} cities valid)", y.year, m.valid.size(), m.expected.size()));
  }
  if (left_out.empty()) return;
  sec.blocks.push_back(
      ParagraphBuilder()
          .text(r.zh ? fmt::format("不与{}比较：这些年份并非全部盟市都有全年有效数据，其全区数字只代表部分盟市，"
                                   "与全部盟市的数字相比不是变化趋势。",
                                   left_out)
                     : fmt::format("No comparison with {}: not every league/city has a whole year of valid data "
                                   "then, so the region's figures stand for some of its cities only, and a change "
                                   "against all of them would not be a trend.",
                                   left_out))
          .aside()
          .done());
}

// PM2.5 and the share of good days against the earliest whole year before the one shown with the same valid
// cities (like with like), when there is one.
void change_paragraph(Report& r, Section& sec, const std::vector<AirYear>& years, const AirYear& shown,
                      const AirDecimals& d, int reg_note) {
  const auto* pm25 = pm25_mean(shown.region);
  const AirYear* base = nullptr;
  for (const auto& y : years)
    if (y.year < shown.year && whole_region(y) && !base &&
        y.region.membership.same_valid_members(shown.region.membership))
      base = &y;
  if (whole_region(shown)) membership_remark(r, sec, years, shown, base);
  if (!base || !pm25 || !present(pm25->reported) || !whole_region(shown)) return;
  const int base_note = air_note(r, base->region, base->rules, base->year, "region");
  const auto* b = pm25_mean(base->region);
  const double change = 100.0 * (pm25->reported - b->reported) / b->reported;
  const double good = good_ratio(shown.region, d.ratio), bgood = good_ratio(base->region, d.ratio);
  ParagraphBuilder c;
  if (r.zh) {
    c.text(fmt::format("与 {} 年（", base->year))
        .figure(fixed(b->reported, d.ugm3) + " µg/m³", base_note)
        .text(fmt::format("）相比，PM2.5 年均浓度{}", change <= 0 ? "下降" : "上升"))
        .figure(fixed(std::fabs(change), 1) + "%", reg_note)
        .text(fmt::format("；优良天数比例{} ", good >= bgood ? "上升" : "下降"))
        .figure(fixed(std::fabs(good - bgood), d.ratio) + " 个百分点", reg_note)
        .text("（")
        .figure(fixed(bgood, d.ratio) + "%", base_note)
        .text(fmt::format(" → {}%）。", fixed(good, d.ratio)));
  } else {
    c.text("PM2.5 was ")
        .figure(fixed(std::fabs(change), 1) + "%", reg_note)
        .text(fmt::format(" {} than in {} (", change <= 0 ? "lower" : "higher", base->year))
        .figure(fixed(b->reported, d.ugm3) + " µg/m³", base_note)
        .text("); the share of good days was ")
        .figure(fixed(std::fabs(good - bgood), d.ratio) + " percentage points", reg_note)
        .text(good >= bgood ? " higher (" : " lower (")
        .figure(fixed(bgood, d.ratio) + "%", base_note)
        .text(fmt::format(" → {}%).", fixed(good, d.ratio)));
  }
  sec.blocks.push_back(c.done());
}

// The leagues and cities of one year: their notes (by code), table rows, bars and map values.
struct CityBlock {
  std::map<std::string, int> notes;
  TableBlock table;
  std::vector<BarDatum> bars;
  std::map<std::string, std::pair<double, std::string>> map_values;
  std::set<std::string> partial;  // part of the year only: hollow on the map
  std::optional<double> limit;    // the PM2.5 annual limit
};

CityBlock city_table(Report& r, const std::vector<runs::AirUnitAssessment>& cities, const runs::AirRules& rules,
                     const runs::AirRules& region_rules, int year, const AirDecimals& d) {
  CityBlock b;
  TableBlock& tb = b.table;
  tb.caption =
      r.zh ? fmt::format("表 1-2 {} 年各盟市环境空气质量（{}）", year, region_rules.label())
           : fmt::format("Table 1-2. Air quality of the leagues and cities, {} ({})", year, region_rules.label());
  tb.header = {r.t("盟市", "League/city"),
               "PM2.5 (µg/m³)",
               "PM10 (µg/m³)",
               r.t("优良天数比例(%)", "Good days (%)"),
               r.t("综合指数", "Composite index"),
               r.t("达到 GB 3095 二级", "Meets GB 3095"),
               r.t("有效天数", "Valid days")};
  tb.numeric = {false, true, true, true, true, false, true};
  for (const auto& c : cities) {
    const int note = b.notes[c.code] = air_note(r, c, rules, year, "city");
    tb.unit_codes.push_back(c.code);
    const auto* s25 = pm25_mean(c);
    if (s25 && present(s25->limit)) b.limit = s25->limit;
    const auto& a = c.assessment;
    tb.rows.push_back({{r.name(c.code), 0, false},
                       {ug(s25, d.ugm3), note, false},
                       {ug(pm10_mean(c), d.ugm3), note, false},
                       {a.days.valid ? fixed(good_ratio(c, d.ratio), d.ratio) : "–", note, false},
                       {a.composite ? fixed(a.composite->reported, d.index) : "–", 0, false},
                       {a.compliant ? (*a.compliant ? r.t("达标", "yes") : r.t("未达标", "no"))
                                    : r.t("数据不足", "insufficient data"),
                        0, false},
                       {fmt::format("{}/{}", a.days.valid, a.day_slots), 0, false}});
    if (s25 && present(s25->reported)) {
      b.bars.push_back({r.name(c.code), s25->reported, fixed(s25->reported, d.ugm3), !s25->valid});
      b.map_values[c.code] = {s25->reported, ug(s25, d.ugm3) + " µg/m³"};
      if (!s25->valid) b.partial.insert(c.code);
    }
  }
  return b;
}

// How many cities met GB 3095, and the lowest and highest PM2.5.
Paragraph city_paragraph(const Report& r, const std::vector<runs::AirUnitAssessment>& cities, const CityBlock& b,
                         const AirDecimals& d) {
  int met = 0, judged = 0;
  const runs::AirUnitAssessment *lo = nullptr, *hi = nullptr;
  for (const auto& c : cities) {
    if (c.assessment.compliant) {
      ++judged;
      met += *c.assessment.compliant;
    }
    const auto* s = pm25_mean(c);
    if (!s || !present(s->reported)) continue;
    if (!lo || s->reported < pm25_mean(*lo)->reported) lo = &c;
    if (!hi || s->reported > pm25_mean(*hi)->reported) hi = &c;
  }
  ParagraphBuilder cp;
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
    cp.text(r.t("。PM2.5 年均浓度最低的是", ". The lowest PM2.5 was in "))
        .text(r.name(lo->code) + r.t("（", " ("))
        .figure(fixed(pm25_mean(*lo)->reported, d.ugm3) + " µg/m³", b.notes.at(lo->code))
        .text(r.t("），最高的是", "), the highest in "))
        .text(r.name(hi->code) + r.t("（", " ("))
        .figure(fixed(pm25_mean(*hi)->reported, d.ugm3) + " µg/m³", b.notes.at(hi->code))
        .text(r.t("）。", ")."));
  } else {
    cp.text(r.t("。", "."));
  }
  return cp.done();
}

// The bar chart and (with boundaries) the map of the cities' PM2.5.
void city_charts(const Report& r, Section& sec, CityBlock& b, int year) {
  std::sort(b.bars.begin(), b.bars.end(), [](const auto& x, const auto& y) { return x.value > y.value; });
  BarChartOptions bo;
  bo.unit = "PM2.5 (µg/m³)";
  bo.reference = b.limit;
  bo.reference_label = b.limit ? r.t("二级标准 ", "limit ") + fixed(*b.limit, 0) : "";
  bo.title =
      r.zh ? fmt::format("{} 年各盟市 PM2.5 年均浓度", year) : fmt::format("PM2.5 annual mean by city, {}", year);
  sec.blocks.push_back(Figure{bar_chart(b.bars, bo),
                              r.zh ? fmt::format("图 1-1 {} 年各盟市 PM2.5 年均浓度（虚线：GB 3095 二级年均限值；"
                                                 "空心：有效天数不足）",
                                                 year)
                                   : fmt::format("Figure 1-1. PM2.5 annual mean by league/city, {} (dashed: GB "
                                                 "3095 class 2 annual limit; open bars: too few valid days)",
                                                 year),
                              false});
  if (r.leagues.empty()) return;
  MapOptions mo;
  mo.title = bo.title;
  mo.legend_title = "PM2.5 (µg/m³)";
  mo.no_data_label = r.t("无数据", "no data");
  // The dashboard's classes too (data/standards/map_classes.csv): breaks at the annual limits of the GB 3095
  // edition in force at the year's end, the limits the assessment used.
  mo.classes = &year_classes("pm25", year);
  mo.zh = r.zh;
  // Part of the year: hollow, in the dashboard's rule and words.
  mo.partial_label =
      r.t("空心（虚线边框）：部分年份数据，仅供参考", "hollow (dashed outline): part of the year only, for reference");
  const std::string edition = edition_name(r, mo.classes->edition);
  if (b.limit)
    mo.legend_note = r.zh ? fmt::format("{} 二级年均限值 {} µg/m³", edition, fixed(*b.limit, 0))
                          : fmt::format("{} class 2 annual limit {} µg/m³", edition, fixed(*b.limit, 0));
  mo.note = map_note_text(r.map_note, r.zh);
  sec.blocks.push_back(Figure{choropleth_map(map_units(r, b.map_values, b.partial), mo),
                              r.zh ? fmt::format("图 1-2 {} 年各盟市 PM2.5 年均浓度分布（分级：{} 年均浓度"
                                                 "限值及超标倍数，见图例；空心：部分年份数据）",
                                                 year, edition)
                                   : fmt::format("Figure 1-2. Map of PM2.5 annual means by league/city, {} (classes: "
                                                 "{} annual limits and exceedance multiples, see the legend; hollow: "
                                                 "part of the year only)",
                                                 year, edition),
                              false});
}

void cities_block(Report& r, Section& sec, const AirYear& shown, const AirDecimals& d) {
  runs::AirRules rules{};
  const auto cities = assess_units(r, shown.year, "city", rules);
  if (cities.empty()) return;
  CityBlock b = city_table(r, cities, rules, shown.rules, shown.year, d);
  sec.blocks.push_back(city_paragraph(r, cities, b, d));
  sec.blocks.push_back(std::move(b.table));
  sec.blocks.push_back(ParagraphBuilder()
                           .text(r.t("* 有效天数不满足 HJ 663 年评价要求的数值，仅供参考。",
                                     "* figure from fewer valid days than the HJ 663 capture rule asks; for "
                                     "reference only."))
                           .aside()
                           .done());
  city_charts(r, sec, b, shown.year);
}

// Table 1-3: the banners and counties (their stations, assigned by point-in-polygon) from the same run at level
// county, with each one's members: stations expected, with data and valid (reporting over the year); an
// incomplete membership is starred and its figures draw no annual conclusion.
void counties_block(Report& r, Section& sec, const AirYear& shown, const AirDecimals& d) {
  runs::AirRules rules{};
  const auto counties = assess_units(r, shown.year, "county", rules);
  if (counties.empty()) return;
  TableBlock tb;
  tb.caption =
      r.zh ? fmt::format("表 1-3 {} 年各旗县（区）环境空气质量（{}）", shown.year, rules.label())
           : fmt::format("Table 1-3. Air quality of the banners and counties, {} ({})", shown.year, rules.label());
  tb.header = {r.t("旗县（区）", "Banner/county"),
               r.t("所属盟市", "League/city"),
               "PM2.5 (µg/m³)",
               "PM10 (µg/m³)",
               r.t("优良天数比例(%)", "Good days (%)"),
               r.t("有效天数", "Valid days"),
               r.t("站点：应有/有数据/有效", "Stations: expected/present/valid")};
  tb.numeric = {false, false, true, true, true, true, true};
  int complete = 0;
  for (const auto& c : counties) {
    const int note = air_note(r, c, rules, shown.year, "county");
    tb.unit_codes.push_back(c.code);
    const auto it = r.units.find(c.code);
    const std::string parent = it != r.units.end() && it->second.parent_code ? r.name(*it->second.parent_code) : "";
    const auto& a = c.assessment;
    complete += c.membership.complete();
    tb.rows.push_back({{r.name(c.code), 0, false},
                       {parent, 0, false},
                       {ug(pm25_mean(c), d.ugm3), note, false},
                       {ug(pm10_mean(c), d.ugm3), note, false},
                       {a.days.valid ? fixed(good_ratio(c, d.ratio), d.ratio) : "–", note, false},
                       {fmt::format("{}/{}", a.days.valid, a.day_slots), 0, false},
                       {membership_cell(r, c.membership), note, false}});
  }
  sec.blocks.push_back(
      ParagraphBuilder()
          .text(r.zh ? fmt::format("{} 个旗县（区）有空气质量监测站点数据，其中 {} 个的站点全部有全年有效数据；"
                                   "旗县数值为其境内站点（按坐标落入的旗县）每日均值的评价（HJ 663），"
                                   "与盟市数值同法。",
                                   counties.size(), complete)
                     : fmt::format("{} banners and counties have air monitoring stations with data; in {} of them "
                                   "every station has a whole year of valid data. A county's figures assess the "
                                   "daily means over the stations inside it (by their coordinates), as a city's "
                                   "do (HJ 663).",
                                   counties.size(), complete))
          .done());
  sec.blocks.push_back(std::move(tb));
  sec.blocks.push_back(ParagraphBuilder()
                           .text(r.t("站点：应有（境内的评价站点）/有数据/有效（有效天数满足 HJ 663 年评价要求）；"
                                     "不齐全者的数字不代表全部站点，不作年度达标结论。"
                                     "* 有效天数不满足 HJ 663 年评价要求的数值，仅供参考。",
                                     "Stations: expected (assessment stations inside it) / with data / valid (a "
                                     "whole year by the HJ 663 capture rule); where incomplete, the figures stand "
                                     "for some of its stations only and draw no annual conclusion. * figure from "
                                     "fewer valid days than the HJ 663 capture rule asks; for reference only."))
                           .aside()
                           .done());
}

// Table 1-1: the region's headline figures as measured and with the sand/dust-affected periods of
// 环办监测〔2016〕120号 deducted (`air dust import`), side by side, each labelled; both from the same run.
void dust_block(Report& r, Section& sec, const AirYear& shown, const AirDecimals& d, int reg_note) {
  runs::AirRules rules{};
  const auto deducted = assess_units(r, shown.year, "region", rules, runs::AirDust::deducted);
  if (deducted.empty()) return;
  const runs::AirUnitAssessment& raw = shown.region;
  const runs::AirUnitAssessment& ded = deducted.front();
  const int ded_note = air_note(r, ded, rules, shown.year, "region");
  const Period period = *parse_period(std::to_string(shown.year));
  const auto periods = store::dust_periods(*r.ws, period.begin(), period.end());
  std::set<std::string> units;
  for (const auto& p : periods) units.insert(p.unit_code);
  sec.blocks.push_back(
      ParagraphBuilder()
          .text(periods.empty()
                    ? r.t(fmt::format("工作空间没有 {} 年的沙尘天气过程影响时段（air dust import），"
                                      "扣除沙尘后的数字与实测相同。",
                                      shown.year),
                          fmt::format("The workspace holds no sand/dust-affected periods for {} (air dust import): "
                                      "the figures with them deducted equal the measured ones.",
                                      shown.year))
                    : r.t(fmt::format("沙尘天气过程影响时段（环办监测〔2016〕120号）：{} 个单位的 {} 个时段；"
                                      "扣除时只去除所在城市这些时段的颗粒物数据（不去除全区的日），"
                                      "有效性按扣除后的数据重新判定。表 1-1 并列实测与扣除后的数字。",
                                      units.size(), periods.size()),
                          fmt::format("Sand/dust-affected periods (环办监测〔2016〕120号): {} periods in {} units; "
                                      "deduction removes the particulate data of those periods in the city concerned "
                                      "(not the region's day) and judges validity on what is left. Table 1-1 shows "
                                      "the measured and the deducted figures side by side.",
                                      periods.size(), units.size())))
          .aside()
          .done());
  TableBlock tb;
  tb.caption = r.zh ? fmt::format("表 1-1 {} 年全区主要指标：实测与扣除沙尘影响时段", shown.year)
                    : fmt::format(
                          "Table 1-1. The region's headline figures, {}: measured and with sand/dust "
                          "deducted",
                          shown.year);
  tb.header = {r.t("指标", "Figure"), r.t("实测（未扣除沙尘）", "Measured (dust not deducted)"),
               r.t("扣除沙尘影响时段", "Sand/dust deducted")};
  tb.numeric = {false, true, true};
  const auto ratio = [&](const runs::AirUnitAssessment& u) {
    return u.assessment.days.valid ? fixed(good_ratio(u, d.ratio), d.ratio) : std::string("–");
  };
  const auto index = [&](const runs::AirUnitAssessment& u) {
    return u.assessment.composite ? fixed(u.assessment.composite->reported, d.index) : std::string("–");
  };
  tb.rows.push_back({{"PM2.5 (µg/m³)", 0, false},
                     {ug(pm25_mean(raw), d.ugm3), reg_note, false},
                     {ug(pm25_mean(ded), d.ugm3), ded_note, false}});
  tb.rows.push_back({{"PM10 (µg/m³)", 0, false},
                     {ug(pm10_mean(raw), d.ugm3), reg_note, false},
                     {ug(pm10_mean(ded), d.ugm3), ded_note, false}});
  tb.rows.push_back({{r.t("优良天数比例(%)", "Good days (%)"), 0, false},
                     {ratio(raw), reg_note, false},
                     {ratio(ded), ded_note, false}});
  tb.rows.push_back(
      {{r.t("综合指数", "Composite index"), 0, false}, {index(raw), reg_note, false}, {index(ded), ded_note, false}});
  tb.rows.push_back({{r.t("沙尘影响的城市日（扣除的颗粒物日）", "Dust-affected city-days (PM deducted)"), 0, false},
                     {std::to_string(raw.assessment.dust_days), 0, false},
                     {fmt::format("{} ({})", ded.assessment.dust_days, ded.assessment.deducted_days), 0, false}});
  tb.rows.push_back({{r.t("有效成员（盟市）", "Valid members (cities)"), 0, false},
                     {membership_cell(r, raw.membership), 0, false},
                     {membership_cell(r, ded.membership), 0, false}});
  sec.blocks.push_back(std::move(tb));
}

// Table 1-2 of the region over the years with data.
TableBlock years_table(Report& r, const std::vector<AirYear>& years, const AirYear& shown, const AirDecimals& d,
                       int reg_note) {
  TableBlock yt;
  yt.caption = r.t("表 1-4 全区历年环境空气质量", "Table 1-4. The region over the years with data");
  yt.header = {r.t("年份", "Year"), "PM2.5 (µg/m³)", "PM10 (µg/m³)", r.t("优良天数比例(%)", "Good days (%)"),
               r.t("PM2.5 有效城市日", "PM2.5 valid city-days")};
  yt.numeric = {false, true, true, true, true};
  for (const auto& y : years) {
    const int note = y.year == shown.year ? reg_note : air_note(r, y.region, y.rules, y.year, "region");
    const auto* s = pm25_mean(y.region);
    yt.rows.push_back(
        {{std::to_string(y.year), 0, false},
         {ug(s, d.ugm3), note, false},
         {ug(pm10_mean(y.region), d.ugm3), note, false},
         {y.region.assessment.days.valid ? fixed(good_ratio(y.region, d.ratio), d.ratio) : "–", note, false},
         {s ? fmt::format("{}/{}", s->n_days, s->expected_days) : "–", 0, false}});
  }
  return yt;
}

// The region's PM2.5 and share of good days over the years with data: a table and two line charts.
void years_block(Report& r, Section& sec, const std::vector<AirYear>& years, const AirYear& shown, const AirDecimals& d,
                 int reg_note) {
  if (years.size() < 2) return;
  std::vector<LinePoint> pm_points, good_points;
  for (const auto& y : years) {
    const auto* s = pm25_mean(y.region);
    const bool whole = annual_valid(y.region);
    if (s && present(s->reported))
      pm_points.push_back({std::to_string(y.year), s->reported, fixed(s->reported, d.ugm3), !whole});
    if (y.region.assessment.days.valid) {
      const double g = good_ratio(y.region, d.ratio);
      good_points.push_back({std::to_string(y.year), g, fixed(g, d.ratio), !whole});
    }
  }
  sec.blocks.push_back(years_table(r, years, shown, d, reg_note));
  LineChartOptions lo;
  lo.unit = "PM2.5 (µg/m³)";
  lo.title = r.t("全区 PM2.5 年均浓度变化", "PM2.5 annual mean of the region over the years");
  if (const auto* pm25 = pm25_mean(shown.region); pm25 && present(pm25->limit)) {
    lo.reference = pm25->limit;
    lo.reference_label = r.t("二级标准 ", "limit ") + fixed(pm25->limit, 0);
  }
  sec.blocks.push_back(Figure{line_chart(pm_points, lo),
                              r.t("图 1-3 全区 PM2.5 年均浓度（空心点：部分年份数据）",
                                  "Figure 1-3. Region PM2.5 annual mean (open circles: part of the year only)"),
                              false});
  LineChartOptions go;
  go.unit = r.t("优良天数比例 (%)", "good days (%)");
  go.title = r.t("全区优良天数比例变化", "Share of good days in the region over the years");
  go.colour = "#2e7d32";
  sec.blocks.push_back(Figure{line_chart(good_points, go),
                              r.t("图 1-4 全区优良天数比例（空心点：部分年份数据）",
                                  "Figure 1-4. Region share of good days (open circles: part of the year only)"),
                              false});
}

}  // namespace

void air_section(Report& r) {
  Section sec{"air", r.t("一、蓝天：环境空气质量", "1. Blue sky: ambient air quality"), false, {}};
  const std::vector<AirYear> years = region_years(r);
  if (years.empty()) {
    sec.blocks.push_back(r.none("空气质量监测数据", "air measurements"));
    r.doc.sections.push_back(std::move(sec));
    return;
  }
  const AirYear& shown = shown_year(r, years);
  sec.title += r.year_heading(shown.year);
  if (shown.year != r.year) sec.blocks.push_back(r.fallback("空气质量监测数据", "air measurements", shown.year));
  partial_year_remarks(r, sec, years, shown.year);

  const auto& rules = *shown.rules.rules;
  const AirDecimals d{rules.decimals_ugm3, rules.decimals_ratio, rules.decimals_index};
  const int reg_note = air_note(r, shown.region, shown.rules, shown.year, "region");
  sec.blocks.push_back(region_paragraph(r, shown, d, reg_note));
  r.summarise("环境空气质量", "Air quality", std::get<Paragraph>(sec.blocks.back()));
  dust_block(r, sec, shown, d, reg_note);
  change_paragraph(r, sec, years, shown, d, reg_note);
  cities_block(r, sec, shown, d);
  counties_block(r, sec, shown, d);
  years_block(r, sec, years, shown, d, reg_note);
  r.doc.sections.push_back(std::move(sec));
}

}  // namespace eb::app::report

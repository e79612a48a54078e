// 6. Pollution sources: the enterprises and outlets with online monitoring per league/city (the registry as
// runs::run_source_exceedances lists it), the hourly exceedances per outlet in the bulletin's year (the same run as
// `source exceedances`) and the emission loads per league/city (runs::run_source_loads, as `source loads --by
// unit`). Only the bulletin's year: the registry is today's, so another year's figures would not match it.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "app/report/sections.hpp"
#include "app/runs/source/emission.hpp"
#include "standards/emission.hpp"

namespace eb::app::report {

namespace {

using runs::SourceExceedancesResult;
using runs::SourceLoadsResult;

// What the notes and the sentences share: the year's totals over all outlets.
struct SourceTotals {
  std::set<std::string> enterprises;
  int gas = 0, water = 0;
  int with_data = 0;  // outlets with any hourly value in the year
  std::int64_t hours_expected = 0;
  std::int64_t hours_received = 0;
  int judged = 0, flagged = 0, exceeding = 0;  // pollutant-hours
  int outlets_exceeding = 0;
};

SourceTotals totals_of(const SourceExceedancesResult& ex) {
  SourceTotals t;
  for (const auto& o : ex.outlets) {
    t.enterprises.insert(o.outlet.enterprise_id);
    (o.outlet.kind == "water" ? t.water : t.gas) += 1;
    t.with_data += o.data.hours_received > 0;
    t.hours_expected += o.data.hours_expected;
    t.hours_received += o.data.hours_received;
    t.judged += o.valid;
    t.flagged += o.flagged;
    t.exceeding += o.exceeding;
    t.outlets_exceeding += o.exceeding > 0;
  }
  return t;
}

// The enterprises are the demo's (or a test's) when their names say SYNTHETIC.
bool sources_synthetic(const SourceExceedancesResult& ex) {
  return std::any_of(ex.outlets.begin(), ex.outlets.end(), [](const runs::SourceOutletExceedances& o) {
    return store::names_synthetic(o.outlet.enterprise_name);
  });
}

std::string league_name(const Report& r, const std::optional<std::string>& code) {
  return code ? r.name(*code) : r.t("（不在任何盟市内）", "(in no league/city)");
}

std::string kind_name(const Report& r, const std::string& kind) {
  return kind == "water" ? r.t("废水", "wastewater") : r.t("废气", "flue gas");
}

std::string pollutant_name(const Report& r, const std::string& code) {
  const standards::Hj212Code* c = standards::hj212_code(code);
  return c ? r.t(c->name_zh, c->name_en) : code;
}

// What the data review did to these figures, in the run's own words: the invalidated hours are only said to be left
// out when the run reports that it applied the review.
std::string review_sentence(const Report& r, bool applied) {
  return applied ? r.t("经数据审核判定无效的小时已剔除", "hours invalidated by data review are left out")
                 : r.t("污染源数据的审核结果在可用时适用；本结果未应用审核标记，仅剔除设备标记的小时",
                       "review marks of source data apply where present; none were applied to this result, only the "
                       "hours the device flagged are left out");
}

int registry_note(Report& r, const SourceExceedancesResult& ex, const SourceTotals& t) {
  Note n;
  n.inputs = r.zh ? fmt::format("{}（enterprise、outlet 表）；{} 家企业，{} 个排放口", r.ws_label(),
                                t.enterprises.size(), ex.outlets.size())
                  : fmt::format("{} (tables enterprise, outlet); {} enterprise{}, {} outlet{}", r.ws_label(),
                                t.enterprises.size(), t.enterprises.size() == 1 ? "" : "s", ex.outlets.size(),
                                ex.outlets.size() == 1 ? "" : "s");
  n.rule = r.t("排放口按坐标落入行政区（点在多边形内）；登记表为当前登记，不分年份",
               "outlets placed in the unit that contains their coordinates (point in polygon); the registry is the "
               "current one, not per year");
  n.command = r.command("source list " + r.ws_arg());
  return r.doc.add_note(std::move(n));
}

int exceedance_note(Report& r, const SourceExceedancesResult& ex, const SourceTotals& t) {
  Note n;
  n.inputs =
      r.zh ? fmt::format("{}（source_value 表，小时数据 CN 2061）；{} 个排放口，应有 {} 个小时，收到 {} 个小时",
                         r.ws_label(), ex.outlets.size(), t.hours_expected, t.hours_received)
           : fmt::format("{} (table source_value, hourly data CN 2061); {} outlets, {} hours expected, {} received",
                         r.ws_label(), ex.outlets.size(), t.hours_expected, t.hours_received);
  n.rule = r.zh
               ? fmt::format(
                     "各排放口登记的排放标准（GB 13223-2011、GB 13271-2014、GB 16297-1996、GB 8978-1996、超低排放）；"
                     "小时均值折算到基准含氧量后与限值比较；设备标记为 F/M/S/D/C/B 的小时不计入（{} 个污染物小时）；{}",
                     t.flagged, review_sentence(r, ex.review_applied))
               : fmt::format(
                     "the emission standard registered for each outlet (GB 13223-2011, GB 13271-2014, GB 16297-1996, "
                     "GB 8978-1996, ultra-low emission); hourly Avg converted to the reference O2 and compared with "
                     "the limit; hours the device flagged F/M/S/D/C/B left out ({} pollutant-hours); {}",
                     t.flagged, review_sentence(r, ex.review_applied));
  n.command = r.command(fmt::format("source exceedances {} --period {}", r.ws_arg(), r.year));
  return r.doc.add_note(std::move(n));
}

int load_note(Report& r, const SourceLoadsResult& loads) {
  std::int64_t expected = 0, received = 0;
  for (const auto& d : loads.data) {
    expected += d.hours_expected;
    received += d.hours_received;
  }
  Note n;
  n.inputs =
      r.zh ? fmt::format("{}（source_value 表，小时数据 CN 2061）；{} 个排放口，应有 {} 个小时，收到 {} 个小时",
                         r.ws_label(), loads.outlets.size(), expected, received)
           : fmt::format("{} (table source_value, hourly data CN 2061); {} outlets, {} hours expected, {} received",
                         r.ws_label(), loads.outlets.size(), expected, received);
  n.rule = r.zh ? fmt::format(
                      "排放量 = Σ 小时均值浓度 × 该小时流量累计值（Cou，m³），实测浓度不折算；缺测、设备标记和缺流量的"
                      "小时不补值，计为缺失，故排放量只含有效小时；{}",
                      review_sentence(r, loads.review_applied))
                : fmt::format(
                      "load = sum of the hourly Avg concentration x the hour's flow total (Cou, m³), measured, not "
                      "converted; hours missing, flagged or without a flow are not substituted but counted as "
                      "missing, so a load covers its valid hours only; {}",
                      review_sentence(r, loads.review_applied));
  n.command = r.command(fmt::format("source loads {} --period {} --by unit", r.ws_arg(), r.year));
  return r.doc.add_note(std::move(n));
}

// Table 6-1: per league/city the enterprises and their outlets by kind, and those that sent hourly data in the
// year.
TableBlock registry_table(const Report& r, const SourceExceedancesResult& ex, bool syn, int note) {
  struct Row {
    std::set<std::string> enterprises;
    int gas = 0, water = 0, with_data = 0;
  };
  std::map<std::string, Row> by_league;  // "" last: outside every league
  for (const auto& o : ex.outlets) {
    Row& row = by_league[o.outlet.league_code.value_or("~")];
    row.enterprises.insert(o.outlet.enterprise_id);
    (o.outlet.kind == "water" ? row.water : row.gas) += 1;
    row.with_data += o.data.hours_received > 0;
  }
  TableBlock tb;
  tb.synthetic = syn;
  tb.caption = r.zh ? fmt::format("表 6-1 各盟市在线监测企业与排放口（{} 年有小时数据的排放口）", r.year)
                    : fmt::format(
                          "Table 6-1. Enterprises and outlets with online monitoring by league/city (outlets with "
                          "hourly data in {})",
                          r.year);
  tb.header = {r.t("盟市", "League/city"), r.t("企业", "Enterprises"), r.t("废气排放口", "Flue-gas outlets"),
               r.t("废水排放口", "Wastewater outlets"),
               r.zh ? fmt::format("{} 年有数据", r.year) : fmt::format("With data in {}", r.year)};
  tb.numeric = {false, true, true, true, true};
  for (const auto& [league, row] : by_league)
    tb.rows.push_back({{league == "~" ? league_name(r, std::nullopt) : r.name(league), 0, false},
                       {std::to_string(row.enterprises.size()), note, false},
                       {std::to_string(row.gas), note, false},
                       {std::to_string(row.water), note, false},
                       {std::to_string(row.with_data), note, false}});
  return tb;
}

// Table 6-2: the outlets with hours beyond their limits: the hours (distinct, and pollutant-hours of those
// judged), the pollutants and the largest ratio of the converted concentration to the limit.
TableBlock exceedance_table(const Report& r, const SourceExceedancesResult& ex, bool syn, int note) {
  struct Row {
    std::set<EpochSeconds> hours;
    std::set<std::string> pollutants;
    double max_ratio = std::nan("");
  };
  std::map<std::size_t, Row> by_outlet;
  for (const auto& e : ex.exceedances) {
    Row& row = by_outlet[e.outlet];
    row.hours.insert(e.hour);
    row.pollutants.insert(e.pollutant);
    if (!std::isnan(e.ratio) && !(e.ratio <= row.max_ratio)) row.max_ratio = e.ratio;
  }
  TableBlock tb;
  tb.synthetic = syn;
  tb.caption = r.zh ? fmt::format("表 6-2 {} 年排放口小时超标", r.year)
                    : fmt::format("Table 6-2. Hourly exceedances per outlet, {}", r.year);
  tb.header = {r.t("企业", "Enterprise"),
               r.t("排放口", "Outlet"),
               r.t("类型", "Kind"),
               r.t("盟市", "League/city"),
               r.t("超标小时", "Hours beyond a limit"),
               r.t("超标/判定污染物小时", "Pollutant-hours beyond/judged"),
               r.t("超标污染物", "Pollutants"),
               r.t("最大超标倍数比", "Max ratio to limit")};
  tb.numeric = {false, false, false, false, true, true, false, true};
  for (const auto& [index, row] : by_outlet) {
    const auto& o = ex.outlets[index];
    std::string pollutants;
    for (const auto& p : row.pollutants)
      pollutants += (pollutants.empty() ? "" : r.t("、", ", ")) + pollutant_name(r, p);
    const bool ratio = !std::isnan(row.max_ratio);
    tb.rows.push_back({{o.outlet.enterprise_name, 0, false},
                       {o.outlet.outlet_id, 0, false},
                       {kind_name(r, o.outlet.kind), 0, false},
                       {league_name(r, o.outlet.league_code), 0, false},
                       {std::to_string(row.hours.size()), note, false},
                       {fmt::format("{}/{}", o.exceeding, o.valid), note, false},
                       {pollutants, 0, false},
                       {ratio ? fixed(row.max_ratio, 3) : "–", ratio ? note : 0, false}});
  }
  return tb;
}

// Table 6-3: the loads per league/city and pollutant (t) with the hours they cover and those missing.
TableBlock load_table(const Report& r, const SourceLoadsResult& loads, bool syn, int note) {
  TableBlock tb;
  tb.synthetic = syn;
  tb.caption = r.zh ? fmt::format("表 6-3 {} 年各盟市污染物排放量（在线监测有效小时）", r.year)
                    : fmt::format("Table 6-3. Emission loads by league/city, {} (valid monitored hours)", r.year);
  tb.header = {r.t("盟市", "League/city"),
               r.t("污染物", "Pollutant"),
               r.t("排放量(t)", "Load (t)"),
               r.t("排放口", "Outlets"),
               r.t("有效小时", "Hours used"),
               r.t("应有小时", "Hours expected"),
               r.t("标记剔除", "Flagged"),
               r.t("审核剔除", "Invalidated by review"),
               r.t("缺浓度或流量", "Without value or flow"),
               r.t("未收到", "Not received")};
  tb.numeric = {false, false, true, true, true, true, true, true, true, true};
  for (const auto& row : loads.rows) {
    if (row.year != r.year) continue;
    const std::string unit = row.group.empty() ? league_name(r, std::nullopt) : r.name(row.group);
    tb.rows.push_back({{unit, 0, false},
                       {pollutant_name(r, row.pollutant), 0, false},
                       {fixed(row.t, 4), note, false},
                       {std::to_string(row.outlets), note, false},
                       {std::to_string(row.hours_used), note, false},
                       {std::to_string(row.hours_expected), note, false},
                       {std::to_string(row.hours_flagged), note, false},
                       {std::to_string(row.hours_invalidated), note, false},
                       {std::to_string(row.hours_incomplete), note, false},
                       {std::to_string(row.hours_not_received), note, false}});
  }
  return tb;
}

// The year's findings: the outlets that sent data, the hours received of those expected, the pollutant-hours
// judged and beyond a limit.
Paragraph summary_paragraph(const Report& r, const SourceTotals& t, std::size_t outlets, int registry, int note) {
  ParagraphBuilder p;
  p.text(r.zh ? fmt::format("{} 年，登记在线监测的 ", r.year) : fmt::format("In {}, ", r.year))
      .figure(std::to_string(outlets), registry)
      .text(r.t(" 个排放口中 ", " registered outlets with online monitoring: "))
      .figure(std::to_string(t.with_data), note)
      .text(r.t(" 个有小时数据，收到 ", " sent hourly data, "))
      .figure(std::to_string(t.hours_received), note)
      .text(r.zh ? fmt::format(" 个小时（应有 {} 个）；判定 ", t.hours_expected)
                 : fmt::format(" hours received of {} expected; ", t.hours_expected))
      .figure(std::to_string(t.judged), note)
      .text(r.t(" 个污染物小时，其中超标 ", " pollutant-hours judged, "))
      .figure(std::to_string(t.exceeding), note)
      .text(r.t(" 个，涉及 ", " beyond a limit, at "))
      .figure(std::to_string(t.outlets_exceeding), note)
      .text(r.t(" 个排放口。", t.outlets_exceeding == 1 ? " outlet." : " outlets."));
  return p.done();
}

}  // namespace

void sources_section(Report& r) {
  Section sec{"sources",
              r.t("六、污染源：在线监测、超标与排放量", "6. Pollution sources: online monitoring, exceedances, loads"),
              false,
              {}};
  const Period year = *parse_period(std::to_string(r.year));
  const SourceExceedancesResult ex = runs::run_source_exceedances({r.ws_path, year, {}}, runs::RunEnv{});
  if (ex.outlets.empty()) {
    sec.blocks.push_back(
        ParagraphBuilder()
            .text(r.t("工作空间没有登记在线监测的企业和排放口（ecobarrier source import），本节无数字。",
                      "The workspace has no registered enterprises or outlets with online monitoring "
                      "(ecobarrier source import); this section has no figures."))
            .aside()
            .done());
    r.doc.sections.push_back(std::move(sec));
    return;
  }
  const bool syn = sec.synthetic = sources_synthetic(ex);
  if (syn)
    r.synthetic.push_back(r.t("六、污染源：企业、排放口及其监测数据为合成数据（SYNTHETIC）",
                              "6. Pollution sources: the enterprises, outlets and their data are SYNTHETIC"));
  const SourceTotals t = totals_of(ex);
  const int reg_note = registry_note(r, ex, t);
  sec.blocks.push_back(ParagraphBuilder()
                           .text(r.t("登记在线监测的企业 ", "Enterprises with online monitoring: "))
                           .figure(std::to_string(t.enterprises.size()), reg_note)
                           .text(r.t(" 家，排放口 ", "; outlets: "))
                           .figure(std::to_string(ex.outlets.size()), reg_note)
                           .text(r.t(" 个（废气 ", " ("))
                           .figure(std::to_string(t.gas), reg_note)
                           .text(r.t(" 个，废水 ", " flue gas, "))
                           .figure(std::to_string(t.water), reg_note)
                           .text(r.t(" 个）。", " wastewater)."))
                           .done());
  sec.blocks.push_back(registry_table(r, ex, syn, reg_note));
  if (t.hours_received == 0) {
    // No figures of the year rather than tables of zeros: nothing was received, nothing was judged.
    sec.blocks.push_back(
        ParagraphBuilder()
            .text(r.zh ? fmt::format("工作空间没有 {} 年的排放口小时数据（CN 2061），不给出超标和排放量。", r.year)
                       : fmt::format("The workspace has no hourly outlet data (CN 2061) for {}; no "
                                     "exceedances or loads are given.",
                                     r.year))
            .aside()
            .done());
    r.doc.sections.push_back(std::move(sec));
    return;
  }
  const int ex_note = exceedance_note(r, ex, t);
  sec.blocks.push_back(summary_paragraph(r, t, ex.outlets.size(), reg_note, ex_note));
  if (!ex.exceedances.empty()) sec.blocks.push_back(exceedance_table(r, ex, syn, ex_note));
  std::string unjudged;
  for (const auto& o : ex.outlets)
    if (!o.standard_error.empty()) unjudged += (unjudged.empty() ? "" : ", ") + o.outlet.key();
  if (!unjudged.empty())
    sec.blocks.push_back(ParagraphBuilder()
                             .text(r.t("以下排放口登记的排放标准无法识别，未判定超标：",
                                       "Outlets whose registered standard is not known were not judged: ") +
                                   unjudged + r.t("。", "."))
                             .aside()
                             .done());

  const SourceLoadsResult loads =
      runs::run_source_loads({r.ws_path, year, runs::SourceLoadBy::unit, {}}, runs::RunEnv{});
  const int ld_note = load_note(r, loads);
  TableBlock lt = load_table(r, loads, syn, ld_note);
  if (!lt.rows.empty()) {
    sec.blocks.push_back(ParagraphBuilder()
                             .text(r.t("排放量只含有效小时，缺测和被标记的小时不补值；表中给出各项的小时数，"
                                       "未收到的小时多时排放量偏低。",
                                       "Loads cover the valid hours only; missing and flagged hours are not "
                                       "substituted. The table gives the hours of each kind: where many were not "
                                       "received, the load is too low."))
                             .aside()
                             .done());
    sec.blocks.push_back(std::move(lt));
  }
  if (!loads.unplaced.empty())
    sec.blocks.push_back(
        ParagraphBuilder()
            .text(r.zh ? fmt::format("{} 个排放口不在任何盟市内，其排放量未计入表 6-3：{}。", loads.unplaced.size(),
                                     fmt::join(loads.unplaced, ", "))
                       : fmt::format("{} {} in no league/city, so {} loads are not in Table 6-3: {}.",
                                     loads.unplaced.size(), loads.unplaced.size() == 1 ? "outlet lies" : "outlets lie",
                                     loads.unplaced.size() == 1 ? "its" : "their", fmt::join(loads.unplaced, ", ")))
            .aside()
            .done());
  r.doc.sections.push_back(std::move(sec));
}

}  // namespace eb::app::report

#include "app/runs/drinking/drinking.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/runs/water/water_runs.hpp"
#include "core/error.hpp"
#include "core/period.hpp"
#include "io/file_buffer.hpp"
#include "standards/gb3838.hpp"
#include "store/database.hpp"
#include "store/water_store.hpp"

namespace eb::app::runs {

namespace {

standards::SourceKind kind_of(const store::DrinkingSourceRow& s) {
  return standards::parse_source_kind(s.kind).value_or(standards::SourceKind::river);
}

// Largest exceedance multiple first; ties (and items without a multiple) in item order.
void sort_exceedances(std::vector<DrinkingItemValue>& v) {
  std::stable_sort(v.begin(), v.end(), [](const DrinkingItemValue& a, const DrinkingItemValue& b) {
    return a.judgement.times.value_or(-1) > b.judgement.times.value_or(-1);
  });
}

struct Judged {
  int evaluated = 0;
  std::vector<DrinkingItemValue> exceedances, reported_apart;
  std::set<std::string> unjudged;
};

// The means of one group of samples judged item by item for a source of that kind.
Judged judge_means(const std::map<std::string, std::pair<double, int>>& sums, standards::SourceKind kind) {
  Judged out;
  for (const auto& [item, sum] : sums) {
    const double mean = sum.first / sum.second;
    const auto role = standards::source_item_role(item, kind);
    const auto j = standards::judge_source_item(item, mean, kind);
    if (!role || !j) {
      out.unjudged.insert(item);
      continue;
    }
    if (*role == standards::SourceItemRole::excluded) continue;
    if (*role == standards::SourceItemRole::reported_apart) {
      out.reported_apart.push_back({item, mean, *j});
      continue;
    }
    ++out.evaluated;
    if (!j->meets) out.exceedances.push_back({item, mean, *j});
  }
  sort_exceedances(out.exceedances);
  return out;
}

std::string region_code(store::Workspace& ws) {
  auto q = ws.db().prepare("SELECT code FROM admin_unit WHERE level = 1 ORDER BY code");
  return q.step() ? q.text(0) : std::string();
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "|") + s;
  return out;
}

std::string exceedance_text(const std::vector<DrinkingItemValue>& v) {
  std::string out;
  for (const auto& e : v) {
    out += out.empty() ? "" : "|";
    out += e.judgement.times ? fmt::format("{}:{:.2f}", e.item, *e.judgement.times) : e.item;
  }
  return out;
}

}  // namespace

DrinkingSourceImportResult run_drinking_source_import(const DrinkingSourceImportRequest& req, const RunEnv& env) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  DrinkingSourceImportResult out;
  for (const auto& f : req.files) {
    io::FileBuffer buf(f, env.text_input());
    const auto list = io::read_drinking_sources(buf.text(), f);
    if (!list.rejections.empty()) throw_rejections(f, list.rejections, "nothing was imported");
    auto r = store::import_drinking_sources(ws, list);
    out.files.push_back({f, r.added, r.updated, r.unchanged, std::move(r.unlocated)});
  }
  return out;
}

Document drinking_source_import_document(const DrinkingSourceImportResult& r, Lang lang) {
  Table t;
  t.columns = {{"file", "文件", "file"},
               {"added", "新增", "added"},
               {"updated", "更新", "updated"},
               {"unchanged", "未变", "unchanged"},
               {"unlocated", "未定位", "not located"}};
  Document doc;
  for (const auto& f : r.files) {
    t.add({f.file, f.added, f.updated, f.unchanged, join(f.unlocated)});
    if (!f.unlocated.empty())
      doc.note(tr(lang,
                  fmt::format("{}：{} 个水源既无行政区划代码也无已定位的监测点位，不计入任何单位：{}", f.file,
                              f.unlocated.size(), join(f.unlocated)),
                  fmt::format("{}: {} source(s) with neither a unit code nor a located point count for no unit: {}",
                              f.file, f.unlocated.size(), join(f.unlocated))));
  }
  doc.parts.emplace_back(std::string(), std::move(t));
  return doc;
}

DrinkingAssessRequest drinking_assess_request(const std::string& workspace, int year, int level,
                                              const std::string& source_level, const std::string& annual,
                                              const std::string& below_detection) {
  DrinkingAssessRequest req;
  req.workspace = workspace;
  if (year < 1900 || year > 2200) throw UsageError(fmt::format("--year {} is not a year", year));
  req.year = year;
  if (level != 1 && level != 2)
    throw UsageError(fmt::format("--level {} is neither 1 (region) nor 2 (league/city)", level));
  req.level = level;
  if (source_level != "all" && !io::parse_source_level(source_level))
    throw UsageError(fmt::format("--source-level \"{}\" is none of city, county, township, all", source_level));
  req.source_level = source_level == "all" ? "all" : *io::parse_source_level(source_level);
  if (!annual.empty()) {
    const auto a = standards::parse_annual_rule(annual);
    if (!a) throw UsageError(fmt::format("--annual \"{}\" is neither every_month nor annual_mean", annual));
    req.annual = *a;
  }
  req.below_detection = water_below_detection_option(below_detection);
  return req;
}

std::optional<double> DrinkingUnitRollup::sources_pct() const {
  const std::size_t assessed = compliant.size() + not_compliant.size();
  if (assessed == 0) return std::nullopt;
  return 100.0 * static_cast<double>(compliant.size()) / static_cast<double>(assessed);
}

std::optional<double> DrinkingUnitRollup::supply_pct() const {
  if (!(supply_assessed > 0)) return std::nullopt;
  return 100.0 * supply_compliant / supply_assessed;
}

DrinkingAssessResult run_drinking_assess(const DrinkingAssessRequest& req) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  DrinkingAssessResult out;
  out.year = req.year;
  out.level = req.level;
  out.source_level = req.source_level;
  out.annual = req.annual;
  out.below_detection = req.below_detection;
  const Period year = parse_period(std::to_string(req.year)).value();
  const auto samples = store::load_water_samples(ws, year);
  const std::string region = req.level == 1 ? region_code(ws) : std::string();
  std::map<std::string, DrinkingUnitRollup> units;
  for (auto& src : store::drinking_sources(ws)) {
    if (req.source_level != "all" && src.level != req.source_level) continue;
    DrinkingSourceAssessment a;
    a.source = std::move(src);
    const standards::SourceKind kind = kind_of(a.source);
    // Per month and per year: each item's sum and count over the samples of all the source's points.
    std::map<int, std::map<std::string, std::pair<double, int>>> month_sums;
    std::map<int, std::set<std::pair<std::string, EpochSeconds>>> visits;
    std::map<std::string, std::pair<double, int>> year_sums;
    for (const auto& point : a.source.points) {
      const auto it = samples.find(point);
      if (it == samples.end()) continue;
      for (const auto& v : it->second) {
        const int month = epoch_to_beijing(v.time).date.month;
        const double value = below_detection_value(v, req.below_detection);
        auto& m = month_sums[month][v.item];
        m.first += value;
        ++m.second;
        auto& y = year_sums[v.item];
        y.first += value;
        ++y.second;
        visits[month].insert({point, v.time});
      }
    }
    std::set<std::string> unjudged;
    std::map<std::string, DrinkingItemValue> worst;  // every_month: each item's worst exceeding month
    bool any_month = false, all_months = true;
    for (const auto& [month, sums] : month_sums) {
      Judged j = judge_means(sums, kind);
      unjudged.insert(j.unjudged.begin(), j.unjudged.end());
      DrinkingMonth m;
      m.month = month;
      m.samples = static_cast<int>(visits[month].size());
      m.evaluated = j.evaluated;
      m.compliant = j.evaluated > 0 && j.exceedances.empty();
      m.exceedances = std::move(j.exceedances);
      m.reported_apart = std::move(j.reported_apart);
      if (m.evaluated > 0) {
        any_month = true;
        all_months = all_months && m.compliant;
        a.months_compliant += m.compliant;
      }
      for (const auto& e : m.exceedances) {
        auto [w, fresh] = worst.try_emplace(e.item, e);
        if (!fresh && e.judgement.times.value_or(0) > w->second.judgement.times.value_or(0)) w->second = e;
      }
      a.months.push_back(std::move(m));
    }
    if (req.annual == standards::AnnualRule::every_month) {
      if (any_month) a.compliant = all_months;
      for (auto& [item, e] : worst) a.exceedances.push_back(e);
      sort_exceedances(a.exceedances);
    } else {
      Judged j = judge_means(year_sums, kind);
      if (j.evaluated > 0) a.compliant = j.exceedances.empty();
      a.exceedances = std::move(j.exceedances);
    }
    a.unjudged.assign(unjudged.begin(), unjudged.end());
    const std::string key = req.level == 1 ? region : a.source.league_code.value_or("");
    DrinkingUnitRollup& u = units[key];
    u.unit_code = key;
    if (!a.compliant) {
      u.unsampled.push_back(a.source.code);
    } else {
      (*a.compliant ? u.compliant : u.not_compliant).push_back(a.source.code);
      if (a.source.supply_10k_m3) {
        u.supply_assessed += *a.source.supply_10k_m3;
        if (*a.compliant) u.supply_compliant += *a.source.supply_10k_m3;
      } else {
        u.without_supply.push_back(a.source.code);
      }
    }
    out.sources.push_back(std::move(a));
  }
  for (auto& [key, u] : units) out.units.push_back(std::move(u));
  return out;
}

Document drinking_assess_document(const DrinkingAssessResult& r, Lang lang) {
  Document doc;
  doc.keyed = true;
  const bool zh = lang == Lang::zh;
  Table units;
  units.title_zh = fmt::format("集中式生活饮用水水源达标率（{} 年，{}）", r.year, r.level == 1 ? "全区" : "盟市");
  units.title_en =
      fmt::format("Drinking-water source compliance ({}, {})", r.year, r.level == 1 ? "region" : "league/city");
  units.columns = {{"unit", "单位", "unit"},
                   {"sources", "水源数", "sources"},
                   {"assessed", "有监测", "assessed"},
                   {"compliant", "达标", "compliant"},
                   {"compliant_sources_pct", "达标水源比例(%)", "compliant sources (%)", 1},
                   {"supply_assessed_10k_m3", "监测水量(万m³)", "supply assessed (10^4 m³)"},
                   {"supply_compliant_10k_m3", "达标水量(万m³)", "supply compliant (10^4 m³)"},
                   {"compliant_supply_pct", "达标水量比例(%)", "compliant supply (%)", 1},
                   {"not_compliant", "未达标水源", "not compliant"},
                   {"unsampled", "无监测数据（不计入）", "no samples (not counted)"},
                   {"without_supply", "无水量（不计入水量比例）", "no supply figure (out of the supply rate)"}};
  units.geometry = GeometryJoin{GeometryLayer::unit, "unit"};
  for (const auto& u : r.units) {
    const std::size_t assessed = u.compliant.size() + u.not_compliant.size();
    units.add({u.unit_code.empty() ? tr(lang, "未定位", "not located") : u.unit_code, assessed + u.unsampled.size(),
               assessed, u.compliant.size(), u.sources_pct(), u.supply_assessed, u.supply_compliant, u.supply_pct(),
               join(u.not_compliant), join(u.unsampled), join(u.without_supply)});
  }
  Table sources;
  sources.title_zh = fmt::format("水源年度达标（{}）",
                                 r.annual == standards::AnnualRule::every_month ? "每个监测月均达标" : "年均值达标");
  sources.title_en = fmt::format("Sources over the year ({})", r.annual == standards::AnnualRule::every_month
                                                                   ? "every monitored month compliant"
                                                                   : "annual mean compliant");
  sources.columns = {{"source", "水源编码", "source"},
                     {"name", "水源名称", "name"},
                     {"kind", "类型", "kind"},
                     {"level", "级别", "level"},
                     {"unit", "所属单位", "unit"},
                     {"supply_10k_m3", "取水量(万m³)", "supply (10^4 m³)"},
                     {"population", "服务人口", "population"},
                     {"points", "监测点位", "points"},
                     {"months", "监测月数", "months monitored"},
                     {"months_compliant", "达标月数", "months compliant"},
                     {"compliant", "年度达标", "compliant"},
                     {"exceedances", "超标项目:超标倍数", "items over their limit:multiple"},
                     {"unjudged", "无限值项目", "items without a limit"}};
  for (const auto& s : r.sources) {
    int monitored = 0;
    for (const auto& m : s.months) monitored += m.evaluated > 0;
    sources.add({s.source.code, s.source.name, s.source.kind, s.source.level,
                 s.source.league_code.value_or(s.source.unit_code.value_or("")), s.source.supply_10k_m3,
                 s.source.population, join(s.source.points), monitored, s.months_compliant,
                 s.compliant ? std::string(*s.compliant ? "yes" : "no") : std::string(tr(lang, "无监测", "no samples")),
                 exceedance_text(s.exceedances), join(s.unjudged)});
  }
  Table months;
  months.title_zh = "水源逐月达标";
  months.title_en = "Sources by month";
  months.columns = {{"source", "水源编码", "source"},
                    {"month", "月份", "month"},
                    {"samples", "样品数", "samples"},
                    {"evaluated", "评价项目数", "items evaluated"},
                    {"compliant", "达标", "compliant"},
                    {"exceedances", "超标项目:超标倍数", "items over their limit:multiple"},
                    {"reported_apart", "单独评价项目", "reported apart"}};
  for (const auto& s : r.sources)
    for (const auto& m : s.months) {
      std::string apart;
      for (const auto& a : m.reported_apart)
        apart += fmt::format("{}{}={}{}", apart.empty() ? "" : "|", a.item, a.value, a.judgement.meets ? "" : "!");
      months.add({s.source.code, fmt::format("{:04d}-{:02d}", r.year, m.month), m.samples, m.evaluated,
                  m.evaluated > 0 ? std::string(m.compliant ? "yes" : "no") : std::string(),
                  exceedance_text(m.exceedances), apart});
    }
  doc.parts.emplace_back("units", std::move(units));
  doc.parts.emplace_back("sources", std::move(sources));
  doc.parts.emplace_back("months", std::move(months));
  doc.note(zh ? fmt::format("评价：地表水水源按 GB 3838-2002 表1 III "
                            "类（水温、河流总氮不评价；湖库总氮、粪大肠菌群单独评价）及表2、表3限值，地下水水源按 GB/T "
                            "14848-2017 III 类，"
                            "单因子法；同月多次样品取均值；年度规则 {}；低于检出限按 {}。来源见 "
                            "data/standards/drinking_water_rules.csv。",
                            standards::annual_rule_name(r.annual), water_below_detection_name(r.below_detection))
              : fmt::format("Rule: surface sources against GB 3838-2002 Table 1 class III (water temperature and TN of "
                            "rivers left out; TN of lakes and fecal coliform reported apart) and the limits of Tables "
                            "2 and 3, single-factor; groundwater sources against GB/T 14848-2017 class III; samples of "
                            "one month averaged; year rule {}; below detection "
                            "limit: {}. Sources: data/standards/drinking_water_rules.csv.",
                            standards::annual_rule_name(r.annual), water_below_detection_name(r.below_detection)));
  for (const auto& u : r.units)
    if (!u.unsampled.empty())
      doc.note(zh ? fmt::format("{}：{} 个水源 {} 年无监测数据，单列，不计入达标率：{}", u.unit_code,
                                u.unsampled.size(), r.year, join(u.unsampled))
                  : fmt::format("{}: {} source(s) without samples in {} are listed apart and not counted: {}",
                                u.unit_code, u.unsampled.size(), r.year, join(u.unsampled)));
  return doc;
}

std::vector<store::IndicatorValue> derive_drinking_water_indicators(const std::string& workspace, int year, int level) {
  DrinkingAssessRequest req;
  req.workspace = workspace;
  req.year = year;
  req.level = level;
  const auto r = run_drinking_assess(req);
  std::vector<store::IndicatorValue> out;
  for (const auto& u : r.units) {
    if (u.unit_code.empty()) continue;
    const std::size_t assessed = u.compliant.size() + u.not_compliant.size();
    const std::string membership =
        fmt::format("{} of {} sources with samples compliant{}{}", u.compliant.size(), assessed,
                    u.unsampled.empty() ? "" : fmt::format("; without samples, not counted: {}", join(u.unsampled)),
                    u.not_compliant.empty() ? "" : fmt::format("; not compliant: {}", join(u.not_compliant)));
    const std::string rule = fmt::format(
        "ecobarrier water source assess --year {} --level {} (GB 3838-2002 class III and Tables 2-3, year rule {}, "
        "docs/drinking-water.md)",
        year, level, standards::annual_rule_name(r.annual));
    if (const auto p = u.sources_pct())
      out.push_back({"drinking.compliant_sources_pct", u.unit_code, year, *p, rule + ": " + membership});
    if (const auto p = u.supply_pct())
      out.push_back(
          {"drinking.compliant_supply_pct", u.unit_code, year, *p,
           rule +
               fmt::format(": {} of {} ×10^4 m³ supplied by compliant sources; ", u.supply_compliant,
                           u.supply_assessed) +
               membership +
               (u.without_supply.empty() ? "" : fmt::format("; without a supply figure: {}", join(u.without_supply)))});
  }
  return out;
}

}  // namespace eb::app::runs

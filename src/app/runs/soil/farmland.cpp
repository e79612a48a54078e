#include "app/runs/soil/farmland.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "io/file_buffer.hpp"
#include "io/soil_samples.hpp"
#include "standards/gb15618.hpp"
#include "store/admin_store.hpp"
#include "store/ledger_store.hpp"
#include "store/retry.hpp"
#include "store/soil_store.hpp"

namespace eb::app::runs {

namespace {

// The measures of the ledger that count for the safe-use rate (data/standards/project_types.csv).
constexpr std::string_view kSafeUseMeasure = "farmland_safe_use";
constexpr std::string_view kStrictControlMeasure = "farmland_strict_control";

std::string values_text(const io::SoilSample& s) {
  std::string out;
  for (const auto& v : s.values) out += (out.empty() ? "" : ";") + v.item + "=" + v.text;
  return out;
}

// The values of a stored sample ("Cd=0.21;Hg=<0.002;As=ND"), each as written and as read.
std::vector<io::SoilSampleValue> parse_values_text(const std::string& text) {
  std::vector<io::SoilSampleValue> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = std::min(text.find(';', start), text.size());
    const std::string part = text.substr(start, end - start);
    start = end + 1;
    const auto eq = part.find('=');
    if (eq == std::string::npos) continue;
    std::string error;
    const auto cell = io::parse_soil_cell(part.substr(eq + 1), error);
    if (!cell || cell->missing) continue;
    out.push_back({part.substr(0, eq), cell->value, cell->below_detection, part.substr(eq + 1)});
  }
  return out;
}

std::vector<standards::SoilValue> soil_values(const std::vector<io::SoilSampleValue>& values) {
  std::vector<standards::SoilValue> out;
  for (const auto& v : values) out.push_back({v.item, v.value, v.below_detection});
  return out;
}

// The unit of `level` a unit belongs to: itself, or the ancestor at that level; nothing when the unit is above
// the level or unknown.
std::optional<store::AdminUnit> unit_at_level(store::Workspace& ws, const std::string& code, int level,
                                              std::map<std::string, std::optional<store::AdminUnit>>& cache) {
  const std::string key = code + "@" + std::to_string(level);
  const auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  std::optional<store::AdminUnit> found;
  if (const auto unit = store::find_unit(ws, code)) {
    if (unit->level == level) {
      found = unit;
    } else if (unit->level > level) {
      for (const auto& a : store::ancestors_of(ws, code))
        if (a.level == level) found = a;
    }
  }
  cache.emplace(key, found);
  return found;
}

ExactArea capped(ExactArea measures, ExactArea class_area) {
  return measures.micro_mu < class_area.micro_mu ? measures : class_area;
}

}  // namespace

SoilImportResult run_soil_plot_import(const SoilImportRequest& req, const RunEnv& env) {
  const io::FileBuffer buf(req.file, env.text_input());
  io::FarmlandPlotRows rows = io::read_farmland_plots(buf.text(), req.file);
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  SoilImportResult r;
  r.file = req.file;
  r.what = "plots";
  std::vector<store::FarmlandPlot> plots;
  for (const auto& p : rows.plots) {
    store::FarmlandPlot out;
    out.code = p.code;
    out.name = p.name;
    out.land_use = std::string(standards::farmland_use_code(p.use));
    out.area_text = p.area_text;
    out.area_unit = p.area_unit;
    out.lon = p.lon;
    out.lat = p.lat;
    const auto unit = parse_area_unit(p.area_unit);
    const auto area = unit ? parse_exact_area(p.area_text, *unit) : std::nullopt;
    if (!area) {
      rows.rejections.push_back({p.line, 0, p.code, "", "", p.area_text + " " + p.area_unit,
                                 "area is not a plain non-negative decimal in mu/亩, ha/公顷, km2 or m2"});
      continue;
    }
    out.area = *area;
    if (!p.unit_code.empty()) {
      if (!store::find_unit(ws, p.unit_code)) {
        rows.rejections.push_back(
            {p.line, 0, p.code, "", "", p.unit_code, "unit " + p.unit_code + " is not in the workspace"});
        continue;
      }
      out.unit_code = p.unit_code;
    } else if (p.lon) {
      const auto units = store::units_at(ws, *p.lon, *p.lat);
      if (!units.empty()) {
        out.unit_code = units.back().code;
        ++r.by_point;
      }
    }
    if (!out.unit_code) ++r.outside_units;
    plots.push_back(std::move(out));
  }
  if (!rows.rejections.empty()) throw_rejections(req.file, rows.rejections, "nothing was imported");
  const auto report = store::with_retry(ws.db(), [&] { return store::import_farmland_plots(ws, plots, req.file); });
  r.records = static_cast<int>(plots.size());
  r.added = report.added;
  r.unchanged = report.unchanged;
  return r;
}

SoilImportResult run_soil_sample_import(const SoilImportRequest& req, const RunEnv& env) {
  const io::FileBuffer buf(req.file, env.text_input());
  io::SoilSamples f = io::read_soil_samples(buf.text(), req.file);
  for (const auto& s : f.samples) {
    if (s.plot.empty())
      f.rejections.push_back({s.line, 0, s.sample, "", "", "", "a workspace sample needs its plot (column plot)"});
    if (s.date.empty())
      f.rejections.push_back({s.line, 0, s.sample, "", "", "", "a workspace sample needs its date (column date)"});
  }
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  // The sample's category uses its plot's land use: a file that says otherwise is refused rather than silently
  // overruled.
  std::map<std::string, std::string> use_of;
  for (const auto& p : store::load_farmland_plots(ws)) use_of[p.code] = p.land_use;
  for (const auto& s : f.samples) {
    const auto it = use_of.find(s.plot);
    if (it != use_of.end() && it->second != standards::farmland_use_code(s.use))
      f.rejections.push_back({s.line, 0, s.sample, "", "", std::string(standards::farmland_use_code(s.use)),
                              "land use " + std::string(standards::farmland_use_code(s.use)) + " differs from plot " +
                                  s.plot + "'s " + it->second});
  }
  if (!f.rejections.empty()) throw_rejections(req.file, f.rejections, "nothing was imported");
  std::vector<store::FarmlandSampleRecord> records;
  for (const auto& s : f.samples) records.push_back({s.sample, s.plot, s.date, s.ph, values_text(s)});
  const auto report = store::with_retry(ws.db(), [&] { return store::import_farmland_samples(ws, records, req.file); });
  SoilImportResult r;
  r.file = req.file;
  r.what = "samples";
  r.records = static_cast<int>(records.size());
  r.added = report.added;
  r.unchanged = report.unchanged;
  r.below_detection = f.below_detection;
  return r;
}

Document soil_import_document(const SoilImportResult& r, Lang lang) {
  Table t;
  t.columns = {{"file", "文件", "file"},
               {"records", "记录", "records"},
               {"added", "新增", "added"},
               {"unchanged", "未变", "unchanged"}};
  t.add({r.file, r.records, r.added, r.unchanged});
  Document doc(std::move(t));
  if (r.what == "plots" && (r.by_point || r.outside_units))
    doc.note(fmt::format("{}: {} {}, {} {}", r.file, r.by_point,
                         tr(lang, "个地块按坐标落入行政单元", "plots placed in a unit by their point"), r.outside_units,
                         tr(lang, "个地块不在任何行政单元内", "plots outside every unit")));
  if (r.below_detection)
    doc.note(fmt::format("{}: {} {}", r.file, r.below_detection,
                         tr(lang, "个低于检出限的值按原样保存", "values below the detection limit stored as written")));
  return doc;
}

SoilAssessResult run_soil_assess(const SoilAssessRequest& req) {
  if (req.level != 1 && req.level != 2) throw UsageError("--level is 1 (region) or 2 (league/city)");
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  SoilAssessResult r;
  r.year = req.year;
  r.level = req.level;
  std::map<std::string, std::optional<store::AdminUnit>> cache;
  // Areas and measures are first summed per league/city (level 2) and the measures capped there: measures in one
  // league cannot make up for land in another. A plot or measure recorded for the region itself is capped at the
  // region's own share. Then the capped figures are summed to the level asked for.
  auto cap_unit = [&](const std::string& code) -> std::optional<store::AdminUnit> {
    if (auto u = unit_at_level(ws, code, 2, cache)) return u;
    const auto self = store::find_unit(ws, code);
    if (self && self->level == 1) return self;
    return std::nullopt;
  };
  std::map<std::string, SoilUnitFigures> by_cap_unit;

  // The plot's category of the year: the worst of its samples (gb15618_rules.csv plot_category).
  std::map<std::string, standards::FarmlandCategory> category;
  const auto plots = store::load_farmland_plots(ws);
  std::map<std::string, standards::FarmlandUse> use_of;
  for (const auto& p : plots) use_of[p.code] = *standards::parse_farmland_use(p.land_use);
  for (const auto& s : store::load_farmland_samples(ws, req.year)) {
    const auto values = soil_values(parse_values_text(s.values_text));
    const auto c = standards::classify_farmland_sample(s.ph, use_of.at(s.plot_code), values).category;
    auto& worst = category[s.plot_code];
    worst = std::max(worst, c);
  }
  for (const auto& p : plots) {
    const auto unit = p.unit_code ? cap_unit(*p.unit_code) : std::nullopt;
    if (!unit) {
      r.outside_units.push_back(p.code);
      continue;
    }
    if (unit->level < req.level) {
      r.above_level.push_back(p.code);
      continue;
    }
    SoilUnitFigures& u = by_cap_unit[unit->code];
    u.unit_code = unit->code;
    ++u.plots;
    const auto it = category.find(p.code);
    const auto c = it == category.end() ? standards::FarmlandCategory::none : it->second;
    if (c != standards::FarmlandCategory::none) ++u.plots_with_samples;
    if (c == standards::FarmlandCategory::none) r.without_samples.push_back(p.code);
    (c == standards::FarmlandCategory::priority_protection ? u.priority
     : c == standards::FarmlandCategory::safe_use          ? u.safe_use
     : c == standards::FarmlandCategory::strict_control    ? u.strict_control
                                                           : u.unassessed) += p.area;
  }
  for (const auto& project : store::load_projects(ws, req.year, req.year)) {
    if (project.type != kSafeUseMeasure && project.type != kStrictControlMeasure) continue;
    if (!project.completed) continue;
    const auto unit = cap_unit(project.unit_code);
    if (!unit || unit->level < req.level) {
      r.measures_outside.push_back(project.code);
      continue;
    }
    SoilUnitFigures& u = by_cap_unit[unit->code];
    u.unit_code = unit->code;
    (project.type == kSafeUseMeasure ? u.safe_use_measures : u.strict_control_measures) += project.completed->area;
  }
  std::map<std::string, SoilUnitFigures> by_unit;
  for (const auto& u : store::list_units(ws, req.level)) {
    by_unit[u.code].unit_code = u.code;
    by_unit[u.code].unit_name = u.name_zh;
    by_unit[u.code].unit_name_en = u.name_en;
  }
  for (auto& [code, c] : by_cap_unit) {
    c.safe_use_counted = capped(c.safe_use_measures, c.safe_use);
    c.strict_control_counted = capped(c.strict_control_measures, c.strict_control);
    const auto unit = req.level == 2 ? store::find_unit(ws, code) : unit_at_level(ws, code, 1, cache);
    const std::string target = unit ? unit->code : code;
    SoilUnitFigures& u = by_unit[target];
    u.unit_code = target;
    if (unit) {
      u.unit_name = unit->name_zh;
      u.unit_name_en = unit->name_en;
    }
    u.plots += c.plots;
    u.plots_with_samples += c.plots_with_samples;
    u.priority += c.priority;
    u.safe_use += c.safe_use;
    u.strict_control += c.strict_control;
    u.unassessed += c.unassessed;
    u.safe_use_measures += c.safe_use_measures;
    u.strict_control_measures += c.strict_control_measures;
    u.safe_use_counted += c.safe_use_counted;
    u.strict_control_counted += c.strict_control_counted;
  }
  for (auto& [code, u] : by_unit) {
    const ExactArea contaminated = u.safe_use + u.strict_control;
    if (contaminated.micro_mu > 0)
      u.safe_use_rate_pct = 100.0 * static_cast<double>((u.safe_use_counted + u.strict_control_counted).micro_mu) /
                            static_cast<double>(contaminated.micro_mu);
    r.units.push_back(u);
  }
  return r;
}

Document soil_assess_document(const SoilAssessResult& r, Lang lang) {
  Table t;
  t.title_zh = fmt::format("{}年农用地土壤环境质量类别与受污染耕地安全利用率", r.year);
  t.title_en = fmt::format("Farmland soil categories and safe-use rate of contaminated farmland, {}", r.year);
  t.columns = {{"unit_code", "代码", "unit"},
               {"unit_name", "单位", "name"},
               {"plots", "地块数", "plots"},
               {"plots_with_samples", "有样品地块", "plots with samples"},
               {"priority_protection_mu", "优先保护类（亩）", "priority protection (mu)", 2},
               {"safe_use_mu", "安全利用类（亩）", "safe use (mu)", 2},
               {"strict_control_mu", "严格管控类（亩）", "strict control (mu)", 2},
               {"unassessed_mu", "无样品（亩）", "no sample (mu)", 2},
               {"priority_protection_ha", "优先保护类（公顷）", "priority protection (ha)", 2},
               {"safe_use_ha", "安全利用类（公顷）", "safe use (ha)", 2},
               {"strict_control_ha", "严格管控类（公顷）", "strict control (ha)", 2},
               {"safe_use_measures_mu", "安全利用措施（亩）", "safe-use measures (mu)", 2},
               {"strict_control_measures_mu", "严格管控措施（亩）", "strict-control measures (mu)", 2},
               {"safe_use_counted_mu", "计入安全利用（亩）", "safe use counted (mu)", 2},
               {"strict_control_counted_mu", "计入严格管控（亩）", "strict control counted (mu)", 2},
               {"safe_use_rate_pct", "受污染耕地安全利用率（%）", "safe-use rate of contaminated farmland (%)", 1}};
  t.geometry = GeometryJoin{GeometryLayer::unit, "unit_code"};
  for (const auto& u : r.units)
    t.add({u.unit_code, lang == Lang::en && !u.unit_name_en.empty() ? u.unit_name_en : u.unit_name, u.plots,
           u.plots_with_samples, u.priority.in(AreaUnit::mu), u.safe_use.in(AreaUnit::mu),
           u.strict_control.in(AreaUnit::mu), u.unassessed.in(AreaUnit::mu), u.priority.in(AreaUnit::ha),
           u.safe_use.in(AreaUnit::ha), u.strict_control.in(AreaUnit::ha), u.safe_use_measures.in(AreaUnit::mu),
           u.strict_control_measures.in(AreaUnit::mu), u.safe_use_counted.in(AreaUnit::mu),
           u.strict_control_counted.in(AreaUnit::mu), u.safe_use_rate_pct});
  Document doc(std::move(t));
  doc.note(tr(
      lang,
      "受污染耕地安全利用率 = （安全利用类面积中已落实安全利用措施的面积 + 严格管控类面积中已落实严格管控措施的面积）"
      "÷（安全利用类面积 + 严格管控类面积）× 100；措施面积取台账当年完成的 farmland_safe_use / "
      "farmland_strict_control "
      "项目，在各盟市内每类不超过该类面积（再汇总到全区）；地块类别取当年样品中最差者；未含农产品达标核查"
      "（docs/soil.md）",
      "safe-use rate of contaminated farmland = (safe-use-class area under safe-use measures + "
      "strict-control-class area under strict-control measures) / (safe-use + strict-control area) x 100; "
      "measures: the ledger's farmland_safe_use / farmland_strict_control projects completed in the year, "
      "each capped at its class area within each league/city (then summed to the region); a plot takes the worst "
      "category of its samples of the year; produce "
      "compliance checks are not included (docs/soil.md)"));
  auto list = [](const std::vector<std::string>& codes) {
    std::string out;
    for (std::size_t i = 0; i < codes.size() && i < 20; ++i) out += (i ? ", " : "") + codes[i];
    if (codes.size() > 20) out += fmt::format(" … (+{})", codes.size() - 20);
    return out;
  };
  if (!r.outside_units.empty())
    doc.note(fmt::format("{} {}: {}", r.outside_units.size(),
                         tr(lang, "个地块不在任何行政单元内，未计入", "plots outside every unit, left out"),
                         list(r.outside_units)));
  if (!r.above_level.empty())
    doc.note(fmt::format(
        "{} {}: {}", r.above_level.size(),
        tr(lang, "个地块只归属到更高一级单元，未计入", "plots known only to a unit above the level, left out"),
        list(r.above_level)));
  if (!r.without_samples.empty())
    doc.note(fmt::format("{} {}: {}", r.without_samples.size(),
                         tr(lang, "个地块当年无样品（面积计入“无样品”，不参与安全利用率）",
                            "plots without a sample in the year (area under 'no sample', not in the rate)"),
                         list(r.without_samples)));
  if (!r.measures_outside.empty())
    doc.note(fmt::format(
        "{} {}: {}", r.measures_outside.size(),
        tr(lang, "个措施项目的单元不在本级之下，未计入", "measure projects not under a unit of the level, left out"),
        list(r.measures_outside)));
  return doc;
}

SoilClassifyResult run_soil_sample_list(const SoilStoredRequest& req) {
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  std::map<std::string, standards::FarmlandUse> use_of;
  for (const auto& p : store::load_farmland_plots(ws)) use_of[p.code] = *standards::parse_farmland_use(p.land_use);
  io::SoilSamples file;
  file.file = req.ws;
  std::set<std::string> items;
  for (const auto& s : store::load_farmland_samples(ws, req.year)) {
    io::SoilSample sample;
    sample.sample = s.sample;
    sample.plot = s.plot_code;
    sample.date = s.sampled_on;
    sample.ph = s.ph;
    sample.use = use_of.at(s.plot_code);
    for (auto& v : parse_values_text(s.values_text)) {
      file.below_detection += v.below_detection;
      items.insert(v.item);
      sample.values.push_back(std::move(v));
    }
    file.samples.push_back(std::move(sample));
  }
  file.items.assign(items.begin(), items.end());
  SoilClassifyRequest classify;
  classify.files.push_back(std::move(file));
  return run_soil_classify(classify);
}

SoilPlotListResult run_soil_plot_list(const SoilStoredRequest& req) {
  const SoilClassifyResult samples = run_soil_sample_list(req);
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  SoilPlotListResult r;
  r.year = req.year;
  std::map<std::string, std::size_t> index;
  for (const auto& p : store::load_farmland_plots(ws)) {
    index[p.code] = r.plots.size();
    SoilPlotCategory c;
    c.code = p.code;
    c.name = p.name;
    c.unit_code = p.unit_code.value_or("");
    c.land_use = p.land_use;
    c.area_text = p.area_text;
    c.area_unit = p.area_unit;
    c.area_mu = p.area.in(AreaUnit::mu);
    r.plots.push_back(std::move(c));
  }
  std::map<std::string, std::string> plot_of;
  for (const auto& s : store::load_farmland_samples(ws, req.year)) plot_of[s.sample] = s.plot_code;
  for (const auto& s : samples.samples) {
    SoilPlotCategory& p = r.plots[index.at(plot_of.at(s.sample))];
    ++p.samples;
    std::optional<double> max_s, max_c;
    for (const auto& i : s.result.items) {
      if (!i.decides) continue;
      if (i.screening_ratio && (!max_s || *i.screening_ratio > *max_s)) max_s = i.screening_ratio;
      if (i.control_ratio && (!max_c || *i.control_ratio > *max_c)) max_c = i.control_ratio;
    }
    // The deciding sample: the worst category; among equals, the largest ratio to a screening value.
    const bool worse = s.result.category > p.category ||
                       (s.result.category == p.category && max_s.value_or(0) > p.max_screening_ratio.value_or(0));
    if (!worse) continue;
    p.category = s.result.category;
    p.worst_sample = s.sample;
    p.controlling = s.result.controlling;
    p.max_screening_ratio = max_s;
    p.max_control_ratio = max_c;
  }
  return r;
}

Document soil_plot_list_document(const SoilPlotListResult& r, Lang lang) {
  const bool zh = lang == Lang::zh;
  Table t;
  t.title_zh = r.year ? fmt::format("{}年农用地地块类别（GB 15618-2018）", r.year) : "农用地地块类别（GB 15618-2018）";
  t.title_en = r.year ? fmt::format("Farmland plot categories, {} (GB 15618-2018)", r.year)
                      : "Farmland plot categories (GB 15618-2018)";
  t.columns = {{"plot", "地块", "plot"},
               {"name", "名称", "name"},
               {"unit_code", "行政区划", "unit"},
               {"land_use", "土地利用", "land use"},
               {"area", "面积", "area"},
               {"area_unit", "面积单位", "area unit"},
               {"area_mu", "面积（亩）", "area (mu)", 2},
               {"samples", "样品数", "samples"},
               {"category", "类别代码", "category"},
               {"category_name", "类别", "category name"},
               {"worst_sample", "定类样品", "deciding sample"},
               {"controlling_items", "定类项目", "controlling items"},
               {"max_screening_ratio", "最大筛选值比", "max ratio to screening", 4},
               {"max_control_ratio", "最大管制值比", "max ratio to control", 4}};
  for (const auto& p : r.plots) {
    std::string controlling;
    for (const auto& c : p.controlling) controlling += (controlling.empty() ? "" : "|") + c;
    t.add({p.code, p.name, p.unit_code, p.land_use, p.area_text, p.area_unit, p.area_mu, p.samples,
           std::string(standards::farmland_category_code(p.category)),
           std::string(standards::farmland_category_name(p.category, zh)), p.worst_sample, controlling,
           p.max_screening_ratio, p.max_control_ratio});
  }
  Document doc(std::move(t));
  doc.note(tr(lang, "地块类别取当年样品中最差者（data/standards/gb15618_rules.csv plot_category）",
              "a plot takes the worst category of its samples of the year (data/standards/gb15618_rules.csv "
              "plot_category)"));
  return doc;
}

std::vector<store::IndicatorValue> derive_soil_farmland_indicators(const std::string& ws, int year, int level) {
  const SoilAssessResult r = run_soil_assess({ws, year, level});
  std::vector<store::IndicatorValue> out;
  for (const auto& u : r.units) {
    if (u.plots_with_samples == 0) continue;  // no sample in the year: no figure, not zero areas
    const std::string basis = fmt::format(
        "soil assess {} level {}: {} plots ({} with samples), GB 15618-2018 categories, plot = worst sample", year,
        level, u.plots, u.plots_with_samples);
    if (u.safe_use_rate_pct)
      out.push_back({"soil.farmland_safe_use_pct", u.unit_code, year, *u.safe_use_rate_pct,
                     basis + fmt::format("; rate = ({:.2f} + {:.2f}) / ({:.2f} + {:.2f}) mu, ledger measures capped at "
                                         "the class area (docs/soil.md)",
                                         u.safe_use_counted.in(AreaUnit::mu), u.strict_control_counted.in(AreaUnit::mu),
                                         u.safe_use.in(AreaUnit::mu), u.strict_control.in(AreaUnit::mu))});
    out.push_back({"soil.farmland_priority_mu", u.unit_code, year, u.priority.in(AreaUnit::mu), basis});
    out.push_back({"soil.farmland_safe_use_mu", u.unit_code, year, u.safe_use.in(AreaUnit::mu), basis});
    out.push_back({"soil.farmland_strict_control_mu", u.unit_code, year, u.strict_control.in(AreaUnit::mu), basis});
  }
  return out;
}

}  // namespace eb::app::runs

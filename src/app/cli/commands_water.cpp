// ecobarrier water classify
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "app/cli/context.hpp"
#include "app/table/lang.hpp"
#include "app/water/water_runs.hpp"
#include "core/error.hpp"
#include "core/period.hpp"
#include "engine/stats/trend.hpp"
#include "engine/water/assessment.hpp"
#include "io/file_buffer.hpp"
#include "io/water_samples.hpp"
#include "io/water_sections.hpp"
#include "standards/gb3838.hpp"
#include "store/admin_store.hpp"
#include "store/water_store.hpp"

namespace eb::app {

namespace {

using standards::Waterbody;

// The main pollutants as written in reports: up to three items worse than class III with their multiples.
std::string main_pollutants(const standards::SectionResult& r) {
  std::string out;
  for (std::size_t i = 0; i < r.worse_than_iii.size() && i < 3; ++i)
    out += fmt::format("{}{}:{:.2f}", out.empty() ? "" : "|", r.worse_than_iii[i].item, r.worse_than_iii[i].times);
  return out;
}

void run_classify(Context& ctx, const std::vector<std::string>& paths, const std::string& waterbody_option,
                  const std::string& below_option) {
  const Lang l = ctx.lang();
  const bool zh = l == Lang::zh;
  const io::BelowDetection rule = io::parse_below_detection(below_option).value();
  std::vector<io::WaterSamples> files;
  std::set<std::string> items_seen;
  for (const auto& path : paths) {
    io::FileBuffer buf(path);
    files.push_back(io::read_water_samples(buf.text(), path, rule));
    const auto& f = files.back();
    if (!f.rejections.empty()) throw_rejections(path, f.rejections, "nothing was classified");
    for (const auto& s : f.samples)
      for (const auto& v : s.values) items_seen.insert(v.item);
    if (f.below_detection || f.not_detected)
      ctx.note(fmt::format("{}: {} {} ({}), {} {}", path, f.below_detection,
                           tr(l, "个低于检出限的值按", "values below the detection limit taken as"), below_option,
                           f.not_detected,
                           tr(l, "个未检出（无检出限）按缺测处理", "not detected without a limit (left out)")));
  }
  Table t;
  t.columns = {{"section", "断面", "section"},
               {"time", "时间", "time"},
               {"waterbody", "水体", "waterbody"},
               {"class", "水质类别", "class"},
               {"status", "水质状况", "status"},
               {"controlling_items", "定类项目", "controlling items"},
               {"main_pollutants", "主要污染指标（超III类倍数）", "main pollutants (times over class III)"},
               {"tn_class", "总氮类别", "TN class"},
               {"fecal_coliform_class", "粪大肠菌群类别", "fecal coliform class"},
               {"tli", "综合营养状态指数", "TLI", 2},
               {"trophic_state", "营养状态", "trophic state"},
               {"cwqi", "CWQI", "CWQI", 4},
               {"n_items", "项目数", "items"}};
  std::vector<std::string> item_columns;
  for (const auto& item : standards::water_items())
    if (items_seen.count(item.code)) {
      item_columns.push_back(item.code);
      t.columns.push_back({"class_" + item.code, item.name_zh, item.code});
    }
  for (const auto& f : files) {
    for (const auto& s : f.samples) {
      Waterbody wb;
      if (waterbody_option == "river")
        wb = Waterbody::river;
      else if (waterbody_option == "lake")
        wb = Waterbody::lake;
      else if (s.waterbody)
        wb = *s.waterbody;
      else
        throw InputError(
            fmt::format("{}:{}: section {}: the waterbody is unknown; add a waterbody column (river/lake) "
                        "or give --waterbody",
                        f.file, s.line, s.section));
      std::vector<standards::ItemValue> values;
      for (const auto& v : s.values) values.push_back({v.item, v.value});
      const standards::SectionResult r = standards::classify_section(values, wb);
      std::string controlling;
      for (const auto& c : r.controlling) controlling += (controlling.empty() ? "" : "|") + c;
      const std::string main = main_pollutants(r);
      auto class_of = [&](const std::string& item) -> Cell {
        for (const auto& [code, cls] : r.item_classes)
          if (code == item) return Cell(std::string(standards::class_name(cls, zh)));
        return Cell();
      };
      std::vector<Cell> row{s.section,
                            format_beijing_iso(s.time),
                            wb == Waterbody::lake ? tr(l, "湖库", "lake") : tr(l, "河流", "river"),
                            r.cls ? Cell(std::string(standards::class_name(r.cls, zh))) : Cell(),
                            r.cls ? Cell(std::string(standards::water_status(r.cls, zh))) : Cell(),
                            controlling,
                            main,
                            class_of("TN"),
                            class_of("fecal_coliform")};
      const auto trophic = wb == Waterbody::lake ? standards::trophic_state(values) : std::nullopt;
      row.push_back(trophic ? Cell(trophic->reported) : Cell());
      row.push_back(trophic ? Cell(zh ? trophic->class_zh : trophic->class_en) : Cell());
      row.push_back(standards::cwqi(values, wb));
      row.push_back(s.values.size());
      for (const auto& item : item_columns) row.push_back(class_of(item));
      t.add(std::move(row));
    }
  }
  write_table(ctx.out(), t, ctx.format(), l);
}

void run_assess_impl(Context& ctx, const std::string& ws_path, const Period& period, const std::string& level,
                     const std::optional<Period>& baseline, io::BelowDetection rule) {
  const Lang l = ctx.lang();
  const bool zh = l == Lang::zh;
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  const auto sections = store::water_sections(ws);
  std::map<std::string, const store::WaterSectionRow*> info;
  for (const auto& s : sections) info[s.code] = &s;
  const auto now = assess_sections(ws, period, rule);
  std::vector<engine::water::SectionAssessment> before;
  if (baseline) before = assess_sections(ws, *baseline, rule);
  Table t;
  if (level == "section") {
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
    for (const auto& a : now) {
      const auto* s = info.at(a.code);
      const std::string main = main_pollutants(a.result);
      int samples = 0;
      for (const auto& [item, m] : a.means) samples = std::max(samples, m.second);
      Cell base;
      for (const auto& b : before)
        if (b.code == a.code && b.result.cls) base = std::string(standards::class_name(b.result.cls, zh));
      t.add({a.code, s->name, a.waterbody == Waterbody::lake ? tr(l, "湖库", "lake") : tr(l, "河流", "river"), s->river,
             a.result.cls ? Cell(std::string(standards::class_name(a.result.cls, zh))) : Cell(),
             a.result.cls ? Cell(std::string(standards::water_status(a.result.cls, zh))) : Cell(),
             s->target_class ? Cell(std::string(standards::class_name(*s->target_class, zh))) : Cell(),
             a.target_met ? Cell(*a.target_met ? tr(l, "是", "yes") : tr(l, "否", "no")) : Cell(), main,
             a.trophic ? Cell(a.trophic->reported) : Cell(),
             a.trophic ? Cell(zh ? a.trophic->class_zh : a.trophic->class_en) : Cell(), samples, base});
    }
    write_table(ctx.out(), t, ctx.format(), l);
    return;
  }
  // Groups: river (or lake) name, basin, league/city, or the whole region.
  auto key_of = [&](const std::string& code) -> std::string {
    const auto* s = info.at(code);
    if (level == "river") return s->river;
    if (level == "basin") return s->basin;
    if (level == "unit") return s->league_code.value_or("");
    return s->league_code ? s->league_code->substr(0, 2) + "0000" : "";
  };
  auto group = [&](const std::vector<engine::water::SectionAssessment>& all) {
    std::map<std::string, std::vector<const engine::water::SectionAssessment*>> g;
    for (const auto& a : all) g[key_of(a.code)].push_back(&a);
    std::map<std::string, engine::water::GroupAssessment> out;
    for (const auto& [k, members] : g) out.emplace(k, engine::water::assess_group(members));
    return out;
  };
  const auto groups = group(now);
  const auto base_groups = group(before);
  t.columns = {{"key", "名称/代码", "name or code"},
               {"sections", "断面数", "sections"},
               {"method", "方法", "method"},
               {"status", "水质状况", "status"},
               {"class", "类别（<5个断面）", "class (< 5 sections)"},
               {"share_i_iii_pct", "I-III类比例%", "I-III %", 1},
               {"share_worse_v_pct", "劣V类比例%", "worse than V %", 1},
               {"target_met", "达标断面", "sections meeting target"}};
  if (baseline)
    for (auto c : std::vector<Column>{{"baseline_share_i_iii_pct", "基准期I-III类%", "baseline I-III %", 1},
                                      {"change_i_iii_pp", "I-III类变化(百分点)", "I-III change (points)", 1},
                                      {"change_worse_v_pp", "劣V类变化(百分点)", "worse than V change (points)", 1}})
      t.columns.push_back(c);
  for (const auto& [key, g] : groups) {
    std::vector<Cell> row{
        key.empty() ? tr(l, "（未注明）", "(unspecified)") : key,
        g.sections,
        g.by_proportions ? tr(l, "类别比例法", "class shares") : tr(l, "平均浓度法", "mean concentrations"),
        zh ? g.status_zh : g.status_en,
        g.by_proportions || !g.cls ? Cell() : Cell(std::string(standards::class_name(g.cls, zh))),
        g.share_i_iii,
        g.share_worse_v,
        g.with_target ? Cell(fmt::format("{}/{}", g.target_met, g.with_target)) : Cell()};
    if (baseline) {
      const auto it = base_groups.find(key);
      if (it != base_groups.end() && it->second.sections > 0)
        row.insert(row.end(), {Cell(it->second.share_i_iii), Cell(g.share_i_iii - it->second.share_i_iii),
                               Cell(g.share_worse_v - it->second.share_worse_v)});
      else
        row.insert(row.end(), {Cell(), Cell(), Cell()});
    }
    t.add(std::move(row));
  }
  write_table(ctx.out(), t, ctx.format(), l);
}

// Lake trophic state by month or year, with the trend of the annual values.
void run_trophic(Context& ctx, const std::string& ws_path, int from, int to, const std::string& by,
                 io::BelowDetection rule) {
  const Lang l = ctx.lang();
  const bool zh = l == Lang::zh;
  if (to < from) throw UsageError("--to must not be before --from");
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  const Period all{{from, 1, 1}, {to, 12, 31}, ""};
  const auto samples = store::load_water_samples(ws, all);
  Table t;
  t.title_zh = fmt::format("湖库综合营养状态指数 TLI(Σ)（{}–{}，按{}）", from, to, by == "month" ? "月" : "年");
  t.title_en = fmt::format("Lake trophic level index TLI(Σ) ({}-{}, by {})", from, to, by);
  t.columns = {{"code", "断面编码", "code"},
               {"name", "名称", "name"},
               {"period", "时段", "period"},
               {"tli", "TLI(Σ)", "TLI(Σ)", 2},
               {"trophic_state", "营养状态", "trophic state"},
               {"parameters", "参与参数", "parameters"},
               {"samples", "样品数", "samples"}};
  Table trend;
  trend.title_zh = "年际趋势（Theil-Sen 斜率，Mann-Kendall 检验）";
  trend.title_en = "Trend of the annual values (Theil-Sen slope, Mann-Kendall test)";
  trend.columns = {{"code", "断面编码", "code"},
                   {"name", "名称", "name"},
                   {"sen_slope_per_year", "Sen斜率/年", "Sen slope per year", 3},
                   {"mann_kendall_z", "MK检验Z", "Mann-Kendall Z", 3},
                   {"trend", "趋势", "trend"}};
  for (const auto& s : store::water_sections(ws)) {
    if (s.waterbody != Waterbody::lake) continue;
    const auto it = samples.find(s.code);
    if (it == samples.end()) continue;
    // Group the values by month or year, then the trophic state of the group's means.
    std::map<std::string, std::map<std::string, std::pair<double, int>>> groups;
    std::map<std::string, int> sample_times;
    std::map<std::string, std::set<EpochSeconds>> times;
    for (const auto& v : it->second) {
      const CivilDate d = epoch_to_beijing(v.time).date;
      const std::string key =
          by == "month" ? fmt::format("{:04d}-{:02d}", d.year, d.month) : fmt::format("{:04d}", d.year);
      auto& acc = groups[key][v.item];
      acc.first += below_detection_value(v, rule);
      ++acc.second;
      times[key].insert(v.time);
    }
    std::vector<double> annual(static_cast<std::size_t>(to - from + 1), std::numeric_limits<double>::quiet_NaN());
    for (const auto& [key, items] : groups) {
      std::vector<standards::ItemValue> means;
      for (const auto& [item, acc] : items) means.push_back({item, acc.first / acc.second});
      const auto state = standards::trophic_state(means);
      if (!state) continue;
      std::string used;
      for (const auto& [p, w] : state->weights) used += (used.empty() ? "" : " ") + p;
      t.add({s.code, s.name, key, state->reported, zh ? state->class_zh : state->class_en, used, times[key].size()});
      if (by == "year") annual[static_cast<std::size_t>(std::stoi(key) - from)] = state->tli_sum;
    }
    if (by == "year") {
      const engine::Trend tr_ = engine::mann_kendall_sen(annual);
      if (tr_.n >= 1)
        trend.add({s.code, s.name, tr_.n >= 2 ? Cell(tr_.sen_slope) : Cell(), tr_.n >= 3 ? Cell(tr_.z) : Cell(),
                   tr_.n < 3            ? tr(l, "年数不足", "too few years")
                   : !tr_.significant() ? tr(l, "无显著变化", "no significant trend")
                   : tr_.z > 0          ? tr(l, "显著上升", "rising (95 %)")
                                        : tr(l, "显著下降", "falling (95 %)")});
    }
  }
  if (ctx.format() == Format::csv || by == "month") {
    write_table(ctx.out(), t, ctx.format(), l);
  } else {
    write_document(ctx.out(), {{"trophic_state", t}, {"trend", trend}}, ctx.format(), l);
  }
}

// City water quality index: per section the CWQI of its period means; per city the mean over its sections.
void run_cwqi(Context& ctx, const std::string& ws_path, const Period& period, const std::optional<Period>& baseline,
              io::BelowDetection rule) {
  const Lang l = ctx.lang();
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  auto city_values = [&](const Period& p) {
    const auto samples = store::load_water_samples(ws, p);
    std::map<std::string, std::pair<double, int>> per_city;
    for (const auto& s : store::water_sections(ws)) {
      const auto it = samples.find(s.code);
      if (it == samples.end() || !s.league_code) continue;
      std::map<std::string, std::pair<double, int>> sums;
      for (const auto& v : it->second) {
        sums[v.item].first += below_detection_value(v, rule);
        ++sums[v.item].second;
      }
      std::vector<standards::ItemValue> means;
      for (const auto& [item, acc] : sums) means.push_back({item, acc.first / acc.second});
      auto& c = per_city[*s.league_code];
      c.first += standards::cwqi(means, s.waterbody);
      ++c.second;
    }
    std::map<std::string, double> out;
    for (const auto& [city, acc] : per_city) out[city] = acc.first / acc.second;
    return out;
  };
  const auto now = city_values(period);
  const auto before = baseline ? city_values(*baseline) : std::map<std::string, double>{};
  std::vector<std::pair<std::string, double>> ranked(now.begin(), now.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  Table t;
  t.title_zh = fmt::format("城市水质指数 CWQI 排名（{}）——计算方法未经官方文本确认，仅供参考", period.label);
  t.title_en = fmt::format("City water quality index (CWQI) ranking ({}) - formula UNCONFIRMED [1], for reference",
                           period.label);
  t.columns = {{"rank", "排名", "rank"},
               {"code", "代码", "code"},
               {"name", "名称", "name"},
               {"cwqi", "CWQI", "CWQI", 4},
               {"sections", "断面数", "sections"}};
  if (baseline)
    for (auto c :
         std::vector<Column>{{"baseline_cwqi", "基准期CWQI", "baseline CWQI", 4}, {"change", "ΔCWQI", "change", 4}})
      t.columns.push_back(c);
  t.columns.push_back({"confidence", "可信度", "confidence"});
  int rank = 0;
  double last = -1;
  std::map<std::string, int> sections_of;
  for (const auto& s : store::water_sections(ws))
    if (s.league_code) ++sections_of[*s.league_code];
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const auto& [city, v] = ranked[i];
    if (v != last) rank = static_cast<int>(i) + 1;
    last = v;
    const auto unit = store::find_unit(ws, city);
    std::vector<Cell> row{rank, city,
                          unit ? (l == Lang::en && !unit->name_en.empty() ? unit->name_en : unit->name_zh) : "", v,
                          sections_of[city]};
    if (baseline) {
      const auto it = before.find(city);
      row.push_back(it == before.end() ? Cell() : Cell(it->second));
      row.push_back(it == before.end() ? Cell() : Cell(v - it->second));
    }
    row.push_back("[1] unconfirmed");
    t.add(std::move(row));
  }
  write_table(ctx.out(), t, ctx.format(), l);
}

}  // namespace

void run_water_assess(Context& ctx, const std::string& ws_path, const std::string& period, const std::string& level,
                      const std::string& baseline, const std::string& below_dl) {
  const auto p = parse_period(period);
  if (!p) throw UsageError("--period: expected 2019, 2019-03, 2019Q1 or FROM..TO, got " + period);
  std::optional<Period> base;
  if (!baseline.empty()) {
    base = parse_period(baseline);
    if (!base) throw UsageError("--baseline: expected 2019, 2019-03, 2019Q1 or FROM..TO, got " + baseline);
  }
  const auto rule = io::parse_below_detection(below_dl);
  if (!rule) throw UsageError("--below-dl: expected half, limit or zero, got " + below_dl);
  run_assess_impl(ctx, ws_path, *p, level, base, *rule);
}

void run_water_section_import(Context& ctx, const std::string& ws_path, const std::vector<std::string>& files) {
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  Table t;
  t.columns = {{"file", "文件", "file"},
               {"added", "新增", "added"},
               {"updated", "更新", "updated"},
               {"unchanged", "未变", "unchanged"},
               {"unlocated", "未定位", "not located"}};
  for (const auto& f : files) {
    const bool vector = f.ends_with(".geojson") || f.ends_with(".json") || f.ends_with(".gpkg") || f.ends_with(".shp");
    std::unique_ptr<io::FileBuffer> buf;
    if (!vector) buf = std::make_unique<io::FileBuffer>(f);
    const auto list = vector ? io::read_water_sections_vector(f) : io::read_water_sections(buf->text(), f);
    if (!list.rejections.empty()) throw_rejections(f, list.rejections, "nothing was imported");
    const auto r = store::import_water_sections(ws, list);
    t.add({f, r.added, r.updated, r.unchanged, static_cast<int>(r.unlocated.size())});
  }
  write_table(ctx.out(), t, ctx.format(), ctx.lang());
}

void add_water_commands(CLI::App& app, Context& ctx) {
  auto* water = app.add_subcommand("water", "Surface water: GB 3838-2002 classes, trophic state, CWQI");
  water->require_subcommand(1);
  water->footer(
      "Examples:\n  ecobarrier water classify samples.csv --waterbody river\n\nRules and sources: docs/water.md.");
  struct Options {
    std::vector<std::string> files;
    std::string waterbody = "auto", below = "half";
  };
  auto o = std::make_shared<Options>();
  auto* cls =
      water->add_subcommand("classify", "Class, status and main pollutants of every sample (no workspace needed)");
  cls->add_option("FILE", o->files, "Sample files: wide, long or the national automatic-station layout")->required();
  cls->add_option("--waterbody", o->waterbody, "auto (the file's waterbody column), river or lake")
      ->check(CLI::IsMember({"auto", "river", "lake"}))
      ->capture_default_str();
  cls->add_option("--below-dl", o->below,
                  "A value below the detection limit (<0.01, 0.01L) becomes half the limit, the limit, or zero")
      ->check(CLI::IsMember({"half", "limit", "zero"}))
      ->capture_default_str();
  cls->footer(
      "Examples:\n"
      "  ecobarrier water classify samples.csv --waterbody river --format csv -o classes.csv\n"
      "  ecobarrier water classify lakes.csv --waterbody lake --lang en\n\n"
      "Single-factor method: the section takes the worst class of the 21 routine items of GB 3838-2002 Table 1\n"
      "(TN and fecal coliform are reported apart); main pollutants: items worse than class III, by multiple\n"
      "over the class III limit (pH and DO have none). Lakes also get TLI(Σ) when chla, TP, TN, SD or CODMn is there.");
  cls->callback([o, &ctx] { run_classify(ctx, o->files, o->waterbody, o->below); });

  struct SectionOptions {
    std::string ws;
    std::vector<std::string> files;
  };
  auto so = std::make_shared<SectionOptions>();
  auto* section = water->add_subcommand("section", "Water monitoring sections");
  section->require_subcommand(1);
  section->footer("Examples:\n  ecobarrier water section import ws.gpkg sections.csv");
  auto* simport =
      section->add_subcommand("import", "Import sections (location, river/lake, basin, control level, target class)");
  simport->add_option("WS", so->ws, "Workspace")->required();
  simport->add_option("FILE", so->files, "Section lists: CSV, or GeoJSON/GeoPackage/Shapefile points")->required();
  simport->footer(
      "Examples:\n  ecobarrier water section import ws.gpkg sections.csv\n\n"
      "Columns (any order): code,name,waterbody,lon,lat and optionally river,basin,control_level,target_class,city\n"
      "(or 断面编码,断面名称,水体类型,经度,纬度,河流,流域,级别,目标类别,城市). One transaction per file.");
  simport->callback([so, &ctx] { run_water_section_import(ctx, so->ws, so->files); });

  struct AssessOptions {
    std::string ws, period, baseline, level = "section", below = "half";
  };
  auto ao = std::make_shared<AssessOptions>();
  auto* assess = water->add_subcommand("assess", "Period assessment by section, river, basin, unit or region");
  assess->add_option("WS", ao->ws, "Workspace")->required();
  assess->add_option("--period", ao->period, "2019, 2019-03, 2019Q1 or FROM..TO")->required();
  assess->add_option("--level", ao->level, "section, river, basin, unit or region")
      ->check(CLI::IsMember({"section", "river", "basin", "unit", "region"}))
      ->capture_default_str();
  assess->add_option("--baseline", ao->baseline, "Baseline period for changes in percentage points");
  assess->add_option("--below-dl", ao->below, "Values below the detection limit: half, limit or zero")
      ->check(CLI::IsMember({"half", "limit", "zero"}))
      ->capture_default_str();
  assess->footer(
      "Examples:\n  ecobarrier water assess ws.gpkg --period 2024 --level section\n"
      "  ecobarrier water assess ws.gpkg --period 2024 --level basin --baseline 2023\n\n"
      "Sections: the class of the period means of their samples. Rivers, basins, units: class shares when\n"
      "there are at least 5 sections, else the mean concentrations as one section (docs/water.md).");
  assess->callback([ao, &ctx] { run_water_assess(ctx, ao->ws, ao->period, ao->level, ao->baseline, ao->below); });

  struct TrophicOptions {
    std::string ws, by = "year", below = "half";
    int from = 0, to = 0;
  };
  auto to_ = std::make_shared<TrophicOptions>();
  auto* trophic = water->add_subcommand("trophic", "Lake trophic state TLI(Σ) by month or year, with the annual trend");
  trophic->add_option("WS", to_->ws, "Workspace")->required();
  trophic->add_option("--from", to_->from, "First year")->required();
  trophic->add_option("--to", to_->to, "Last year")->required();
  trophic->add_option("--by", to_->by, "month or year")->check(CLI::IsMember({"month", "year"}))->capture_default_str();
  trophic->add_option("--below-dl", to_->below, "half, limit or zero")
      ->check(CLI::IsMember({"half", "limit", "zero"}))
      ->capture_default_str();
  trophic->footer(
      "Examples:\n  ecobarrier water trophic ws.gpkg --from 2023 --to 2024 --by month\n\n"
      "TLI(Σ) of the means of chla, TP, TN, SD and CODMn over the samples of each month or year, with the\n"
      "weights renormalised over the parameters present (docs/water.md).");
  trophic->callback(
      [to_, &ctx] { run_trophic(ctx, to_->ws, to_->from, to_->to, to_->by, *io::parse_below_detection(to_->below)); });

  struct CwqiOptions {
    std::string ws, period, baseline, below = "half";
  };
  auto co = std::make_shared<CwqiOptions>();
  auto* cwqi = water->add_subcommand("cwqi", "City water quality index ranking (formula unconfirmed; for reference)");
  cwqi->add_option("WS", co->ws, "Workspace")->required();
  cwqi->add_option("--period", co->period, "2019, 2019-03, 2019Q1 or FROM..TO")->required();
  cwqi->add_option("--baseline", co->baseline, "Baseline period for ΔCWQI");
  cwqi->add_option("--below-dl", co->below, "half, limit or zero")
      ->check(CLI::IsMember({"half", "limit", "zero"}))
      ->capture_default_str();
  cwqi->footer(
      "Examples:\n  ecobarrier water cwqi ws.gpkg --period 2024 --baseline 2023\n\n"
      "Smaller is better. The per-item formula is confirmed by one implementation only and the way sections\n"
      "are combined into a city (here: the mean of its sections) is not confirmed at all: every row says so.");
  cwqi->callback([co, &ctx] {
    const auto p = parse_period(co->period);
    if (!p) throw UsageError("--period: expected 2019, 2019-03, 2019Q1 or FROM..TO, got " + co->period);
    std::optional<Period> base;
    if (!co->baseline.empty()) {
      base = parse_period(co->baseline);
      if (!base) throw UsageError("--baseline: expected 2019, 2019-03, 2019Q1 or FROM..TO, got " + co->baseline);
    }
    run_cwqi(ctx, co->ws, *p, base, *io::parse_below_detection(co->below));
  });
}

}  // namespace eb::app

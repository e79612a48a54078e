// ecobarrier layer import | list; ecobarrier screen
#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "app/cli/context.hpp"
#include "app/cli/governance_runs.hpp"
#include "app/cli/progress.hpp"
#include "app/table/lang.hpp"
#include "core/area.hpp"
#include "core/error.hpp"
#include "engine/vector/geodesy.hpp"
#include "engine/vector/polygon_index.hpp"
#include "engine/vector/screening.hpp"
#include "io/file_buffer.hpp"
#include "io/vector_features.hpp"
#include "standards/screening.hpp"
#include "store/admin_store.hpp"
#include "store/protected_store.hpp"

namespace eb::app {

namespace {

std::string kind_name(const std::string& kind, Lang l) { return standards::zone_name(kind, "", l == Lang::zh); }

bool kind_has_zones(const std::string& kind) {
  for (const auto& z : standards::zone_defs())
    if (z.kind == kind && !z.zone.empty()) return true;
  return false;
}

std::string known_kinds() {
  std::string out;
  for (const auto& k : standards::protected_kinds()) out += (out.empty() ? "" : ", ") + k;
  return out;
}

}  // namespace

void run_layer_import(Context& ctx, const LayerImportRequest& req) {
  const Lang l = ctx.lang();
  if (!standards::is_protected_kind(req.kind))
    throw UsageError(fmt::format("--kind: \"{}\" (known: {})", req.kind, known_kinds()));
  if (!req.zone_field.empty() && !kind_has_zones(req.kind))
    throw UsageError(fmt::format("--zone-field: {} has no zones", req.kind));
  std::vector<std::string> fields;
  for (const auto* f : {&req.name_field, &req.zone_field, &req.level_field, &req.date_field})
    if (!f->empty()) fields.push_back(*f);
  const io::VectorLayer layer = io::read_vector_features(req.file, fields);
  auto field = [](const io::VectorFeature& f, const std::string& name) -> std::optional<std::string> {
    if (name.empty()) return std::nullopt;
    const auto& v = f.fields.at(name);
    if (!v || v->empty()) return std::nullopt;
    return v;
  };

  std::vector<store::ProtectedRecord> records;
  std::vector<std::string> rejected, repaired;
  Progress progress(tr(l, "检查几何", "checking geometries"), layer.features.size());
  for (const auto& f : layer.features) {
    store::ProtectedRecord r;
    r.source_fid = f.fid;
    r.name = field(f, req.name_field);
    r.level = field(f, req.level_field);
    r.designated = field(f, req.date_field);
    const std::string who = fmt::format("feature {}{}", f.fid, r.name ? fmt::format(" ({})", *r.name) : std::string());
    if (!req.zone_field.empty()) {
      if (const auto z = field(f, req.zone_field)) {
        const auto zone = standards::canonical_zone(req.kind, *z);
        if (!zone) {
          rejected.push_back(fmt::format("{}: zone \"{}\" is not a zone of {}", who, *z, req.kind));
          continue;
        }
        r.zone = *zone;
      }
    }
    if (f.wkb.empty()) {
      rejected.push_back(who + ": no geometry");
      continue;
    }
    try {
      const engine::RepairResult fixed = engine::repair_polygon(f.wkb);
      if (!fixed.was_valid) r.repaired = fixed.reason;
      r.wkb = fixed.wkb;
      r.area_m2 = engine::ellipsoidal_area_m2(r.wkb);
      if (!(r.area_m2 > 0)) {
        rejected.push_back(who + (fixed.was_valid ? ": not a polygon, or empty"
                                                  : ": invalid polygon (" + fixed.reason +
                                                        ") that MakeValid reduces to nothing polygonal"));
        continue;
      }
      if (!fixed.was_valid) repaired.push_back(fmt::format("{}: {}", who, fixed.reason));
    } catch (const GeometryError& e) {
      rejected.push_back(fmt::format("{}: {}", who, e.what()));
      continue;
    }
    records.push_back(std::move(r));
    progress.update(records.size() + rejected.size());
  }
  progress.finish();
  if (!rejected.empty()) {
    for (auto& r : rejected) r = req.file + ": " + r;
    throw_problems(req.file, rejected);
  }
  for (const auto& r : repaired) ctx.note(tr(l, "已修复无效多边形: ", "repaired invalid polygon: ") + r);

  const io::FileBuffer bytes(req.file);
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  const auto report =
      store::import_protected(ws, req.kind, req.file, io::sha256_hex(bytes.text()), records, req.replace);
  Table t;
  t.columns = {{"file", "文件", "file"},         {"kind", "类型", "kind"},         {"added", "新增", "added"},
               {"replaced", "替换", "replaced"}, {"repaired", "修复", "repaired"}, {"unchanged", "未变", "unchanged"}};
  t.add({Cell(req.file), Cell(kind_name(req.kind, l)), Cell(report.added), Cell(report.replaced),
         Cell(report.unchanged ? 0 : static_cast<int>(repaired.size())),
         Cell(report.unchanged ? tr(l, "是", "yes") : tr(l, "否", "no"))});
  write_table(ctx.out(), t, ctx.format(), l);
}

void run_layer_list(Context& ctx, const std::string& ws_path) {
  const Lang l = ctx.lang();
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  Table t;
  t.title_zh = "保护地图层（面积为各要素椭球面积之和，重叠部分重复计入）";
  t.title_en = "Protected layers (areas are sums of feature areas on the ellipsoid; overlaps count twice)";
  t.columns = {{"kind", "类型", "kind"},
               {"kind_name", "名称", "name"},
               {"zone", "分区", "zone"},
               {"zone_name", "分区名称", "zone name"},
               {"features", "要素数", "features"},
               {"area_km2", "面积(km²)", "area (km²)", 3},
               {"area_mu", "面积(亩)", "area (mu)", 0}};
  for (const auto& s : store::protected_summary(ws)) {
    t.add({Cell(s.kind), Cell(kind_name(s.kind, l)), Cell(s.zone),
           Cell(s.zone.empty() ? std::string() : standards::zone_name(s.kind, s.zone, l == Lang::zh)), Cell(s.features),
           Cell(convert_area(s.area_m2, AreaUnit::m2, AreaUnit::km2)),
           Cell(convert_area(s.area_m2, AreaUnit::m2, AreaUnit::mu))});
  }
  write_table(ctx.out(), t, ctx.format(), l);
}

void run_layer_stats(Context& ctx, const std::string& ws_path, int level) {
  const Lang l = ctx.lang();
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  const auto units = store::unit_geometries(ws, level);
  if (units.empty()) throw InputError(fmt::format("{}: no administrative units of level {}", ws_path, level));
  const engine::ProtectedIndex index(store::load_protected(ws));
  std::vector<std::string> kinds;
  for (const auto& s : store::protected_summary(ws))
    if (std::find(kinds.begin(), kinds.end(), s.kind) == kinds.end()) kinds.push_back(s.kind);
  Table t;
  t.title_zh = "各行政单元保护地面积与占比（同类重叠与跨图层重叠只计一次）";
  t.title_en = "Protected area and share per administrative unit (overlaps within and between layers counted once)";
  t.columns = {{"code", "代码", "code"}, {"name", "名称", "name"}, {"area_km2", "面积(km²)", "area (km²)", 1}};
  for (const auto& k : kinds) {
    t.columns.push_back({k + "_km2", kind_name(k, l) + "(km²)", kind_name(k, l) + " (km²)", 2});
    t.columns.push_back({k + "_pct", kind_name(k, l) + "占比(%)", kind_name(k, l) + " (%)", 2});
  }
  t.columns.push_back({"protected_km2", "保护地合计(km²)", "any protected (km²)", 2});
  t.columns.push_back({"protected_pct", "保护地占比(%)", "any protected (%)", 2});
  t.columns.push_back({"protected_mu", "保护地合计(亩)", "any protected (mu)", 0});
  Progress progress(tr(l, "叠加统计", "overlap statistics"), units.size());
  std::size_t done = 0;
  for (const auto& u : units) {
    const engine::ProtectedOverlap o = index.overlap(u.wkb);
    std::vector<Cell> row{Cell(u.unit.code),
                          Cell(l == Lang::zh || u.unit.name_en.empty() ? u.unit.name_zh : u.unit.name_en),
                          Cell(o.zone_area_m2 / 1e6)};
    for (const auto& k : kinds) {
      double a = 0;
      for (const auto& [kind, area] : o.kind_area_m2)
        if (kind == k) a = area;
      row.push_back(Cell(a / 1e6));
      row.push_back(Cell(o.zone_area_m2 > 0 ? 100 * a / o.zone_area_m2 : 0.0));
    }
    row.push_back(Cell(o.any_area_m2 / 1e6));
    row.push_back(Cell(o.zone_area_m2 > 0 ? 100 * o.any_area_m2 / o.zone_area_m2 : 0.0));
    row.push_back(Cell(convert_area(o.any_area_m2, AreaUnit::m2, AreaUnit::mu)));
    t.add(std::move(row));
    progress.update(++done);
  }
  progress.finish();
  write_table(ctx.out(), t, ctx.format(), l);
}

void run_screen(Context& ctx, const ScreenRequest& req) {
  const Lang l = ctx.lang();
  const bool zh = l == Lang::zh;
  if (req.buffer_m < 0) throw UsageError("--buffer: metres, 0 or more");
  for (const auto& k : req.kinds)
    if (!standards::is_protected_kind(k))
      throw UsageError(fmt::format("--kinds: \"{}\" (known: {})", k, known_kinds()));
  std::optional<standards::ScreeningRules> custom;
  if (!req.rules_file.empty()) {
    const io::FileBuffer text(req.rules_file);
    try {
      custom = standards::ScreeningRules::parse(text.text());
    } catch (const std::invalid_argument& e) {
      throw InputError(fmt::format("{}: {}", req.rules_file, e.what()));
    }
  }
  const standards::ScreeningRules& rules = custom ? *custom : standards::ScreeningRules::defaults();

  const io::VectorLayer sites = io::read_vector_features(req.sites, {req.id_field});
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  auto features = store::load_protected(ws, req.kinds);
  if (features.empty()) ctx.note(tr(l, "工作空间中没有保护地要素", "the workspace holds no protected features"));
  // Names for the report, by feature id (the indexes themselves live on the workers).
  std::unordered_map<std::int64_t, const engine::ProtectedFeature*> by_id;
  for (const auto& f : features) by_id[f.id] = &f;

  // Sites are screened on every core, each worker with its own index (a GEOS context serves one thread), then
  // reported in their order. Errors are kept per site and the first in file order is reported.
  std::vector<engine::SiteScreening> screened(sites.features.size());
  std::vector<std::string> errors(sites.features.size());
  {
    Progress progress(tr(l, "筛查", "screening"), sites.features.size());
    tbb::enumerable_thread_specific<std::unique_ptr<engine::ProtectedIndex>> indexes(
        [&] { return std::make_unique<engine::ProtectedIndex>(features); });
    std::atomic<std::size_t> done{0};
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, sites.features.size(), 512),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        const engine::ProtectedIndex& local = *indexes.local();
                        for (std::size_t i = r.begin(); i < r.end(); ++i) {
                          const auto& site = sites.features[i];
                          if (site.wkb.empty()) {
                            errors[i] = "no geometry";
                            continue;
                          }
                          try {
                            screened[i] = local.screen(site.wkb, req.buffer_m, req.distances);
                          } catch (const GeometryError& e) {
                            errors[i] = e.what();
                          }
                        }
                        done += r.size();
                      });
    progress.update(done);
    progress.finish();
  }

  Table t;
  t.title_zh = fmt::format("选址筛查（{} 个地块，缓冲 {} 米）", sites.features.size(), req.buffer_m);
  t.title_en = fmt::format("Site screening ({} sites, buffer {} m)", sites.features.size(), req.buffer_m);
  t.columns = {{"site", "地块", "site"},
               {"layer", "图层", "layer"},
               {"layer_name", "图层名称", "layer name"},
               {"zone", "分区", "zone"},
               {"zone_name", "分区名称", "zone name"},
               {"features", "涉及要素", "features"},
               {"area_m2", "面积(m²)", "area (m²)", 1},
               {"area_ha", "面积(公顷)", "area (ha)", 4},
               {"area_mu", "面积(亩)", "area (mu)", 3},
               {"length_m", "长度(m)", "length (m)", 1},
               {"share", "占地块比例", "share", 6},
               {"distance_m", "最近距离(m)", "distance (m)", 1},
               {"nearest", "最近要素", "nearest"},
               {"verdict", "结论", "verdict"},
               {"verdict_name", "结论名称", "verdict name"},
               {"rule", "依据", "rule"},
               {"site_verdict", "地块结论", "site verdict"}};
  // CSV rows go out as they are made (a million sites need no table in memory); other formats collect them.
  std::unique_ptr<CsvRowStream> stream;
  if (ctx.format() == Format::csv) stream = std::make_unique<CsvRowStream>(ctx.out(), t.columns);
  auto emit = [&](std::vector<Cell> row) {
    if (stream) {
      stream->write(row);
    } else {
      t.add(std::move(row));
    }
  };
  std::unordered_set<std::string> seen_ids;
  seen_ids.reserve(sites.features.size());
  std::map<std::string, int> verdict_counts;
  for (std::size_t site_index = 0; site_index < sites.features.size(); ++site_index) {
    const auto& site = sites.features[site_index];
    const auto& id_value = site.fields.at(req.id_field);
    const std::string id = id_value ? *id_value : std::to_string(site.fid);
    if (!seen_ids.insert(id).second)
      throw InputError(fmt::format("{}: feature {}: site id \"{}\" repeats", req.sites, site.fid, id));
    if (!errors[site_index].empty())
      throw InputError(fmt::format("{}: site {} (feature {}): {}", req.sites, id, site.fid, errors[site_index]));
    const engine::SiteScreening& s = screened[site_index];
    struct Row {
      const engine::ZoneTouch* touch;
      const standards::ScreeningRule* rule;
    };
    std::vector<Row> rows;
    standards::Verdict strictest = standards::Verdict::allowed;
    for (const auto& touch : s.touches) {
      const standards::ScreeningRule* rule = rules.find(touch.kind, touch.zone);
      if (rule == nullptr) rule = &rules.untouched();  // a kind the rule table leaves out
      strictest = std::max(strictest, rule->verdict);
      rows.push_back({&touch, rule});
    }
    if (rows.empty()) strictest = rules.untouched().verdict;
    ++verdict_counts[std::string(standards::verdict_key(strictest))];
    auto rule_text = [&](const standards::ScreeningRule& r) { return zh ? r.rule_zh : r.rule_en; };
    for (const Row& row : rows) {
      const auto& touch = *row.touch;
      std::string names;
      for (auto fid : touch.features) {
        const auto& f = *by_id.at(fid);
        names += (names.empty() ? "" : "|") + (f.name.empty() ? std::to_string(fid) : f.name);
      }
      emit({Cell(id), Cell(touch.kind), Cell(kind_name(touch.kind, l)), Cell(touch.zone),
            Cell(touch.zone.empty() ? std::string() : standards::zone_name(touch.kind, touch.zone, zh)), Cell(names),
            s.dimension == 2 ? Cell(touch.area_m2) : Cell(),
            s.dimension == 2 ? Cell(convert_area(touch.area_m2, AreaUnit::m2, AreaUnit::ha)) : Cell(),
            s.dimension == 2 ? Cell(convert_area(touch.area_m2, AreaUnit::m2, AreaUnit::mu)) : Cell(),
            s.dimension == 1 ? Cell(touch.length_m) : Cell(), Cell(touch.share), Cell(0.0), Cell(),
            Cell(std::string(standards::verdict_key(row.rule->verdict))),
            Cell(std::string(standards::verdict_name(row.rule->verdict, zh))), Cell(rule_text(*row.rule)),
            Cell(std::string(standards::verdict_key(strictest)))});
    }
    if (rows.empty()) {
      const auto& r = rules.untouched();
      std::string nearest;
      if (s.nearest) {
        const auto& f = *by_id.at(*s.nearest);
        nearest = fmt::format("{} {}{}", kind_name(f.kind, l),
                              f.zone.empty() ? std::string() : standards::zone_name(f.kind, f.zone, zh) + " ",
                              f.name.empty() ? std::to_string(f.id) : f.name);
      }
      emit({Cell(id), Cell(), Cell(), Cell(), Cell(), Cell(), s.dimension == 2 ? Cell(0.0) : Cell(),
            s.dimension == 2 ? Cell(0.0) : Cell(), s.dimension == 2 ? Cell(0.0) : Cell(),
            s.dimension == 1 ? Cell(0.0) : Cell(), Cell(0.0), s.nearest ? Cell(s.nearest_distance_m) : Cell(),
            Cell(nearest), Cell(std::string(standards::verdict_key(r.verdict))),
            Cell(std::string(standards::verdict_name(r.verdict, zh))), Cell(rule_text(r)),
            Cell(std::string(standards::verdict_key(strictest)))});
    }
  }
  if (stream) {
    stream.reset();  // the last buffered rows go out before the summary note
  } else {
    write_table(ctx.out(), t, ctx.format(), l);
  }
  std::string summary;
  for (const auto& [v, n] : verdict_counts)
    summary += fmt::format("{}{} {}", summary.empty() ? "" : ", ", n,
                           standards::verdict_name(*standards::parse_verdict(v), zh));
  ctx.note(fmt::format("{}: {}", tr(l, "地块结论", "site verdicts"), summary));
}

void add_spatial_commands(CLI::App& app, Context& ctx) {
  auto* layer = app.add_subcommand("layer", "Protected layers: red line, reserves, parks, wetlands, water sources");
  layer->require_subcommand(1);
  auto li = std::make_shared<LayerImportRequest>();
  auto* imp = layer->add_subcommand("import", "Import a protected layer (GeoJSON, GeoPackage, Shapefile, ...)");
  imp->add_option("WS", li->ws, "Workspace")->required();
  imp->add_option("FILE", li->file, "Vector file, any CRS (transformed to WGS 84)")->required();
  imp->add_option("--kind", li->kind, "red_line, nature_reserve, national_park, wetland, water_source, basic_grassland")
      ->required();
  imp->add_option("--name-field", li->name_field, "Field holding each feature's name");
  imp->add_option("--zone-field", li->zone_field,
                  "Field holding the zone (核心区/缓冲区/实验区, 一级/二级/准保护区, core, level1, ...)");
  imp->add_option("--level-field", li->level_field, "Field holding the level (national, provincial, ...)");
  imp->add_option("--date-field", li->date_field, "Field holding the date designated");
  imp->add_flag("--replace", li->replace, "Remove the kind's features already in the workspace first");
  imp->footer(
      "Example:\n  ecobarrier layer import ws.gpkg reserves.gpkg --kind nature_reserve --name-field NAME "
      "--zone-field ZONE\n\n"
      "Invalid polygons are repaired with GEOS MakeValid and reported with their feature ids; a feature that is\n"
      "not a polygon, has an unknown zone or cannot be repaired stops the import and nothing is stored. The same\n"
      "file imported again changes nothing. See docs/spatial.md.");
  imp->callback([li, &ctx] { run_layer_import(ctx, *li); });
  auto ws_list = std::make_shared<std::string>();
  auto* list = layer->add_subcommand("list", "Protected layers in the workspace, by kind and zone, with areas");
  list->add_option("WS", *ws_list, "Workspace")->required();
  list->callback([ws_list, &ctx] { run_layer_list(ctx, *ws_list); });

  struct StatsOptions {
    std::string ws;
    int level = 2;
  };
  auto so = std::make_shared<StatsOptions>();
  auto* stats = layer->add_subcommand("stats", "Protected area and share per administrative unit, overlaps once");
  stats->add_option("WS", so->ws, "Workspace with units and protected layers")->required();
  stats->add_option("--level", so->level, "Unit level: 1 region, 2 leagues/cities, 3 banners/counties")
      ->capture_default_str()
      ->check(CLI::Range(1, 5));
  stats->footer(
      "Example:\n  ecobarrier layer stats ws.gpkg --level 3 --format csv -o protected_by_banner.csv\n\n"
      "Per unit and layer kind: the area of the union of the kind's features inside the unit (overlapping\n"
      "features counted once), and of all kinds together (overlaps between layers counted once), on the WGS 84\n"
      "ellipsoid. See docs/spatial.md.");
  stats->callback([so, &ctx] { run_layer_stats(ctx, so->ws, so->level); });

  auto sr = std::make_shared<ScreenRequest>();
  auto* screen = app.add_subcommand("screen", "Screen sites against the protected layers: overlaps, areas, verdicts");
  screen->add_option("WS", sr->ws, "Workspace with protected layers")->required();
  screen->add_option("SITES", sr->sites, "Points, lines or polygons (any vector file, any CRS)")->required();
  screen->add_option("--id-field", sr->id_field, "Field naming each site")->capture_default_str();
  screen->add_option("--buffer", sr->buffer_m, "Grow each site by this many metres first")->capture_default_str();
  screen->add_option("--rules", sr->rules_file,
                     "Rule table (CSV: kind,zone,verdict,rule_zh,rule_en,source) instead of the defaults");
  screen->add_option("--kinds", sr->kinds, "Only these layer kinds (comma-separated)")->delimiter(',');
  screen->add_flag("!--no-distance", sr->distances,
                   "Skip the distance to the nearest protected feature for sites that touch none");
  screen->footer(
      "Example:\n  ecobarrier screen ws.gpkg sites.geojson --buffer 500 --format csv -o screening.csv\n\n"
      "One row per site and touched layer/zone (area on the WGS 84 ellipsoid, in m², ha and 亩, share of the\n"
      "site), or one row with the distance to the nearest protected feature when the site touches none. The\n"
      "verdict comes from the rule table (data/standards/screening_rules.csv by default; project defaults,\n"
      "configurable); site_verdict is the strictest of a site's rows. See docs/spatial.md.");
  screen->callback([sr, &ctx] { run_screen(ctx, *sr); });
}

}  // namespace eb::app

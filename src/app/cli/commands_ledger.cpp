// ecobarrier project import | plan | summary | overlaps: the restoration ledger.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "app/cli/context.hpp"
#include "app/cli/governance_runs.hpp"
#include "app/table/lang.hpp"
#include "core/area.hpp"
#include "core/error.hpp"
#include "engine/vector/polygon_index.hpp"
#include "engine/vector/screening.hpp"
#include "io/vector_features.hpp"
#include "standards/ledger.hpp"
#include "store/admin_store.hpp"
#include "store/ledger_store.hpp"
#include "store/protected_store.hpp"

namespace eb::app {

namespace {

std::string type_name(const std::string& type, Lang l) {
  const auto* t = standards::project_type(type);
  return t ? (l == Lang::zh ? t->name_zh : t->name_en) : type;
}

std::string known_types() {
  std::string out;
  for (const auto& t : standards::project_types()) out += (out.empty() ? "" : ", ") + t.type;
  return out;
}

// Where a record sits in its file, for messages: CSV lines (OGR numbers data rows from 1), else feature ids.
std::string place(const std::string& path, long fid) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".csv" ? fmt::format("{}:{}", path, fid + 1) : fmt::format("{}: feature {}", path, fid);
}

// Reads an area value and its unit into an exact entry, or says why not.
struct AreaParser {
  std::string acre_means;  // "", "mu" or "international"
  std::optional<store::AreaEntry> parse(const std::optional<std::string>& value, const std::optional<std::string>& unit,
                                        const std::string& column, std::string& error) const {
    if (!value || value->empty()) return std::nullopt;
    const std::string unit_text = unit && !unit->empty() ? *unit : "";
    if (unit_text.empty()) {
      error = fmt::format("{}: no unit (mu, ha, km2, m2)", column);
      return std::nullopt;
    }
    std::optional<AreaUnit> u = parse_area_unit(unit_text);
    if (u == AreaUnit::international_acre) {
      if (acre_means.empty()) {
        error = fmt::format(
            "{}: unit \"{}\" is ambiguous (English versions of Chinese statistics write acre for 亩); say "
            "--acre-means mu or --acre-means international",
            column, unit_text);
        return std::nullopt;
      }
      if (acre_means == "mu") u = AreaUnit::mu;
    }
    if (!u) {
      error = fmt::format("{}: unknown unit \"{}\" (mu, 亩, ha, 公顷, km2, 平方公里, m2)", column, unit_text);
      return std::nullopt;
    }
    const auto area = parse_exact_area(*value, *u);
    if (!area) {
      error = fmt::format("{}: \"{}\" is not a non-negative decimal the ledger holds exactly (to 10^-6 亩)", column,
                          *value);
      return std::nullopt;
    }
    return store::AreaEntry{*value, unit_text, *area};
  }
};

std::optional<int> parse_year(const std::optional<std::string>& v) {
  if (!v || v->size() != 4 || !std::all_of(v->begin(), v->end(), ::isdigit)) return std::nullopt;
  const int y = std::stoi(*v);
  return y >= 1949 && y <= 2100 ? std::optional<int>(y) : std::nullopt;
}

}  // namespace

void run_project_import(Context& ctx, const std::string& ws_path, const std::string& path,
                        const std::string& acre_means) {
  const Lang l = ctx.lang();
  const io::VectorLayer layer =
      io::read_vector_features(path, {"code", "name", "type", "unit_code", "year", "?planned", "?planned_unit",
                                      "?completed", "?completed_unit", "?funding"});
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  const AreaParser areas{acre_means};
  std::vector<store::ProjectRecord> records;
  std::vector<std::string> errors;
  std::set<std::string> codes, known_units, unknown_units;
  for (const auto& f : layer.features) {
    const std::string where = place(path, f.fid);
    auto text = [&](const char* k) { return f.fields.at(k).value_or(""); };
    store::ProjectRecord p;
    p.code = text("code");
    p.name = text("name");
    p.type = text("type");
    p.unit_code = text("unit_code");
    p.funding = f.fields.at("funding");
    std::vector<std::string> why;
    if (p.code.empty()) why.push_back("code: empty");
    if (!p.code.empty() && !codes.insert(p.code).second)
      why.push_back(fmt::format("code {} repeats in the file", p.code));
    if (p.name.empty()) why.push_back("name: empty");
    if (!standards::project_type(p.type)) why.push_back(fmt::format("type \"{}\" (known: {})", p.type, known_types()));
    if (!known_units.count(p.unit_code)) {
      if (!unknown_units.count(p.unit_code) && store::find_unit(ws, p.unit_code)) {
        known_units.insert(p.unit_code);
      } else {
        unknown_units.insert(p.unit_code);
        why.push_back(fmt::format("unit_code \"{}\" is not an administrative unit of the workspace", p.unit_code));
      }
    }
    if (const auto y = parse_year(f.fields.at("year"))) {
      p.year = *y;
    } else {
      why.push_back(fmt::format("year \"{}\" (1949-2100)", text("year")));
    }
    std::string error;
    p.planned = areas.parse(f.fields.at("planned"), f.fields.at("planned_unit"), "planned", error);
    if (!error.empty()) why.push_back(error);
    error.clear();
    p.completed = areas.parse(f.fields.at("completed"), f.fields.at("completed_unit"), "completed", error);
    if (!error.empty()) why.push_back(error);
    if (!p.planned && !p.completed && why.empty()) why.push_back("neither planned nor completed area");
    if (!f.wkb.empty()) {
      try {
        const engine::RepairResult fixed = engine::repair_polygon(f.wkb);
        if (!fixed.was_valid)
          ctx.note(fmt::format("{}: {} {}", where, tr(l, "已修复无效多边形", "repaired"), fixed.reason));
        p.wkb = fixed.wkb;
      } catch (const GeometryError& e) {
        why.push_back(e.what());
      }
    }
    for (const auto& w : why) errors.push_back(fmt::format("{}: {}", where, w));
    if (why.empty()) records.push_back(std::move(p));
  }
  if (!errors.empty()) throw_problems(path, errors);
  const auto report = store::import_projects(ws, records, path);
  Table t;
  t.columns = {{"file", "文件", "file"},
               {"added", "新增", "added"},
               {"updated", "更新", "updated"},
               {"unchanged", "未变", "unchanged"}};
  t.add({Cell(path), Cell(report.added), Cell(report.updated), Cell(report.unchanged)});
  write_table(ctx.out(), t, ctx.format(), l);
}

void run_plan_import(Context& ctx, const std::string& ws_path, const std::string& path) {
  const Lang l = ctx.lang();
  const io::VectorLayer layer = io::read_vector_features(path, {"unit_code", "year", "type", "planned", "unit"});
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  const AreaParser areas{"mu"};
  std::vector<store::PlanRecord> plans;
  std::vector<std::string> errors;
  std::set<std::tuple<std::string, int, std::string>> seen;
  for (const auto& f : layer.features) {
    const std::string where = place(path, f.fid);
    store::PlanRecord p;
    p.unit_code = f.fields.at("unit_code").value_or("");
    p.type = f.fields.at("type").value_or("");
    std::vector<std::string> why;
    if (!store::find_unit(ws, p.unit_code))
      why.push_back(fmt::format("unit_code \"{}\" is not in the workspace", p.unit_code));
    if (!standards::project_type(p.type)) why.push_back(fmt::format("type \"{}\" (known: {})", p.type, known_types()));
    const auto y = parse_year(f.fields.at("year"));
    if (!y) why.push_back("year: 1949-2100");
    p.year = y.value_or(0);
    std::string error;
    const auto planned = areas.parse(f.fields.at("planned"), f.fields.at("unit"), "planned", error);
    if (!planned) why.push_back(error.empty() ? "planned: empty" : error);
    if (why.empty() && !seen.insert({p.unit_code, p.year, p.type}).second)
      why.push_back(fmt::format("a second plan for {} {} {}", p.unit_code, p.year, p.type));
    for (const auto& w : why) errors.push_back(fmt::format("{}: {}", where, w));
    if (why.empty()) {
      p.planned = *planned;
      plans.push_back(std::move(p));
    }
  }
  if (!errors.empty()) throw_problems(path, errors);
  const int n = store::import_plans(ws, plans, path);
  ctx.note(fmt::format("{}: {} {}", path, n, tr(l, "条年度计划", "annual plans")));
}

namespace {
// The unit a record rolls up to at `level`: itself when it is at that level or coarser, else its ancestor there.
class RollUp {
 public:
  RollUp(store::Workspace& ws, int level) : ws_(ws), level_(level) {}
  const store::AdminUnit& of(const std::string& code) {
    auto it = cache_.find(code);
    if (it != cache_.end()) return it->second;
    store::AdminUnit unit = store::find_unit(ws_, code).value();
    if (unit.level > level_) {
      for (const auto& a : store::ancestors_of(ws_, code))
        if (a.level == level_) unit = a;
    }
    return cache_.emplace(code, unit).first->second;
  }

 private:
  store::Workspace& ws_;
  int level_;
  std::map<std::string, store::AdminUnit> cache_;
};

}  // namespace

void run_project_summary(Context& ctx, const SummaryRequest& req) {
  const Lang l = ctx.lang();
  const bool zh = l == Lang::zh;
  if (req.year == 0) throw UsageError("--year: the year to report");
  const int first = req.since ? req.since : req.year;
  if (first > req.year) throw UsageError("--since must not be after --year");
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  const auto projects = store::load_projects(ws, first, req.year);
  const auto plans = store::load_plans(ws, first, req.year);
  RollUp roll(ws, req.level);
  struct Sums {
    std::int64_t projects = 0;
    ExactArea plan, planned, completed;
    bool has_plan = false;
  };
  std::map<std::pair<std::string, std::string>, Sums> sums;  // (unit code, type)
  std::map<std::string, store::AdminUnit> units;
  for (const auto& p : projects) {
    const auto& u = roll.of(p.unit_code);
    units[u.code] = u;
    Sums& s = sums[{u.code, p.type}];
    ++s.projects;
    if (p.planned) s.planned += p.planned->area;
    if (p.completed) s.completed += p.completed->area;
  }
  for (const auto& p : plans) {
    const auto& u = roll.of(p.unit_code);
    units[u.code] = u;
    Sums& s = sums[{u.code, p.type}];
    s.plan += p.planned.area;
    s.has_plan = true;
  }
  const std::string span = first == req.year ? std::to_string(req.year) : fmt::format("{}–{}", first, req.year);
  Table t;
  t.title_zh = fmt::format("生态修复项目台账汇总（{}，按{}级单位汇总；面积精确累加）", span, req.level);
  t.title_en = fmt::format("Restoration ledger ({}, rolled up to level {}; areas summed exactly)", span, req.level);
  t.columns = {{"code", "代码", "code"},
               {"name", "名称", "name"},
               {"type", "类型", "type"},
               {"type_name", "类型名称", "type name"},
               {"projects", "项目数", "projects"},
               {"plan_mu", "年度计划(亩)", "plan (mu)"},
               {"planned_mu", "项目计划面积(亩)", "projects planned (mu)"},
               {"completed_mu", "完成面积(亩)", "completed (mu)"},
               {"completed_ha", "完成面积(公顷)", "completed (ha)", 4},
               {"completed_km2", "完成面积(km²)", "completed (km²)", 6},
               {"completion_pct", "完成率(%)", "completion (%)", 1},
               {"status", "完成情况", "status"}};
  std::map<std::string, Sums> totals;
  auto status = [&](const Sums& s, double& pct) -> std::string {
    const ExactArea target = s.has_plan ? s.plan : s.planned;
    if (target.micro_mu == 0) {
      pct = std::nan("");
      return tr(l, "无计划", "no plan");
    }
    pct = 100.0 * static_cast<double>(s.completed.micro_mu) / static_cast<double>(target.micro_mu);
    const std::string against =
        s.has_plan ? tr(l, "年度计划", "the annual plan") : tr(l, "项目计划", "the projects' plans");
    if (pct > 100)
      return zh ? fmt::format("超额完成{} {:.1f}%", against, pct - 100)
                : fmt::format("exceeded {} by {:.1f}%", against, pct - 100);
    if (pct == 100) return zh ? fmt::format("完成{}", against) : fmt::format("met {}", against);
    return zh ? fmt::format("完成{}的 {:.1f}%", against, pct) : fmt::format("{:.1f}% of {}", pct, against);
  };
  auto add = [&](const std::string& code, const std::string& name, const std::string& type, const Sums& s) {
    double pct = 0;
    const std::string st = status(s, pct);
    t.add({Cell(code), Cell(name), Cell(type), Cell(type_name(type, l)), Cell(s.projects),
           s.has_plan ? Cell(s.plan.in(AreaUnit::mu)) : Cell(), Cell(s.planned.in(AreaUnit::mu)),
           Cell(s.completed.in(AreaUnit::mu)), Cell(s.completed.in(AreaUnit::ha)), Cell(s.completed.in(AreaUnit::km2)),
           std::isnan(pct) ? Cell() : Cell(pct), Cell(st)});
  };
  for (const auto& [key, s] : sums) {
    const auto& u = units.at(key.first);
    add(u.code, zh || u.name_en.empty() ? u.name_zh : u.name_en, key.second, s);
    Sums& total = totals[key.second];
    total.projects += s.projects;
    total.plan += s.plan;
    total.planned += s.planned;
    total.completed += s.completed;
    total.has_plan = total.has_plan || s.has_plan;
  }
  if (units.size() > 1) {  // one unit (the region) is its own total
    for (const auto& [type, s] : totals) add("", tr(l, "合计", "total"), type, s);
  }
  write_table(ctx.out(), t, ctx.format(), l);

  // Mine restoration against new mining damage, year by year.
  std::map<int, std::pair<ExactArea, ExactArea>> mining;  // year -> (restored, damaged)
  for (const auto& p : projects) {
    if (!p.completed) continue;
    if (p.type == "mine_restoration") mining[p.year].first += p.completed->area;
    if (p.type == "mining_damage") mining[p.year].second += p.completed->area;
  }
  if (mining.empty()) return;
  Table m;
  m.title_zh = "矿山生态修复与新增损毁（亩）";
  m.title_en = "Mine restoration against new mining damage (mu)";
  m.columns = {{"year", "年份", "year"},
               {"restored_mu", "修复(亩)", "restored (mu)"},
               {"damaged_mu", "新增损毁(亩)", "newly damaged (mu)"},
               {"net_mu", "净修复(亩)", "net restored (mu)"}};
  for (const auto& [year, rd] : mining) {
    m.add({Cell(year), Cell(rd.first.in(AreaUnit::mu)), Cell(rd.second.in(AreaUnit::mu)),
           Cell((rd.first - rd.second).in(AreaUnit::mu))});
  }
  ctx.out() << "\n";
  write_table(ctx.out(), m, ctx.format(), l);
}

void run_project_overlaps(Context& ctx, const std::string& ws_path) {
  const Lang l = ctx.lang();
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  const auto projects = store::load_projects(ws, 1949, 2100);
  std::vector<engine::ProtectedFeature> outlines;
  std::map<std::int64_t, const store::ProjectRecord*> by_id;
  for (const auto& p : projects) {
    if (p.wkb.empty()) continue;
    const auto id = static_cast<std::int64_t>(outlines.size());
    outlines.push_back({id, "project", "", p.code, p.wkb});
    by_id[id] = &p;
  }
  const engine::ProtectedIndex red_line(store::load_protected(ws, {"red_line"}));
  const engine::ProtectedIndex others(outlines);
  Table t;
  t.title_zh = "项目图斑的重叠：与生态保护红线、与其他项目（重复计算）";
  t.title_en = "Project outlines overlapping the red line, and each other (double counting)";
  t.columns = {{"project", "项目", "project"},
               {"year", "年份", "year"},
               {"type", "类型", "type"},
               {"overlaps", "重叠对象", "overlaps"},
               {"other", "对象", "other"},
               {"area_m2", "重叠面积(m²)", "overlap (m²)", 1},
               {"area_mu", "重叠面积(亩)", "overlap (mu)", 2}};
  for (const auto& [id, p] : by_id) {
    for (const auto& [fid, area] : red_line.overlap_areas(p->wkb)) {
      const auto& f = red_line.feature(fid);
      t.add({Cell(p->code), Cell(p->year), Cell(type_name(p->type, l)), Cell(tr(l, "生态保护红线", "red line")),
             Cell(f.name.empty() ? std::to_string(fid) : f.name), Cell(area),
             Cell(convert_area(area, AreaUnit::m2, AreaUnit::mu))});
    }
    for (const auto& [other, area] : others.overlap_areas(p->wkb, id)) {
      if (other < id) continue;  // each pair once
      const auto* q = by_id.at(other);
      t.add({Cell(p->code), Cell(p->year), Cell(type_name(p->type, l)), Cell(tr(l, "其他项目", "another project")),
             Cell(q->code), Cell(area), Cell(convert_area(area, AreaUnit::m2, AreaUnit::mu))});
    }
  }
  write_table(ctx.out(), t, ctx.format(), l);
  ctx.note(fmt::format("{} {}", outlines.size(), tr(l, "个项目有图斑", "projects have outlines")));
}

void add_ledger_commands(CLI::App& app, Context& ctx) {
  auto* project = app.add_subcommand("project", "Restoration ledger: projects, annual plans, progress in 亩");
  project->require_subcommand(1);
  struct ImportOptions {
    std::string ws, file, acre_means;
  };
  auto io = std::make_shared<ImportOptions>();
  auto* imp = project->add_subcommand("import", "Import projects (CSV, or any vector file with outlines)");
  imp->add_option("WS", io->ws, "Workspace")->required();
  imp->add_option("FILE", io->file,
                  "Columns: code,name,type,unit_code,year[,planned,planned_unit,completed,completed_unit,funding]")
      ->required();
  imp->add_option("--acre-means", io->acre_means, "What \"acre\" means in the file: mu or international")
      ->check(CLI::IsMember({"mu", "international"}));
  imp->footer(
      "Example:\n  ecobarrier project import ws.gpkg projects_2023.csv\n\n"
      "Units: mu/亩, ha/公顷, km2/平方公里, m2; values are kept as given and exactly (to 10^-6 亩). A project\n"
      "already in the workspace (same code) is updated when it changed. Any bad record stops the import with its\n"
      "line and nothing is stored. See docs/ledger.md.");
  imp->callback([io, &ctx] { run_project_import(ctx, io->ws, io->file, io->acre_means); });

  auto po = std::make_shared<ImportOptions>();
  auto* plan = project->add_subcommand("plan", "Import annual plans (CSV: unit_code,year,type,planned,unit)");
  plan->add_option("WS", po->ws, "Workspace")->required();
  plan->add_option("FILE", po->file, "Plans")->required();
  plan->callback([po, &ctx] { run_plan_import(ctx, po->ws, po->file); });

  auto sr = std::make_shared<SummaryRequest>();
  auto* summary = project->add_subcommand("summary", "Completion against plans, rolled up the admin hierarchy");
  summary->add_option("WS", sr->ws, "Workspace")->required();
  summary->add_option("--year", sr->year, "Year reported")->required();
  summary->add_option("--since", sr->since, "Cumulative from this year to --year");
  summary->add_option("--level", sr->level, "Roll up to this level: 1 region, 2 leagues/cities, 3 banners")
      ->capture_default_str()
      ->check(CLI::Range(1, 5));
  summary->footer(
      "Example:\n  ecobarrier project summary ws.gpkg --year 2023 --level 1\n"
      "  ecobarrier project summary ws.gpkg --year 2023 --since 2016 --format csv\n\n"
      "Completion is measured against the annual plans (project plan) when there are any, else against the\n"
      "projects' own planned areas. Also prints mine restoration against new mining damage per year.");
  summary->alias("progress");
  summary->callback([sr, &ctx] { run_project_summary(ctx, *sr); });

  auto ow = std::make_shared<std::string>();
  auto* overlaps = project->add_subcommand("overlaps", "Project outlines overlapping the red line or each other");
  overlaps->add_option("WS", *ow, "Workspace")->required();
  overlaps->callback([ow, &ctx] { run_project_overlaps(ctx, *ow); });
}

}  // namespace eb::app

// ecobarrier chief import | patrols | coverage: the chief system (河湖长制, 林长制) and patrol coverage.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/cli/context.hpp"
#include "app/cli/governance_runs.hpp"
#include "app/cli/record_file.hpp"
#include "app/table/lang.hpp"
#include "core/civil_time.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/period.hpp"
#include "engine/responsibility/patrols.hpp"
#include "standards/patrol_rules.hpp"
#include "store/admin_store.hpp"
#include "store/chief_store.hpp"

namespace eb::app {

namespace {

namespace rs = engine::responsibility;

std::optional<std::string> date_field(RecordFile& rows, const std::string& column, bool required) {
  const std::string v = rows[column];
  if (v.empty()) {
    if (required) rows.fail(column + ": empty");
    return std::nullopt;
  }
  if (!parse_iso_date(v)) {
    rows.fail(fmt::format("{}: \"{}\" is not a date (YYYY-MM-DD)", column, v));
    return std::nullopt;
  }
  return v;
}

void run_chief_import(Context& ctx, const std::string& ws_path, const std::string& path) {
  RecordFile rows(path, {"id", "name", "kind", "level", "unit_code"});
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  std::vector<store::ChiefRecord> chiefs;
  std::set<std::string> ids;
  while (rows.next()) {
    const std::size_t before = rows.failures();
    store::ChiefRecord c;
    c.source = path;
    c.id = rows["id"];
    c.name = rows["name"];
    c.kind = rows["kind"];
    c.unit_code = rows["unit_code"];
    if (c.id.empty() || !ids.insert(c.id).second) rows.fail(fmt::format("id \"{}\" is empty or repeats", c.id));
    if (c.kind != "river_lake" && c.kind != "forest_grassland") rows.fail("kind: river_lake or forest_grassland");
    const auto level = parse_number(rows["level"]);
    if (!level || *level < 1 || *level > 5 || *level != static_cast<int>(*level)) {
      rows.fail("level: 1 (region) to 5 (village)");
    } else {
      c.level = static_cast<int>(*level);
    }
    if (!store::find_unit(ws, c.unit_code))
      rows.fail(fmt::format("unit_code \"{}\" is not in the workspace", c.unit_code));
    c.since = date_field(rows, "since", false);
    c.until = date_field(rows, "until", false);
    const std::string objects = rows["objects"];  // id:name|id:name or id|id
    std::size_t start = 0;
    while (start < objects.size()) {
      const std::size_t bar = objects.find('|', start);
      const std::string item = objects.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      const std::size_t colon = item.find(':');
      c.objects.emplace_back(item.substr(0, colon), colon == std::string::npos ? item : item.substr(colon + 1));
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    if (rows.failures() == before) chiefs.push_back(std::move(c));
  }
  rows.refuse_if_failed();
  ctx.note(fmt::format("{}: {} {}", path, store::import_chiefs(ws, chiefs), tr(ctx.lang(), "位责任人", "chiefs")));
}

void run_patrol_import(Context& ctx, const std::string& ws_path, const std::string& path) {
  RecordFile rows(path, {"id", "chief_id", "date"});
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  std::vector<store::PatrolRecord> patrols;
  std::set<std::string> ids, chiefs_known;
  while (rows.next()) {
    const std::size_t before = rows.failures();
    store::PatrolRecord p;
    p.source = path;
    p.id = rows["id"];
    p.chief_id = rows["chief_id"];
    if (p.id.empty() || !ids.insert(p.id).second) rows.fail(fmt::format("id \"{}\" is empty or repeats", p.id));
    if (!chiefs_known.count(p.chief_id)) {
      if (store::chief_exists(ws, p.chief_id)) {
        chiefs_known.insert(p.chief_id);
      } else {
        rows.fail(fmt::format("chief_id \"{}\" is not a chief of the workspace", p.chief_id));
      }
    }
    if (const auto d = date_field(rows, "date", true)) p.date = *d;
    if (!rows["object_id"].empty()) p.object_id = rows["object_id"];
    auto number = [&](const char* c, bool integer) -> std::optional<double> {
      const std::string v = rows[c];
      if (v.empty()) return std::nullopt;
      const auto n = parse_number(v);
      if (!n || *n < 0 || (integer && *n != static_cast<long long>(*n))) {
        rows.fail(fmt::format("{}: \"{}\" is not a non-negative {}", c, v, integer ? "integer" : "number"));
        return std::nullopt;
      }
      return n;
    };
    p.duration_min = number("duration_min", false);
    p.track_km = number("track_km", false);
    p.resolution_days = number("resolution_days", false);
    p.issues_found = static_cast<int>(number("issues_found", true).value_or(0));
    p.issues_resolved = static_cast<int>(number("issues_resolved", true).value_or(0));
    if (p.issues_resolved > p.issues_found) rows.fail("issues_resolved exceeds issues_found");
    if (rows.failures() == before) patrols.push_back(std::move(p));
  }
  rows.refuse_if_failed();
  ctx.note(fmt::format("{}: {} {}", path, store::import_patrols(ws, patrols), tr(ctx.lang(), "次巡查", "patrols")));
}

rs::Per per_of(const std::string& s) {
  if (s == "year") return rs::Per::year;
  if (s == "quarter") return rs::Per::quarter;
  if (s == "dekad") return rs::Per::dekad;
  if (s == "week") return rs::Per::week;
  return rs::Per::month;
}

std::string per_name(const std::string& per, Lang l) {
  static const std::map<std::string, std::pair<const char*, const char*>> names = {{"year", {"每年", "a year"}},
                                                                                   {"quarter", {"每季度", "a quarter"}},
                                                                                   {"month", {"每月", "a month"}},
                                                                                   {"dekad", {"每旬", "a dekad"}},
                                                                                   {"week", {"每周", "a week"}}};
  const auto it = names.find(per);
  return it == names.end() ? per : (l == Lang::zh ? it->second.first : it->second.second);
}

}  // namespace

void run_chief_coverage(Context& ctx, const std::string& ws_path, const std::string& period_text,
                        const std::string& as_of_text, int level, bool per_chief) {
  const Lang l = ctx.lang();
  const bool zh = l == Lang::zh;
  const auto period = parse_period(period_text);
  if (!period) throw UsageError("--period: e.g. 2023, 2023-06, 2023Q2 or 2023-01-01..2023-06-30");
  std::int64_t as_of = days_from_civil(period->last) + 1;
  if (!as_of_text.empty()) {
    const auto d = parse_iso_date(as_of_text);
    if (!d) throw UsageError("--as-of: a date YYYY-MM-DD");
    as_of = days_from_civil(*d);
  }
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  const auto records = store::load_chiefs(ws);
  std::vector<rs::Chief> chiefs;
  std::vector<const standards::PatrolRule*> rules;
  for (const auto& c : records) {
    const auto* rule = standards::patrol_rule(c.kind, c.level);
    if (!rule) throw InputError(fmt::format("no patrol frequency for {} chiefs of level {}", c.kind, c.level));
    rules.push_back(rule);
    rs::Chief chief;
    chief.id = c.id;
    if (c.since) chief.since = days_from_civil(*parse_iso_date(*c.since));
    if (c.until) chief.until = days_from_civil(*parse_iso_date(*c.until));
    chief.requirement = {rule->min_patrols, per_of(rule->per)};
    for (const auto& [id, name] : c.objects) chief.objects.push_back(id);
    chiefs.push_back(std::move(chief));
  }
  std::vector<rs::Patrol> patrols;
  for (const auto& p : store::load_patrols(ws)) {
    patrols.push_back({p.chief_id, p.object_id.value_or(""), days_from_civil(*parse_iso_date(p.date)),
                       p.track_km.value_or(0), p.duration_min.value_or(0), p.issues_found, p.issues_resolved,
                       p.resolution_days});
  }
  const auto coverage =
      rs::patrol_coverage(chiefs, patrols, days_from_civil(period->first), days_from_civil(period->last), as_of);

  Table t;
  t.title_zh = fmt::format("责任人巡查情况（{} 至 {}；逾期以 {} 计）", format_date(period->first),
                           format_date(period->last), format_date(civil_from_days(as_of)));
  t.title_en = fmt::format("Patrols by chief ({} to {}; overdue as of {})", format_date(period->first),
                           format_date(period->last), format_date(civil_from_days(as_of)));
  t.columns = {{"chief", "责任人", "chief"},
               {"name", "姓名", "name"},
               {"kind", "类别", "kind"},
               {"level", "级别", "level"},
               {"unit", "行政区", "unit"},
               {"required", "巡查要求", "required"},
               {"windows", "应巡时段", "windows"},
               {"windows_met", "达标时段", "windows met"},
               {"met_pct", "达标率(%)", "met (%)", 1},
               {"patrols", "巡查次数", "patrols"},
               {"track_km", "巡查里程(km)", "track (km)", 1},
               {"issues_found", "发现问题", "issues found"},
               {"issues_resolved", "整改问题", "issues resolved"},
               {"resolved_pct", "整改率(%)", "resolved (%)", 1},
               {"resolution_days", "平均整改天数", "mean days to resolve", 1},
               {"overdue", "逾期", "overdue"},
               {"unpatrolled", "未巡对象", "not patrolled"}};
  struct Rollup {
    int chiefs = 0, fully_met = 0, overdue = 0, windows = 0, windows_met = 0, patrols = 0, found = 0, resolved = 0;
    double km = 0;
    std::set<std::string> unpatrolled;
  };
  std::map<std::pair<std::string, int>, Rollup> rollup;  // (unit at the level, chief level)
  std::map<std::string, store::AdminUnit> unit_at;
  for (std::size_t k = 0; k < records.size(); ++k) {
    const auto& r = records[k];
    const auto& c = coverage[k];
    std::string unpatrolled;
    for (const auto& o : c.unpatrolled) {
      std::string name = o;
      for (const auto& [id, n] : r.objects)
        if (id == o && !n.empty()) name = n;
      unpatrolled += (unpatrolled.empty() ? "" : "|") + name;
    }
    t.add({Cell(r.id), Cell(r.name),
           Cell(r.kind == "river_lake" ? tr(l, "河湖长", "river/lake") : tr(l, "林长", "forest/grassland")),
           Cell(r.level), Cell(r.unit_code),
           Cell(fmt::format("{}{}{}", per_name(rules[k]->per, l), zh ? "不少于" : " >= ", rules[k]->min_patrols)),
           Cell(c.windows), Cell(c.windows_met), c.windows ? Cell(100.0 * c.windows_met / c.windows) : Cell(),
           Cell(c.patrols), Cell(c.track_km), Cell(c.issues_found), Cell(c.issues_resolved),
           c.issues_found ? Cell(100.0 * c.issues_resolved / c.issues_found) : Cell(),
           c.resolution_days_issues ? Cell(c.resolution_days_sum / c.resolution_days_issues) : Cell(),
           Cell(c.overdue ? tr(l, "是", "yes") : tr(l, "否", "no")), Cell(unpatrolled)});
    // Roll up to the unit at `level` (the chief's own unit when it is coarser).
    auto it = unit_at.find(r.unit_code);
    if (it == unit_at.end()) {
      store::AdminUnit u = store::find_unit(ws, r.unit_code).value();
      if (u.level > level)
        for (const auto& a : store::ancestors_of(ws, r.unit_code))
          if (a.level == level) u = a;
      it = unit_at.emplace(r.unit_code, u).first;
    }
    Rollup& ru = rollup[{it->second.code, r.level}];
    ++ru.chiefs;
    ru.fully_met += c.windows > 0 && c.windows_met == c.windows;
    ru.overdue += c.overdue;
    ru.windows += c.windows;
    ru.windows_met += c.windows_met;
    ru.patrols += c.patrols;
    ru.km += c.track_km;
    ru.found += c.issues_found;
    ru.resolved += c.issues_resolved;
    for (const auto& o : c.unpatrolled) ru.unpatrolled.insert(o);
  }
  Table u;
  u.title_zh = fmt::format("按{}级行政区与责任人级别汇总", level);
  u.title_en = fmt::format("By administrative unit (level {}) and chief level", level);
  u.columns = {{"unit", "行政区", "unit"},
               {"name", "名称", "name"},
               {"chief_level", "责任人级别", "chief level"},
               {"chiefs", "责任人数", "chiefs"},
               {"all_windows_met", "全部达标人数", "all windows met"},
               {"overdue", "逾期人数", "overdue"},
               {"coverage_pct", "巡查达标率(%)", "windows met (%)", 1},
               {"patrols", "巡查次数", "patrols"},
               {"track_km", "巡查里程(km)", "track (km)", 1},
               {"resolved_pct", "问题整改率(%)", "issues resolved (%)", 1},
               {"unpatrolled_objects", "未巡对象数", "objects not patrolled"}};
  std::map<std::string, std::string> names;
  for (const auto& [code, unit] : unit_at) names[unit.code] = zh || unit.name_en.empty() ? unit.name_zh : unit.name_en;
  for (const auto& [key, r] : rollup) {
    u.add({Cell(key.first), Cell(names[key.first]), Cell(key.second), Cell(r.chiefs), Cell(r.fully_met),
           Cell(r.overdue), r.windows ? Cell(100.0 * r.windows_met / r.windows) : Cell(), Cell(r.patrols), Cell(r.km),
           r.found ? Cell(100.0 * r.resolved / r.found) : Cell(), Cell(static_cast<int>(r.unpatrolled.size()))});
  }
  // One document, so that --format json is one object ({"chiefs": [...], "rollup": [...]}).
  std::vector<std::pair<std::string, Table>> parts;
  if (per_chief) parts.emplace_back("chiefs", std::move(t));
  parts.emplace_back("rollup", std::move(u));
  write_document(ctx.out(), parts, ctx.format(), l);
}

void run_chief_import_files(Context& ctx, const std::string& ws, const std::string& chiefs,
                            const std::string& patrols) {
  if (!chiefs.empty()) run_chief_import(ctx, ws, chiefs);
  if (!patrols.empty()) run_patrol_import(ctx, ws, patrols);
}

void add_chief_commands(CLI::App& app, Context& ctx) {
  auto* chief = app.add_subcommand("chief", "River/lake and forest/grassland chiefs: roster, patrols, coverage");
  chief->require_subcommand(1);
  struct Files {
    std::string ws, file;
  };
  auto ci = std::make_shared<Files>();
  auto* imp =
      chief->add_subcommand("import", "Import chiefs (CSV: id,name,kind,level,unit_code[,since,until,objects])");
  imp->add_option("WS", ci->ws, "Workspace")->required();
  imp->add_option("FILE", ci->file, "Chiefs; objects as id:name|id:name")->required();
  imp->callback([ci, &ctx] { run_chief_import(ctx, ci->ws, ci->file); });
  auto pi = std::make_shared<Files>();
  auto* pat = chief->add_subcommand(
      "patrols",
      "Import patrols (CSV: id,chief_id,date[,object_id,duration_min,track_km,issues_found,issues_resolved,"
      "resolution_days])");
  pat->add_option("WS", pi->ws, "Workspace")->required();
  pat->add_option("FILE", pi->file, "Patrol records")->required();
  pat->callback([pi, &ctx] { run_patrol_import(ctx, pi->ws, pi->file); });
  struct CoverageOptions {
    std::string ws, period, as_of;
    int level = 2;
  };
  auto co = std::make_shared<CoverageOptions>();
  auto* cov = chief->add_subcommand("coverage", "Who patrolled as required, who is overdue, what went unpatrolled");
  cov->add_option("WS", co->ws, "Workspace")->required();
  cov->add_option("--period", co->period, "2023, 2023Q2, 2023-06 or FROM..TO")->required();
  cov->add_option("--as-of", co->as_of, "Date for the overdue flag (default: the day after the period)");
  cov->add_option("--level", co->level, "Roll up to this administrative level")
      ->capture_default_str()
      ->check(CLI::Range(1, 5));
  cov->footer(
      "Example:\n  ecobarrier chief coverage ws.gpkg --period 2023 --level 2\n\n"
      "Required frequencies by level are data (data/standards/patrol_frequency.csv; unconfirmed [M], configurable).\n"
      "A window (year, quarter, month, dekad or ISO week) counts when the chief served all of it inside the\n"
      "period; overdue means the last whole window before --as-of fell short. See docs/assessment.md.");
  cov->callback([co, &ctx] { run_chief_coverage(ctx, co->ws, co->period, co->as_of, co->level); });
}

}  // namespace eb::app

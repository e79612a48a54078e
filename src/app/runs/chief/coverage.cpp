#include "app/runs/chief/coverage.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "core/civil_time.hpp"
#include "core/error.hpp"
#include "standards/patrol_rules.hpp"
#include "store/admin_store.hpp"
#include "store/chief_store.hpp"

namespace eb::app::runs {

namespace {

namespace rs = engine::responsibility;

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

// The roster as the engine takes it, with each chief's required frequency (in roster order).
std::vector<rs::Chief> engine_chiefs(const std::vector<store::ChiefRecord>& records,
                                     std::vector<const standards::PatrolRule*>& rules) {
  std::vector<rs::Chief> chiefs;
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
  return chiefs;
}

std::vector<rs::Patrol> engine_patrols(store::Workspace& ws) {
  std::vector<rs::Patrol> patrols;
  for (const auto& p : store::load_patrols(ws)) {
    patrols.push_back({p.chief_id, p.object_id.value_or(""), days_from_civil(*parse_iso_date(p.date)),
                       p.track_km.value_or(0), p.duration_min.value_or(0), p.issues_found, p.issues_resolved,
                       p.resolution_days});
  }
  return patrols;
}

ChiefCoverageRow chief_row(const store::ChiefRecord& r, const standards::PatrolRule& rule, const rs::ChiefCoverage& c) {
  ChiefCoverageRow row{r.id, r.name, r.kind, r.unit_code, r.level, rule.per, rule.min_patrols, c, {}};
  for (const auto& o : c.unpatrolled) {
    std::string name = o;
    for (const auto& [id, n] : r.objects)
      if (id == o && !n.empty()) name = n;
    row.unpatrolled_names.push_back(name);
  }
  return row;
}

// Each chief's coverage summed by (unit at `level`, chief level); a chief's own unit when it is coarser.
std::vector<ChiefRollup> roll_up(store::Workspace& ws, const std::vector<ChiefCoverageRow>& chiefs, int level) {
  std::map<std::pair<std::string, int>, ChiefRollup> rollup;
  std::map<std::pair<std::string, int>, std::set<std::string>> unpatrolled;
  std::map<std::string, store::AdminUnit> unit_at;
  for (const auto& r : chiefs) {
    auto it = unit_at.find(r.unit_code);
    if (it == unit_at.end()) {
      store::AdminUnit u = store::find_unit(ws, r.unit_code).value();
      if (u.level > level)
        for (const auto& a : store::ancestors_of(ws, r.unit_code))
          if (a.level == level) u = a;
      it = unit_at.emplace(r.unit_code, u).first;
    }
    const store::AdminUnit& unit = it->second;
    const std::pair<std::string, int> key{unit.code, r.level};
    ChiefRollup& ru = rollup[key];
    ru.unit_code = unit.code;
    ru.unit_name_zh = unit.name_zh;
    ru.unit_name_en = unit.name_en;
    ru.chief_level = r.level;
    const auto& c = r.coverage;
    ++ru.chiefs;
    ru.all_windows_met += c.windows > 0 && c.windows_met == c.windows;
    ru.overdue += c.overdue;
    ru.windows += c.windows;
    ru.windows_met += c.windows_met;
    ru.patrols += c.patrols;
    ru.track_km += c.track_km;
    ru.issues_found += c.issues_found;
    ru.issues_resolved += c.issues_resolved;
    for (const auto& o : c.unpatrolled) unpatrolled[key].insert(o);
  }
  std::vector<ChiefRollup> out;
  for (auto& [key, ru] : rollup) {
    ru.unpatrolled_objects = static_cast<int>(unpatrolled[key].size());
    out.push_back(std::move(ru));
  }
  return out;
}

}  // namespace

std::optional<double> ChiefCoverageRow::met_pct() const {
  if (!coverage.windows) return std::nullopt;
  return 100.0 * coverage.windows_met / coverage.windows;
}

std::optional<double> ChiefCoverageRow::resolved_pct() const {
  if (!coverage.issues_found) return std::nullopt;
  return 100.0 * coverage.issues_resolved / coverage.issues_found;
}

std::optional<double> ChiefCoverageRow::mean_resolution_days() const {
  if (!coverage.resolution_days_issues) return std::nullopt;
  return coverage.resolution_days_sum / coverage.resolution_days_issues;
}

std::optional<double> ChiefRollup::coverage_pct() const {
  if (!windows) return std::nullopt;
  return 100.0 * windows_met / windows;
}

std::optional<double> ChiefRollup::resolved_pct() const {
  if (!issues_found) return std::nullopt;
  return 100.0 * issues_resolved / issues_found;
}

ChiefCoverageResult run_chief_coverage(const ChiefCoverageRequest& req, const RunEnv&) {
  const std::int64_t as_of = req.as_of ? days_from_civil(*req.as_of) : days_from_civil(req.period.last) + 1;
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  const auto records = store::load_chiefs(ws);
  std::vector<const standards::PatrolRule*> rules;
  const std::vector<rs::Chief> chiefs = engine_chiefs(records, rules);
  const auto coverage = rs::patrol_coverage(chiefs, engine_patrols(ws), days_from_civil(req.period.first),
                                            days_from_civil(req.period.last), as_of);
  ChiefCoverageResult r;
  r.period = req.period;
  r.as_of = civil_from_days(as_of);
  r.level = req.level;
  for (std::size_t k = 0; k < records.size(); ++k) r.chiefs.push_back(chief_row(records[k], *rules[k], coverage[k]));
  r.rollup = roll_up(ws, r.chiefs, req.level);
  return r;
}

namespace {

Table chiefs_table(const ChiefCoverageResult& r, Lang l) {
  const bool zh = l == Lang::zh;
  Table t;
  t.title_zh = fmt::format("责任人巡查情况（{} 至 {}；逾期以 {} 计）", format_date(r.period.first),
                           format_date(r.period.last), format_date(r.as_of));
  t.title_en = fmt::format("Patrols by chief ({} to {}; overdue as of {})", format_date(r.period.first),
                           format_date(r.period.last), format_date(r.as_of));
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
  for (const auto& row : r.chiefs) {
    const auto& c = row.coverage;
    std::string unpatrolled;
    for (const auto& name : row.unpatrolled_names) unpatrolled += (unpatrolled.empty() ? "" : "|") + name;
    t.add({Cell(row.id), Cell(row.name),
           Cell(row.kind == "river_lake" ? tr(l, "河湖长", "river/lake") : tr(l, "林长", "forest/grassland")),
           Cell(row.level), Cell(row.unit_code),
           Cell(fmt::format("{}{}{}", per_name(row.per, l), zh ? "不少于" : " >= ", row.min_patrols)), Cell(c.windows),
           Cell(c.windows_met), Cell(row.met_pct()), Cell(c.patrols), Cell(c.track_km), Cell(c.issues_found),
           Cell(c.issues_resolved), Cell(row.resolved_pct()), Cell(row.mean_resolution_days()),
           Cell(c.overdue ? tr(l, "是", "yes") : tr(l, "否", "no")), Cell(unpatrolled)});
  }
  return t;
}

Table rollup_table(const ChiefCoverageResult& r, Lang l) {
  const bool zh = l == Lang::zh;
  Table u;
  u.title_zh = fmt::format("按{}级行政区与责任人级别汇总", r.level);
  u.title_en = fmt::format("By administrative unit (level {}) and chief level", r.level);
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
  for (const auto& g : r.rollup) {
    u.add({Cell(g.unit_code), Cell(zh || g.unit_name_en.empty() ? g.unit_name_zh : g.unit_name_en), Cell(g.chief_level),
           Cell(g.chiefs), Cell(g.all_windows_met), Cell(g.overdue), Cell(g.coverage_pct()), Cell(g.patrols),
           Cell(g.track_km), Cell(g.resolved_pct()), Cell(g.unpatrolled_objects)});
  }
  return u;
}

}  // namespace

Document chief_coverage_document(const ChiefCoverageResult& r, Lang lang, bool per_chief) {
  // One document, so that --format json is one object ({"chiefs": [...], "rollup": [...]}).
  Document doc;
  doc.keyed = true;
  if (per_chief) doc.parts.emplace_back("chiefs", chiefs_table(r, lang));
  doc.parts.emplace_back("rollup", rollup_table(r, lang));
  return doc;
}

}  // namespace eb::app::runs

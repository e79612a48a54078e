#include "app/runs/project/project_summary.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <utility>

#include "app/runs/project/project_types.hpp"
#include "core/error.hpp"
#include "store/admin_store.hpp"
#include "store/ledger_store.hpp"

namespace eb::app::runs {

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

struct Sums {
  std::int64_t projects = 0;
  ExactArea plan, planned, completed;
  bool has_plan = false;
  void add(const Sums& o) {
    projects += o.projects;
    plan += o.plan;
    planned += o.planned;
    completed += o.completed;
    has_plan = has_plan || o.has_plan;
  }
};

ProjectSummaryRow row_of(std::string code, const std::string& type, const Sums& s) {
  ProjectSummaryRow row;
  row.code = std::move(code);
  row.type = type;
  row.projects = s.projects;
  if (s.has_plan) row.plan = s.plan;
  row.planned = s.planned;
  row.completed = s.completed;
  const ExactArea target = s.has_plan ? s.plan : s.planned;
  if (target.micro_mu != 0)
    row.completion_pct = 100.0 * static_cast<double>(s.completed.micro_mu) / static_cast<double>(target.micro_mu);
  return row;
}

// Per (unit, type) at the level and per type over the units, as rows.
void ledger_rows(store::Workspace& ws, const ProjectSummaryRequest& req,
                 const std::vector<store::ProjectRecord>& projects, const std::vector<store::PlanRecord>& plans,
                 ProjectSummaryResult& r) {
  RollUp roll(ws, req.level);
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
  std::map<std::string, Sums> totals;
  for (const auto& [key, s] : sums) {
    const auto& u = units.at(key.first);
    ProjectSummaryRow row = row_of(u.code, key.second, s);
    row.name_zh = u.name_zh;
    row.name_en = u.name_en;
    r.rows.push_back(std::move(row));
    totals[key.second].add(s);
  }
  if (units.size() > 1)  // one unit (the region) is its own total
    for (const auto& [type, s] : totals) r.rows.push_back(row_of("", type, s));
}

// Mine restoration against new mining damage, year by year.
std::vector<ProjectMiningYear> mining_balance(const std::vector<store::ProjectRecord>& projects) {
  std::map<int, ProjectMiningYear> mining;
  for (const auto& p : projects) {
    if (!p.completed) continue;
    if (p.type != "mine_restoration" && p.type != "mining_damage") continue;
    ProjectMiningYear& y = mining[p.year];
    y.year = p.year;
    (p.type == "mine_restoration" ? y.restored : y.damaged) += p.completed->area;
  }
  std::vector<ProjectMiningYear> out;
  for (const auto& [year, y] : mining) out.push_back(y);
  return out;
}

}  // namespace

std::vector<const ProjectSummaryRow*> ProjectSummaryResult::totals() const {
  std::vector<const ProjectSummaryRow*> out;
  for (const auto& row : rows)
    if (row.total()) out.push_back(&row);
  if (out.empty())
    for (const auto& row : rows) out.push_back(&row);
  return out;
}

ProjectSummaryResult run_project_summary(const ProjectSummaryRequest& req, const RunEnv&) {
  if (req.year == 0) throw UsageError("--year: the year to report");
  const int first = req.since ? req.since : req.year;
  if (first > req.year) throw UsageError("--since must not be after --year");
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  const auto projects = store::load_projects(ws, first, req.year);
  const auto plans = store::load_plans(ws, first, req.year);
  ProjectSummaryResult r;
  r.first_year = first;
  r.year = req.year;
  r.level = req.level;
  ledger_rows(ws, req, projects, plans, r);
  r.mining = mining_balance(projects);
  return r;
}

namespace {

// "96.5% of the annual plan", "exceeded the annual plan by 0.8%", "no plan", ...
std::string status_of(const ProjectSummaryRow& row, Lang lang) {
  const bool zh = lang == Lang::zh;
  if (!row.completion_pct) return tr(lang, "无计划", "no plan");
  const double pct = *row.completion_pct;
  const std::string against =
      row.against_plan() ? tr(lang, "年度计划", "the annual plan") : tr(lang, "项目计划", "the projects' plans");
  if (pct > 100)
    return zh ? fmt::format("超额完成{} {:.1f}%", against, pct - 100)
              : fmt::format("exceeded {} by {:.1f}%", against, pct - 100);
  if (pct == 100) return zh ? fmt::format("完成{}", against) : fmt::format("met {}", against);
  return zh ? fmt::format("完成{}的 {:.1f}%", against, pct) : fmt::format("{:.1f}% of {}", pct, against);
}

Table ledger_table(const ProjectSummaryResult& r, Lang lang) {
  const bool zh = lang == Lang::zh;
  const std::string span = r.first_year == r.year ? std::to_string(r.year) : fmt::format("{}–{}", r.first_year, r.year);
  Table t;
  t.title_zh = fmt::format("生态修复项目台账汇总（{}，按{}级单位汇总；面积精确累加）", span, r.level);
  t.title_en = fmt::format("Restoration ledger ({}, rolled up to level {}; areas summed exactly)", span, r.level);
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
  t.geometry = GeometryJoin{GeometryLayer::unit, "code"};
  for (const auto& row : r.rows) {
    const std::string name =
        row.total() ? tr(lang, "合计", "total") : (zh || row.name_en.empty() ? row.name_zh : row.name_en);
    t.add({Cell(row.code), Cell(name), Cell(row.type), Cell(project_type_name(row.type, lang)), Cell(row.projects),
           row.plan ? Cell(row.plan->in(AreaUnit::mu)) : Cell(), Cell(row.planned.in(AreaUnit::mu)),
           Cell(row.completed.in(AreaUnit::mu)), Cell(row.completed.in(AreaUnit::ha)),
           Cell(row.completed.in(AreaUnit::km2)), row.completion_pct ? Cell(*row.completion_pct) : Cell(),
           Cell(status_of(row, lang))});
  }
  return t;
}

Table mining_table(const ProjectSummaryResult& r) {
  Table m;
  m.title_zh = "矿山生态修复与新增损毁（亩）";
  m.title_en = "Mine restoration against new mining damage (mu)";
  m.columns = {{"year", "年份", "year"},
               {"restored_mu", "修复(亩)", "restored (mu)"},
               {"damaged_mu", "新增损毁(亩)", "newly damaged (mu)"},
               {"net_mu", "净修复(亩)", "net restored (mu)"}};
  for (const auto& y : r.mining)
    m.add({Cell(y.year), Cell(y.restored.in(AreaUnit::mu)), Cell(y.damaged.in(AreaUnit::mu)),
           Cell(y.net().in(AreaUnit::mu))});
  return m;
}

}  // namespace

Document project_summary_document(const ProjectSummaryResult& r, Lang lang) {
  Document doc(ledger_table(r, lang));
  if (!r.mining.empty()) doc.parts.emplace_back(std::string(), mining_table(r));
  return doc;
}

}  // namespace eb::app::runs

#include "app/runs/project/project_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <set>
#include <tuple>

#include "app/runs/project/project_types.hpp"
#include "core/error.hpp"
#include "engine/vector/polygon_index.hpp"
#include "io/vector_features.hpp"
#include "standards/ledger.hpp"
#include "store/admin_store.hpp"
#include "store/ledger_store.hpp"
#include "store/retry.hpp"

namespace eb::app::runs {

namespace {

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

// A reason a record is refused and the field it concerns.
struct FieldProblem {
  std::string field, why;
};

// What a project file has been checked into: records to store, repairs, and the problems of refused records.
struct CheckedProjects {
  std::vector<store::ProjectRecord> records;
  std::vector<ProjectRepair> repaired;
  std::vector<std::string> errors;     // "place: reason"
  std::vector<FieldProblem> problems;  // the same, by field
  std::set<std::string> codes, known_units, unknown_units;
};

// The project's year from `year`, and the reasons its code, name, type, unit and year are refused.
void check_project_keys(store::Workspace& ws, const std::optional<std::string>& year, store::ProjectRecord& p,
                        CheckedProjects& c, std::vector<FieldProblem>& why) {
  if (p.code.empty()) why.push_back({"code", "code: empty"});
  if (!p.code.empty() && !c.codes.insert(p.code).second)
    why.push_back({"code", fmt::format("code {} repeats in the file", p.code)});
  if (p.name.empty()) why.push_back({"name", "name: empty"});
  if (!standards::project_type(p.type))
    why.push_back({"type", fmt::format("type \"{}\" (known: {})", p.type, project_known_types())});
  if (!c.known_units.count(p.unit_code)) {
    if (!c.unknown_units.count(p.unit_code) && store::find_unit(ws, p.unit_code)) {
      c.known_units.insert(p.unit_code);
    } else {
      c.unknown_units.insert(p.unit_code);
      why.push_back(
          {"unit_code", fmt::format("unit_code \"{}\" is not an administrative unit of the workspace", p.unit_code)});
    }
  }
  if (const auto y = parse_year(year)) {
    p.year = *y;
  } else {
    why.push_back({"year", fmt::format("year \"{}\" (1949-2100)", year.value_or(""))});
  }
}

// One feature of a project file into `c`: a record, or the reasons it is refused.
void check_project(store::Workspace& ws, const AreaParser& areas, const std::string& path, const io::VectorFeature& f,
                   CheckedProjects& c) {
  const std::string where = place(path, f.fid);
  auto text = [&](const char* k) { return f.fields.at(k).value_or(""); };
  store::ProjectRecord p;
  p.code = text("code");
  p.name = text("name");
  p.type = text("type");
  p.unit_code = text("unit_code");
  p.funding = f.fields.at("funding");
  std::vector<FieldProblem> why;
  check_project_keys(ws, f.fields.at("year"), p, c, why);
  std::string error;
  p.planned = areas.parse(f.fields.at("planned"), f.fields.at("planned_unit"), "planned", error);
  if (!error.empty()) why.push_back({"planned", error});
  error.clear();
  p.completed = areas.parse(f.fields.at("completed"), f.fields.at("completed_unit"), "completed", error);
  if (!error.empty()) why.push_back({"completed", error});
  if (!p.planned && !p.completed && why.empty()) why.push_back({"planned", "neither planned nor completed area"});
  if (!f.wkb.empty()) {
    try {
      const engine::RepairResult fixed = engine::repair_polygon(f.wkb);
      if (!fixed.was_valid) c.repaired.push_back({where, fixed.reason});
      p.wkb = fixed.wkb;
    } catch (const GeometryError& e) {
      why.push_back({"geometry", e.what()});
    }
  }
  for (const auto& w : why) c.errors.push_back(fmt::format("{}: {}", where, w.why));
  c.problems.insert(c.problems.end(), why.begin(), why.end());
  if (why.empty()) c.records.push_back(std::move(p));
}

}  // namespace

ProjectImportResult run_project_import(const ProjectImportRequest& req, const RunEnv& env) {
  const io::VectorLayer layer = io::read_vector_features(req.file,
                                                         {"code", "name", "type", "unit_code", "year", "?planned",
                                                          "?planned_unit", "?completed", "?completed_unit", "?funding"},
                                                         env.text_input());
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  const AreaParser areas{req.acre_means};
  CheckedProjects checked;
  for (const auto& f : layer.features) check_project(ws, areas, req.file, f, checked);
  if (!checked.errors.empty()) throw_problems(req.file, checked.errors);
  const auto report = store::with_retry(ws.db(), [&] { return store::import_projects(ws, checked.records, req.file); });
  ProjectImportResult r;
  r.file = req.file;
  r.records = checked.records.size();
  for (const auto& p : checked.records) {
    if (p.planned) r.planned += p.planned->area;
    if (p.completed) r.completed += p.completed->area;
  }
  r.added = report.added;
  r.updated = report.updated;
  r.unchanged = report.unchanged;
  r.repaired = std::move(checked.repaired);
  return r;
}

const std::vector<std::string>& project_fields() {
  static const std::vector<std::string> fields = {"code",    "name",         "type",      "unit_code",      "year",
                                                  "planned", "planned_unit", "completed", "completed_unit", "funding"};
  return fields;
}

store::ProjectRecord check_project_record(store::Workspace& ws, const io::VectorFeature& feature,
                                          const std::string& source) {
  CheckedProjects checked;
  check_project(ws, AreaParser{}, source, feature, checked);
  if (!checked.problems.empty()) {
    std::string message;
    for (const auto& p : checked.problems) message += (message.empty() ? "" : "; ") + p.why;
    throw FieldError(checked.problems.front().field, message);
  }
  return std::move(checked.records.front());
}

Document project_import_document(const ProjectImportResult& r, Lang lang) {
  Document doc;
  for (const auto& p : r.repaired)
    doc.note(fmt::format("{}: {} {}", p.place, tr(lang, "已修复无效多边形", "repaired"), p.reason));
  Table t;
  t.columns = {{"file", "文件", "file"},
               {"added", "新增", "added"},
               {"updated", "更新", "updated"},
               {"unchanged", "未变", "unchanged"}};
  t.add({Cell(r.file), Cell(r.added), Cell(r.updated), Cell(r.unchanged)});
  doc.parts.emplace_back(std::string(), std::move(t));
  return doc;
}

namespace {

// One row of a plan file: the plan, or the reasons it is refused.
std::optional<store::PlanRecord> check_plan(store::Workspace& ws, const io::VectorFeature& f,
                                            std::set<std::tuple<std::string, int, std::string>>& seen,
                                            std::vector<std::string>& why) {
  static const AreaParser areas{"mu"};
  store::PlanRecord p;
  p.unit_code = f.fields.at("unit_code").value_or("");
  p.type = f.fields.at("type").value_or("");
  if (!store::find_unit(ws, p.unit_code))
    why.push_back(fmt::format("unit_code \"{}\" is not in the workspace", p.unit_code));
  if (!standards::project_type(p.type))
    why.push_back(fmt::format("type \"{}\" (known: {})", p.type, project_known_types()));
  const auto y = parse_year(f.fields.at("year"));
  if (!y) why.push_back("year: 1949-2100");
  p.year = y.value_or(0);
  std::string error;
  const auto planned = areas.parse(f.fields.at("planned"), f.fields.at("unit"), "planned", error);
  if (!planned) why.push_back(error.empty() ? "planned: empty" : error);
  if (why.empty() && !seen.insert({p.unit_code, p.year, p.type}).second)
    why.push_back(fmt::format("a second plan for {} {} {}", p.unit_code, p.year, p.type));
  if (!why.empty()) return std::nullopt;
  p.planned = *planned;
  return p;
}

}  // namespace

ProjectPlanImportResult run_project_plan_import(const ProjectPlanImportRequest& req, const RunEnv& env) {
  const io::VectorLayer layer =
      io::read_vector_features(req.file, {"unit_code", "year", "type", "planned", "unit"}, env.text_input());
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  std::vector<store::PlanRecord> plans;
  std::vector<std::string> errors;
  std::set<std::tuple<std::string, int, std::string>> seen;
  for (const auto& f : layer.features) {
    std::vector<std::string> why;
    if (auto p = check_plan(ws, f, seen, why)) plans.push_back(std::move(*p));
    for (const auto& w : why) errors.push_back(fmt::format("{}: {}", place(req.file, f.fid), w));
  }
  if (!errors.empty()) throw_problems(req.file, errors);
  ProjectPlanImportResult r;
  r.file = req.file;
  r.plans = store::with_retry(ws.db(), [&] { return store::import_plans(ws, plans, req.file); });
  for (const auto& p : plans) r.planned += p.planned.area;
  return r;
}

Document project_plan_import_document(const ProjectPlanImportResult& r, Lang lang) {
  Document doc;
  doc.note(fmt::format("{}: {} {}", r.file, r.plans, tr(lang, "条年度计划", "annual plans")));
  return doc;
}

}  // namespace eb::app::runs

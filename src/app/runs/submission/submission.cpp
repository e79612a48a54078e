#include "app/runs/submission/submission.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <variant>

#include "app/runs/account/access.hpp"
#include "app/runs/assess/import.hpp"
#include "app/runs/chief/import.hpp"
#include "app/runs/project/project_import.hpp"
#include "app/runs/record_file.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"
#include "io/geojson.hpp"
#include "store/chief_store.hpp"
#include "store/indicator_store.hpp"
#include "store/ledger_store.hpp"
#include "store/retry.hpp"

namespace eb::app::runs {

namespace {

using TypedRecord = std::variant<store::ProjectRecord, store::PatrolRecord, store::IndicatorValue, store::ChiefRecord>;

struct CheckedRecord {
  std::string unit_code, record_key;
  TypedRecord value;
};

// `record` without its geometry member (which JsonRecord does not read: it is no CSV column).
nlohmann::json without(const nlohmann::json& record, const char* member) {
  nlohmann::json copy = record;
  if (copy.is_object()) copy.erase(member);
  return copy;
}

// A member of `record` that is present and not null.
const nlohmann::json* member(const nlohmann::json& record, const char* name) {
  if (!record.is_object()) return nullptr;
  const auto it = record.find(name);
  return it == record.end() || it->is_null() ? nullptr : &*it;
}

CheckedRecord check_project(store::Workspace& ws, const nlohmann::json& record, const std::string& source) {
  JsonRecord fields(without(record, "geometry"), {"code", "name", "type", "unit_code", "year"},
                    {"planned", "planned_unit", "completed", "completed_unit", "funding"});
  io::VectorFeature f;
  for (const auto& name : project_fields()) {
    const std::string v = fields[name];
    f.fields[name] = v.empty() ? std::nullopt : std::optional<std::string>(v);
  }
  if (const auto* geometry = member(record, "geometry")) {
    try {
      f.wkb = io::wkb_from_geojson(geometry->dump(), {"Polygon", "MultiPolygon"});
    } catch (const InputError& e) {
      throw FieldError("geometry", fmt::format("geometry: {}", e.what()));
    }
  }
  store::ProjectRecord p = check_project_record(ws, f, source);
  return {p.unit_code, p.code, std::move(p)};
}

CheckedRecord check_patrol(store::Workspace& ws, const nlohmann::json& record, const std::string& source) {
  JsonRecord fields(without(record, "track"), {"id", "chief_id", "date"},
                    {"object_id", "duration_min", "track_km", "issues_found", "issues_resolved", "resolution_days"});
  store::PatrolRecord p = check_patrol_record(fields, ws, source);
  if (const auto* track = member(record, "track")) set_patrol_track(p, *track);
  // The patrol's unit is its chief's (the chief exists: the check says so).
  std::string unit = store::chief_unit(ws, p.chief_id).value_or("");
  return {std::move(unit), p.id, std::move(p)};
}

CheckedRecord check_indicator_value(store::Workspace& ws, const nlohmann::json& record, const std::string& source) {
  JsonRecord fields(record, {"indicator", "unit_code", "year", "value"}, {"source"});
  store::IndicatorValue v = check_indicator_value_record(fields, ws, source);
  std::string key = fmt::format("{}/{}/{}", v.indicator, v.unit_code, v.year);
  return {v.unit_code, std::move(key), std::move(v)};
}

CheckedRecord check_chief(store::Workspace& ws, const nlohmann::json& record, const std::string& source) {
  JsonRecord fields(record, {"id", "name", "kind", "level", "unit_code"}, {"since", "until", "objects"});
  store::ChiefRecord c = check_chief_record(fields, ws, source);
  return {c.unit_code, c.id, std::move(c)};
}

CheckedRecord check_record(store::Workspace& ws, const std::string& kind, const nlohmann::json& record,
                           const std::string& source) {
  if (!record.is_object()) throw FieldError("record", "record: a JSON object of the record's fields");
  if (kind == "project") return check_project(ws, record, source);
  if (kind == "patrol") return check_patrol(ws, record, source);
  if (kind == "indicator_value") return check_indicator_value(ws, record, source);
  if (kind == "chief") return check_chief(ws, record, source);
  throw FieldError("kind", fmt::format("kind \"{}\": project, patrol, indicator_value or chief", kind));
}

// Writes an approved record through the store function its CLI import uses.
void write_record(store::Workspace& ws, const TypedRecord& value, const std::string& source) {
  if (const auto* p = std::get_if<store::ProjectRecord>(&value)) {
    store::import_projects(ws, {*p}, source);
  } else if (const auto* patrol = std::get_if<store::PatrolRecord>(&value)) {
    store::import_patrols(ws, {*patrol});
  } else if (const auto* v = std::get_if<store::IndicatorValue>(&value)) {
    store::import_indicator_values(ws, {*v});
  } else {
    store::import_chiefs(ws, {std::get<store::ChiefRecord>(value)});
  }
}

// Whether the submission is `who`'s own: submitted by it, or (a chief account) a patrol of the chief it is.
bool own_submission(const Principal& who, const store::Submission& s) {
  if (s.submitted_by == who.name) return true;
  if (!who.chief_id || s.kind != "patrol") return false;
  const auto record = nlohmann::json::parse(s.record_json, nullptr, false);
  const auto* chief = member(record, "chief_id");
  return chief && chief->is_string() && chief->get<std::string>() == *who.chief_id;
}

bool may_read(store::Workspace& ws, const std::optional<Principal>& who, const store::Submission& s) {
  return has_access(ws, who, "read_submissions", s.unit_code, who && own_submission(*who, s));
}

// The submission if `who` may read it; NotFoundError otherwise (one answer for both).
store::Submission readable(store::Workspace& ws, const std::optional<Principal>& who, std::int64_t id) {
  auto s = store::find_submission(ws, id);
  if (!s || !may_read(ws, who, *s)) throw NotFoundError(fmt::format("submission {}: no such submission", id));
  return *s;
}

// The checks before a decision: readable, decidable for its unit, not one's own.
store::Submission decidable(store::Workspace& ws, const Principal& who, std::int64_t id) {
  store::Submission s = readable(ws, who, id);
  require_access(ws, who, "decide_submission", s.unit_code);
  if (s.submitted_by == who.name)
    throw PermissionError(
        fmt::format("submission {}: \"{}\" submitted it; nobody approves or returns their own", id, who.name));
  return s;
}

std::string provenance(std::int64_t id) { return fmt::format("submission {}", id); }

}  // namespace

const std::vector<std::string>& submission_kinds() {
  static const std::vector<std::string> kinds = {"project", "patrol", "indicator_value", "chief"};
  return kinds;
}

store::Submission run_submit(store::Workspace& ws, const Principal& who, const std::string& kind,
                             const nlohmann::json& record) {
  const auto& kinds = submission_kinds();
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
    throw FieldError("kind", fmt::format("kind \"{}\": project, patrol, indicator_value or chief", kind));
  const std::string action = "submit_" + kind;
  // A role that never submits this kind learns nothing about the record's checks.
  if (!may_ever(who, action))
    throw PermissionError(fmt::format("account \"{}\" (role {}) may not {}", who.name, who.role, action));
  const CheckedRecord checked = check_record(ws, kind, record, "submission");
  bool own = false;
  if (const auto* patrol = std::get_if<store::PatrolRecord>(&checked.value))
    own = who.chief_id && *who.chief_id == patrol->chief_id;
  require_access(ws, who, action, checked.unit_code, own);
  // Keys are global: a record of the same key elsewhere would be moved into this unit on approval.
  if (const auto replaced = store::replaced_record(ws, kind, checked.record_key)) {
    const bool own_replaced = who.chief_id && replaced->chief_id == who.chief_id;
    if (!has_access(ws, who, action, replaced->unit_code, own_replaced))
      throw PermissionError(fmt::format("{} {} is a record of unit {}: account \"{}\" may not replace it", kind,
                                        checked.record_key, replaced->unit_code, who.name));
  }
  store::NewSubmission n;
  n.kind = kind;
  n.unit_code = checked.unit_code;
  n.record_key = checked.record_key;
  n.record_json = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  n.submitted_by = who.name;
  // Each store call below is one transaction of its own; a conflict with a concurrent writer runs it again.
  return store::with_retry(ws.db(), [&] { return store::insert_submission(ws, n); });
}

std::vector<store::Submission> run_submissions(store::Workspace& ws, const std::optional<Principal>& who,
                                               const SubmissionQuery& query) {
  if (!who) throw AuthError("sign in first: submissions need an account");
  if (!may_ever(who, "read_submissions"))
    throw PermissionError(fmt::format("account \"{}\" (role {}) may not read submissions", who->name, who->role));
  store::SubmissionFilter f;
  f.status = query.status;
  f.kind = query.kind;
  if (query.mine) f.submitted_by = who->name;
  // The hierarchy is asked once per unit, not once per submission: a long list costs a few queries.
  std::map<std::string, bool> in_unit, readable_unit;
  auto once = [](std::map<std::string, bool>& memo, const std::string& unit, const auto& ask) {
    const auto [it, fresh] = memo.try_emplace(unit, false);
    if (fresh) it->second = ask();
    return it->second;
  };
  f.keep = [&](const store::Submission& s) {
    if (query.unit && !once(in_unit, s.unit_code, [&] { return unit_within(ws, s.unit_code, *query.unit); }))
      return false;
    if (own_submission(*who, s)) return may_read(ws, who, s);
    return once(readable_unit, s.unit_code,
                [&] { return has_access(ws, who, "read_submissions", s.unit_code, false); });
  };
  return store::list_submissions(ws, f);
}

store::Submission run_submission(store::Workspace& ws, const std::optional<Principal>& who, std::int64_t id) {
  return readable(ws, who, id);
}

store::Submission run_approve(store::Workspace& ws, const Principal& who, std::int64_t id) {
  decidable(ws, who, id);
  const auto write_approved = [&ws, &who](const store::Submission& approved) {
    const std::string source = provenance(approved.id);
    const CheckedRecord checked = check_record(ws, approved.kind, nlohmann::json::parse(approved.record_json), source);
    // The record it replaces (if any) must lie in the approver's scope too; so must the unit it reports for now.
    require_access(ws, who, "decide_submission", checked.unit_code);
    if (const auto replaced = store::replaced_record(ws, approved.kind, checked.record_key))
      require_access(ws, who, "decide_submission", replaced->unit_code);
    write_record(ws, checked.value, source);
  };
  return store::with_retry(ws.db(), [&] {
    return store::decide_submission(ws, id, {true, who.name, ""}, write_approved);
  });
}

store::Submission run_return(store::Workspace& ws, const Principal& who, std::int64_t id, const std::string& reason) {
  const std::string why(trim(reason));
  decidable(ws, who, id);
  if (why.empty()) throw FieldError("reason", "reason: empty (say why the record goes back)");
  return store::with_retry(ws.db(), [&] { return store::decide_submission(ws, id, {false, who.name, why}); });
}

nlohmann::json submission_json(const store::Submission& s) {
  const auto opt = [](const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  return {{"id", s.id},
          {"kind", s.kind},
          {"unit_code", s.unit_code},
          {"record_key", s.record_key},
          {"status", s.status},
          {"submitted_by", s.submitted_by},
          {"submitted_at", s.submitted_at},
          {"decided_by", opt(s.decided_by)},
          {"decided_at", opt(s.decided_at)},
          {"reason", opt(s.reason)},
          {"record", nlohmann::json::parse(s.record_json, nullptr, false)}};
}

Document submissions_document(const std::vector<store::Submission>& submissions, Lang lang) {
  Table t;
  t.columns = {{"id", "编号", "id"},
               {"kind", "类别", "kind"},
               {"unit_code", "行政区代码", "unit"},
               {"record_key", "记录", "record"},
               {"status", "状态", "status"},
               {"submitted_by", "提交人", "submitted by"},
               {"submitted_at", "提交时间", "submitted at"},
               {"decided_by", "审核人", "decided by"},
               {"decided_at", "审核时间", "decided at"},
               {"reason", "退回理由", "reason"}};
  const auto kind_name = [lang](const std::string& k) {
    if (k == "project") return tr(lang, "生态修复项目", "project");
    if (k == "patrol") return tr(lang, "巡查", "patrol");
    if (k == "indicator_value") return tr(lang, "指标值", "indicator value");
    return tr(lang, "责任人", "chief");
  };
  const auto status_name = [lang](const std::string& st) {
    if (st == "approved") return tr(lang, "已通过", "approved");
    if (st == "returned") return tr(lang, "已退回", "returned");
    return tr(lang, "待审核", "submitted");
  };
  for (const auto& s : submissions)
    t.add({Cell(s.id), Cell(kind_name(s.kind)), Cell(s.unit_code), Cell(s.record_key), Cell(status_name(s.status)),
           Cell(s.submitted_by), Cell(s.submitted_at), Cell(s.decided_by), Cell(s.decided_at), Cell(s.reason)});
  return Document(std::move(t));
}

}  // namespace eb::app::runs

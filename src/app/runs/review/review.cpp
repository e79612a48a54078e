#include "app/runs/review/review.hpp"

#include <fmt/format.h>

#include <set>

#include "app/runs/account/access.hpp"
#include "core/civil_time.hpp"
#include "core/error.hpp"
#include "engine/review/checks.hpp"
#include "standards/review_rules.hpp"
#include "store/retry.hpp"
#include "store/source_store.hpp"
#include "store/station_store.hpp"

namespace eb::app::runs {

namespace {

std::string beijing(EpochSeconds t) {
  const CivilDateTime c = epoch_to_beijing(t);
  return fmt::format("{} {:02d}:{:02d}", format_date(c.date), c.hour, c.minute);
}

}  // namespace

std::optional<ReviewSubjects> parse_review_subjects(std::string_view s) {
  if (s == "stations") return ReviewSubjects::stations;
  if (s == "outlets") return ReviewSubjects::outlets;
  if (s == "all") return ReviewSubjects::all;
  return std::nullopt;
}

namespace {

// Checks one kind of subject and stores its marks; adds to the result's counts.
void review_kind(store::Workspace& ws, const engine::review::Input& in, const std::vector<std::string>& only_list,
                 ReviewRunResult& r, std::size_t ReviewRunResult::*checked) {
  const auto marks = engine::review::run_checks(in, standards::ReviewRules::bundled());
  const std::set<std::string> only(only_list.begin(), only_list.end());
  for (const auto& s : in.series)
    if (only.empty() || only.count(in.subjects[s.subject].code)) ++r.series_checked;
  for (const auto& subject : in.subjects)
    if (only.empty() || only.count(subject.code)) ++(r.*checked);
  // One transaction; a conflict with a concurrent writer stores the same marks again.
  const auto c =
      store::with_retry(ws.db(), [&] { return store::store_review_marks(ws, r.period, in.kind, only_list, marks); });
  r.counts.added += c.added;
  r.counts.unchanged += c.unchanged;
  r.counts.updated += c.updated;
  r.counts.retracted += c.retracted;
  store::MarkFilter f;
  f.kind = in.kind;
  f.begin = r.period.begin();
  f.end = r.period.end();
  for (auto& m : store::review_marks(ws, f))
    if (only.empty() || only.count(m.mark.subject)) r.marks.push_back(std::move(m));
}

}  // namespace

ReviewRunResult run_review_run(const ReviewRunRequest& req, const RunEnv&) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  const bool stations = req.subjects != ReviewSubjects::outlets, outlets = req.subjects != ReviewSubjects::stations;
  if (!stations && !req.stations.empty()) throw InputError("--station: the run checks outlets only (--subject)");
  if (!outlets && !req.outlets.empty()) throw InputError("--outlet: the run checks stations only (--subject)");
  for (const auto& code : req.stations) {
    const auto st = store::find_station(ws, code);
    if (!st || st->kind != "air")
      throw InputError(fmt::format("--station {}: not an air station of {}", code, req.workspace));
  }
  std::vector<std::string> outlet_keys;
  for (const auto& name : req.outlets) {
    const auto o = store::find_outlet(ws, name);
    if (!o)
      throw InputError(
          fmt::format("--outlet {}: no such outlet (enterprise_id/outlet_id or MN) in {}", name, req.workspace));
    outlet_keys.push_back(o->key);
  }
  ReviewRunResult r;
  r.period = req.period;
  r.subjects = req.subjects;
  if (stations)
    review_kind(ws, store::load_review_input(ws, req.period), req.stations, r, &ReviewRunResult::stations_checked);
  if (outlets)
    review_kind(ws, store::load_outlet_review_input(ws, req.period), outlet_keys, r, &ReviewRunResult::outlets_checked);
  return r;
}

Document review_run_document(const ReviewRunResult& r, Lang l) {
  Document doc = review_list_document({r.marks}, l);
  std::string checked;
  if (r.subjects != ReviewSubjects::outlets)
    checked += fmt::format("{} {}, ", r.stations_checked, tr(l, "个站点", "stations"));
  if (r.subjects != ReviewSubjects::stations)
    checked += fmt::format("{} {}, ", r.outlets_checked, tr(l, "个排放口", "outlets"));
  doc.note(fmt::format("{} {}: {}{} {}; {} {}, {} {}, {} {}, {} {}", tr(l, "数据审核", "review"), r.period.label,
                       checked, r.series_checked, tr(l, "个序列", "series"), tr(l, "新增标记", "marks added"),
                       r.counts.added, tr(l, "未变", "unchanged"), r.counts.unchanged, tr(l, "更新", "updated"),
                       r.counts.updated, tr(l, "撤回", "retracted"), r.counts.retracted));
  return doc;
}

ReviewListResult run_review_list(const ReviewListRequest& req, const RunEnv&) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  store::MarkFilter f;
  f.status = req.status;
  if (req.subjects == ReviewSubjects::stations) f.kind = engine::review::SubjectKind::station;
  if (req.subjects == ReviewSubjects::outlets) f.kind = engine::review::SubjectKind::outlet;
  if (req.station && req.outlet) throw InputError("--station and --outlet: one of them");
  if (req.station) {
    f.kind = engine::review::SubjectKind::station;
    f.subject = req.station;
  }
  if (req.outlet) {
    const auto o = store::find_outlet(ws, *req.outlet);
    if (!o)
      throw InputError(
          fmt::format("--outlet {}: no such outlet (enterprise_id/outlet_id or MN) in {}", *req.outlet, req.workspace));
    f.kind = engine::review::SubjectKind::outlet;
    f.subject = o->key;
  }
  if (req.period) {
    f.begin = req.period->begin();
    f.end = req.period->end();
  }
  return {store::review_marks(ws, f)};
}

Document review_list_document(const ReviewListResult& r, Lang l) {
  Table t;
  t.title_zh = "数据审核标记";
  t.title_en = "Data review marks";
  t.columns = {{"id", "编号", "id"},
               {"rule", "规则", "rule"},
               {"subject", "对象", "subject"},
               {"station", "站点", "station"},
               {"outlet", "排放口", "outlet"},
               {"parameter", "参数", "parameter"},
               {"start", "开始（北京时间）", "start (Beijing)"},
               {"end", "结束", "end"},
               {"hours", "小时数", "hours"},
               {"severity", "严重性", "severity"},
               {"status", "状态", "status"},
               {"excludes", "剔除", "excludes"},
               {"detail", "说明", "detail"},
               {"decided_by", "审核人", "decided by"},
               {"decided_at", "审核时间", "decided at"},
               {"reason", "理由", "reason"}};
  for (const auto& m : r.marks)
    t.add({Cell(m.id), m.mark.rule, std::string(engine::review::subject_kind_name(m.mark.kind)),
           m.mark.kind == engine::review::SubjectKind::station ? m.mark.subject : std::string(),
           m.mark.kind == engine::review::SubjectKind::outlet ? m.mark.subject : std::string(), m.mark.parameter,
           beijing(m.mark.start), beijing(m.mark.end), Cell(m.mark.hours),
           std::string(standards::severity_name(m.mark.severity)), std::string(store::status_name(m.status)),
           Cell(m.excludes() ? "yes" : "no"), m.mark.detail, m.decided_by, m.decided_at, m.reason});
  Document doc(std::move(t));
  if (r.marks.empty()) doc.note(tr(l, "没有审核标记。", "No review marks."));
  return doc;
}

store::StoredMark run_review_decide(const ReviewDecideRequest& req, const RunEnv&) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  return store::with_retry(ws.db(), [&] { return store::decide_mark(ws, req.mark, req.decision, req.by, req.reason); });
}

store::StoredMark run_review_decide_as(store::Workspace& ws, const Principal& who, std::int64_t id,
                                       store::MarkStatus decision, const std::string& reason) {
  const auto mark = store::review_mark(ws, id);
  if (!mark) throw NotFoundError(fmt::format("no review mark {}", id));
  std::optional<std::string> unit;
  if (mark->outlet) {
    for (const auto& o : store::list_outlets(ws))
      if (o.enterprise_id + "/" + o.outlet_id == mark->mark.subject) unit = o.unit_code;
  } else if (const auto station = store::find_station(ws, mark->mark.subject)) {
    unit = station->admin_code ? station->admin_code : station->league_code;
  }
  // A subject the hierarchy does not place is the region's business: only an account with scope `all` decides it.
  require_access(ws, who, "decide_review", unit.value_or(""));
  if (reason.empty()) throw FieldError("reason", "reason: required (why the mark is confirmed or overruled)");
  return store::with_retry(ws.db(), [&] { return store::decide_mark(ws, id, decision, who.name, reason); });
}

Document review_decide_document(const store::StoredMark& m, Lang l) {
  Document doc = review_list_document({{m}}, l);
  doc.note(fmt::format("{} {}: {} ({})", tr(l, "审核标记", "review mark"), m.id, store::status_name(m.status),
                       m.excludes() ? tr(l, "其数据不参与评价", "its values are left out of assessments")
                                    : tr(l, "其数据参与评价", "its values are used in assessments")));
  return doc;
}

store::AuditVerification run_audit_verify(const AuditVerifyRequest& req, const RunEnv&) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  return store::verify_audit(ws);
}

Document audit_verify_document(const store::AuditVerification& v, Lang l) {
  Table t;
  t.title_zh = "审计日志校验";
  t.title_en = "Audit log verification";
  t.columns = {{"ok", "通过", "ok"},
               {"entries", "条目数", "entries"},
               {"first_bad", "首个问题条目", "first bad entry"},
               {"problem", "问题", "problem"},
               {"head_seq", "链头序号", "head seq"},
               {"head_hash", "链头哈希", "head hash"}};
  t.add({Cell(v.ok ? "yes" : "no"), Cell(v.entries), Cell(v.first_bad), v.problem, Cell(v.head_seq), v.head_hash});
  Document doc(std::move(t));
  doc.note(v.ok ? fmt::format("{}: {} {}", tr(l, "审计日志完整", "audit log intact"), v.entries, tr(l, "条", "entries"))
                : fmt::format("{} {}: {}", tr(l, "审计日志在条目处断开", "audit log broken at entry"),
                              v.first_bad.value_or(0), v.problem));
  return doc;
}

std::vector<store::AuditEntry> run_audit_list(const AuditListRequest& req, const RunEnv&) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  return store::audit_entries(ws, req.list);
}

Document audit_list_document(const std::vector<store::AuditEntry>& entries, Lang) {
  Table t;
  t.title_zh = "审计日志";
  t.title_en = "Audit log";
  t.columns = {{"seq", "序号", "seq"},         {"time", "时间（UTC）", "time (UTC)"},
               {"actor", "操作人", "actor"},   {"action", "操作", "action"},
               {"table", "表", "table"},       {"key", "键", "key"},
               {"details", "详情", "details"}, {"prev_hash", "前一哈希", "prev hash"},
               {"hash", "哈希", "hash"}};
  for (const auto& e : entries)
    t.add({Cell(e.seq), e.time, e.actor, e.action, e.table, e.key, e.details, e.prev_hash, e.hash});
  return Document(std::move(t));
}

}  // namespace eb::app::runs

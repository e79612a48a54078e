#include "store/submission_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "store/database.hpp"

namespace eb::store {

namespace {

constexpr const char* kSelect =
    "SELECT id, kind, unit_code, record_key, record_json, status, submitted_by, submitted_at, decided_by, "
    "decided_at, reason FROM submission ";

Submission read_submission(Statement& q) {
  Submission s;
  s.id = q.int64(0);
  s.kind = q.text(1);
  s.unit_code = q.text(2);
  s.record_key = q.text(3);
  s.record_json = q.text(4);
  s.status = q.text(5);
  s.submitted_by = q.text(6);
  s.submitted_at = q.text(7);
  s.decided_by = q.opt_text(8);
  s.decided_at = q.opt_text(9);
  s.reason = q.opt_text(10);
  return s;
}

// Details for the audit log; text that is not UTF-8 is kept with replacement characters.
std::string audit_details(const Submission& s, const char* before, const char* after,
                          const std::optional<std::string>& reason) {
  nlohmann::json j = {{"after", after}, {"kind", s.kind}, {"record_key", s.record_key}, {"unit", s.unit_code}};
  if (before) j["before"] = before;
  if (reason) j["reason"] = *reason;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Submission insert_submission(Workspace& ws, const NewSubmission& n) {
  Database& db = ws.db();
  Transaction tx(db);
  // In the write transaction: two identical retries arriving together still make one submission. On a server the
  // transaction does not keep other writers out: identical submissions take turns on a lock of their own (an
  // advisory lock on the identity's hash, released at commit), so the second finds the first.
  if (db.on_server())
    db.prepare("SELECT pg_advisory_xact_lock(1, hashtext(?1))")
        .bind(1, n.kind + '\n' + n.record_key + '\n' + n.submitted_by)
        .run();
  auto same = db.prepare(
      "SELECT id FROM submission WHERE status = 'submitted' AND kind = ?1 AND record_key = ?2 AND submitted_by = ?3 "
      "AND record_json = ?4 ORDER BY id LIMIT 1");
  same.bind(1, n.kind).bind(2, n.record_key).bind(3, n.submitted_by).bind(4, n.record_json);
  if (same.step()) {
    Submission existing = *find_submission(ws, same.int64(0));
    existing.repeated = true;
    return existing;
  }
  Statement add = db.prepare(
      "INSERT INTO submission (kind, unit_code, record_key, record_json, status, submitted_by, submitted_at) "
      "VALUES (?, ?, ?, ?, 'submitted', ?, ?) RETURNING id");
  add.bind(1, n.kind)
      .bind(2, n.unit_code)
      .bind(3, n.record_key)
      .bind(4, n.record_json)
      .bind(5, n.submitted_by)
      .bind(6, utc_timestamp())
      .step();
  const std::int64_t id = add.int64(0);
  add.reset();
  Submission s = *find_submission(ws, id);
  db.describe_write({"submit", "submission", std::to_string(id), audit_details(s, nullptr, "submitted", std::nullopt),
                     n.submitted_by});
  tx.commit();
  return s;
}

std::vector<Submission> list_submissions(Workspace& ws, const SubmissionFilter& f) {
  Statement q =
      ws.db().prepare(std::string(kSelect) +
                      "WHERE (CAST(?1 AS TEXT) IS NULL OR status = ?1) AND (CAST(?2 AS TEXT) IS NULL OR kind = ?2) AND "
                      "(CAST(?3 AS TEXT) IS NULL OR submitted_by = ?3) ORDER BY id DESC");
  q.bind(1, f.status).bind(2, f.kind).bind(3, f.submitted_by);
  std::vector<Submission> out;
  while (q.step()) {
    Submission s = read_submission(q);
    if (f.units && std::find(f.units->begin(), f.units->end(), s.unit_code) == f.units->end()) continue;
    if (f.keep && !f.keep(s)) continue;
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<Submission> find_submission(Workspace& ws, std::int64_t id) {
  Statement q = ws.db().prepare(std::string(kSelect) + "WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_submission(q);
}

Submission decide_submission(Workspace& ws, std::int64_t id, const SubmissionDecision& d,
                             const std::function<void(const Submission&)>& write_record) {
  Database& db = ws.db();
  Transaction tx(db);
  const auto before = find_submission(ws, id);
  if (!before) throw NotFoundError(fmt::format("submission {}: no such submission", id));
  const char* after = d.approve ? "approved" : "returned";
  std::optional<std::string> reason;
  if (!d.reason.empty()) reason = d.reason;
  Statement update = db.prepare(
      "UPDATE submission SET status = ?2, decided_by = ?3, decided_at = ?5, "
      "reason = ?4 WHERE id = ?1 AND status = 'submitted'");
  update.bind(1, id).bind(2, after).bind(3, d.by).bind(4, reason).bind(5, utc_timestamp()).run();
  if (db.changes() == 0)
    throw ConflictError(fmt::format("submission {} is {}, not submitted: it was decided before", id, before->status));
  Submission s = *find_submission(ws, id);
  if (d.approve && write_record) write_record(s);
  db.describe_write({d.approve ? "approve" : "return", "submission", std::to_string(id),
                     audit_details(s, "submitted", after, reason), d.by});
  tx.commit();
  return s;
}

std::optional<ReplacedRecord> replaced_record(Workspace& ws, const std::string& kind, const std::string& record_key) {
  const char* sql =
      kind == "project" ? "SELECT unit_code, NULL FROM project WHERE code = ?"
      : kind == "chief" ? "SELECT unit_code, NULL FROM chief WHERE id = ?"
      : kind == "patrol"
          ? "SELECT c.unit_code, p.chief_id FROM patrol p JOIN chief c ON c.id = p.chief_id WHERE p.id = ?"
          : nullptr;
  if (!sql) return std::nullopt;
  Statement q = ws.db().prepare(sql);
  q.bind(1, record_key);
  if (!q.step()) return std::nullopt;
  return ReplacedRecord{q.text(0), q.opt_text(1)};
}

}  // namespace eb::store

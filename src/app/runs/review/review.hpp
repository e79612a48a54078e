// review run | list | confirm | overrule, and audit verify | list: data review of ambient air stations
// (engine/review checks, store/review_store marks and decisions) and the hash-chained audit log (store/audit).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "core/period.hpp"
#include "store/audit.hpp"
#include "store/review_store.hpp"

namespace eb::app::runs {

struct ReviewRunRequest {
  std::string workspace;
  Period period;
  std::vector<std::string> stations;  // empty: every air station with data in the period
};
struct ReviewRunResult {
  Period period;
  std::size_t stations_checked = 0, series_checked = 0;
  store::ReviewRunCounts counts;
  std::vector<store::StoredMark> marks;  // the run's scope after the run
};
// Runs the automatic checks and stores their marks (idempotent: a second run on the same data changes nothing).
// Throws InputError for a --station that is not an air station of the workspace.
ReviewRunResult run_review_run(const ReviewRunRequest& req, const RunEnv& env);
Document review_run_document(const ReviewRunResult& r, Lang lang);

struct ReviewListRequest {
  std::string workspace;
  std::optional<store::MarkStatus> status;
  std::optional<std::string> station;
  std::optional<Period> period;
};
struct ReviewListResult {
  std::vector<store::StoredMark> marks;
};
ReviewListResult run_review_list(const ReviewListRequest& req, const RunEnv& env);
// A row per mark: id, rule, station, parameter, start, end (Beijing time), hours, severity, status, excludes,
// detail and the latest decision (by, at, reason).
Document review_list_document(const ReviewListResult& r, Lang lang);

struct ReviewDecideRequest {
  std::string workspace;
  std::int64_t mark = 0;
  store::MarkStatus decision = store::MarkStatus::confirmed;
  std::string by, reason;
};
store::StoredMark run_review_decide(const ReviewDecideRequest& req, const RunEnv& env);
Document review_decide_document(const store::StoredMark& m, Lang lang);

struct AuditVerifyRequest {
  std::string workspace;
};
store::AuditVerification run_audit_verify(const AuditVerifyRequest& req, const RunEnv& env);
Document audit_verify_document(const store::AuditVerification& v, Lang lang);

struct AuditListRequest {
  std::string workspace;
  store::AuditListRequest list;
};
std::vector<store::AuditEntry> run_audit_list(const AuditListRequest& req, const RunEnv& env);
Document audit_list_document(const std::vector<store::AuditEntry>& entries, Lang lang);

}  // namespace eb::app::runs

// review run | list | confirm | overrule, and audit verify | list: data review of ambient air stations and of
// pollution-source outlets (engine/review checks, store/review_store marks and decisions) and the hash-chained audit
// log (store/audit).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/runs/account/principal.hpp"
#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "core/period.hpp"
#include "store/audit.hpp"
#include "store/review_store.hpp"

namespace eb::app::runs {

// Which subjects a review run checks.
enum class ReviewSubjects { stations, outlets, all };
std::optional<ReviewSubjects> parse_review_subjects(std::string_view s);  // stations, outlets, all

struct ReviewRunRequest {
  std::string workspace;
  Period period;
  ReviewSubjects subjects = ReviewSubjects::all;
  std::vector<std::string> stations;  // empty: every air station with data in the period
  std::vector<std::string> outlets;   // "enterprise_id/outlet_id" or MN; empty: every outlet with hourly data
};
struct ReviewRunResult {
  Period period;
  ReviewSubjects subjects = ReviewSubjects::all;
  std::size_t stations_checked = 0, outlets_checked = 0, series_checked = 0;
  store::ReviewRunCounts counts;         // stations and outlets together
  std::vector<store::StoredMark> marks;  // the run's scope after the run (station marks, then outlet marks)
};
// Runs the automatic checks over the stations' hourly observations and/or the outlets' hourly (CN 2061) Avg values
// and stores their marks (idempotent: a second run on the same data changes nothing). Throws InputError for a
// --station that is not an air station, an --outlet that is not in the registry, or a list of the kind not run.
ReviewRunResult run_review_run(const ReviewRunRequest& req, const RunEnv& env);
Document review_run_document(const ReviewRunResult& r, Lang lang);

struct ReviewListRequest {
  std::string workspace;
  std::optional<store::MarkStatus> status;
  ReviewSubjects subjects = ReviewSubjects::all;
  std::optional<std::string> station;
  std::optional<std::string> outlet;  // "enterprise_id/outlet_id" or MN
  std::optional<Period> period;
};
struct ReviewListResult {
  std::vector<store::StoredMark> marks;
};
ReviewListResult run_review_list(const ReviewListRequest& req, const RunEnv& env);
// Throws InputError for an --outlet not in the registry.
// A row per mark: id, rule, subject (station or outlet), station (its code) or outlet ("enterprise_id/outlet_id"),
// parameter (HJ 212 code for outlets), start, end (Beijing time), hours, severity, status, excludes, detail and the
// latest decision (by, at, reason).
Document review_list_document(const ReviewListResult& r, Lang lang);

struct ReviewDecideRequest {
  std::string workspace;
  std::int64_t mark = 0;
  store::MarkStatus decision = store::MarkStatus::confirmed;
  std::string by, reason;
};
store::StoredMark run_review_decide(const ReviewDecideRequest& req, const RunEnv& env);
// The same decision by a signed-in account (the server's face): allowed when the account may decide_review for the
// mark's unit (a station's banner/county, else its league/city; an outlet's unit); NotFoundError for an unknown
// mark, PermissionError outside the account's scope, FieldError "reason" without a reason.
store::StoredMark run_review_decide_as(store::Workspace& ws, const Principal& who, std::int64_t mark,
                                       store::MarkStatus decision, const std::string& reason);
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

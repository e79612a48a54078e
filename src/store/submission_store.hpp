// Submissions waiting for approval (docs/api.md "Accounts, sessions and submissions"): records that accounts
// submit for a unit, kept as JSON until the level above approves (the record is then written to its table in the
// same transaction) or returns them with a reason. Every write is one audit entry naming the account.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/workspace.hpp"

namespace eb::store {

struct Submission {
  std::int64_t id = 0;
  std::string kind;                        // project, patrol, indicator_value, chief
  std::string unit_code;                   // the unit it reports for
  std::string record_key;                  // project code, patrol id, indicator/unit/year, chief id
  std::string record_json;                 // the record, fields by the CLI import's column names
  std::string status;                      // submitted, approved, returned
  std::string submitted_by, submitted_at;  // account name; UTC ISO 8601 (YYYY-MM-DDTHH:MM:SSZ)
  std::optional<std::string> decided_by, decided_at, reason;
  // Not stored: set by insert_submission when the same account's identical record was already waiting (a client
  // that retried after a lost answer), which it returns instead of adding a second one.
  bool repeated = false;
};

struct NewSubmission {
  std::string kind, unit_code, record_key, record_json, submitted_by;
};
// Stores it as `submitted` (submitted_at: now, UTC), one audit entry (action submit, actor submitted_by); when the
// same account's submission of the same kind, key and record text is still `submitted`, returns that one (repeated)
// and stores nothing: a retried request never makes a second submission.
Submission insert_submission(Workspace& ws, const NewSubmission& s);

struct SubmissionFilter {
  std::optional<std::string> status, kind, submitted_by;
  std::optional<std::vector<std::string>> units;  // only these units' submissions
  std::function<bool(const Submission&)> keep;    // and only those it keeps (e.g. the reader's scope)
};
// Newest first (by id).
std::vector<Submission> list_submissions(Workspace& ws, const SubmissionFilter& filter = {});
std::optional<Submission> find_submission(Workspace& ws, std::int64_t id);

struct SubmissionDecision {
  bool approve = false;  // approve, else return
  std::string by;        // the deciding account
  std::string reason;    // why (required to return; kept when approving)
};
// Moves a `submitted` submission to approved or returned in one transaction with `write_record` (called inside it,
// for approvals only: it writes the record to its table, and anything it throws undoes the decision). Throws
// NotFoundError for an unknown id, ConflictError when the submission is no longer `submitted`. One audit entry
// (action approve or return, actor `by`, details before/after status, kind, unit, record_key, reason).
Submission decide_submission(Workspace& ws, std::int64_t id, const SubmissionDecision& decision,
                             const std::function<void(const Submission&)>& write_record = {});

// The record a submission of `kind` with `record_key` would replace once approved (a project by code, a patrol or a
// chief by id; an indicator value's key holds its unit): its unit (a patrol's: its chief's) and, for a patrol, its
// chief. Nothing when there is none. What keeps a submission for one's own unit from overwriting another unit's
// record of the same key.
struct ReplacedRecord {
  std::string unit_code;
  std::optional<std::string> chief_id;
};
std::optional<ReplacedRecord> replaced_record(Workspace& ws, const std::string& kind, const std::string& record_key);

}  // namespace eb::store

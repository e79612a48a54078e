// Reporting with approval (docs/api.md "Accounts, sessions and submissions"): an account submits a record for a
// unit (a project's progress, a patrol, an indicator value, a chief); the level above approves it (the record is
// then written to the workspace exactly as the CLI import writes it, in the same transaction) or returns it with a
// reason. Until approved a record counts nowhere: summaries, assessments and the bulletin read only the ledger,
// patrol, indicator and chief tables. Records are checked by the CLI imports' own code, with their messages
// (app/runs/record_file.hpp); who may do what is data/standards/access_roles.csv (app/runs/account/access.hpp).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/runs/account/principal.hpp"
#include "app/table/table.hpp"
#include "store/submission_store.hpp"
#include "store/workspace.hpp"

namespace eb::app::runs {

// The kinds a record may be: project, patrol, indicator_value, chief.
const std::vector<std::string>& submission_kinds();

// Checks `record` (a JSON object: the import's columns; a project's `geometry` and a patrol's `track` as GeoJSON)
// and stores it as `submitted`. Throws PermissionError when `who` may not submit records of `kind` for the record's
// unit (a patrol's unit is its chief's; a chief account submits its own patrols), FieldError naming the field of a
// bad record ("kind" for an unknown kind) in the CLI import's words.
store::Submission run_submit(store::Workspace& ws, const Principal& who, const std::string& kind,
                             const nlohmann::json& record);

struct SubmissionQuery {
  std::optional<std::string> status, kind;
  std::optional<std::string> unit;  // the submissions of this unit and the units under it
  bool mine = false;                // only those `who` submitted
};
// The submissions `who` may read (read_submissions: its unit's subtree, or its own; a chief's also the patrols of
// the chief it is), newest first. AuthError for nobody, PermissionError for a role that reads none.
std::vector<store::Submission> run_submissions(store::Workspace& ws, const std::optional<Principal>& who,
                                               const SubmissionQuery& query = {});
// One submission; NotFoundError when there is none with that id or `who` may not read it (the same answer, so
// that ids outside one's scope cannot be probed).
store::Submission run_submission(store::Workspace& ws, const std::optional<Principal>& who, std::int64_t id);

// Approves a submitted record and writes it, checked again against the workspace as it is now (FieldError and
// nothing changed when it no longer passes), in one transaction. NotFoundError as run_submission; PermissionError
// when `who` may not decide for the submission's unit or submitted it; ConflictError when it is not `submitted`.
store::Submission run_approve(store::Workspace& ws, const Principal& who, std::int64_t id);
// Returns it to the submitter with `reason` (FieldError "reason" when empty); errors as run_approve.
store::Submission run_return(store::Workspace& ws, const Principal& who, std::int64_t id, const std::string& reason);

// A submission as the API answers it: its columns and `record` as JSON.
nlohmann::json submission_json(const store::Submission& s);
// A table of submissions (id, kind, unit, key, status, submitted by and at, decided by and at, reason).
Document submissions_document(const std::vector<store::Submission>& submissions, Lang lang);

}  // namespace eb::app::runs

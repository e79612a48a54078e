// Data review in the workspace: the inputs of the automatic checks (engine/review), the marks they produce,
// reviewers' decisions, and the values the decisions leave invalid for the assessments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/period.hpp"
#include "engine/review/checks.hpp"
#include "store/workspace.hpp"

namespace eb::store {

// Every air station (kind air) with any 1-hour value of the six pollutants in the period, on one hourly grid
// from the period's first hour; with the stored device flags.
engine::review::Input load_review_input(Workspace& ws, const Period& period);

struct ReviewRunCounts {
  int added = 0;      // marks new to the workspace
  int unchanged = 0;  // already stored (same rule, station, parameter and span)
  int updated = 0;    // stored, with a new severity or detail
  int retracted = 0;  // open marks of an earlier run in the same scope that the checks no longer produce
};
// Stores the marks of one run over `period` for `stations` (empty: all) in one transaction. Running again on the
// same data changes nothing. Marks with a decision are never retracted.
ReviewRunCounts store_review_marks(Workspace& ws, const Period& period, const std::vector<std::string>& stations,
                                   const std::vector<engine::review::Mark>& marks);

enum class MarkStatus { open, confirmed, overruled };
std::string_view status_name(MarkStatus s);
std::optional<MarkStatus> parse_status(std::string_view s);

struct StoredMark {
  std::int64_t id = 0;
  engine::review::Mark mark;
  std::string created_at;
  MarkStatus status = MarkStatus::open;  // the latest decision's
  std::string decided_by, decided_at, reason;
  // Whether the mark's values are left out of assessments: an invalidating mark unless overruled, a suspect
  // mark once confirmed (docs/review.md). Missing-data marks cover no values.
  bool excludes() const;
};

struct MarkFilter {
  std::optional<MarkStatus> status;
  std::optional<std::string> station;
  std::optional<EpochSeconds> begin, end;  // marks overlapping [begin, end)
};
std::vector<StoredMark> review_marks(Workspace& ws, const MarkFilter& filter = {});
std::optional<StoredMark> review_mark(Workspace& ws, std::int64_t id);

// Records a reviewer's decision (who, when, why) on a mark; the latest decision is the mark's status. Throws
// InputError for an unknown mark or an empty name or reason.
StoredMark decide_mark(Workspace& ws, std::int64_t id, MarkStatus decision, const std::string& by,
                       const std::string& reason);

// The marks that exclude values of [begin, end) (StoredMark::excludes), by station.
std::vector<StoredMark> excluding_marks(Workspace& ws, EpochSeconds begin, EpochSeconds end);

}  // namespace eb::store

// Data review in the workspace: the inputs of the automatic checks (engine/review) for ambient stations and for
// pollution-source outlets, the marks they produce, reviewers' decisions, and the values the decisions leave invalid
// for the assessments (station hours: excluding_marks; outlet hours: invalidated_outlet_hours).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/period.hpp"
#include "engine/review/checks.hpp"
#include "store/workspace.hpp"

namespace eb::store {

// Every air station (kind air) with any 1-hour value of the six pollutants in the period, on one hourly grid
// from the period's first hour; with the stored device flags.
engine::review::Input load_review_input(Workspace& ws, const Period& period);

// Every outlet with any hourly (CN 2061) Avg value in the period, one series per HJ 212 code, on one hourly grid
// from the period's first hour (slot = DataTime, the start of the hour the value stands for), with the flags as
// received. Subject codes are "enterprise_id/outlet_id"; group: the enterprise. Reads source_value with SELECT only.
engine::review::Input load_outlet_review_input(Workspace& ws, const Period& period);

struct ReviewRunCounts {
  int added = 0;      // marks new to the workspace
  int unchanged = 0;  // already stored (same rule, station, parameter and span)
  int updated = 0;    // stored, with a new severity or detail
  int retracted = 0;  // open marks of an earlier run in the same scope that the checks no longer produce
};
// Stores the marks of one run over `period` for the subjects of one kind (`subjects`: codes, empty: all of the
// kind) in one transaction, with one audit entry when anything changed. Running again on the same data changes
// nothing. Marks with a decision are never retracted; marks of the other kind are never touched. Throws InputError
// for an outlet mark whose outlet is not in the registry.
ReviewRunCounts store_review_marks(Workspace& ws, const Period& period, engine::review::SubjectKind kind,
                                   const std::vector<std::string>& subjects,
                                   const std::vector<engine::review::Mark>& marks);

enum class MarkStatus { open, confirmed, overruled };
std::string_view status_name(MarkStatus s);
std::optional<MarkStatus> parse_status(std::string_view s);

struct StoredMark {
  std::int64_t id = 0;
  engine::review::Mark mark;           // mark.kind and mark.subject: the station or outlet
  std::optional<std::int64_t> outlet;  // outlet marks: the outlet's fid
  std::string created_at;
  MarkStatus status = MarkStatus::open;  // the latest decision's
  std::string decided_by, decided_at, reason;
  // Whether the mark's values are left out of assessments: an invalidating mark unless overruled, a suspect
  // mark once confirmed (docs/review.md). Missing-data marks cover no values.
  bool excludes() const;
};

struct MarkFilter {
  std::optional<MarkStatus> status;
  std::optional<engine::review::SubjectKind> kind;
  std::optional<std::string> subject;      // a station code or an outlet's "enterprise_id/outlet_id"
  std::optional<EpochSeconds> begin, end;  // marks overlapping [begin, end)
};
std::vector<StoredMark> review_marks(Workspace& ws, const MarkFilter& filter = {});
std::optional<StoredMark> review_mark(Workspace& ws, std::int64_t id);

// Records a reviewer's decision (who, when, why) on a mark; the latest decision is the mark's status. Throws
// InputError for an unknown mark or an empty name or reason.
StoredMark decide_mark(Workspace& ws, std::int64_t id, MarkStatus decision, const std::string& by,
                       const std::string& reason);

// The station marks that exclude values of [begin, end) (StoredMark::excludes).
std::vector<StoredMark> excluding_marks(Workspace& ws, EpochSeconds begin, EpochSeconds end);

// One hourly value of an outlet left out by review.
struct InvalidatedOutletHour {
  std::int64_t outlet = 0;  // outlet fid (source_value.outlet)
  std::string pollutant;    // HJ 212 code; "*": every code of the outlet that hour (no bundled rule makes these)
  EpochSeconds hour = 0;    // DataTime of the hourly value (the start of its hour)
  std::string rule;         // the first excluding mark's rule (ordered by mark id)
  std::int64_t mark = 0;    // and its id
};
// The outlet hours in [begin, end) that outlet marks exclude, with the station side's semantics
// (StoredMark::excludes: an invalidate mark unless its latest decision overrules it, a suspect mark once confirmed,
// never a missing-data mark). Ordered by outlet, pollutant and hour; each hour once.
std::vector<InvalidatedOutletHour> invalidated_outlet_hours(Workspace& ws, EpochSeconds begin, EpochSeconds end);
// Whether the hourly value (outlet, pollutant, hour) is in `invalidated` (ordered as invalidated_outlet_hours
// returns it); a "*" entry covers every pollutant.
bool outlet_hour_invalidated(const std::vector<InvalidatedOutletHour>& invalidated, std::int64_t outlet,
                             std::string_view pollutant, EpochSeconds hour);

}  // namespace eb::store

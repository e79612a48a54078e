// Patrol coverage of river/lake and forest/grassland chiefs (河湖长制, 林长制): the period is cut into the calendar
// windows the chief's level must patrol in (year, quarter, month, dekad of ten days, ISO week), and each window
// the chief served in full is met when the chief patrolled at least the required number of times in it.
// Engine code: no I/O; dates are days since 1970-01-01 (core/civil_time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eb::engine::responsibility {

enum class Per { year, quarter, month, dekad, week };

struct Requirement {
  int min_patrols = 1;
  Per per = Per::month;
};

struct Chief {
  std::string id;
  std::int64_t since = INT64_MIN, until = INT64_MAX;  // days served, inclusive
  Requirement requirement;
  std::vector<std::string> objects;  // rivers, lakes, forests or grasslands the chief answers for
};

struct Patrol {
  std::string chief_id, object_id;  // object_id may be empty
  std::int64_t day = 0;
  double track_km = 0, duration_min = 0;
  int issues_found = 0, issues_resolved = 0;
  std::optional<double> resolution_days;  // mean days to resolve this patrol's resolved issues
};

struct ChiefCoverage {
  int windows = 0;      // whole windows served within the period
  int windows_met = 0;  // ... with enough patrols
  int patrols = 0;
  double track_km = 0, duration_min = 0;
  int issues_found = 0, issues_resolved = 0;
  double resolution_days_sum = 0;  // Σ days x issues resolved, for a weighted mean
  int resolution_days_issues = 0;
  std::optional<std::int64_t> last_patrol;  // day
  bool overdue = false;                     // the last whole window before `as_of` was served and not met
  std::vector<std::string> unpatrolled;     // objects with no patrol in the period
};

// The windows of `per` that lie wholly inside [first, last] (days, inclusive), as [start, end] pairs.
std::vector<std::pair<std::int64_t, std::int64_t>> windows(Per per, std::int64_t first, std::int64_t last);

// Coverage of each chief over the period [first, last], patrols outside it ignored; `as_of` for the overdue flag.
std::vector<ChiefCoverage> patrol_coverage(const std::vector<Chief>& chiefs, const std::vector<Patrol>& patrols,
                                           std::int64_t first, std::int64_t last, std::int64_t as_of);

}  // namespace eb::engine::responsibility

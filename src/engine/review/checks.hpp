// The automatic checks of data review (数据审核) over hourly series of ambient air stations and of pollution-source
// outlets: pure functions of the series and the rule table (data/standards/review_rules.csv), no I/O. Each finding
// is a review mark over a span of hours; reviewers confirm or overrule marks later (store/review_store,
// docs/review.md). One check, one home: a station and an outlet go through the same code with the rows of their
// kind (an outlet's parameters are HJ 212 codes and its wildcard rows are `outlet:*`).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_time.hpp"
#include "standards/review_rules.hpp"

namespace eb::engine::review {

using standards::ReviewSeverity;

// What is checked: an ambient air station or a pollution-source outlet (排放口).
enum class SubjectKind { station, outlet };
std::string_view subject_kind_name(SubjectKind k);  // station, outlet
// The wildcard rows of the rule table that apply to the kind (standards::ReviewRules::kStationWildcard, ...).
std::string_view rule_wildcard(SubjectKind k);

struct Subject {
  std::string code;   // station code, or an outlet's "enterprise_id/outlet_id"
  std::string group;  // league/city code; stations of the same group are neighbours; empty: none
  double lon = 0, lat = 0;
};

// One subject's hourly values of one parameter on the input's grid.
struct Series {
  std::size_t subject = 0;         // index into Input::subjects
  std::string parameter;           // stations: PM2.5, PM10, SO2, NO2, CO (mg/m³), O3; outlets: HJ 212 codes
  std::vector<double> values;      // Input::hours values; NaN = missing
  std::vector<std::string> flags;  // empty, or Input::hours device flags ("" = none)
};

struct Input {
  SubjectKind kind = SubjectKind::station;  // of every subject of the input
  EpochSeconds t0 = 0;                      // instant of hour slot 0
  std::size_t hours = 0;
  std::vector<Subject> subjects;
  std::vector<Series> series;
};

struct Mark {
  std::string rule;  // negative, range, flat, spike, pm25_gt_pm10, missing, device_flag, neighbour
  SubjectKind kind = SubjectKind::station;
  std::string subject, parameter;   // Subject::code
  EpochSeconds start = 0, end = 0;  // [start, end): the hours covered
  ReviewSeverity severity = ReviewSeverity::suspect;
  std::string detail;
  std::size_t hours = 0;  // hourly values covered (for missing: hours missing)
};

// Runs every check with the rows of the input's kind; marks are ordered by subject, parameter, rule and start.
std::vector<Mark> run_checks(const Input& in, const standards::ReviewRules& rules);

// Great-circle distance in km (spherical Earth, R = 6371 km); enough for the neighbour radius.
double distance_km(double lon1, double lat1, double lon2, double lat2);

}  // namespace eb::engine::review

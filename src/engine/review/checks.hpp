// The automatic checks of data review (数据审核) over hourly series of ambient air stations: pure functions of the
// series and the rule table (data/standards/review_rules.csv), no I/O. Each finding is a review mark over a span
// of hours; reviewers confirm or overrule marks later (store/review_store, docs/review.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/civil_time.hpp"
#include "standards/review_rules.hpp"

namespace eb::engine::review {

using standards::ReviewSeverity;

struct Station {
  std::string code;
  std::string group;  // league/city code; stations of the same group are neighbours; empty: none
  double lon = 0, lat = 0;
};

// One station's hourly values of one parameter on the input's grid.
struct Series {
  std::size_t station = 0;         // index into Input::stations
  std::string parameter;           // PM2.5, PM10, SO2, NO2, CO (mg/m³), O3
  std::vector<double> values;      // Input::hours values; NaN = missing
  std::vector<std::string> flags;  // empty, or Input::hours device flags ("" = none)
};

struct Input {
  EpochSeconds t0 = 0;  // instant of hour slot 0 (the start of the hour the value stands for)
  std::size_t hours = 0;
  std::vector<Station> stations;
  std::vector<Series> series;
};

struct Mark {
  std::string rule;  // negative, range, flat, spike, pm25_gt_pm10, missing, device_flag, neighbour
  std::string station, parameter;
  EpochSeconds start = 0, end = 0;  // [start, end): the hours covered
  ReviewSeverity severity = ReviewSeverity::suspect;
  std::string detail;
  std::size_t hours = 0;  // hourly values covered (for missing: hours missing)
};

// Runs every check; marks are ordered by station, parameter, rule and start.
std::vector<Mark> run_checks(const Input& in, const standards::ReviewRules& rules);

// Great-circle distance in km (spherical Earth, R = 6371 km); enough for the neighbour radius.
double distance_km(double lon1, double lat1, double lon2, double lat2);

}  // namespace eb::engine::review

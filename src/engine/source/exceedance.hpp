// Hourly exceedances of an outlet: each hourly value, converted to the standard's reference oxygen where the
// limit names one, against the limit in force that day. Rules: docs/sources_emission.md.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/source/hourly.hpp"
#include "standards/emission.hpp"

namespace eb::engine::source {

enum class HourStatus {
  meets,         // valid value at or within the limit
  exceeds,       // valid value beyond the limit
  excluded,      // flag that excludes the value (F, M, S, D, C, B)
  unknown_flag,  // a flag not in hj212_flags.csv: excluded, counted apart
  invalidated,   // left out by data review (HourlyValue::invalidated)
  missing,       // no value (NaN)
  o2_undefined,  // the limit has a reference O2 and the measured O2 is missing or >= 21 %: no converted value
  no_limit,      // no limit in force for the pollutant that day
};
std::string_view to_string(HourStatus s);

struct HourResult {
  EpochSeconds hour = 0;
  double measured = kNoValue;
  double converted = kNoValue;  // the value compared with the limit (= measured without a reference O2)
  HourStatus status = HourStatus::missing;
  char flag = 'N';
};

// Consecutive exceeding hours (stamps one hour apart); any other hour, or a gap in the stamps, ends a run.
struct ExceedanceRun {
  EpochSeconds first = 0, last = 0;
  int hours = 0;
  double peak = kNoValue;  // largest converted value in the run (for a range limit: farthest from the range)
};

struct PollutantExceedances {
  std::string pollutant;                          // HJ 212-2017 code
  std::optional<standards::EmissionLimit> limit;  // the limit of the last hour that had one
  int hours = 0;                                  // rows seen
  int valid = 0;                                  // meets + exceeds
  int exceeding = 0;
  int excluded = 0, unknown_flag = 0, invalidated = 0, missing = 0, o2_undefined = 0, no_limit = 0;
  double max_converted = kNoValue;  // over valid hours
  double max_ratio = kNoValue;      // max converted / limit over valid hours (maximum limits above 0 only)
  std::vector<ExceedanceRun> runs;
  std::vector<HourResult> detail;  // every row, in time order
};

// The limit of a pollutant on a day (HJ 212-2017 code), e.g. a lambda over EmissionStandards::limit with the
// outlet's standard, category and special flag.
using LimitOf =
    std::function<std::optional<standards::EmissionLimit>(std::string_view pollutant, const CivilDate& day)>;

// The LimitOf of an outlet under `table` (which must outlive the result).
LimitOf outlet_limits(const standards::EmissionStandards& table, const standards::EmissionStandards::OutletStandard& o);

// The exceedances of one outlet's hourly series (any order, several pollutants). Pollutants for which no hour has a
// limit (O2, flow, temperature, ...) are left out. The day of an hour is its Beijing civil date.
// Throws std::invalid_argument on two rows for the same pollutant and hour (naming both) or a stamp off the hour.
std::vector<PollutantExceedances> hourly_exceedances(std::span<const HourlyValue> series, const LimitOf& limit_of);

}  // namespace eb::engine::source

#include "engine/source/exceedance.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <stdexcept>

#include "engine/source/series.hpp"

namespace eb::engine::source {

std::string_view to_string(HourStatus s) {
  switch (s) {
    case HourStatus::meets:
      return "meets";
    case HourStatus::exceeds:
      return "exceeds";
    case HourStatus::excluded:
      return "excluded";
    case HourStatus::unknown_flag:
      return "unknown_flag";
    case HourStatus::invalidated:
      return "invalidated";
    case HourStatus::missing:
      return "missing";
    case HourStatus::o2_undefined:
      return "o2_undefined";
    case HourStatus::no_limit:
      return "no_limit";
  }
  return "?";
}

namespace {

// How far a value lies beyond the limit (0 inside it).
double excess(const standards::EmissionLimit& l, double v) {
  if (v > l.high) return v - l.high;
  if (l.low && v < *l.low) return *l.low - v;
  return 0;
}

}  // namespace

LimitOf outlet_limits(const standards::EmissionStandards& table,
                      const standards::EmissionStandards::OutletStandard& o) {
  return [&table, o](std::string_view pollutant, const CivilDate& day) {
    return table.limit(o.standard, o.category, pollutant, day, o.special);
  };
}

std::vector<PollutantExceedances> hourly_exceedances(std::span<const HourlyValue> series, const LimitOf& limit_of) {
  std::vector<PollutantExceedances> out;
  for (const PollutantRows& group : group_by_pollutant(series)) {
    PollutantExceedances p;
    p.pollutant = group.pollutant;
    bool any_limit = false;
    double peak_excess = 0;
    // The limit depends on the day only: one lookup per day.
    std::int64_t cached_day = 0;
    bool cached = false;
    std::optional<standards::EmissionLimit> limit;
    for (const HourlyValue* v : group.rows) {
      HourResult h;
      h.hour = v->hour;
      h.measured = v->value;
      h.flag = v->flag;
      ++p.hours;
      const CivilDate day = epoch_to_beijing(v->hour).date;
      if (!cached || days_from_civil(day) != cached_day) {
        limit = limit_of(group.pollutant, day);
        cached_day = days_from_civil(day);
        cached = true;
      }
      if (limit) {
        any_limit = true;
        p.limit = limit;
      }
      const auto use = standards::hj212_flag_use(v->flag);
      if (!limit) {
        h.status = HourStatus::no_limit;
        ++p.no_limit;
      } else if (v->invalidated) {
        h.status = HourStatus::invalidated;
        ++p.invalidated;
      } else if (use == standards::FlagUse::unknown) {
        h.status = HourStatus::unknown_flag;
        ++p.unknown_flag;
      } else if (use == standards::FlagUse::excluded) {
        h.status = HourStatus::excluded;
        ++p.excluded;
      } else if (std::isnan(v->value)) {
        h.status = HourStatus::missing;
        ++p.missing;
      } else {
        h.converted = limit->ref_o2 ? standards::to_reference_o2(v->value, v->o2, *limit->ref_o2) : v->value;
        if (std::isnan(h.converted)) {
          h.status = HourStatus::o2_undefined;
          ++p.o2_undefined;
        } else {
          ++p.valid;
          if (std::isnan(p.max_converted) || h.converted > p.max_converted) p.max_converted = h.converted;
          if (!limit->low && limit->high > 0) {
            const double ratio = h.converted / limit->high;
            if (std::isnan(p.max_ratio) || ratio > p.max_ratio) p.max_ratio = ratio;
          }
          h.status = limit->exceeded_by(h.converted) ? HourStatus::exceeds : HourStatus::meets;
          if (h.status == HourStatus::exceeds) {
            ++p.exceeding;
            const double e = excess(*limit, h.converted);
            const bool extends = !p.runs.empty() && !p.detail.empty() &&
                                 p.detail.back().status == HourStatus::exceeds && p.detail.back().hour + 3600 == h.hour;
            if (extends) {
              ExceedanceRun& r = p.runs.back();
              r.last = h.hour;
              ++r.hours;
              if (e > peak_excess) {
                peak_excess = e;
                r.peak = h.converted;
              }
            } else {
              p.runs.push_back({h.hour, h.hour, 1, h.converted});
              peak_excess = e;
            }
          }
        }
      }
      p.detail.push_back(h);
    }
    if (any_limit) out.push_back(std::move(p));
  }
  return out;
}

}  // namespace eb::engine::source

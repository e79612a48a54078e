#include "app/runs/air/assess_partials.hpp"

#include <algorithm>
#include <cstring>
#include <map>

#include "app/runs/air/aqi.hpp"
#include "core/error.hpp"
#include "engine/air/daily_values.hpp"
#include "io/air_grid.hpp"

namespace eb::app::runs {

namespace {

using engine::air::DailyValues;
using engine::air::kDailyItems;
using engine::air::kPollutants;
using engine::air::StationHours;

// Tasks and client run the same build, so values travel in the machine's own layout; the tag catches a partial
// of another kind or version.
constexpr std::uint32_t kTag = 0x45424431;  // "EBD1"

class Writer {
 public:
  template <typename T>
  void put(const T& v) {
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  template <typename T>
  void put_all(const std::vector<T>& v) {
    out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  void put_text(const std::string& s) {
    put(static_cast<std::uint64_t>(s.size()));
    out_ += s;
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <typename T>
  T get() {
    T v;
    std::memcpy(&v, take(sizeof v), sizeof v);
    return v;
  }
  template <typename T>
  void get_all(std::vector<T>& v, std::size_t n) {
    v.resize(n);
    if (n > 0) std::memcpy(v.data(), take(n * sizeof(T)), n * sizeof(T));
  }
  std::string get_text() {
    const auto n = static_cast<std::size_t>(get<std::uint64_t>());
    return std::string(take(n), n);
  }
  bool done() const { return at_ == in_.size(); }

 private:
  const char* take(std::size_t n) {
    if (in_.size() - at_ < n) throw UsageError("station daily values: truncated partial");
    const char* p = in_.data() + at_;
    at_ += n;
    return p;
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

// A station's hours moved onto the period's grid, as load_station_hours builds it; false when none of its values
// (or dust flags) falls in the period, as a station without rows there has no grid in the workspace.
bool on_period_grid(const StationHours& from, const Period& period, StationHours& to) {
  to = StationHours(from.station, period.first, static_cast<std::size_t>(period.days()));
  bool any = false;
  const long shift_days = days_from_civil(from.first_day) - days_from_civil(period.first);
  for (std::size_t day = 0; day < from.days; ++day) {
    const long target = shift_days + static_cast<long>(day);
    if (target < 0 || target >= static_cast<long>(to.days)) continue;
    const auto t = static_cast<std::size_t>(target);
    for (std::size_t h = 0; h < 24; ++h) {
      for (std::size_t p = 0; p < kPollutants; ++p) {
        const double v = from.hourly[p][day * 24 + h];
        to.hourly[p][t * 24 + h] = v;
        any = any || engine::air::present(v);
      }
      to.so2_24h[t * 24 + h] = from.so2_24h[day * 24 + h];
    }
    to.dust[t] = from.dust[day];
  }
  return any;
}

}  // namespace

std::string station_days_of_file(const std::string& path, const std::string& layout, const AirAssessRequest& req,
                                 const RunEnv& env) {
  // The limit of the rules in force at the period's end, as air_assess_units takes it.
  const AirRules rules = air_rules(req.standard, req.period.last, req.composite);
  const double o3_limit = rules.limits->limit("O3", "8h", req.zone_class).value();
  Writer w;
  w.put(kTag);
  w.put(o3_limit);
  std::vector<DailyValues> days;
  for (const StationHours& g : io::station_hours(read_observation_file(path, layout, env))) {
    StationHours grid;
    if (on_period_grid(g, req.period, grid)) days.push_back(engine::air::daily_values(grid, o3_limit));
  }
  w.put(static_cast<std::uint64_t>(days.size()));
  for (const DailyValues& d : days) {
    w.put_text(d.code);
    w.put(static_cast<std::int64_t>(days_from_civil(d.first_day)));
    w.put(static_cast<std::uint64_t>(d.days));
    for (std::size_t i = 0; i < kDailyItems; ++i) {
      w.put_all(d.value[i]);
      w.put_all(d.count[i]);
    }
    w.put_all(d.dust);
  }
  return w.take();
}

AirStationDays merge_station_days(const std::vector<std::string_view>& partials) {
  AirStationDays out;
  std::map<std::string, DailyValues> by_code;
  bool first_partial = true;
  for (const std::string_view partial : partials) {
    Reader r(partial);
    if (r.get<std::uint32_t>() != kTag) throw UsageError("station daily values: not a partial of this version");
    const double o3_limit = r.get<double>();
    if (!first_partial && o3_limit != out.o3_8h_limit)
      throw UsageError("station daily values computed under different O3 8-hour limits");
    out.o3_8h_limit = o3_limit;
    first_partial = false;
    const auto n = r.get<std::uint64_t>();
    for (std::uint64_t s = 0; s < n; ++s) {
      const std::string code = r.get_text();
      const CivilDate first = civil_from_days(r.get<std::int64_t>());
      const auto days = static_cast<std::size_t>(r.get<std::uint64_t>());
      DailyValues d(code, first, days);
      for (std::size_t i = 0; i < kDailyItems; ++i) {
        r.get_all(d.value[i], days);
        r.get_all(d.count[i], days);
      }
      r.get_all(d.dust, days);
      const auto [it, fresh] = by_code.try_emplace(code, d);
      if (fresh) continue;
      DailyValues& into = it->second;
      if (into.first_day != d.first_day || into.days != d.days)
        throw UsageError("station daily values of " + code + " on different periods");
      // A day with any hour behind it in both files would need the hours of both: refused, never half counted.
      for (std::size_t day = 0; day < days; ++day) {
        bool here = d.dust[day] != 0, there = into.dust[day] != 0;
        for (std::size_t i = 0; i < kDailyItems; ++i) {
          here = here || d.count[i][day] > 0;
          there = there || into.count[i][day] > 0;
        }
        if (!here) continue;
        if (there)
          throw InputError("station " + code + " has data on " + format_date(d.day(day)) +
                           " in two observation files; give each station-day in one file");
        for (std::size_t i = 0; i < kDailyItems; ++i) {
          into.value[i][day] = d.value[i][day];
          into.count[i][day] = d.count[i][day];
        }
        into.dust[day] = d.dust[day];
      }
    }
    if (!r.done()) throw UsageError("station daily values: trailing bytes in a partial");
  }
  for (auto& [code, d] : by_code) out.stations.push_back(std::move(d));
  return out;
}

}  // namespace eb::app::runs

#include "engine/review/checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

namespace eb::engine::review {

namespace {

bool present(double v) { return !std::isnan(v); }

struct Emitter {
  const Input& in;
  std::vector<Mark>& out;
  void mark(const std::string& rule, const Series& s, const std::string& parameter, std::size_t from, std::size_t to,
            ReviewSeverity sev, std::string detail) const {
    Mark m;
    m.rule = rule;
    m.kind = in.kind;
    m.subject = in.subjects[s.subject].code;
    m.parameter = parameter;
    m.start = in.t0 + static_cast<EpochSeconds>(from) * 3600;
    m.end = in.t0 + static_cast<EpochSeconds>(to) * 3600;
    m.severity = sev;
    m.detail = std::move(detail);
    m.hours = to - from;
    out.push_back(std::move(m));
  }
};

// Calls emit(from, to) for each run [from, to) of hours where test(h) holds, of at least min_len hours.
template <class Test, class Emit>
void runs(std::size_t hours, std::size_t min_len, Test test, Emit emit) {
  std::size_t h = 0;
  while (h < hours) {
    if (!test(h)) {
      ++h;
      continue;
    }
    std::size_t e = h + 1;
    while (e < hours && test(e)) ++e;
    if (e - h >= min_len) emit(h, e);
    h = e;
  }
}

std::string num(double v) { return fmt::format("{:g}", v); }

void value_checks(const Emitter& em, const Series& s, const standards::ReviewRules& r, std::size_t hours) {
  const auto& v = s.values;
  const std::string& p = s.parameter;
  const std::string_view any = rule_wildcard(em.in.kind);
  if (const auto neg = r.find("negative", p, "min", any)) {
    runs(
        hours, 1, [&](std::size_t h) { return present(v[h]) && v[h] < neg->value; },
        [&](std::size_t a, std::size_t b) {
          const double lo = *std::min_element(v.begin() + static_cast<long>(a), v.begin() + static_cast<long>(b));
          em.mark("negative", s, p, a, b, neg->severity,
                  fmt::format("value below {} (lowest {})", num(neg->value), num(lo)));
        });
  }
  if (const auto max = r.find("range", p, "max", any)) {
    runs(
        hours, 1, [&](std::size_t h) { return present(v[h]) && v[h] > max->value; },
        [&](std::size_t a, std::size_t b) {
          const double hi = *std::max_element(v.begin() + static_cast<long>(a), v.begin() + static_cast<long>(b));
          em.mark("range", s, p, a, b, max->severity,
                  fmt::format("value above the range {} (highest {})", num(max->value), num(hi)));
        });
  }
  if (const auto flat = r.find("flat", p, "hours", any)) {
    const double floor = r.find("flat", p, "min_value", any).value_or(standards::ReviewSetting{}).value;
    const auto len = static_cast<std::size_t>(flat->value);
    std::size_t h = 0;
    while (h < hours) {
      if (!present(v[h]) || v[h] < floor) {
        ++h;
        continue;
      }
      std::size_t e = h + 1;
      while (e < hours && present(v[e]) && v[e] == v[h]) ++e;
      if (e - h >= len)
        em.mark("flat", s, p, h, e, flat->severity,
                fmt::format("{} identical hourly values {} (stuck sensor?)", e - h, num(v[h])));
      h = e;
    }
  }
  if (const auto jump = r.find("spike", p, "jump", any)) {
    const double ratio = r.get("spike", p, "ratio", any).value;
    for (std::size_t h = 1; h + 1 < hours; ++h) {
      if (!present(v[h]) || !present(v[h - 1]) || !present(v[h + 1])) continue;
      const double base = std::max(v[h - 1], v[h + 1]);
      if (v[h] - base > jump->value && v[h] > ratio * base)
        em.mark("spike", s, p, h, h + 1, jump->severity,
                fmt::format("{} between {} and {} (jump > {}, > {}x)", num(v[h]), num(v[h - 1]), num(v[h + 1]),
                            num(jump->value), num(ratio)));
    }
  }
  if (const auto miss = r.find("missing", p, "hours", any)) {
    std::size_t first = hours, last = 0;
    for (std::size_t h = 0; h < hours; ++h)
      if (present(v[h])) {
        first = std::min(first, h);
        last = h;
      }
    if (first < hours) {
      runs(
          last - first, static_cast<std::size_t>(miss->value), [&](std::size_t h) { return !present(v[first + h]); },
          [&](std::size_t a, std::size_t b) {
            em.mark("missing", s, p, first + a, first + b, miss->severity, fmt::format("{} hours missing", b - a));
          });
    }
  }
  if (!s.flags.empty()) {
    for (const auto& flag_severity : r.device_flags(any)) {
      // Named copies, not structured bindings: the lambdas capture them (clang 14 cannot capture bindings).
      const auto& flag = flag_severity.first;
      const auto& sev = flag_severity.second;
      runs(
          hours, 1, [&](std::size_t h) { return s.flags[h] == flag; },
          [&](std::size_t a, std::size_t b) {
            em.mark("device_flag", s, p, a, b, sev, fmt::format("device flag {} on {} hours", flag, b - a));
          });
    }
  }
}

void pm_check(const Emitter& em, const Series& pm25, const Series& pm10, const standards::ReviewRules& r,
              std::size_t hours) {
  const auto tol = r.find("pm25_gt_pm10", "PM2.5", "tolerance");
  if (!tol) return;
  const double pct = r.find("pm25_gt_pm10", "PM2.5", "tolerance_pct").value_or(standards::ReviewSetting{}).value;
  const auto& a = pm25.values;
  const auto& b = pm10.values;
  runs(
      hours, 1,
      [&](std::size_t h) {
        return present(a[h]) && present(b[h]) && a[h] > b[h] + std::max(tol->value, pct / 100.0 * b[h]);
      },
      [&](std::size_t from, std::size_t to) {
        const std::string detail = fmt::format("PM2.5 > PM10 + max({}, {}% of PM10) on {} hours (first: {} > {})",
                                               num(tol->value), num(pct), to - from, num(a[from]), num(b[from]));
        em.mark("pm25_gt_pm10", pm25, "PM2.5", from, to, tol->severity, detail);
        em.mark("pm25_gt_pm10", pm10, "PM10", from, to, tol->severity, detail);
      });
}

double median(std::vector<double>& v) {
  const std::size_t n = v.size();
  std::nth_element(v.begin(), v.begin() + static_cast<long>(n / 2), v.end());
  const double hi = v[n / 2];
  if (n % 2) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + static_cast<long>(n / 2));
  return (lo + hi) / 2;
}

void neighbour_check(const Emitter& em, const Input& in, const std::vector<const Series*>& of_parameter,
                     const standards::ReviewRules& r) {
  if (of_parameter.empty()) return;
  const std::string& p = of_parameter.front()->parameter;
  const std::string_view any = rule_wildcard(in.kind);
  const auto ratio = r.find("neighbour", p, "ratio", any);
  if (!ratio) return;
  const auto hours = static_cast<std::size_t>(r.get("neighbour", p, "hours", any).value);
  const double radius = r.get("neighbour", p, "radius_km", any).value;
  const auto min_n = static_cast<std::size_t>(r.get("neighbour", p, "min_neighbours", any).value);
  const double min_diff = r.get("neighbour", p, "min_difference", any).value;
  std::vector<double> vals;
  for (const Series* s : of_parameter) {
    const Subject& st = in.subjects[s->subject];
    std::vector<const Series*> nb;
    for (const Series* o : of_parameter) {
      if (o == s) continue;
      const Subject& ot = in.subjects[o->subject];
      if ((!st.group.empty() && st.group == ot.group) || distance_km(st.lon, st.lat, ot.lon, ot.lat) <= radius)
        nb.push_back(o);
    }
    if (nb.size() < min_n) continue;
    // Per hour: +1 too high, -1 too low, 0 in line or not comparable; the median kept for the detail.
    std::vector<int> state(in.hours, 0);
    std::vector<double> med(in.hours, 0);
    for (std::size_t h = 0; h < in.hours; ++h) {
      const double v = s->values[h];
      if (!present(v)) continue;
      vals.clear();
      for (const Series* o : nb)
        if (present(o->values[h])) vals.push_back(o->values[h]);
      if (vals.size() < min_n) continue;
      const double m = median(vals);
      med[h] = m;
      if (v > ratio->value * m && v - m > min_diff)
        state[h] = 1;
      else if (v * ratio->value < m && m - v > min_diff)
        state[h] = -1;
    }
    for (const int side : {1, -1}) {
      runs(
          in.hours, hours, [&](std::size_t h) { return state[h] == side; },
          [&](std::size_t a, std::size_t b) {
            em.mark("neighbour", *s, p, a, b, ratio->severity,
                    fmt::format("{} than {}x the median of {} neighbours for {} hours (first hour: {} vs median {})",
                                side > 0 ? "higher" : "lower", num(ratio->value), nb.size(), b - a, num(s->values[a]),
                                num(med[a])));
          });
    }
  }
}

}  // namespace

std::string_view subject_kind_name(SubjectKind k) { return k == SubjectKind::outlet ? "outlet" : "station"; }

std::string_view rule_wildcard(SubjectKind k) {
  return k == SubjectKind::outlet ? standards::ReviewRules::kOutletWildcard : standards::ReviewRules::kStationWildcard;
}

double distance_km(double lon1, double lat1, double lon2, double lat2) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371.0 * std::asin(std::min(1.0, std::sqrt(a)));
}

std::vector<Mark> run_checks(const Input& in, const standards::ReviewRules& rules) {
  std::vector<Mark> out;
  const Emitter em{in, out};
  std::map<std::string, std::vector<const Series*>> by_parameter;
  std::map<std::pair<std::size_t, std::string>, const Series*> by_subject;
  for (const Series& s : in.series) {
    if (s.values.size() != in.hours || (!s.flags.empty() && s.flags.size() != in.hours))
      throw std::invalid_argument("review: series of " + in.subjects.at(s.subject).code + " " + s.parameter +
                                  " does not cover the grid");
    value_checks(em, s, rules, in.hours);
    by_parameter[s.parameter].push_back(&s);
    by_subject[{s.subject, s.parameter}] = &s;
  }
  for (const auto& [key, s] : by_subject)
    if (key.second == "PM2.5")
      if (auto it = by_subject.find({key.first, "PM10"}); it != by_subject.end())
        pm_check(em, *s, *it->second, rules, in.hours);
  for (const auto& [p, list] : by_parameter) neighbour_check(em, in, list, rules);
  std::sort(out.begin(), out.end(), [](const Mark& a, const Mark& b) {
    return std::tie(a.subject, a.parameter, a.rule, a.start, a.end) <
           std::tie(b.subject, b.parameter, b.rule, b.start, b.end);
  });
  return out;
}

}  // namespace eb::engine::review

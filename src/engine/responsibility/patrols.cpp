#include "engine/responsibility/patrols.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/civil_time.hpp"

namespace eb::engine::responsibility {

namespace {

// The window holding `day`: [start, end].
std::pair<std::int64_t, std::int64_t> window_of(Per per, std::int64_t day) {
  const CivilDate d = civil_from_days(day);
  switch (per) {
    case Per::year:
      return {days_from_civil({d.year, 1, 1}), days_from_civil({d.year, 12, 31})};
    case Per::quarter: {
      const int m0 = (d.month - 1) / 3 * 3 + 1;
      return {days_from_civil({d.year, m0, 1}), days_from_civil({d.year, m0 + 2, days_in_month(d.year, m0 + 2)})};
    }
    case Per::month:
      return {days_from_civil({d.year, d.month, 1}),
              days_from_civil({d.year, d.month, days_in_month(d.year, d.month)})};
    case Per::dekad: {
      // 上旬 1-10, 中旬 11-20, 下旬 21 to the month's end.
      const int first = d.day <= 10 ? 1 : (d.day <= 20 ? 11 : 21);
      const int last = first == 21 ? days_in_month(d.year, d.month) : first + 9;
      return {days_from_civil({d.year, d.month, first}), days_from_civil({d.year, d.month, last})};
    }
    case Per::week: {
      // ISO weeks, Monday to Sunday; 1970-01-01 was a Thursday.
      const std::int64_t monday = day - ((day + 3) % 7 + 7) % 7;
      return {monday, monday + 6};
    }
  }
  return {day, day};
}

}  // namespace

std::vector<std::pair<std::int64_t, std::int64_t>> windows(Per per, std::int64_t first, std::int64_t last) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (std::int64_t day = first; day <= last;) {
    const auto w = window_of(per, day);
    if (w.first >= first && w.second <= last) out.push_back(w);
    day = w.second + 1;
  }
  return out;
}

std::vector<ChiefCoverage> patrol_coverage(const std::vector<Chief>& chiefs, const std::vector<Patrol>& patrols,
                                           std::int64_t first, std::int64_t last, std::int64_t as_of) {
  std::map<std::string, std::size_t> index;
  for (std::size_t c = 0; c < chiefs.size(); ++c) index[chiefs[c].id] = c;
  std::vector<std::vector<std::int64_t>> days(chiefs.size());
  std::vector<std::set<std::string>> patrolled(chiefs.size());
  std::vector<ChiefCoverage> out(chiefs.size());
  for (const Patrol& p : patrols) {
    const auto it = index.find(p.chief_id);
    if (it == index.end()) continue;
    ChiefCoverage& c = out[it->second];
    // Every patrol day is kept: the windows counted lie inside the period, and the overdue window may not.
    days[it->second].push_back(p.day);
    // The last patrol as of `as_of` counts whatever the period.
    if (p.day <= as_of && (!c.last_patrol || p.day > *c.last_patrol)) c.last_patrol = p.day;
    if (p.day < first || p.day > last) continue;
    if (!p.object_id.empty()) patrolled[it->second].insert(p.object_id);
    ++c.patrols;
    c.track_km += p.track_km;
    c.duration_min += p.duration_min;
    c.issues_found += p.issues_found;
    c.issues_resolved += p.issues_resolved;
    if (p.resolution_days && p.issues_resolved > 0) {
      c.resolution_days_sum += *p.resolution_days * p.issues_resolved;
      c.resolution_days_issues += p.issues_resolved;
    }
  }
  for (std::size_t k = 0; k < chiefs.size(); ++k) {
    const Chief& chief = chiefs[k];
    ChiefCoverage& c = out[k];
    std::sort(days[k].begin(), days[k].end());
    auto count_in = [&](std::int64_t a, std::int64_t b) {
      return std::upper_bound(days[k].begin(), days[k].end(), b) - std::lower_bound(days[k].begin(), days[k].end(), a);
    };
    // Windows wholly inside the period and inside the chief's service.
    const std::int64_t from = std::max(first, chief.since), to = std::min(last, chief.until);
    if (from <= to) {
      for (const auto& [a, b] : windows(chief.requirement.per, from, to)) {
        ++c.windows;
        if (count_in(a, b) >= chief.requirement.min_patrols) ++c.windows_met;
      }
    }
    // Overdue: the last whole window before `as_of`, if served, fell short (patrols counted whatever the period).
    const auto current = window_of(chief.requirement.per, as_of);
    const auto previous = window_of(chief.requirement.per, current.first - 1);
    if (previous.first >= chief.since && previous.second <= chief.until)
      c.overdue = count_in(previous.first, previous.second) < chief.requirement.min_patrols;
    for (const auto& o : chief.objects)
      if (!patrolled[k].count(o)) c.unpatrolled.push_back(o);
  }
  return out;
}

}  // namespace eb::engine::responsibility

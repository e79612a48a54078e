#include "engine/source/series.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "standards/emission.hpp"

namespace eb::engine::source {

std::vector<PollutantRows> group_by_pollutant(std::span<const HourlyValue> series) {
  std::map<std::string, std::vector<const HourlyValue*>, std::less<>> by;
  for (const HourlyValue& v : series) {
    if (v.hour % 3600 != 0)
      throw std::invalid_argument("hourly value of " + v.pollutant + " at " + format_beijing_iso(v.hour) +
                                  ": not on the hour");
    const standards::Hj212Code* code = standards::hj212_code(v.pollutant);
    by[code ? code->code : v.pollutant].push_back(&v);
  }
  std::vector<PollutantRows> out;
  for (auto& [pollutant, rows] : by) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const HourlyValue* a, const HourlyValue* b) { return a->hour < b->hour; });
    for (std::size_t i = 1; i < rows.size(); ++i)
      if (rows[i]->hour == rows[i - 1]->hour)
        throw std::invalid_argument("two hourly values of " + pollutant + " at " + format_beijing_iso(rows[i]->hour));
    out.push_back({pollutant, std::move(rows)});
  }
  return out;
}

}  // namespace eb::engine::source

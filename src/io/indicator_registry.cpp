#include "io/indicator_registry.hpp"

#include <fmt/format.h>

#include <set>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"
#include "io/file_buffer.hpp"

namespace eb::io {

std::vector<RegistryIndicator> read_indicator_registry(const std::string& path) {
  const FileBuffer file(path);
  CsvReader csv(file.text(), path);
  if (!csv.next()) throw InputError(path + ": empty registry");
  const std::vector<std::string> columns = {"id",        "name_zh", "name_en", "unit",    "direction",
                                            "category",  "weight",  "worst",   "targets", "baseline_year",
                                            "goal_year", "goal",    "source"};
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < csv.size(); ++i) at[std::string(trim(csv[i]))] = i;
  for (const auto& c : columns)
    if (!at.count(c)) throw InputError(fmt::format("{}:1: no column \"{}\"", path, c));
  std::vector<RegistryIndicator> out;
  std::set<std::string> ids;
  while (csv.next()) {
    auto field = [&](const char* c) { return at[c] < csv.size() ? std::string(trim(csv[at[c]])) : std::string(); };
    auto fail = [&](const char* c, const std::string& why) {
      throw InputError(fmt::format("{}:{}: {}: {}", path, csv.line(), c, why));
    };
    auto number = [&](const char* c) {
      const auto v = parse_number(field(c));
      if (!v) fail(c, fmt::format("\"{}\" is not a number", quote_input(field(c))));
      return *v;
    };
    auto year = [&](const std::string& text, const char* c) {
      const auto v = parse_number(text);
      const auto whole = v ? exact_int(*v) : std::nullopt;
      if (!whole || *whole < 1949 || *whole > 2100) fail(c, fmt::format("\"{}\" is not a year", quote_input(text)));
      return *whole;
    };
    RegistryIndicator r;
    r.id = field("id");
    if (r.id.empty()) fail("id", "empty");
    if (!ids.insert(r.id).second) fail("id", r.id + " repeats");
    r.name_zh = field("name_zh");
    r.name_en = field("name_en");
    r.unit = field("unit");
    r.category = field("category");
    if (r.category.empty()) fail("category", "empty");
    r.source = field("source").empty() ? "imported" : field("source");
    const std::string direction = field("direction");
    if (direction != "higher" && direction != "lower") fail("direction", "higher or lower");
    r.higher_is_better = direction == "higher";
    r.weight = number("weight");
    if (!(r.weight > 0)) fail("weight", "must be positive");
    r.worst = number("worst");
    const std::string targets = field("targets");
    std::size_t start = 0;
    while (start < targets.size()) {
      const std::size_t bar = targets.find('|', start);
      const std::string item = targets.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      const std::size_t colon = item.find(':');
      if (colon == std::string::npos) fail("targets", fmt::format("\"{}\" is not YEAR:VALUE", quote_input(item)));
      const auto value = parse_number(trim(item.substr(colon + 1)));
      if (!value) fail("targets", fmt::format("\"{}\" is not YEAR:VALUE", quote_input(item)));
      const int y = year(std::string(trim(item.substr(0, colon))), "targets");
      if (r.higher_is_better ? !(*value > r.worst) : !(*value < r.worst))
        fail("targets", fmt::format("target {} for {} is not better than the worst bound {}", *value, y, r.worst));
      r.targets[y] = *value;
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    if (r.targets.empty()) fail("targets", "give at least one YEAR:VALUE");
    if (!field("baseline_year").empty()) r.baseline_year = year(field("baseline_year"), "baseline_year");
    if (!field("goal_year").empty() != !field("goal").empty()) fail("goal", "goal_year and goal go together");
    if (!field("goal_year").empty()) {
      r.goal_year = year(field("goal_year"), "goal_year");
      r.goal = number("goal");
    }
    out.push_back(std::move(r));
  }
  if (out.empty()) throw InputError(path + ": no indicators");
  return out;
}

UnitTargets read_unit_targets(const std::string& path, const std::vector<RegistryIndicator>& registry) {
  const FileBuffer file(path);
  CsvReader csv(file.text(), path);
  if (!csv.next()) throw InputError(path + ": empty file of unit targets");
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < csv.size(); ++i) at[std::string(trim(csv[i]))] = i;
  for (const char* c : {"indicator", "unit_code", "year", "target"})
    if (!at.count(c)) throw InputError(fmt::format("{}:1: no column \"{}\"", path, c));
  std::map<std::string, const RegistryIndicator*> by_id;
  for (const auto& r : registry) by_id[r.id] = &r;
  UnitTargets out;
  while (csv.next()) {
    auto field = [&](const char* c) { return at[c] < csv.size() ? std::string(trim(csv[at[c]])) : std::string(); };
    auto fail = [&](const char* c, const std::string& why) {
      throw InputError(fmt::format("{}:{}:{}: {}", path, csv.line(), at[c] + 1, why));
    };
    const auto indicator = by_id.find(field("indicator"));
    if (indicator == by_id.end())
      fail("indicator", fmt::format("indicator \"{}\" is not in the registry", quote_input(field("indicator"))));
    const std::string unit = field("unit_code");
    if (unit.empty()) fail("unit_code", "empty");
    const auto year_number = parse_number(field("year"));
    const auto year = year_number ? exact_int(*year_number) : std::nullopt;
    if (!year || *year < 1949 || *year > 2100)
      fail("year", fmt::format("\"{}\" is not a year", quote_input(field("year"))));
    const auto target = parse_number(field("target"));
    if (!target) fail("target", fmt::format("\"{}\" is not a number", quote_input(field("target"))));
    const RegistryIndicator& r = *indicator->second;
    if (r.higher_is_better ? !(*target > r.worst) : !(*target < r.worst))
      fail("target", fmt::format("target {} of {} is not better than its worst bound {}", *target, r.id, r.worst));
    if (!out.emplace(std::tuple(r.id, unit, *year), *target).second)
      fail("unit_code", fmt::format("a second target of {} for {} in {}", r.id, unit, *year));
  }
  return out;
}

}  // namespace eb::io

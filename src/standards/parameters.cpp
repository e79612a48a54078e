#include "standards/parameters.hpp"

#include <deque>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "standards/tables.hpp"

namespace eb::standards {

namespace {

struct Vocabulary {
  std::deque<std::string> text;  // the strings the ParameterInfo views point into (a deque never moves them)
  std::vector<ParameterInfo> params;
  std::multimap<std::string, std::size_t, std::less<>> by_name;  // code, HJ 212 codes and aliases

  std::string_view keep(const std::string& s) { return text.emplace_back(s); }
  void name(const std::string& list, std::size_t row) {
    for (std::size_t from = 0; from <= list.size();) {
      const std::size_t bar = std::min(list.find('|', from), list.size());
      if (bar > from) by_name.emplace(list.substr(from, bar - from), row);
      from = bar + 1;
    }
  }
};

const Vocabulary& vocabulary() {
  static const Vocabulary v = [] {
    Vocabulary out;
    const DataTable& t = DataTable::get("parameters.csv");
    for (std::size_t r = 0; r < t.size(); ++r) {
      const auto unit = parse_unit(t.at(r, "unit"));
      const auto medium = parse_medium(t.at(r, "medium"));
      const std::string& non_negative = t.at(r, "non_negative");
      if (!unit || !medium || (non_negative != "yes" && non_negative != "no"))
        throw std::logic_error("parameters.csv: bad unit, medium or non_negative in row of " + t.at(r, "code"));
      out.params.push_back({out.keep(t.at(r, "code")), out.keep(t.at(r, "name_zh")), out.keep(t.at(r, "name_en")),
                            *unit, non_negative == "yes", *medium, out.keep(t.at(r, "hj212"))});
    }
    // Canonical codes first, so that an alias never hides a code.
    for (std::size_t r = 0; r < t.size(); ++r) out.by_name.emplace(t.at(r, "code"), r);
    for (std::size_t r = 0; r < t.size(); ++r) {
      out.name(t.at(r, "hj212"), r);
      out.name(t.at(r, "aliases"), r);
    }
    return out;
  }();
  return v;
}

}  // namespace

std::span<const ParameterInfo> parameters() { return vocabulary().params; }

const ParameterInfo* find_parameter(std::string_view name, std::optional<Medium> medium) {
  const Vocabulary& v = vocabulary();
  // Exact codes before aliases: equal_range keeps insertion order, and codes were inserted first.
  const auto [lo, hi] = v.by_name.equal_range(name);
  for (auto it = lo; it != hi; ++it) {
    const ParameterInfo& p = v.params[it->second];
    if (!medium || p.medium == *medium) return &p;
  }
  return nullptr;
}

}  // namespace eb::standards

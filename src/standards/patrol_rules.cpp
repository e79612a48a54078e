#include "standards/patrol_rules.hpp"

#include <stdexcept>
#include <vector>

#include "standards/tables.hpp"

namespace eb::standards {

const PatrolRule* patrol_rule(std::string_view kind, int level) {
  static const std::vector<PatrolRule> rules = [] {
    std::vector<PatrolRule> out;
    const DataTable& t = DataTable::get("patrol_frequency.csv");
    for (std::size_t r = 0; r < t.size(); ++r) {
      PatrolRule p{t.at(r, "kind"), static_cast<int>(t.number(r, "level")),
                   static_cast<int>(t.number(r, "min_patrols")), t.at(r, "per"), t.at(r, "source")};
      if (p.per != "year" && p.per != "quarter" && p.per != "month" && p.per != "dekad" && p.per != "week")
        throw std::logic_error("patrol_frequency.csv: unknown period " + p.per);
      out.push_back(std::move(p));
    }
    return out;
  }();
  for (const PatrolRule& r : rules)
    if (r.kind == kind && r.level == level) return &r;
  return nullptr;
}

}  // namespace eb::standards

#include "standards/air_bundles.hpp"

#include <algorithm>
#include <stdexcept>

#include "standards/aqi.hpp"
#include "standards/hj663.hpp"
#include "standards/tables.hpp"

namespace eb::standards {

const std::vector<AirBundle>& air_bundles() {
  static const std::vector<AirBundle> bundles = [] {
    std::vector<AirBundle> out;
    const DataTable& t = DataTable::get("air_bundles.csv");
    for (std::size_t r = 0; r < t.size(); ++r) {
      AirBundle b{t.at(r, "bundle"), {}, t.at(r, "aqi_edition"), t.at(r, "limits"), t.at(r, "assessment")};
      const std::string& aliases = t.at(r, "aliases");
      for (std::size_t from = 0; from < aliases.size();) {
        const std::size_t bar = std::min(aliases.find('|', from), aliases.size());
        if (bar > from) b.aliases.push_back(aliases.substr(from, bar - from));
        from = bar + 1;
      }
      // Every edition a bundle names must exist: a typo in the table is a build defect, found by the tests.
      AqiEdition::get(b.aqi_edition);
      Gb3095::get(b.limits);
      AssessmentRules::get(b.assessment);
      out.push_back(std::move(b));
    }
    return out;
  }();
  return bundles;
}

const AirBundle* find_air_bundle(const std::string& name) {
  for (const auto& b : air_bundles())
    if (b.name == name || std::find(b.aliases.begin(), b.aliases.end(), name) != b.aliases.end()) return &b;
  return nullptr;
}

std::vector<std::string> air_bundle_names(bool aliases) {
  std::vector<std::string> out;
  for (const auto& b : air_bundles()) out.push_back(b.name);
  if (aliases)
    for (const auto& b : air_bundles()) out.insert(out.end(), b.aliases.begin(), b.aliases.end());
  return out;
}

}  // namespace eb::standards

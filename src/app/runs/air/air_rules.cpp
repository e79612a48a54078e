#include "app/runs/air/air_rules.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "standards/air_bundles.hpp"

namespace eb::app::runs {

using namespace eb::standards;

std::string AirRules::label() const { return fmt::format("{} + {} + {}", aqi->id(), limits->id(), rules->id); }

AirRules air_rules(const std::string& standard, const CivilDate& day, const std::string& composite) {
  AirRules r{};
  if (standard == "auto") {
    r = {&AqiEdition::in_force(day), &Gb3095::in_force(day), &AssessmentRules::in_force(day)};
  } else if (const AirBundle* b = find_air_bundle(standard)) {
    r = {&AqiEdition::get(b->aqi_edition), &Gb3095::get(b->limits), &AssessmentRules::get(b->assessment)};
  } else {
    const std::vector<std::string> names = air_standard_choices(/*with_auto=*/true, /*with_aliases=*/true);
    std::string list;
    for (std::size_t i = 0; i < names.size(); ++i)
      list += (i == 0 ? "" : (i + 1 == names.size() ? " or " : ", ")) + names[i];
    throw UsageError("--standard: expected " + list + ", got " + standard);
  }
  if (composite == "weighted")
    r.rules = &AssessmentRules::get("weighted");
  else if (composite != "auto" && composite != "unweighted")
    throw UsageError("--composite: expected unweighted or weighted, got " + composite);
  return r;
}

std::vector<std::string> air_standard_choices(bool with_auto, bool with_aliases) {
  std::vector<std::string> out;
  if (with_auto) out.emplace_back("auto");
  for (const auto& n : air_bundle_names(with_aliases)) out.push_back(n);
  return out;
}

}  // namespace eb::app::runs

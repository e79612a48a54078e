#include "app/runs/air/air_rules.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace eb::app::runs {

using namespace eb::standards;

std::string AirRules::label() const { return fmt::format("{} + {} + {}", aqi->id(), limits->id(), rules->id); }

AirRules air_rules(const std::string& standard, const CivilDate& day, const std::string& composite) {
  AirRules r{};
  if (standard == "auto") {
    r = {&AqiEdition::in_force(day), &Gb3095::in_force(day), &AssessmentRules::in_force(day)};
  } else if (standard == "2012" || standard == "hj633-2012") {
    r = {&AqiEdition::get("hj633-2012"), &Gb3095::get("gb3095-2012"), &AssessmentRules::get("hj663-2013")};
  } else if (standard == "2026" || standard == "hj633-2026") {
    r = {&AqiEdition::get("hj633-2026"), &Gb3095::get("gb3095-2026-transition"), &AssessmentRules::get("hj663-2026")};
  } else if (standard == "2026-final") {
    r = {&AqiEdition::get("hj633-2026"), &Gb3095::get("gb3095-2026-final"), &AssessmentRules::get("hj663-2026")};
  } else {
    throw UsageError("--standard: expected auto, 2012, 2026, 2026-final, hj633-2012 or hj633-2026, got " + standard);
  }
  if (composite == "weighted")
    r.rules = &AssessmentRules::get("weighted");
  else if (composite != "auto" && composite != "unweighted")
    throw UsageError("--composite: expected unweighted or weighted, got " + composite);
  return r;
}

}  // namespace eb::app::runs

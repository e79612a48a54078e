// Which air-quality rules a figure is computed under: an HJ 633 AQI edition, GB 3095 limits and HJ 663 assessment
// rules, chosen by a --standard name or by the editions in force on a day (docs/air.md).
#pragma once

#include <string>
#include <vector>

#include "core/civil_time.hpp"
#include "standards/aqi.hpp"
#include "standards/hj663.hpp"

namespace eb::app::runs {

// The rule set a figure was computed under.
struct AirRules {
  const standards::AqiEdition* aqi;
  const standards::Gb3095* limits;
  const standards::AssessmentRules* rules;
  std::string label() const;  // "hj633-2012 + gb3095-2012 + hj663-2013"
};

// standard: auto (editions in force on `day`) or a bundle of data/standards/air_bundles.csv by name or alias (2012,
// 2026 = 2026 editions with the transition limits, 2026-final; hj633-2012, hj633-2026 mean their bundles). composite:
// auto | unweighted | weighted. A UsageError names the option for any other value.
AirRules air_rules(const std::string& standard, const CivilDate& day, const std::string& composite = "auto");
// The values --standard (and --what-if, without auto) accepts, from the bundle registry.
std::vector<std::string> air_standard_choices(bool with_auto, bool with_aliases = false);

}  // namespace eb::app::runs

// Named bundles of air-quality rules (data/standards/air_bundles.csv): an HJ 633 AQI edition, GB 3095 limits and
// HJ 663 assessment rules that go together, as `--standard` and `--what-if` name them. "auto" (the editions in
// force on a day) is not a bundle: each table chooses its own edition by date.
#pragma once

#include <string>
#include <vector>

namespace eb::standards {

struct AirBundle {
  std::string name;
  std::vector<std::string> aliases;  // other names of the bundle (the AQI edition id it starts from)
  std::string aqi_edition, limits, assessment;
};

const std::vector<AirBundle>& air_bundles();
// By name or alias; nullptr when unknown.
const AirBundle* find_air_bundle(const std::string& name);
// The bundle names (and, with `aliases`, their aliases after them), in the table's order.
std::vector<std::string> air_bundle_names(bool aliases = false);

}  // namespace eb::standards

// Required patrol frequencies of river/lake and forest/grassland chiefs by level (data/standards/
// patrol_frequency.csv). The frequencies follow typical provincial regulations and are unconfirmed [M]: project
// defaults, kept as data so that a region's own rules replace them.
#pragma once

#include <string>
#include <string_view>

namespace eb::standards {

struct PatrolRule {
  std::string kind;  // river_lake, forest_grassland
  int level = 0;     // 1 region ... 5 village
  int min_patrols = 1;
  std::string per;  // year, quarter, month, dekad, week
  std::string source;
};

// nullptr when the table has no rule for the kind and level.
const PatrolRule* patrol_rule(std::string_view kind, int level);

}  // namespace eb::standards

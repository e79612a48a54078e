// Names of the protected-layer kinds as the spatial runs and their views show them
// (data/standards/protected_zones.csv).
#pragma once

#include <string>

#include "app/table/lang.hpp"

namespace eb::app::runs {

// The kind's own name in `lang` (nature_reserve: 自然保护区 / nature reserve).
std::string layer_kind_name(const std::string& kind, Lang lang);
// Whether the kind has zones (core, buffer, level1, ...).
bool layer_kind_has_zones(const std::string& kind);
// The kinds ecobarrier keeps, comma-separated, for messages.
std::string layer_known_kinds();

}  // namespace eb::app::runs

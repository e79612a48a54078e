// Names of the restoration project types as the ledger runs and their views show them
// (data/standards/project_types.csv).
#pragma once

#include <string>

#include "app/table/lang.hpp"

namespace eb::app::runs {

// The type's name in `lang`; the type itself when it is not a known type.
std::string project_type_name(const std::string& type, Lang lang);
// The known types, comma-separated, for messages.
std::string project_known_types();

}  // namespace eb::app::runs

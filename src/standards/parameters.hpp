// The one vocabulary of parameters (data/standards/parameters.csv): every parameter ecobarrier reads, with its
// medium (air, water, soil, groundwater, emission), canonical unit, Chinese and English names, HJ 212-2017 codes
// where known and the spellings accepted on input. Readers of every layout name parameters through it.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/quantity.hpp"

namespace eb::standards {

std::span<const ParameterInfo> parameters();
// By canonical code, HJ 212 code or alias (Chinese name, common spellings), optionally only of one medium;
// nullptr when unknown. A code is unique within a medium; across media the first listed wins.
const ParameterInfo* find_parameter(std::string_view code_or_alias, std::optional<Medium> medium = std::nullopt);

}  // namespace eb::standards

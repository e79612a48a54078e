// Yearly indicator values per administrative unit, for assessment (docs/assessment.md).
#pragma once

#include <string>
#include <vector>

#include "store/workspace.hpp"

namespace eb::store {

struct IndicatorValue {
  std::string indicator, unit_code;
  int year = 0;
  double value = 0;
  std::string source;
};

struct IndicatorImportReport {
  int added = 0, updated = 0, unchanged = 0;
};

// Adds or updates values (by indicator, unit, year) in one transaction.
IndicatorImportReport import_indicator_values(Workspace& ws, const std::vector<IndicatorValue>& values);
// All values of the years first..last.
std::vector<IndicatorValue> load_indicator_values(Workspace& ws, int first_year, int last_year);

}  // namespace eb::store

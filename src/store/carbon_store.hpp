// Energy and carbon activity data in the workspace (migration 19; docs/carbon.md): energy by unit, year and fuel,
// GDP at constant 2020 prices, five-year targets. Each import is one transaction: a value already stored is
// unchanged when equal and a conflict (StoreError naming the file's line) when not, so a repeated import changes
// nothing and a conflicting one stores nothing.
#pragma once

#include <string>
#include <vector>

#include "io/carbon_activity.hpp"
#include "store/workspace.hpp"

namespace eb::store {

struct CarbonImportReport {
  std::string file;
  int added = 0, unchanged = 0;
};

// Units must exist in the workspace (InputError naming file:line otherwise).
CarbonImportReport import_energy(Workspace& ws, const std::string& file, const std::vector<io::EnergyRecord>& rows);
CarbonImportReport import_gdp(Workspace& ws, const std::string& file, const std::vector<io::GdpRecord>& rows);
CarbonImportReport import_carbon_targets(Workspace& ws, const std::string& file,
                                         const std::vector<io::CarbonTargetRecord>& rows);

struct StoredEnergy {
  std::string unit_code, fuel;
  int year = 0;
  double amount = 0;  // base unit of the fuel
};
struct StoredGdp {
  std::string unit_code, method, source;
  int year = 0;
  double gdp_10k_yuan_2020 = 0;
};
struct StoredCarbonTarget {
  std::string unit_code, indicator, source;
  int base_year = 0, target_year = 0;
  double drop_pct = 0;
};
// The energy rows of the given years (every unit), GDP of those years, and every target.
std::vector<StoredEnergy> load_energy(Workspace& ws, const std::vector<int>& years);
std::vector<StoredGdp> load_gdp(Workspace& ws, const std::vector<int>& years);
std::vector<StoredCarbonTarget> load_carbon_targets(Workspace& ws);

}  // namespace eb::store

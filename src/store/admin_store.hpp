// Administrative units in the workspace: import with hierarchy checks, and hierarchy/location queries.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "io/admin_features.hpp"
#include "store/workspace.hpp"

namespace eb::store {

struct AdminUnit {
  std::string code;
  std::string name_zh;
  std::string name_en;  // empty when unknown
  int level = 0;
  std::string kind;
  std::optional<std::string> parent_code;
  bool derived = false;
};

// Level from a GB/T 2260 code: XX0000 -> 1, XXXX00 -> 2, other 6-digit -> 3, 9 digits -> 4, 12 -> 5.
int admin_level_of(const std::string& code);
// The parent code implied by the code itself (150102 -> 150100 -> 150000); nothing for level 1.
std::optional<std::string> implied_parent(const std::string& code);
// Kind from the Chinese name's suffix (盟 league, 旗 banner, 自治旗 autonomous banner, 县 county, ...).
std::string admin_kind_of(const std::string& name_zh);
std::string_view level_name(int level, bool zh);

struct UnitNames {
  std::string name_zh;
  std::string name_en;
};

struct AdminImportReport {
  int added = 0, updated = 0, unchanged = 0, derived = 0;
  std::vector<std::string> repaired;  // "code (feature N): reason"
};

// Imports features in one transaction. `names` gives English names (and Chinese names for units that
// are derived); a parent missing from both the workspace and the import is derived by dissolving its
// children when `names` knows it, otherwise the import fails naming the feature.
AdminImportReport import_admin_units(Workspace& ws, const std::vector<io::AdminFeature>& features,
                                     const std::map<std::string, UnitNames>& names, const std::string& source);

std::optional<AdminUnit> find_unit(Workspace& ws, const std::string& code);
std::vector<AdminUnit> list_units(Workspace& ws, std::optional<int> level = std::nullopt);
std::vector<AdminUnit> children_of(Workspace& ws, const std::string& code);
// From the unit's parent up to the root.
std::vector<AdminUnit> ancestors_of(Workspace& ws, const std::string& code);
// Units of a level with their geometry (MultiPolygon WKB, lon/lat WGS 84), by code.
struct UnitGeometry {
  AdminUnit unit;
  std::vector<std::uint8_t> wkb;
};
std::vector<UnitGeometry> unit_geometries(Workspace& ws, int level);
// Units covering the point, shallowest first, using the R*Tree for candidates.
std::vector<AdminUnit> units_at(Workspace& ws, double lon, double lat);

}  // namespace eb::store

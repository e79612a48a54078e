#include "standards/ledger.hpp"

#include <stdexcept>

#include "standards/tables.hpp"

namespace eb::standards {

const std::vector<ProjectType>& project_types() {
  static const std::vector<ProjectType> types = [] {
    std::vector<ProjectType> out;
    const DataTable& t = DataTable::get("project_types.csv");
    for (std::size_t r = 0; r < t.size(); ++r) {
      const std::string& effect = t.at(r, "effect");
      // measure: a management measure recorded in the ledger without being restoration or damage (the farmland
      // safe-use and strict-control measures of docs/soil.md).
      if (effect != "restoration" && effect != "damage" && effect != "measure")
        throw std::logic_error("project_types.csv: effect must be restoration, damage or measure");
      out.push_back({t.at(r, "type"), effect == "damage", t.at(r, "name_zh"), t.at(r, "name_en"), t.at(r, "source")});
    }
    return out;
  }();
  return types;
}

const ProjectType* project_type(std::string_view type) {
  for (const ProjectType& t : project_types())
    if (t.type == type) return &t;
  return nullptr;
}

}  // namespace eb::standards

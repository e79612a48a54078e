// Restoration project types of the ledger (data/standards/project_types.csv): restoration work counted against
// annual plans, and new mining damage set against mine restoration.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace eb::standards {

struct ProjectType {
  std::string type;
  bool damage = false;  // effect "damage": land lost, not restored
  std::string name_zh, name_en, source;
};

const std::vector<ProjectType>& project_types();
// nullptr for an unknown type.
const ProjectType* project_type(std::string_view type);

}  // namespace eb::standards

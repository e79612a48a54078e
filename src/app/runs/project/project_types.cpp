#include "app/runs/project/project_types.hpp"

#include "standards/ledger.hpp"

namespace eb::app::runs {

std::string project_type_name(const std::string& type, Lang lang) {
  const auto* t = standards::project_type(type);
  return t ? (lang == Lang::zh ? t->name_zh : t->name_en) : type;
}

std::string project_known_types() {
  std::string out;
  for (const auto& t : standards::project_types()) out += (out.empty() ? "" : ", ") + t.type;
  return out;
}

}  // namespace eb::app::runs

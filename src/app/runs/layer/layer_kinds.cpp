#include "app/runs/layer/layer_kinds.hpp"

#include "standards/screening.hpp"

namespace eb::app::runs {

std::string layer_kind_name(const std::string& kind, Lang lang) {
  return standards::zone_name(kind, "", lang == Lang::zh);
}

bool layer_kind_has_zones(const std::string& kind) {
  for (const auto& z : standards::zone_defs())
    if (z.kind == kind && !z.zone.empty()) return true;
  return false;
}

std::string layer_known_kinds() {
  std::string out;
  for (const auto& k : standards::protected_kinds()) out += (out.empty() ? "" : ", ") + k;
  return out;
}

}  // namespace eb::app::runs

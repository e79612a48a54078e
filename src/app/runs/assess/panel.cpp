#include "app/runs/assess/panel.hpp"

#include <fmt/format.h>

#include <set>

#include "core/error.hpp"
#include "store/indicator_store.hpp"

namespace eb::app::runs {

namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string list;
  for (const auto& s : items) list += (list.empty() ? "" : ", ") + s;
  return list;
}

}  // namespace

AssessPanel load_assess_panel(store::Workspace& ws, const std::vector<io::RegistryIndicator>& registry, int level) {
  AssessPanel p;
  p.units = store::list_units(ws, level);
  if (p.units.empty()) throw InputError(fmt::format("{}: no administrative units of level {}", ws.path(), level));
  std::map<std::string, std::size_t> unit_index, indicator_index;
  for (std::size_t u = 0; u < p.units.size(); ++u) unit_index[p.units[u].code] = u;
  for (std::size_t i = 0; i < registry.size(); ++i) indicator_index[registry[i].id] = i;
  std::set<std::string> outside;
  for (const auto& v : store::load_indicator_values(ws, 1949, 2100)) {
    const auto u = unit_index.find(v.unit_code);
    const auto i = indicator_index.find(v.indicator);
    if (i == indicator_index.end()) {
      outside.insert(v.indicator);
      continue;
    }
    if (u != unit_index.end()) p.values[{u->second, i->second, v.year}] = v.value;
  }
  p.outside_registry.assign(outside.begin(), outside.end());
  return p;
}

std::optional<AssessTargets::Found> AssessTargets::of(const std::string& unit_code, std::size_t indicator,
                                                      int year) const {
  const auto& r = (*registry)[indicator];
  const auto it = own.find({r.id, unit_code, year});
  if (it != own.end()) return Found{it->second, true};
  const auto t = r.targets.find(year);
  if (t == r.targets.end()) return std::nullopt;
  return Found{t->second, false};
}

AssessTargets load_assess_targets(store::Workspace& ws, const std::vector<io::RegistryIndicator>& registry,
                                  const std::string& path, const AssessPanel& panel) {
  AssessTargets t;
  t.registry = &registry;
  if (path.empty()) return t;
  t.own = io::read_unit_targets(path, registry);
  std::set<std::string> checked, other_level;
  std::set<std::string> of_level;
  for (const auto& u : panel.units) of_level.insert(u.code);
  for (const auto& [key, value] : t.own) {
    const std::string& code = std::get<1>(key);
    if (!checked.insert(code).second) continue;
    if (!store::find_unit(ws, code))
      throw InputError(fmt::format("{}: unit_code \"{}\" is not an administrative unit of the workspace", path, code));
    if (!of_level.count(code)) other_level.insert(code);
  }
  t.other_level.assign(other_level.begin(), other_level.end());
  return t;
}

std::vector<std::string> assess_input_notes(const std::vector<std::string>& outside_registry,
                                            const std::vector<std::string>& other_level, Lang lang) {
  std::vector<std::string> notes;
  if (!outside_registry.empty())
    notes.push_back(tr(lang, "登记表之外的指标（未使用）：", "indicators not in the registry (not used): ") +
                    joined(outside_registry));
  if (!other_level.empty())
    notes.push_back(
        tr(lang, "单位目标中不属于本级的单位（未使用）：", "unit targets of units of another level (not used): ") +
        joined(other_level));
  return notes;
}

}  // namespace eb::app::runs

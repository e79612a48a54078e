#include "standards/gb14848.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "core/csv.hpp"
#include "standards/tables.hpp"

namespace eb::standards {

namespace {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

double limit_number(const std::string& text, std::string_view item) {
  if (!text.empty() && text.front() == '>') return std::numeric_limits<double>::infinity();  // "> III": open IV
  const auto v = parse_number(text);
  if (!v) throw std::logic_error("gb14848.csv: bad limit '" + text + "' for " + std::string(item));
  return *v;
}

std::pair<double, double> range(const std::string& text, std::string_view item) {
  const auto dash = text.find('-');
  if (dash == std::string::npos) throw std::logic_error("gb14848.csv: bad range for " + std::string(item));
  return {limit_number(text.substr(0, dash), item), limit_number(text.substr(dash + 1), item)};
}

struct Gb14848 {
  std::vector<GroundwaterItem> items;
  std::vector<GroundwaterLimits> limits;                    // parallel to items
  std::map<std::string, std::size_t, std::less<>> by_name;  // code, lower-case code and aliases

  static const Gb14848& get() {
    static const Gb14848 g = [] {
      Gb14848 out;
      const DataTable& t = DataTable::get("gb14848.csv");
      for (std::size_t r = 0; r < t.size(); ++r) {
        const std::string& code = t.at(r, "item");
        GroundwaterLimits lim;
        const std::string& rule = t.at(r, "rule");
        if (rule == "max") {
          lim.rule = GroundwaterRule::at_most;
          static constexpr std::array<std::string_view, 4> kClasses = {"I", "II", "III", "IV"};
          for (std::size_t k = 0; k < 4; ++k) lim.limit[k] = limit_number(t.at(r, kClasses[k]), code);
        } else if (rule == "ph") {
          lim.rule = GroundwaterRule::ph;
          const auto [lo3, hi3] = range(t.at(r, "III"), code);
          const auto [lo4, hi4] = range(t.at(r, "IV"), code);
          lim.limit = {lo3, hi3, lo4, hi4};
        } else if (rule == "qualitative") {
          lim.rule = GroundwaterRule::qualitative;
        } else {
          throw std::logic_error("gb14848.csv: unknown rule " + rule);
        }
        const std::size_t index = out.items.size();
        out.items.push_back(
            {code, t.at(r, "name_zh"), t.at(r, "name_en"), t.at(r, "unit"), t.at(r, "routine") == "yes"});
        out.limits.push_back(lim);
        out.add(code, index);
        const std::string& aliases = t.at(r, "aliases");
        for (std::size_t from = 0; from <= aliases.size();) {
          const std::size_t bar = std::min(aliases.find('|', from), aliases.size());
          if (bar > from) out.add(aliases.substr(from, bar - from), index);
          from = bar + 1;
        }
      }
      return out;
    }();
    return g;
  }

  // A name given twice for two items is a defect of the table.
  void add(const std::string& name, std::size_t index) {
    for (const std::string& key : {name, ascii_lower(name)}) {
      const auto [it, inserted] = by_name.emplace(key, index);
      if (!inserted && it->second != index)
        throw std::logic_error("gb14848.csv: name '" + key + "' is given to two items");
    }
  }

  std::optional<std::size_t> find(std::string_view name) const {
    auto it = by_name.find(name);
    if (it == by_name.end()) it = by_name.find(ascii_lower(name));
    if (it == by_name.end()) return std::nullopt;
    return it->second;
  }
};

int class_of(const GroundwaterLimits& lim, double v) {
  switch (lim.rule) {
    case GroundwaterRule::qualitative:
      return v > 0 ? 5 : 1;
    case GroundwaterRule::ph:
      if (v >= lim.limit[0] && v <= lim.limit[1]) return 1;
      return v >= lim.limit[2] && v <= lim.limit[3] ? 4 : 5;
    case GroundwaterRule::at_most:
      break;
  }
  for (int k = 0; k < 4; ++k)
    if (v <= lim.limit[static_cast<std::size_t>(k)]) return k + 1;
  return 5;
}

}  // namespace

const std::vector<GroundwaterItem>& groundwater_items() { return Gb14848::get().items; }

const GroundwaterItem* find_groundwater_item(std::string_view name) {
  const auto& g = Gb14848::get();
  const auto i = g.find(name);
  return i ? &g.items[*i] : nullptr;
}

std::optional<GroundwaterLimits> groundwater_limits(std::string_view item) {
  const auto& g = Gb14848::get();
  const auto i = g.find(item);
  if (!i) return std::nullopt;
  return g.limits[*i];
}

std::optional<int> groundwater_item_class(std::string_view item, double value) {
  const auto lim = groundwater_limits(item);
  if (!lim || std::isnan(value)) return std::nullopt;
  return class_of(*lim, value);
}

std::optional<double> groundwater_class_iii_limit(std::string_view item) {
  const auto lim = groundwater_limits(item);
  if (!lim || lim->rule != GroundwaterRule::at_most) return std::nullopt;
  return lim->limit[2];
}

std::string_view groundwater_class_name(int cls) {
  static constexpr std::array<std::string_view, 5> kNames = {"I", "II", "III", "IV", "V"};
  return cls >= 1 && cls <= 5 ? kNames[static_cast<std::size_t>(cls - 1)] : "";
}

GroundwaterSampleClass classify_groundwater_sample(std::span<const GroundwaterValue> values) {
  const auto& g = Gb14848::get();
  struct Entry {
    std::size_t index;
    int cls;
  };
  std::vector<Entry> entries;
  for (const GroundwaterValue& v : values) {
    const auto i = g.find(v.item);
    if (!i) throw std::invalid_argument("not a GB/T 14848 item: " + v.item);
    const auto cls = groundwater_item_class(v.item, v.value);
    if (!cls) throw std::invalid_argument("no value for " + v.item);
    entries.push_back({*i, *cls});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.index < b.index; });
  GroundwaterSampleClass out;
  for (const Entry& e : entries) {
    out.item_classes.emplace_back(g.items[e.index].code, e.cls);
    out.cls = std::max(out.cls, e.cls);
  }
  for (const auto& [item, cls] : out.item_classes)
    if (cls == out.cls) out.deciding.push_back(item);
  return out;
}

}  // namespace eb::standards

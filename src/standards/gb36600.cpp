#include "standards/gb36600.hpp"

#include <map>
#include <stdexcept>

#include "core/csv.hpp"
#include "standards/tables.hpp"

namespace eb::standards {

namespace {

// Aliases match whatever case and spacing a lab report uses ("Benzo(a)pyrene", "m,p-Xylene").
std::string alias_key(std::string_view s) {
  std::string out;
  for (char c : trim(s)) {
    if (c == ' ' || c == '\t' || c == '_') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

struct Gb36600 {
  std::vector<ConstructionLandItem> items;
  std::map<std::string, std::size_t, std::less<>> by_key;
  std::vector<PlannedUse> uses;
  std::map<std::string, std::size_t, std::less<>> use_by_key;

  static void add_key(std::map<std::string, std::size_t, std::less<>>& m, std::string_view name, std::size_t i,
                      std::string_view table) {
    if (trim(name).empty()) return;
    const auto [it, fresh] = m.emplace(alias_key(name), i);
    if (!fresh && it->second != i)
      throw std::logic_error("data/standards/" + std::string(table) + ": the name " + std::string(name) +
                             " is given to two rows");
  }

  static const Gb36600& get() {
    static const Gb36600 g = [] {
      Gb36600 out;
      const DataTable& t = DataTable::get("gb36600.csv");
      for (std::size_t r = 0; r < t.size(); ++r) {
        ConstructionLandItem it;
        it.code = t.at(r, "item");
        it.table = static_cast<int>(t.number(r, "table"));
        it.no = static_cast<int>(t.number(r, "no"));
        it.group = t.at(r, "group");
        it.name_zh = t.at(r, "name_zh");
        it.name_en = t.at(r, "name_en");
        it.cas = t.at(r, "cas");
        it.screening = {t.number(r, "screening_1"), t.number(r, "screening_2")};
        it.control = {t.number(r, "control_1"), t.number(r, "control_2")};
        it.background_note = t.at(r, "background_note") == "yes";
        it.source = t.at(r, "source");
        for (int k = 0; k < 2; ++k)
          if (!(it.screening[k] > 0) || it.control[k] < it.screening[k])
            throw std::logic_error("data/standards/gb36600.csv: " + it.code +
                                   ": a control value below its screening value");
        const std::size_t i = out.items.size();
        add_key(out.by_key, it.code, i, "gb36600.csv");
        add_key(out.by_key, it.name_zh, i, "gb36600.csv");
        add_key(out.by_key, it.name_en, i, "gb36600.csv");
        // "108-38-3,106-42-3" (m- and p-xylene, reported together) answers to the whole text only.
        add_key(out.by_key, it.cas, i, "gb36600.csv");
        std::string_view aliases = t.at(r, "aliases");
        while (!aliases.empty()) {
          const auto bar = aliases.find('|');
          add_key(out.by_key, aliases.substr(0, bar), i, "gb36600.csv");
          aliases = bar == std::string_view::npos ? std::string_view() : aliases.substr(bar + 1);
        }
        out.items.push_back(std::move(it));
      }
      const DataTable& u = DataTable::get("gb36600_land_use.csv");
      for (std::size_t r = 0; r < u.size(); ++r) {
        PlannedUse p{u.at(r, "use"), u.at(r, "name_zh"), u.at(r, "name_en"), u.at(r, "source"),
                     static_cast<int>(u.number(r, "land_class"))};
        if (p.land_class != 1 && p.land_class != 2)
          throw std::logic_error("data/standards/gb36600_land_use.csv: land_class must be 1 or 2");
        const std::size_t i = out.uses.size();
        add_key(out.use_by_key, p.use, i, "gb36600_land_use.csv");
        add_key(out.use_by_key, p.name_zh, i, "gb36600_land_use.csv");
        add_key(out.use_by_key, p.name_en, i, "gb36600_land_use.csv");
        std::string_view aliases = u.at(r, "aliases");
        while (!aliases.empty()) {
          const auto bar = aliases.find('|');
          add_key(out.use_by_key, aliases.substr(0, bar), i, "gb36600_land_use.csv");
          aliases = bar == std::string_view::npos ? std::string_view() : aliases.substr(bar + 1);
        }
        out.uses.push_back(std::move(p));
      }
      return out;
    }();
    return g;
  }
};

}  // namespace

const std::vector<ConstructionLandItem>& construction_land_items() { return Gb36600::get().items; }

const ConstructionLandItem* find_construction_land_item(std::string_view name) {
  const auto& g = Gb36600::get();
  const auto it = g.by_key.find(alias_key(name));
  return it == g.by_key.end() ? nullptr : &g.items[it->second];
}

const std::vector<PlannedUse>& planned_uses() { return Gb36600::get().uses; }

const PlannedUse* find_planned_use(std::string_view name) {
  const auto& g = Gb36600::get();
  const auto it = g.use_by_key.find(alias_key(name));
  return it == g.use_by_key.end() ? nullptr : &g.uses[it->second];
}

std::string_view site_risk_code(SiteRisk r) {
  switch (r) {
    case SiteRisk::at_or_below_screening:
      return "at_or_below_screening";
    case SiteRisk::above_screening:
      return "above_screening";
    case SiteRisk::above_control:
      return "above_control";
  }
  return "";
}

std::string_view site_risk_name(SiteRisk r, bool zh) {
  switch (r) {
    case SiteRisk::at_or_below_screening:
      return zh ? "不高于筛选值" : "at or below screening";
    case SiteRisk::above_screening:
      return zh ? "超筛选值" : "above screening";
    case SiteRisk::above_control:
      return zh ? "超管制值" : "above control";
  }
  return "";
}

std::string_view site_risk_action(SiteRisk r, bool zh) {
  // GB 36600-2018 5.3.2 – 5.3.5 (paraphrased).
  switch (r) {
    case SiteRisk::at_or_below_screening:
      return zh ? "风险一般情况下可以忽略" : "risk negligible in general";
    case SiteRisk::above_screening:
      return zh ? "可能存在风险，应开展详细调查和风险评估"
                : "possible risk: a detailed investigation and risk assessment are required";
    case SiteRisk::above_control:
      return zh ? "通常存在不可接受风险，应采取风险管控或修复措施"
                : "unacceptable risk in general: risk control or remediation required";
  }
  return "";
}

ItemAssessment assess_construction_item(const ConstructionLandItem& item, double value, int land_class,
                                        bool below_detection) {
  if (land_class != 1 && land_class != 2) throw std::invalid_argument("land class must be 1 or 2");
  const auto k = static_cast<std::size_t>(land_class - 1);
  ItemAssessment a;
  a.item = &item;
  a.value = value;
  a.below_detection = below_detection;
  a.screening = item.screening[k];
  a.control = item.control[k];
  if (below_detection) {
    a.limit_above_screening = value > a.screening;
    return a;
  }
  a.screening_ratio = value / a.screening;
  a.control_ratio = value / a.control;
  // At or below a value meets it; where screening equals control (toluene, styrene, ...) above it is above both.
  a.risk = value > a.control     ? SiteRisk::above_control
           : value > a.screening ? SiteRisk::above_screening
                                 : SiteRisk::at_or_below_screening;
  return a;
}

const ConstructionSafeUseRules& construction_safe_use_rules() {
  static const ConstructionSafeUseRules rules = [] {
    ConstructionSafeUseRules r;
    const DataTable& t = DataTable::get("soil_site_rules.csv");
    for (std::size_t i = 0; i < t.size(); ++i) {
      const std::string& key = t.at(i, "key");
      const std::string& value = t.at(i, "value");
      // The value must be one of its row's choices: a typo in the table is a build defect, caught at first use.
      std::string_view choices = t.at(i, "choices");
      bool allowed = false;
      while (!choices.empty()) {
        const auto bar = choices.find('|');
        allowed = allowed || choices.substr(0, bar) == value;
        choices = bar == std::string_view::npos ? std::string_view() : choices.substr(bar + 1);
      }
      if (!allowed) throw std::logic_error("data/standards/soil_site_rules.csv: " + key + " = " + value);
      if (key == "safe_use.definition") {
        r.definition = t.at(i, "note");
        r.definition_source = t.at(i, "source");
        r.definition_confidence = t.at(i, "confidence");
      } else if (key == "safe_use.period") {
        r.cumulative = value == "cumulative";
      } else if (key == "safe_use.safe_if_clean") {
        r.safe_if_clean = value == "yes";
      } else if (key == "safe_use.effect_before_reuse") {
        r.effect_before_reuse = value == "yes";
      } else if (key == "safe_use.unassessed") {
        r.exclude_unassessed = value == "excluded";
      }
    }
    return r;
  }();
  return rules;
}

}  // namespace eb::standards

#include "standards/screening.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/csv.hpp"
#include "standards/tables.hpp"

namespace eb::standards {

namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::vector<std::string> split_aliases(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t bar = text.find('|', start);
    const std::string part = text.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    if (!part.empty()) out.push_back(lower_ascii(part));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return out;
}

}  // namespace

const std::vector<std::string>& protected_kinds() {
  static const std::vector<std::string> kinds = {"red_line", "nature_reserve", "national_park",
                                                 "wetland",  "water_source",   "basic_grassland"};
  return kinds;
}

bool is_protected_kind(std::string_view kind) {
  const auto& k = protected_kinds();
  return std::find(k.begin(), k.end(), kind) != k.end();
}

const std::vector<ZoneDef>& zone_defs() {
  static const std::vector<ZoneDef> defs = [] {
    std::vector<ZoneDef> out;
    const DataTable& t = DataTable::get("protected_zones.csv");
    for (std::size_t r = 0; r < t.size(); ++r) {
      ZoneDef d{t.at(r, "kind"),    t.at(r, "zone"),    split_aliases(t.at(r, "aliases")),
                t.at(r, "name_zh"), t.at(r, "name_en"), t.at(r, "source")};
      if (!is_protected_kind(d.kind)) throw std::logic_error("protected_zones.csv: unknown kind " + d.kind);
      out.push_back(std::move(d));
    }
    return out;
  }();
  return defs;
}

std::optional<std::string> canonical_zone(std::string_view kind, std::string_view value) {
  const std::string v = lower_ascii(trim(value));
  for (const ZoneDef& z : zone_defs()) {
    if (z.kind != kind || z.zone.empty()) continue;
    if (v == z.zone || std::find(z.aliases.begin(), z.aliases.end(), v) != z.aliases.end()) return z.zone;
  }
  return std::nullopt;
}

std::string zone_name(std::string_view kind, std::string_view zone, bool zh) {
  for (const ZoneDef& z : zone_defs())
    if (z.kind == kind && z.zone == zone) return zh ? z.name_zh : z.name_en;
  return std::string(zone);
}

std::string_view verdict_key(Verdict v) {
  switch (v) {
    case Verdict::allowed:
      return "allowed";
    case Verdict::conditional:
      return "conditional";
    case Verdict::restricted:
      return "restricted";
    case Verdict::prohibited:
      return "prohibited";
  }
  return "";
}

std::string_view verdict_name(Verdict v, bool zh) {
  switch (v) {
    case Verdict::allowed:
      return zh ? "允许" : "allowed";
    case Verdict::conditional:
      return zh ? "有条件允许" : "conditional";
    case Verdict::restricted:
      return zh ? "限制" : "restricted";
    case Verdict::prohibited:
      return zh ? "禁止" : "prohibited";
  }
  return "";
}

std::optional<Verdict> parse_verdict(std::string_view key) {
  for (Verdict v : {Verdict::allowed, Verdict::conditional, Verdict::restricted, Verdict::prohibited})
    if (verdict_key(v) == key) return v;
  return std::nullopt;
}

ScreeningRules ScreeningRules::parse(std::string_view csv_text) {
  CsvReader csv(csv_text);
  if (!csv.next()) throw std::invalid_argument("empty rule table");
  const std::vector<std::string> wanted = {"kind", "zone", "verdict", "rule_zh", "rule_en", "source"};
  std::vector<std::size_t> at;
  for (const auto& w : wanted) {
    std::size_t i = 0;
    while (i < csv.size() && trim(csv[i]) != w) ++i;
    if (i == csv.size()) throw std::invalid_argument("line 1: no column \"" + w + "\"");
    at.push_back(i);
  }
  ScreeningRules out;
  bool has_untouched = false;
  while (csv.next()) {
    const std::string where = "line " + std::to_string(csv.line()) + ": ";
    auto field = [&](std::size_t k) { return at[k] < csv.size() ? std::string(trim(csv[at[k]])) : std::string(); };
    ScreeningRule r;
    r.kind = field(0);
    r.zone = field(1);
    const auto v = parse_verdict(field(2));
    if (!v)
      throw std::invalid_argument(where + "verdict \"" + field(2) +
                                  "\" (allowed, conditional, restricted, prohibited)");
    r.verdict = *v;
    r.rule_zh = field(3);
    r.rule_en = field(4);
    r.source = field(5);
    if (r.kind.empty()) {
      out.untouched_ = r;
      has_untouched = true;
      continue;
    }
    if (!is_protected_kind(r.kind)) throw std::invalid_argument(where + "unknown kind \"" + r.kind + "\"");
    // A zone-less rule of a kind with zones applies to its features imported without a zone.
    if (!r.zone.empty()) {
      const auto zone = canonical_zone(r.kind, r.zone);
      if (!zone) throw std::invalid_argument(where + "\"" + r.zone + "\" is not a zone of " + r.kind);
      r.zone = *zone;
    }
    out.rules_.push_back(std::move(r));
  }
  if (!has_untouched) {
    out.untouched_ = {"", "", Verdict::allowed, "未涉及保护地", "touches no protected area", "default"};
  }
  return out;
}

const ScreeningRules& ScreeningRules::defaults() {
  static const ScreeningRules rules = [] {
    try {
      return parse(DataTable::text("screening_rules.csv"));
    } catch (const std::invalid_argument& e) {
      throw std::logic_error(std::string("screening_rules.csv: ") + e.what());
    }
  }();
  return rules;
}

const ScreeningRule* ScreeningRules::find(std::string_view kind, std::string_view zone) const {
  const ScreeningRule* kind_rule = nullptr;
  for (const ScreeningRule& r : rules_) {
    if (r.kind != kind) continue;
    if (r.zone == zone) return &r;
    if (r.zone.empty()) kind_rule = &r;
  }
  return kind_rule;
}

}  // namespace eb::standards

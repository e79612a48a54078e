// Protected-area kinds and zones, and the screening rules that turn "a site touches kind K, zone Z" into a
// verdict. Both are data (data/standards/protected_zones.csv, screening_rules.csv) with their sources; the
// verdicts are project defaults (docs/spatial.md), and a user's rule file of the same columns replaces them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eb::standards {

// The layer kinds ecobarrier keeps, as written in the workspace and on the command line.
const std::vector<std::string>& protected_kinds();
bool is_protected_kind(std::string_view kind);

struct ZoneDef {
  std::string kind, zone;  // zone "" for kinds without zones
  std::vector<std::string> aliases;
  std::string name_zh, name_en, source;
};
const std::vector<ZoneDef>& zone_defs();
// The canonical zone of `kind` for a value found in a layer's zone field (核心区, 一级保护区, core, 1, ...), trimmed,
// case-insensitive for ASCII; nullopt when the value names no zone of that kind.
std::optional<std::string> canonical_zone(std::string_view kind, std::string_view value);
// Chinese or English name of a kind's zone ("" zone: the kind's own name).
std::string zone_name(std::string_view kind, std::string_view zone, bool zh);

enum class Verdict { allowed = 0, conditional = 1, restricted = 2, prohibited = 3 };  // ascending strictness
std::string_view verdict_key(Verdict v);
std::string_view verdict_name(Verdict v, bool zh);
std::optional<Verdict> parse_verdict(std::string_view key);

struct ScreeningRule {
  std::string kind, zone;  // kind "" = the rule for a site that touches nothing
  Verdict verdict = Verdict::allowed;
  std::string rule_zh, rule_en, source;
};

class ScreeningRules {
 public:
  // The embedded defaults.
  static const ScreeningRules& defaults();
  // A rule table in the same CSV columns (kind,zone,verdict,rule_zh,rule_en,source). Throws std::invalid_argument
  // naming the line for an unknown kind, zone or verdict, or a missing column.
  static ScreeningRules parse(std::string_view csv_text);

  // The rule for (kind, zone): the exact zone's rule, else the kind's zone-less rule; nullptr when none applies.
  const ScreeningRule* find(std::string_view kind, std::string_view zone) const;
  // The rule for a site that touches no protected feature.
  const ScreeningRule& untouched() const { return untouched_; }
  const std::vector<ScreeningRule>& rules() const { return rules_; }

 private:
  std::vector<ScreeningRule> rules_;
  ScreeningRule untouched_;
};

}  // namespace eb::standards

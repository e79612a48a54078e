// Centralised drinking-water sources (集中式生活饮用水水源地): which items decide whether a source's water meets the
// standard, and against which limit. Surface sources: GB 3838-2002 Table 1 at class III, less the items the
// evaluation method leaves out or reports apart, plus the limits of Tables 2 and 3 (single-factor method);
// groundwater sources: GB/T 14848-2017 class III. The rules and their sources: data/standards/drinking_water_rules.csv.
// Values compare exactly like gb3838: at or below a limit meets it (DO: at or above; pH: within 6-9).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace eb::standards {

enum class SourceKind { river, lake, groundwater };  // lake: lakes and reservoirs (湖库型)
// river|河流|河流型, lake|reservoir|lake-reservoir|湖库|湖库型|湖泊|水库, groundwater|地下水|地下水型.
std::optional<SourceKind> parse_source_kind(std::string_view text);
std::string_view source_kind_name(SourceKind kind);  // river, lake, groundwater

// How an item counts for a source of that kind: it decides compliance, it is judged and reported apart (TN of lakes,
// fecal coliform), or it is left out (water temperature, TN of rivers). Nothing: the standard has no limit for it.
enum class SourceItemRole { evaluated, reported_apart, excluded };
std::optional<SourceItemRole> source_item_role(std::string_view item, SourceKind kind);
std::string_view source_item_role_name(SourceItemRole role);  // evaluated, reported_apart, excluded

struct SourceItemJudgement {
  std::string item;
  std::string standard;  // "GB 3838-2002 Table 1" (class III), "… Table 2", "… Table 3", "GB/T 14848-2017" (class III)
  std::string rule;      // max (at most), min (at least: DO), range (pH), class (groundwater: the item's class)
  double limit = 0;      // max/min: the limit; class: the class III limit (0 for pH and qualitative items)
  double lo = 0, hi = 0;  // range
  int item_class = 0;     // groundwater: the item's class 1..5
  bool meets = false;
  std::optional<double> times;  // rule max, above the limit: (C − S) / S
};
// The judgement of one value for a source of that kind, whatever the item's role; nothing for an item without a
// limit for that kind. The value is in the item's unit: GB 3838's (mg/L; fecal coliform 个/L) for surface sources,
// GB/T 14848's (mg/L, µg/L for most organics, …: as the groundwater sample import stores it) for groundwater sources,
// whose items meet the standard at class I–III (by groundwater_item_class, so the qualitative items and pH too).
std::optional<SourceItemJudgement> judge_source_item(std::string_view item, double value, SourceKind kind);

// The year's verdict of a source: every monitored month meets the standard, or the annual mean of each item does.
enum class AnnualRule { every_month, annual_mean };
std::optional<AnnualRule> parse_annual_rule(std::string_view text);  // every_month, annual_mean
std::string_view annual_rule_name(AnnualRule rule);
AnnualRule default_annual_rule();  // the rule row "annual" of drinking_water_rules.csv

// The source text of a rule row (rule, item, kind as in the CSV; "" when there is none).
std::string drinking_rule_source(std::string_view rule, std::string_view item = "*", std::string_view kind = "");

}  // namespace eb::standards

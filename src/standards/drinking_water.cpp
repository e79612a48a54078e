#include "standards/drinking_water.hpp"

#include <cmath>
#include <stdexcept>

#include "standards/gb14848.hpp"
#include "standards/gb3838.hpp"
#include "standards/tables.hpp"

namespace eb::standards {

namespace {

const DataTable& rules() { return DataTable::get("drinking_water_rules.csv"); }

bool kind_matches(std::string_view row_kind, SourceKind kind) {
  if (row_kind == "any") return true;
  if (row_kind == "surface") return kind != SourceKind::groundwater;
  return row_kind == source_kind_name(kind);
}

// The exceedance multiple (C − S) / S without the binary noise of the subtraction: both as fixed point (1e-8).
double exceedance_times(double value, double limit) {
  const auto c = std::llround(value * 1e8), s = std::llround(limit * 1e8);
  return static_cast<double>(c - s) / static_cast<double>(s);
}

}  // namespace

std::optional<SourceKind> parse_source_kind(std::string_view t) {
  if (t == "river" || t == "河流" || t == "河流型") return SourceKind::river;
  if (t == "lake" || t == "reservoir" || t == "lake-reservoir" || t == "湖库" || t == "湖库型" || t == "湖泊" ||
      t == "水库")
    return SourceKind::lake;
  if (t == "groundwater" || t == "地下水" || t == "地下水型") return SourceKind::groundwater;
  return std::nullopt;
}

std::string_view source_kind_name(SourceKind kind) {
  switch (kind) {
    case SourceKind::river:
      return "river";
    case SourceKind::lake:
      return "lake";
    case SourceKind::groundwater:
      return "groundwater";
  }
  return "";
}

std::string_view source_item_role_name(SourceItemRole role) {
  switch (role) {
    case SourceItemRole::evaluated:
      return "evaluated";
    case SourceItemRole::reported_apart:
      return "reported_apart";
    case SourceItemRole::excluded:
      return "excluded";
  }
  return "";
}

std::optional<SourceItemRole> source_item_role(std::string_view item, SourceKind kind) {
  const DataTable& t = rules();
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (t.at(r, "item") != item || !kind_matches(t.at(r, "kind"), kind)) continue;
    const std::string& rule = t.at(r, "rule");
    if (rule == "excluded") return SourceItemRole::excluded;
    if (rule == "reported_apart") return SourceItemRole::reported_apart;
  }
  if (kind == SourceKind::groundwater)
    return find_groundwater_item(item) ? std::optional(SourceItemRole::evaluated) : std::nullopt;
  const Waterbody wb = kind == SourceKind::lake ? Waterbody::lake : Waterbody::river;
  if (item_limits(item, wb) || find_source_item(item)) return SourceItemRole::evaluated;
  return std::nullopt;
}

std::optional<SourceItemJudgement> judge_source_item(std::string_view item, double value, SourceKind kind) {
  if (kind == SourceKind::groundwater) {
    const GroundwaterItem* g = find_groundwater_item(item);
    if (!g) return std::nullopt;
    const auto cls = groundwater_item_class(g->code, value);
    if (!cls) return std::nullopt;
    SourceItemJudgement j;
    j.item = std::string(item);
    j.standard = "GB/T 14848-2017";
    j.rule = "class";
    j.item_class = *cls;
    j.meets = *cls <= 3;  // class III
    if (const auto lim = groundwater_class_iii_limit(g->code)) {
      j.limit = *lim;
      if (!j.meets) j.times = exceedance_times(value, *lim);
    }
    return j;
  }
  const Waterbody wb = kind == SourceKind::lake ? Waterbody::lake : Waterbody::river;
  SourceItemJudgement j;
  j.item = std::string(item);
  if (const auto lim = item_limits(item, wb)) {
    j.standard = "GB 3838-2002 Table 1";
    j.rule = lim->rule;
    if (lim->rule == "range") {
      j.lo = lim->lo;
      j.hi = lim->hi;
      j.meets = value >= lim->lo && value <= lim->hi;
      return j;
    }
    j.limit = lim->limit[2];  // class III
  } else if (const SourceItem* s = find_source_item(item)) {
    j.standard = s->table == 2 ? "GB 3838-2002 Table 2" : "GB 3838-2002 Table 3";
    j.rule = "max";
    j.limit = s->limit;
  } else {
    return std::nullopt;
  }
  // Doubles parsed from decimal text compare exactly with limits parsed the same way (gb3838.cpp: item_class).
  j.meets = j.rule == "min" ? value >= j.limit : value <= j.limit;
  if (!j.meets && j.rule == "max") j.times = exceedance_times(value, j.limit);
  return j;
}

std::optional<AnnualRule> parse_annual_rule(std::string_view t) {
  if (t == "every_month") return AnnualRule::every_month;
  if (t == "annual_mean") return AnnualRule::annual_mean;
  return std::nullopt;
}

std::string_view annual_rule_name(AnnualRule rule) {
  return rule == AnnualRule::every_month ? "every_month" : "annual_mean";
}

AnnualRule default_annual_rule() {
  static const AnnualRule rule = [] {
    const DataTable& t = rules();
    for (std::size_t r = 0; r < t.size(); ++r)
      if (t.at(r, "rule") == "annual") {
        if (auto a = parse_annual_rule(t.at(r, "value"))) return *a;
        throw std::logic_error("drinking_water_rules.csv: annual rule \"" + t.at(r, "value") + "\" is unknown");
      }
    throw std::logic_error("drinking_water_rules.csv: no annual rule");
  }();
  return rule;
}

std::string drinking_rule_source(std::string_view rule, std::string_view item, std::string_view kind) {
  const DataTable& t = rules();
  for (std::size_t r = 0; r < t.size(); ++r)
    if (t.at(r, "rule") == rule && t.at(r, "item") == item && (kind.empty() || t.at(r, "kind") == kind))
      return t.at(r, "source");
  return "";
}

}  // namespace eb::standards

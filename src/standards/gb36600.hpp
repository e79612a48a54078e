// Construction land: GB 36600-2018 土壤环境质量 建设用地土壤污染风险管控标准（试行）. Risk screening values (筛选值)
// and risk control values (管制值) for class 1 and class 2 land (Table 1: the 45 basic items; Table 2: 40 other
// items), mg/kg, as data (data/standards/gb36600.csv); the land class of a planned use by its GB 50137 category
// (gb36600_land_use.csv). Values compare exactly: limits and values are doubles parsed from decimal text, so two
// different decimals of up to 15 digits never meet, and a value equal to a limit meets it (docs/soil-construction.md).
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace eb::standards {

struct ConstructionLandItem {
  std::string code;   // As, Cd, Cr6, ..., BaP, TPH
  int table = 1;      // 1: basic items (基本项目), 2: other items (其他项目)
  int no = 0;         // the item's number in its table
  std::string group;  // metal, voc, svoc, pesticide, pcb_dioxin, petroleum
  std::string name_zh, name_en, cas;
  std::array<double, 2> screening{};  // class 1, class 2 (mg/kg)
  std::array<double, 2> control{};
  // Note ① of the tables (As, Co, V): a content above the screening value but at or below the soil's
  // environmental background value is not managed as contaminated land.
  bool background_note = false;
  std::string source;  // with its confidence tag
};
// Table 1 then Table 2, in the standard's order.
const std::vector<ConstructionLandItem>& construction_land_items();
// By code, CAS number, Chinese or English name or alias (ASCII case and spaces ignored); nullptr if unknown.
const ConstructionLandItem* find_construction_land_item(std::string_view code_or_alias);

// Land class 1 or 2 of a planned use: a GB 50137-2011 category code (R, A33, M, ...) or an alias (residential,
// 工业, ...), as gb36600_land_use.csv lists them; "unknown" (use not determined) is class 1 (5.3.1).
struct PlannedUse {
  std::string use, name_zh, name_en, source;
  int land_class = 1;
};
const std::vector<PlannedUse>& planned_uses();
const PlannedUse* find_planned_use(std::string_view use_or_alias);

// Where a content stands against the item's values for the land class (the three cases of sections 5.3.2–5.3.5).
enum class SiteRisk {
  at_or_below_screening = 0,  // risk negligible in general (风险一般情况下可以忽略)
  above_screening = 1,        // possible risk: detailed investigation and risk assessment (详细调查/风险评估)
  above_control = 2,          // unacceptable risk in general: risk control or remediation (风险管控或修复)
};
std::string_view site_risk_code(SiteRisk r);  // at_or_below_screening, above_screening, above_control
std::string_view site_risk_name(SiteRisk r, bool zh);
std::string_view site_risk_action(SiteRisk r, bool zh);  // what the standard asks for

struct ItemAssessment {
  const ConstructionLandItem* item = nullptr;
  double value = 0;              // mg/kg; the detection limit when below_detection
  bool below_detection = false;  // "<x", "xL"; ND without a limit has value 0
  SiteRisk risk = SiteRisk::at_or_below_screening;
  double screening = 0, control = 0;
  // value / screening and value / control; nothing for a value below the detection limit.
  std::optional<double> screening_ratio, control_ratio;
  // A detection limit above the screening value: the item cannot be shown to meet it (counted as meeting it,
  // flagged; docs/soil-construction.md).
  bool limit_above_screening = false;
};
// land_class 1 or 2 (std::invalid_argument otherwise). A value below the detection limit is taken to meet the
// screening value (it was not found at the limit); value is then the limit.
ItemAssessment assess_construction_item(const ConstructionLandItem& item, double value, int land_class,
                                        bool below_detection = false);

// How the key-construction-land safe-use rate (重点建设用地安全利用率) is counted: choices kept as data
// (data/standards/soil_site_rules.csv; docs/soil-construction.md).
struct ConstructionSafeUseRules {
  bool cumulative = false;          // period: reuse in the year (false) or up to its end
  bool safe_if_clean = true;        // samples all at or below screening: safely used
  bool effect_before_reuse = true;  // a passed effect evaluation counts only on or before the reuse date
  bool exclude_unassessed = false;  // a reused key site with no samples and no evaluation: left out (else unsafe)
  std::string definition, definition_source, definition_confidence;
};
const ConstructionSafeUseRules& construction_safe_use_rules();

}  // namespace eb::standards

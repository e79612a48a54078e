// Farmland soil: GB 15618-2018 (土壤环境质量 农用地土壤污染风险管控标准（试行）). Risk screening values (Table 1:
// Cd, Hg, As, Pb, Cr, Cu, Ni, Zn by pH band and land use; Table 2: total HCH, total DDT, benzo[a]pyrene) and risk
// control values (Table 3: Cd, Hg, As, Pb, Cr), and the category of a sample by section 5 (priority protection,
// safe use, strict control). Limits and the rules taken as choices are data (data/standards/gb15618.csv,
// gb15618_rules.csv). Values compare exactly: doubles parsed from decimal text against limits parsed the same way
// (two different decimals of up to 15 significant digits never become the same double); "at or below a limit
// meets it".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace eb::standards {

// Land use of GB 15618 Table 1: paddy (水田), other (其他: dry land, vegetable land, grassland…), orchard (果园:
// "other" for every item but Cu), rotation (水旱轮作: the stricter of the paddy and other values, the table's note).
enum class FarmlandUse : std::uint8_t { paddy = 0, other = 1, orchard = 2, rotation = 3 };
inline constexpr int kFarmlandUses = 4;
// paddy, other, orchard, rotation and their Chinese names (水田, 其他, 旱地, 果园, 水旱轮作); nothing otherwise.
std::optional<FarmlandUse> parse_farmland_use(std::string_view text);
std::string_view farmland_use_code(FarmlandUse use);

// pH bands of Tables 1 and 3: 0 pH ≤ 5.5, 1 5.5 < pH ≤ 6.5, 2 6.5 < pH ≤ 7.5, 3 pH > 7.5.
inline constexpr int kPhBands = 4;
int ph_band(double ph);
std::string_view ph_band_name(int band);  // "pH<=5.5", "5.5<pH<=6.5", ...
inline constexpr std::array<double, 3> kPhBandUpper = {5.5, 6.5, 7.5};

struct FarmlandItem {
  std::string code;  // Cd, Hg, As, Pb, Cr, Cu, Ni, Zn, HCH, DDT, BaP
  std::string name_zh, name_en;
  bool has_control = false;  // Table 3 gives a risk control value
  bool basic = false;        // Table 1 (基本项目); the others are Table 2 (其他项目)
};
// The items in table order (Table 1 then Table 2).
const std::vector<FarmlandItem>& farmland_items();
// By code or alias: the Chinese name (镉, 六六六总量, 苯并[a]芘…), the English name, lower case codes.
const FarmlandItem* find_farmland_item(std::string_view code_or_alias);

// The risk screening value of an item for a land use and pH band (mg/kg); nothing for an unknown item.
std::optional<double> screening_value(std::string_view item, FarmlandUse use, int band);
// The risk control value (mg/kg); nothing for an item without one (Cu, Ni, Zn, Table 2).
std::optional<double> control_value(std::string_view item, int band);

// Which items decide the category (gb15618_rules.csv `category_items`): all items with a screening value (the
// default, section 5 as the issue words it) or only the five with a control value (the 2019 technical guideline
// for farmland classification).
enum class CategoryItems { all, control_only };
CategoryItems category_items_rule();

enum class FarmlandCategory : std::uint8_t { none = 0, priority_protection = 1, safe_use = 2, strict_control = 3 };
std::string_view farmland_category_code(FarmlandCategory c);  // priority_protection, safe_use, strict_control
std::string_view farmland_category_name(FarmlandCategory c, bool zh);
std::optional<FarmlandCategory> parse_farmland_category(std::string_view code);

struct SoilValue {
  std::string item;  // a farmland item code
  double value = 0;  // mg/kg; for a value below detection, the detection limit written (0 when not given: ND)
  bool below_detection = false;
};
struct SoilItemResult {
  std::string item;
  double value = 0;
  bool below_detection = false;
  double screening = 0;
  std::optional<double> control;
  std::optional<double> screening_ratio, control_ratio;  // value / limit; none below detection
  bool above_screening = false, above_control = false;
  bool decides = true;  // counts for the category under the rule in force
};
struct SoilSampleResult {
  FarmlandCategory category = FarmlandCategory::none;  // none: no item given
  int band = 0;
  std::vector<SoilItemResult> items;     // every item given, in table order
  std::vector<std::string> controlling;  // the items that put the sample in its category, largest ratio first
};
// Section 5: priority protection when every deciding item is at or below its screening value; safe use when some
// is above screening and none above control; strict control when any is above its control value. A value below
// the detection limit never exceeds. Throws std::invalid_argument for an unknown item.
SoilSampleResult classify_farmland_sample(double ph, FarmlandUse use, std::span<const SoilValue> values,
                                          CategoryItems rule = category_items_rule());

}  // namespace eb::standards

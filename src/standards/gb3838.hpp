// Surface water: GB 3838-2002 classes, the 2011 assessment method (section class, status, main pollutants,
// river status from class proportions), lake trophic state TLI(Σ), and the city water quality index CWQI.
// Limits and thresholds are data (data/standards/gb3838_limits.csv, water_status.csv, river_status.csv,
// tli.csv, tli_classes.csv, cwqi.csv); values compare exactly (fixed point, 1e-8 mg/L).
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace eb::standards {

enum class Waterbody { river, lake };  // lake = lakes and reservoirs
// Classes 1..5 = I..V, 6 = worse than V (劣V).
inline constexpr int kWorseThanV = 6;

struct WaterItem {
  std::string code;  // pH, DO, CODMn, ..., fecal_coliform
  std::string name_zh, name_en, unit;
  bool routine = false;  // one of the 21 items that decide the section class
};
// The items of GB 3838 Table 1 in order.
const std::vector<WaterItem>& water_items();
const WaterItem* find_water_item(std::string_view code);

// Class of one item's concentration: the best class whose limit it meets (a value equal to a limit shared by
// two classes takes the better one); DO is "at least"; pH outside 6-9 is worse than V. Nothing for an unknown item.
std::optional<int> item_class(std::string_view item, double value, Waterbody waterbody);
// The limits of an item for classifying many values at once: rule "max" (at most), "min" (at least, DO) or
// "range" (pH: lo..hi), with the five class limits as doubles (exact for decimal data of up to 15 digits).
struct ItemLimits {
  std::string rule;
  std::array<double, 5> limit{};
  double lo = 0, hi = 0;
};
std::optional<ItemLimits> item_limits(std::string_view item, Waterbody waterbody);

// The class III limit of an item (for exceedance multiples and CWQI); nothing for pH.
std::optional<double> class_iii_limit(std::string_view item, Waterbody waterbody);

// The water parameters understood on input (GB 3838 items plus chla and SD for trophic state), by code or alias
// (Chinese name, HJ 212 code, common spellings): the water part of standards/parameters.
struct WaterParameter {
  std::string code, unit;
};
const WaterParameter* find_water_parameter(std::string_view code_or_alias);

std::string_view class_name(int cls, bool zh);    // "III" / "劣V" / "worse than V"
std::string_view water_status(int cls, bool zh);  // 优 / 良好 / 轻度污染 / 中度污染 / 重度污染

struct ItemValue {
  std::string item;
  double value;
};
struct Exceedance {
  std::string item;
  double times;  // (C - S_III) / S_III
};
struct SectionResult {
  int cls = 0;                                            // 0: no routine item given
  std::vector<std::pair<std::string, int>> item_classes;  // every item given, in table order
  std::vector<std::string> controlling;                   // routine items at the section's class
  std::vector<Exceedance>
      worse_than_iii;  // routine items worse than III with a multiple, largest first (ties in table order)
};
// The single-factor method: the worst class among the routine items present.
SectionResult classify_section(std::span<const ItemValue> values, Waterbody waterbody);

// River or basin status from the number of sections in classes I..V and worse than V (needs >= 5 sections;
// fewer are assessed by their mean concentrations as one section).
struct RiverStatus {
  double share_i_iii = 0, share_worse_v = 0;  // percent
  std::string status_zh, status_en;
};
RiverStatus river_status(const std::array<int, 6>& sections_per_class);
inline constexpr int kMinSectionsForProportions = 5;

// Comprehensive trophic level index TLI(Σ) with weights r_j² renormalised over the parameters present.
struct TrophicState {
  std::vector<std::pair<std::string, double>> tli;      // TLI(j) per parameter present
  std::vector<std::pair<std::string, double>> weights;  // W_j
  double tli_sum = 0;
  double reported = 0;  // 2 decimals (the class is read from it)
  std::string class_zh, class_en;
};
// Inputs: chla (mg/m³), TP, TN, CODMn (mg/L), SD (m); any subset with at least one; values must be > 0.
std::optional<TrophicState> trophic_state(std::span<const ItemValue> values);

// City water quality index of one section: the sum over the routine items present of C/C_III (DO: C_III/C;
// pH by distance from 7). UNCONFIRMED formula [1] (docs/water.md).
double cwqi(std::span<const ItemValue> values, Waterbody waterbody);
double cwqi_item(std::string_view item, double value, Waterbody waterbody);

// Centralised drinking-water surface sources (集中式生活饮用水地表水源地): the supplementary items of Table 2 and the
// specific items of Table 3, one limit each ("at most"), from data/standards/gb3838_supplementary.csv and
// gb3838_specific.csv. Table 3 holds only the items whose limits were sourced (docs/drinking-water.md lists the rest).
struct SourceItem {
  std::string code, name_zh, name_en, unit;
  int table = 2;   // 2 supplementary, 3 specific
  int number = 0;  // the row number in the standard's table
  double limit = 0;
  std::string note, source;
};
const std::vector<SourceItem>& source_items();  // Table 2 then Table 3, in table order
const SourceItem* find_source_item(std::string_view code);

}  // namespace eb::standards

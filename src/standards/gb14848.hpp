// Groundwater quality: GB/T 14848-2017 classes I..V of the routine items (Table 1, 39 items) and the
// non-routine items (Table 2, 54 items), and the class of a sample (section 6: each item by its limits, 从优不从劣
// where limits are equal; the sample by its worst item). The limits are data (data/standards/gb14848.csv); values
// compare exactly as doubles parsed from decimal text, like gb3838: "at or below a limit meets it", and a limit shared
// by two classes gives the better class.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace eb::standards {

struct GroundwaterItem {
  std::string code, name_zh, name_en, unit;  // unit as in the standard: mg/L, µg/L, NTU, MPN/100mL, ...
  bool routine = false;                      // Table 1 (常规指标); false: Table 2 (非常规指标)
};
// GB/T 14848-2017 Tables 1 and 2, in order.
const std::vector<GroundwaterItem>& groundwater_items();
// By code (TDS, NO3N, ...) or alias (Chinese name, common spellings; case-insensitive for ASCII).
const GroundwaterItem* find_groundwater_item(std::string_view code_or_alias);
// Class 1..5 (= I..V) of a value in the item's unit; nothing for an unknown item or a NaN. The qualitative items
// (odour, visible) take 0 for 无 (none) and any positive value for 有 (present); anionic surfactants take 0 for
// "not detected" (class I is 不得检出).
std::optional<int> groundwater_item_class(std::string_view item, double value);

// How an item's limits are applied, for classifying many values at once (engine/groundwater).
enum class GroundwaterRule { at_most, ph, qualitative };
struct GroundwaterLimits {
  GroundwaterRule rule = GroundwaterRule::at_most;
  // at_most: the upper limits of classes I..IV (+infinity where the table gives IV as "> III", gross α and β);
  // ph: limit[0..1] = I-III range lo..hi, limit[2..3] = IV range lo..hi; qualitative: unused.
  std::array<double, 4> limit{};
};
std::optional<GroundwaterLimits> groundwater_limits(std::string_view item);
// The class III limit (drinking-water sources, exceedance multiples); nothing for pH and the qualitative items.
std::optional<double> groundwater_class_iii_limit(std::string_view item);

std::string_view groundwater_class_name(int cls);  // "I".."V"

struct GroundwaterValue {
  std::string item;  // a code of groundwater_items()
  double value;      // in the item's unit
};
struct GroundwaterSampleClass {
  int cls = 0;                                            // 0: no item given
  std::vector<std::pair<std::string, int>> item_classes;  // every item given, in table order
  std::vector<std::string> deciding;                      // the items at the sample's class (table order)
};
// Comprehensive evaluation (GB/T 14848-2017 section 6): the worst class of the items given, routine or not.
GroundwaterSampleClass classify_groundwater_sample(std::span<const GroundwaterValue> values);

}  // namespace eb::standards

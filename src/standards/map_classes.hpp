// Class breaks of the maps (bulletin and dashboard): one table, data/standards/map_classes.csv, so a colour means
// the same thing in every map, every year. Air concentrations break at the GB 3095 annual limits; the other
// metrics' breaks say their source (or that they are a project choice) per class.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eb::standards {

struct MapClass {
  std::optional<double> lower, upper;  // nothing: open below (first class) or above (last class)
  std::string colour;                  // #rrggbb
  std::string label_zh, label_en, source;
};

struct MapClasses {
  std::string metric;
  // Which end of a class holds its break: true for (lower, upper] (a concentration at the limit meets it),
  // false for [lower, upper) (a share at the target reaches it).
  bool upper_closed = true;
  std::vector<MapClass> classes;  // ascending, contiguous, open at both ends

  // The index of the class that holds `value`; nothing for NaN.
  std::optional<std::size_t> classify(double value) const;
  std::vector<double> breaks() const;
};

// Throws std::invalid_argument naming the known metrics when `metric` is not one of them.
const MapClasses& map_classes(std::string_view metric);
// Every metric of the table, in the table's order.
std::vector<std::string> map_class_metrics();

}  // namespace eb::standards

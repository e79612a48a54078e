// Class breaks of the maps (bulletin and dashboard): one table, data/standards/map_classes.csv, so a colour means
// the same thing in every map of a period. Air concentrations break at the annual limits of the GB 3095 edition in
// force (2012, 2026 transition, 2026 final: one set of rows per edition), chosen by the period as the assessments
// choose their limits; the other metrics' breaks are the same in every edition and say their source (or that they
// are a project choice) per class.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_time.hpp"

namespace eb::standards {

struct MapClass {
  std::optional<double> lower, upper;  // nothing: open below (first class) or above (last class)
  std::string colour;                  // #rrggbb
  std::string label_zh, label_en, source;
};

struct MapClasses {
  std::string metric;
  std::string edition;  // the GB 3095 edition whose limits the classes break at; empty: the same in every edition
  // Which end of a class holds its break: true for (lower, upper] (a concentration at the limit meets it),
  // false for [lower, upper) (a share at the target reaches it).
  bool upper_closed = true;
  std::vector<MapClass> classes;  // ascending, contiguous, open at both ends

  // The index of the class that holds `value`; nothing for NaN.
  std::optional<std::size_t> classify(double value) const;
  std::vector<double> breaks() const;
};

// The classes of `metric` for a period ending on `last_day`: those of the GB 3095 edition in force that day
// (Gb3095::in_force, the date rule of the assessments: the editions in force at the period's end). Throws
// std::invalid_argument naming the known metrics when `metric` is not one of them.
const MapClasses& map_classes(std::string_view metric, const CivilDate& last_day);
// The classes of `metric` under a GB 3095 edition by id ("gb3095-2012", ...); a metric that is the same in every
// edition answers for any. Throws std::invalid_argument for an unknown metric or an edition it has no classes for.
const MapClasses& map_classes(std::string_view metric, std::string_view edition);
// A metric that is the same in every edition (total, rank, water_good, ...). Throws std::invalid_argument for one
// whose classes depend on the edition (pm25, ...): those need the period.
const MapClasses& map_classes(std::string_view metric);
// Whether the metric's classes depend on the GB 3095 edition.
bool map_classes_by_edition(std::string_view metric);
// Every metric of the table, in the table's order, once.
std::vector<std::string> map_class_metrics();
// The GB 3095 editions the table has classes for, in the table's order.
std::vector<std::string> map_class_editions();

}  // namespace eb::standards

// The colours and names of classes on a map: the styles QGIS gets for the workspace's layers (store/layer_styles)
// and the colour tables and category names of the class rasters ecobarrier writes (io/raster_writer). Names come
// from the table that defines the classes (aqi_levels.csv, water_status.csv, grade_schemes.csv,
// carbon_landcover_classes.csv, protected_zones.csv, project_types.csv); colours from that table where it has them
// (AQI levels, water classes) and otherwise from data/standards/class_colours.csv — one definition each.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "standards/grade_scheme.hpp"

namespace eb::standards {

struct StyleClass {
  std::string value;  // the attribute value or raster code the class stands for ("1", "nature_reserve/core", ...)
  std::string name_zh, name_en;
  std::string colour;  // #RRGGBB
  const std::string& name(bool zh) const { return zh ? name_zh : name_en; }
};

// The classes of a named set, in the order of its defining table: "aqi_level" (1-6), "water_class" (1-6, I to
// worse than V), "station_kind" (air, water, ...), "protected_zone" ("kind/zone", zone empty for the kind as a
// whole), "project_type", "trend" (1 degrading, 2 stable, 3 improving), "clcd" (land-cover codes), or a grading
// scheme of grade_schemes.csv by id. Throws std::invalid_argument for an unknown set and std::logic_error when a
// class of the set has no colour (a defect of the embedded tables).
std::vector<StyleClass> class_styles(std::string_view set);

// The sets class_styles knows, for completeness checks.
std::vector<std::string> class_style_sets();

// The classes of a grading scheme: a named scheme's colours, or for an ad-hoc one (--breaks) colours interpolated
// along the "ramp" stops of class_colours.csv, lowest class first.
std::vector<StyleClass> grade_scheme_styles(const GradeScheme& scheme);

// The classes of a change map (code = before x 10 + after) for the codes it holds: names "before → after" (with the
// scheme's class names when `scheme` is given, else the codes), coloured as unchanged, to a higher or to a lower
// class.
std::vector<StyleClass> change_styles(const std::vector<int>& codes, const GradeScheme* scheme);

}  // namespace eb::standards

// Plausibility rules (data/standards/plausibility.csv): the physical range of every parameter in its canonical unit,
// the range of geographic coordinates, and how far a coordinate may lie outside its CRS's area of use. The bounds
// are the project's choice, wide enough never to refuse a real measurement and narrow enough to catch a misplaced
// decimal point, a unit mix-up or a fill value such as 1e308 (rationale per row in data/standards/README.md).
// Pure: no I/O; readers call these and turn a reason into a rejection naming file, line and column.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/quantity.hpp"

namespace eb::standards {

inline constexpr std::string_view kPlausibilityTable = "data/standards/plausibility.csv";

struct PlausibleRange {
  double min = 0;  // inclusive, in the parameter's canonical unit
  double max = 0;  // inclusive
};

// The range of a parameter of the vocabulary; every parameter has one (a missing row is a build defect).
const PlausibleRange& plausible_range(const ParameterInfo& p);

// Nothing when `value` (in the parameter's canonical unit) is finite and inside its range; otherwise the reason,
// e.g. "PM2.5 1h 1e+308 µg/m³ outside plausible range 0–10000 µg/m³ (data/standards/plausibility.csv)".
// `averaging` is the averaging code ("1h", "day", ...), or empty when the reader does not know it.
std::optional<std::string> implausible_value(const ParameterInfo& p, double value, std::string_view averaging = {});

// A box in geographic degrees (west, south, east, north), e.g. a CRS's area of use or a geometry's envelope.
struct GeoBox {
  double west = 0, south = 0, east = 0, north = 0;
};
// The whole globe: the area of use of a CRS that declares none.
inline constexpr GeoBox kWholeGlobe{-180, -90, 180, 90};

// Nothing when lon/lat are finite geographic degrees; otherwise the reason ("latitude 100 outside -90–90 ...").
std::optional<std::string> implausible_lonlat(double lon, double lat);

// Degrees a coordinate may lie outside its CRS's area of use (the `area_of_use_margin` row).
double area_of_use_margin();

// Nothing when `extent` (a point or a geometry's envelope, in geographic degrees) has finite coordinates inside the
// globe and inside `area` widened by the margin; otherwise the reason, naming the CRS. An `area` whose west is
// greater than its east crosses the antimeridian.
std::optional<std::string> outside_area_of_use(const GeoBox& extent, const GeoBox& area, std::string_view crs_name);

}  // namespace eb::standards

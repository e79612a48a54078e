#include "standards/plausibility.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "standards/parameters.hpp"
#include "standards/tables.hpp"

namespace eb::standards {

namespace {

struct Rules {
  std::vector<PlausibleRange> by_parameter;  // indexed like parameters()
  PlausibleRange longitude{-180, 180}, latitude{-90, 90};
  double margin = 0;
};

const Rules& rules() {
  static const Rules r = [] {
    Rules out;
    const auto params = parameters();
    std::vector<bool> seen(params.size(), false);
    out.by_parameter.resize(params.size());
    const DataTable& t = DataTable::get("plausibility.csv");
    bool lon = false, lat = false, margin = false;
    for (std::size_t row = 0; row < t.size(); ++row) {
      const std::string& kind = t.at(row, "kind");
      const std::string& quantity = t.at(row, "quantity");
      const PlausibleRange range{t.number(row, "min"), t.number(row, "max")};
      if (!(range.min <= range.max)) throw std::logic_error("plausibility.csv: min above max for " + quantity);
      if (kind == "value") {
        // "groundwater:pH": the parameter of that medium, for a code that another medium lists first.
        const auto colon = quantity.find(':');
        const std::string code = colon == std::string::npos ? quantity : quantity.substr(colon + 1);
        const auto medium = colon == std::string::npos ? std::nullopt : parse_medium(quantity.substr(0, colon));
        if (colon != std::string::npos && !medium)
          throw std::logic_error("plausibility.csv: unknown medium in " + quantity);
        const ParameterInfo* p = find_parameter(code, medium);
        if (!p || p->code != code) throw std::logic_error("plausibility.csv: unknown parameter " + quantity);
        if (parse_unit(t.at(row, "unit")) != p->unit)
          throw std::logic_error("plausibility.csv: " + quantity + " is not in its canonical unit");
        const auto i = static_cast<std::size_t>(p - params.data());
        if (seen[i]) throw std::logic_error("plausibility.csv: " + quantity + " twice");
        seen[i] = true;
        out.by_parameter[i] = range;
      } else if (kind == "coordinate" && quantity == "longitude") {
        out.longitude = range;
        lon = true;
      } else if (kind == "coordinate" && quantity == "latitude") {
        out.latitude = range;
        lat = true;
      } else if (kind == "coordinate" && quantity == "area_of_use_margin") {
        out.margin = range.max;
        margin = true;
      } else {
        throw std::logic_error("plausibility.csv: unknown rule " + kind + " " + quantity);
      }
    }
    for (std::size_t i = 0; i < params.size(); ++i)
      if (!seen[i]) throw std::logic_error("plausibility.csv: no range for " + std::string(params[i].code));
    if (!lon || !lat || !margin) throw std::logic_error("plausibility.csv: coordinate rules missing");
    return out;
  }();
  return r;
}

std::string unit_suffix(Unit u) {
  const std::string_view s = unit_symbol(u);
  return s.empty() ? std::string() : fmt::format(" {}", s);
}

}  // namespace

const PlausibleRange& plausible_range(const ParameterInfo& p) {
  const auto params = parameters();
  if (&p < params.data() || &p >= params.data() + params.size())
    throw std::logic_error("plausible_range: not a parameter of the vocabulary");
  return rules().by_parameter[static_cast<std::size_t>(&p - params.data())];
}

std::optional<std::string> implausible_value(const ParameterInfo& p, double value, std::string_view averaging) {
  const PlausibleRange& r = plausible_range(p);
  if (std::isfinite(value) && value >= r.min && value <= r.max) return std::nullopt;
  const std::string unit = unit_suffix(p.unit);
  return fmt::format("{}{} {:g}{} outside plausible range {:g}–{:g}{} ({})", p.code,
                     averaging.empty() ? std::string() : fmt::format(" {}", averaging), value, unit, r.min, r.max, unit,
                     kPlausibilityTable);
}

std::optional<std::string> implausible_lonlat(double lon, double lat) {
  const Rules& r = rules();
  auto inside = [](double v, const PlausibleRange& range) {
    return std::isfinite(v) && v >= range.min && v <= range.max;
  };
  if (!inside(lon, r.longitude))
    return fmt::format("longitude {:g} outside {:g}–{:g} ({})", lon, r.longitude.min, r.longitude.max,
                       kPlausibilityTable);
  if (!inside(lat, r.latitude))
    return fmt::format("latitude {:g} outside {:g}–{:g} ({})", lat, r.latitude.min, r.latitude.max, kPlausibilityTable);
  return std::nullopt;
}

double area_of_use_margin() { return rules().margin; }

std::optional<std::string> outside_area_of_use(const GeoBox& extent, const GeoBox& area, std::string_view crs_name) {
  for (const double lon : {extent.west, extent.east})
    for (const double lat : {extent.south, extent.north})
      if (auto why = implausible_lonlat(lon, lat)) return why;
  const double m = area_of_use_margin();
  const bool lat_ok = extent.south >= area.south - m && extent.north <= area.north + m;
  auto lon_ok = [&](double lon) {
    if (area.west <= area.east) return lon >= area.west - m && lon <= area.east + m;
    return lon >= area.west - m || lon <= area.east + m;  // the area crosses the antimeridian
  };
  const bool whole_globe_lon = area.west <= area.east && area.east - area.west + 2 * m >= 360;
  if (lat_ok && (whole_globe_lon || (lon_ok(extent.west) && lon_ok(extent.east)))) return std::nullopt;
  return fmt::format(
      "extent lon {:g}..{:g}, lat {:g}..{:g} lies more than {:g}° outside the area of use of {} (lon {:g}..{:g}, lat "
      "{:g}..{:g}; {})",
      extent.west, extent.east, extent.south, extent.north, m, crs_name.empty() ? "its CRS" : crs_name, area.west,
      area.east, area.south, area.north, kPlausibilityTable);
}

}  // namespace eb::standards

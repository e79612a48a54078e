// Charts and maps of the bulletin as inline SVG: no scripts and no fonts of their own, so they print and archive
// with the page. The map is drawn in an Albers equal-area conic fitted to the mapped units (engine/vector/
// map_projection), with unit labels, a scale bar, a north arrow, the legend of the standard's classes and the note
// on the boundaries' source (审图号); reading and simplifying the outlines is GEOS's (engine/vector/outline).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "standards/map_classes.hpp"

namespace eb::app::report {

struct BarDatum {
  std::string label;
  double value = 0;
  std::string value_text;  // printed at the bar's end
  bool hollow = false;     // e.g. a figure that does not meet the capture rule
};
struct BarChartOptions {
  std::string unit;                 // axis title
  std::optional<double> reference;  // a dashed line (a limit)
  std::string reference_label;
  std::string colour = "#1f6f8b";
  std::string title;  // <title> of the svg, for screen readers
};
// Horizontal bars, one per datum, in the given order.
std::string bar_chart(const std::vector<BarDatum>& data, const BarChartOptions& options);

struct LinePoint {
  std::string x_label;
  double y = 0;
  std::string y_text;
  bool hollow = false;  // partial year: drawn as an open circle
};
struct LineChartOptions {
  std::string unit, title;
  std::string colour = "#1f6f8b";
  std::optional<double> reference;
  std::string reference_label;
};
std::string line_chart(const std::vector<LinePoint>& points, const LineChartOptions& options);

struct StackedRow {
  std::string label;
  std::vector<double> shares;  // percent, one per category, summing to ~100
};
// 100 % stacked horizontal bars with a legend of the categories and their colours.
std::string stacked_bar_chart(const std::vector<StackedRow>& rows, const std::vector<std::string>& categories,
                              const std::vector<std::string>& colours, const std::string& title);

struct MapUnit {
  std::string code, name;
  std::vector<std::uint8_t> wkb;  // (Multi)Polygon, lon/lat
  std::optional<double> value;    // none: drawn grey, "no data"
  std::string value_text;
  // A value from part of the period only (an air figure short of the HJ 663 capture rule): drawn hollow, white with
  // a dashed outline in its class colour, as the dashboard draws it.
  bool partial = false;
};
struct MapOptions {
  std::string title, legend_title, no_data_label;
  // The metric's fixed classes (data/standards/map_classes.csv, the dashboard's too): the same colour means the
  // same range in every year and in both faces.
  const standards::MapClasses* classes = nullptr;
  bool zh = true;  // language of the class labels in the legend
  // The legend's line for hollow units (the dashboard's wording); empty: no such line (the metric has no part
  // periods).
  std::string partial_label;
  // A line under the legend's title naming the limit the classes break at (e.g. "GB 3095-2012 class 2 annual
  // limit 35 µg/m³"); empty: none (the metric has no standard's limit).
  std::string legend_note;
  // The note under the map on the boundaries' source and the map approval number (审图号): map_note_text().
  std::string note;
};
// The note printed under every map (bulletin and dashboard): `configured` (report/serve --map-note: the approval
// number and the standard map the boundaries come from) as given, or when empty the honest default that the
// boundaries are schematic and not from an approved standard map.
std::string map_note_text(const std::string& configured, bool zh);
// The longest round length (1, 2 or 5 × 10ⁿ metres, at least 1 km) not above `max_metres`, for a scale bar.
double scale_bar_length_m(double max_metres);
// Units shaded by the classes of `options.classes` (partial ones hollow) in the equal-area projection, each
// labelled with its name at a point inside it (on a white halo, moved up or down when it would cover another
// label), with a north arrow, a scale bar in projected kilometres, a legend of every class (range and label), then
// hollow units when `options.partial_label` says what they are, then no data; under the map the projection and
// `options.note`.
// Geometries are simplified to about a pixel and coordinates written with one decimal, keeping the map small.
std::string choropleth_map(const std::vector<MapUnit>& units, const MapOptions& options);

}  // namespace eb::app::report

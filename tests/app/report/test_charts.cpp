#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <regex>

#include "app/report/charts.hpp"
#include "engine/vector/geodesy.hpp"

namespace eb::app::report {

namespace {

// A little-endian WKB polygon: one square ring.
std::vector<std::uint8_t> square_wkb(double x0, double y0, double size) {
  std::vector<std::uint8_t> b{1};
  auto u32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  };
  auto f64 = [&](double d) {
    std::uint64_t v;
    std::memcpy(&v, &d, sizeof v);
    for (int i = 0; i < 8; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  };
  u32(3);
  u32(1);
  u32(5);
  const double pts[5][2] = {{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}, {x0, y0}};
  for (const auto& p : pts) {
    f64(p[0]);
    f64(p[1]);
  }
  return b;
}

// The vertices of the <path> drawn for unit `name` (the first ring's "Mx yLx y...Z").
std::vector<std::pair<double, double>> path_points(const std::string& svg, const std::string& name) {
  const auto end = svg.find("<title>" + name + ":");
  const auto start = svg.rfind("<path d=\"", end) + 9;
  const std::string d = svg.substr(start, svg.find('"', start) - start);
  std::vector<std::pair<double, double>> out;
  const std::regex point("[ML]([-0-9.]+) ([-0-9.]+)");
  for (auto it = std::sregex_iterator(d.begin(), d.end(), point); it != std::sregex_iterator(); ++it)
    out.emplace_back(std::stod((*it)[1]), std::stod((*it)[2]));
  return out;
}

double page_area(const std::vector<std::pair<double, double>>& ring) {
  double twice = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const auto& [x0, y0] = ring[i];
    const auto& [x1, y1] = ring[(i + 1) % ring.size()];
    twice += x0 * y1 - x1 * y0;
  }
  return std::fabs(twice) / 2;
}

// The position of the label of unit `code`.
std::pair<double, double> label_at(const std::string& svg, const std::string& code) {
  std::smatch m;
  const std::regex label("<text x=\"([-0-9.]+)\" y=\"([-0-9.]+)\" data-code=\"" + code + "\">");
  if (!std::regex_search(svg, m, label)) return {NAN, NAN};
  return {std::stod(m[1]), std::stod(m[2])};
}

MapOptions pm25_options() {
  MapOptions mo;
  mo.title = "PM2.5";
  mo.legend_title = "µg/m³";
  mo.no_data_label = "no data";
  mo.classes = &standards::map_classes("pm25", "gb3095-2012");
  mo.zh = false;
  return mo;
}

}  // namespace

TEST(ReportCharts, ChartsAreInlineSvgWithEscapedText) {
  BarChartOptions bo;
  bo.unit = "µg/m³";
  bo.reference = 35.0;
  bo.reference_label = "limit 35";
  const std::string bars = bar_chart({{"A<b>", 40, "40", false}, {"B", 20, "20*", true}}, bo);
  EXPECT_EQ(bars.rfind("<svg", 0), 0u);
  EXPECT_NE(bars.find("A&lt;b&gt;"), std::string::npos);
  EXPECT_NE(bars.find("limit 35"), std::string::npos);
  EXPECT_EQ(bars.find("http"), std::string::npos);  // nothing to fetch, not even a namespace URL
  LineChartOptions lo;
  lo.unit = "µg/m³";
  lo.title = "PM2.5";
  const std::string line =
      line_chart({{"2014", 43, "43", false}, {"2015", 41, "41", false}, {"2019", 30, "30", true}}, lo);
  EXPECT_NE(line.find("<path"), std::string::npos);
  EXPECT_NE(line.find("fill=\"#ffffff\""), std::string::npos);  // the partial year is an open circle
  const std::string stacked = stacked_bar_chart({{"R", {50, 0, 0, 0, 0, 50}}}, {"I", "II", "III", "IV", "V", "劣V"},
                                                {"#1", "#2", "#3", "#4", "#5", "#6"}, "t");
  EXPECT_NE(stacked.find("劣V"), std::string::npos);
}

// The map's classes are the standard's (map_classes.csv, as the dashboard's): PM2.5 breaks at the GB 3095-2012
// annual limits 15 and 35 µg/m³, and a value at the limit is in the class that meets it.
TEST(ReportCharts, MapShadesUnitsByTheStandardsClassesAndShowsNoData) {
  MapUnit a{"150100", "Hohhot", square_wkb(111, 40, 1), 40.0, "40"};
  MapUnit b{"150200", "Baotou", square_wkb(109, 40, 2), std::nullopt, ""};
  MapUnit c{"150300", "Wuhai", square_wkb(106, 39, 1), 35.0, "35"};
  MapUnit d{"150400", "Chifeng", square_wkb(118, 42, 1), 71.0, "71"};
  MapOptions mo;
  mo.title = "PM2.5";
  mo.legend_title = "µg/m³";
  mo.no_data_label = "no data";
  mo.classes = &standards::map_classes("pm25", "gb3095-2012");
  mo.zh = false;
  const std::string svg = choropleth_map({a, b, c, d}, mo);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  const auto fill_of = [&](const std::string& name) {
    const auto at = svg.rfind("fill=\"", svg.find("<title>" + name + ":"));
    return svg.substr(at + 6, 7);
  };
  EXPECT_EQ(fill_of("Hohhot"), "#fee08b");   // 40: above the class 2 limit by at most 0.5×
  EXPECT_EQ(fill_of("Wuhai"), "#91cf60");    // 35: meets class 2
  EXPECT_EQ(fill_of("Chifeng"), "#d73027");  // 71: more than twice the limit
  EXPECT_EQ(fill_of("Baotou"), "#e6e6e6");   // no data
  EXPECT_NE(svg.find("Baotou: no data"), std::string::npos);
  // The legend lists every class with its range and label, whatever the values.
  EXPECT_NE(svg.find("≤ 15 <tspan"), std::string::npos);
  EXPECT_NE(svg.find("15–35 <tspan font-size=\"10\" fill=\"#52606d\">meets class 2</tspan>"), std::string::npos);
  EXPECT_NE(svg.find("52.5–70"), std::string::npos);
  EXPECT_NE(svg.find("&gt; 70"), std::string::npos);
  EXPECT_TRUE(choropleth_map({}, mo).empty());
  EXPECT_EQ(svg.find("data-partial"), std::string::npos);  // no part-year unit, no legend line for one
}

// A unit whose value is from part of the year is drawn hollow as on the dashboard: white, with a dashed outline in
// its class colour, and the legend says what hollow means.
TEST(ReportCharts, PartYearUnitsAreHollowWithTheirClassColourOutlined) {
  MapUnit whole{"150100", "Hohhot", square_wkb(111, 40, 1), 40.0, "40"};
  MapUnit part{"150200", "Baotou", square_wkb(109, 40, 2), 40.0, "40*"};
  part.partial = true;
  MapOptions mo;
  mo.no_data_label = "no data";
  mo.classes = &standards::map_classes("pm25", "gb3095-2012");
  mo.partial_label = "hollow (dashed outline): part of the year only, for reference";
  const std::string svg = choropleth_map({whole, part}, mo);
  const auto path_of = [&](const std::string& name) {
    const auto end = svg.find("<title>" + name + ":");
    return svg.substr(svg.rfind("<path", end), end - svg.rfind("<path", end));
  };
  EXPECT_NE(path_of("Hohhot").find("fill=\"#fee08b\" stroke=\"#ffffff\""), std::string::npos) << path_of("Hohhot");
  EXPECT_NE(path_of("Baotou").find("fill=\"#ffffff\" stroke=\"#fee08b\""), std::string::npos) << path_of("Baotou");
  EXPECT_NE(path_of("Baotou").find("stroke-dasharray"), std::string::npos);
  EXPECT_NE(path_of("Baotou").find("data-partial=\"yes\""), std::string::npos);
  // Wrapped to the legend's width at spaces.
  EXPECT_NE(svg.find(">hollow (dashed outline):</text><text x=\"476\" y=\"154\">part of the year only, "
                     "for</text><text x=\"476\" y=\"168\">reference</text>"),
            std::string::npos);
}

// Equal area: a degree square at 50° N covers less ground than one at 40° N (about cos 50°/cos 40°), and the map
// draws them in the ratio of their ellipsoidal areas — an equirectangular map would draw them the same size.
TEST(ReportCharts, MapIsEqualArea) {
  const MapUnit south{"1", "South", square_wkb(110, 40, 1), 30.0, "30"};
  const MapUnit north{"2", "North", square_wkb(115, 50, 1), 30.0, "30"};
  const std::string svg = choropleth_map({south, north}, pm25_options());
  const double page_ratio = page_area(path_points(svg, "North")) / page_area(path_points(svg, "South"));
  const double ground_ratio = engine::ellipsoidal_area_m2(north.wkb) / engine::ellipsoidal_area_m2(south.wkb);
  EXPECT_NEAR(page_ratio / ground_ratio, 1, 0.01) << page_ratio << " " << ground_ratio;
  EXPECT_LT(ground_ratio, 0.9);
  EXPECT_NE(svg.find("Projection: Albers equal-area conic"), std::string::npos);
}

TEST(ReportCharts, ScaleBarLengthsAreRound) {
  EXPECT_EQ(scale_bar_length_m(140'000), 100'000);
  EXPECT_EQ(scale_bar_length_m(260'000), 200'000);
  EXPECT_EQ(scale_bar_length_m(999'999), 500'000);
  EXPECT_EQ(scale_bar_length_m(1'000'000), 1'000'000);
  EXPECT_EQ(scale_bar_length_m(7'500), 5'000);
  EXPECT_EQ(scale_bar_length_m(300), 1'000);  // never below a kilometre
}

// The scale bar's drawn length is its label's kilometres at the map's scale, which an equal-area map gives from
// any unit: page area / ground area = (pixels per metre)².
TEST(ReportCharts, ScaleBarMatchesTheMapsScale) {
  const MapUnit a{"150100", "Hohhot", square_wkb(111, 40, 1), 40.0, "40"};
  const MapUnit b{"150700", "Hulunbuir", square_wkb(119, 49, 3), 20.0, "20"};
  const std::string svg = choropleth_map({a, b}, pm25_options());
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      svg, m, std::regex("class=\"scale-bar\".*?<rect [^>]*width=\"([0-9.]+)\".*?>([0-9]+) km</text>")));
  const double bar_px = 2 * std::stod(m[1]), bar_km = std::stod(m[2]);
  EXPECT_EQ(scale_bar_length_m(bar_km * 1000), bar_km * 1000);  // a round length
  const double px_per_m = std::sqrt(page_area(path_points(svg, "Hulunbuir")) / engine::ellipsoidal_area_m2(b.wkb));
  EXPECT_NEAR(bar_px / (bar_km * 1000 * px_per_m), 1, 0.02);
}

// Every unit carries its name at a point inside it, on a halo; labels that would overlap are moved apart. The map
// has a north arrow, the legend's limit line and the note on the boundaries (the honest default when none is set).
TEST(ReportCharts, MapHasLabelsNorthArrowLegendNoteAndBoundaryNote) {
  const MapUnit a{"150100", "Hohhot", square_wkb(111, 40, 1), 40.0, "40"};
  const MapUnit b{"150200", "Baotou", square_wkb(109, 40, 2), std::nullopt, ""};
  // Two narrow neighbours whose long names would print on top of each other.
  const MapUnit c{"150300", "Wuhai City West", square_wkb(106, 39, 0.3), 35.0, "35"};
  const MapUnit d{"150400", "Wuhai City East", square_wkb(106.3, 39, 0.3), 35.0, "35"};
  MapOptions mo = pm25_options();
  mo.legend_note = "GB 3095-2012 class 2 annual limit 35 µg/m³";
  mo.note = map_note_text("", false);
  const std::string svg = choropleth_map({a, b, c, d}, mo);
  for (const auto& [unit, code] : {std::pair{a, "150100"}, std::pair{b, "150200"}}) {
    const auto [x, y] = label_at(svg, code);
    const auto ring = path_points(svg, unit.name);
    double x0 = 1e9, x1 = -1e9, y0 = 1e9, y1 = -1e9;
    for (const auto& [px, py] : ring) {
      x0 = std::min(x0, px), x1 = std::max(x1, px), y0 = std::min(y0, py), y1 = std::max(y1, py);
    }
    EXPECT_TRUE(x > x0 && x < x1 && y > y0 && y < y1) << unit.name << " at " << x << "," << y;
  }
  EXPECT_NE(svg.find(">Hohhot</text>"), std::string::npos);
  EXPECT_NE(svg.find("paint-order=\"stroke\""), std::string::npos);  // the halo
  EXPECT_GE(std::fabs(label_at(svg, "150300").second - label_at(svg, "150400").second), 11);
  EXPECT_NE(svg.find("class=\"north-arrow\""), std::string::npos);
  EXPECT_NE(svg.find(">N</text>"), std::string::npos);
  // The limit's line under the legend's title, wrapped to the legend's width.
  std::string limit_line;
  const std::regex legend_note("fill=\"#b3261e\">([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), legend_note); it != std::sregex_iterator(); ++it)
    limit_line += (limit_line.empty() ? "" : " ") + (*it)[1].str();
  EXPECT_EQ(limit_line, "GB 3095-2012 class 2 annual limit 35 µg/m³");
  EXPECT_NE(svg.find("not from a standard map"), std::string::npos);
  // A configured note (the approval number) replaces the default, in either language.
  EXPECT_EQ(map_note_text("审图号：蒙S(2023)001号", true), "审图号：蒙S(2023)001号");
  EXPECT_NE(map_note_text("", true).find("非标准地图"), std::string::npos);
  mo.note = "审图号：蒙S(2023)001号";
  EXPECT_NE(choropleth_map({a}, mo).find(">审图号：蒙S(2023)001号</text>"), std::string::npos);
}

}  // namespace eb::app::report

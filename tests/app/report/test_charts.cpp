#include <gtest/gtest.h>

#include <cstring>

#include "app/report/charts.hpp"

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
  EXPECT_NE(svg.find(">hollow (dashed outline): part of the year only, for reference</text>"), std::string::npos);
}

}  // namespace eb::app::report

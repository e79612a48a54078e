#include <gtest/gtest.h>

#include <cstring>

#include "app/report/charts.hpp"

namespace eb::app::report {

namespace {

void put_u32(std::vector<std::uint8_t>& b, std::uint32_t v, bool little) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * (little ? i : 3 - i))));
}
void put_f64(std::vector<std::uint8_t>& b, double d, bool little) {
  std::uint64_t v;
  std::memcpy(&v, &d, sizeof v);
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * (little ? i : 7 - i))));
}
// A square polygon body (one ring of 5 points).
void put_square(std::vector<std::uint8_t>& b, double x0, double y0, double size, bool little) {
  b.push_back(little ? 1 : 0);
  put_u32(b, 3, little);
  put_u32(b, 1, little);
  put_u32(b, 5, little);
  const double pts[5][2] = {{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}, {x0, y0}};
  for (const auto& p : pts) {
    put_f64(b, p[0], little);
    put_f64(b, p[1], little);
  }
}

}  // namespace

TEST(ReportCharts, ReadsMultiPolygonWkbInEitherByteOrder) {
  for (bool little : {true, false}) {
    std::vector<std::uint8_t> b;
    b.push_back(little ? 1 : 0);
    put_u32(b, 6, little);
    put_u32(b, 2, little);
    put_square(b, 110, 40, 1, little);
    put_square(b, 120, 45, 2, !little);  // parts may use their own byte order
    const auto polys = parse_wkb_polygons(b);
    ASSERT_EQ(polys.size(), 2u);
    ASSERT_EQ(polys[1].rings.size(), 1u);
    ASSERT_EQ(polys[1].rings[0].size(), 5u);
    EXPECT_DOUBLE_EQ(polys[1].rings[0][2].first, 122);
    EXPECT_DOUBLE_EQ(polys[1].rings[0][2].second, 47);
  }
}

TEST(ReportCharts, ReadsPolygonAndRefusesTruncatedOrOtherGeometries) {
  std::vector<std::uint8_t> b;
  put_square(b, 0, 0, 1, true);
  EXPECT_EQ(parse_wkb_polygons(b).size(), 1u);
  b.resize(b.size() - 3);
  EXPECT_TRUE(parse_wkb_polygons(b).empty());
  std::vector<std::uint8_t> point{1};
  put_u32(point, 1, true);
  put_f64(point, 1, true);
  put_f64(point, 2, true);
  EXPECT_TRUE(parse_wkb_polygons(point).empty());
  // A ring count far beyond the blob is refused before anything is allocated for it.
  std::vector<std::uint8_t> huge{1};
  put_u32(huge, 3, true);
  put_u32(huge, 0xffffffffu, true);
  EXPECT_TRUE(parse_wkb_polygons(huge).empty());
}

TEST(ReportCharts, SimplifyDropsPointsWithinTheToleranceAndKeepsTheRingClosed) {
  // A square with many points along its edges, slightly wobbling.
  Ring ring;
  for (int i = 0; i < 100; ++i) ring.push_back({i, (i % 2) * 0.01});
  for (int i = 0; i < 100; ++i) ring.push_back({100, i});
  for (int i = 100; i > 0; --i) ring.push_back({i, 100});
  for (int i = 100; i >= 0; --i) ring.push_back({0, i});
  const Ring s = simplify_ring(ring, 0.5);
  EXPECT_LE(s.size(), 6u);
  EXPECT_GE(s.size(), 4u);
  EXPECT_EQ(s.front(), s.back());
  // A tolerance below the wobble keeps it.
  EXPECT_GT(simplify_ring(ring, 0.001).size(), 50u);
  // A degenerate ring still comes back as a closed ring of 4 points.
  const Ring flat{{0, 0}, {1, 0}, {2, 0}, {3, 0}, {2, 0}, {1, 0}, {0, 0}};
  const Ring f = simplify_ring(flat, 10);
  EXPECT_EQ(f.size(), 4u);
  EXPECT_EQ(f.front(), f.back());
}

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

TEST(ReportCharts, MapShadesUnitsAndShowsNoData) {
  MapUnit a{"150100", "Hohhot", {Polygon{{{{111, 40}, {112, 40}, {112, 41}, {111, 41}, {111, 40}}}}}, 40.0, "40"};
  MapUnit b{"150200", "Baotou", {Polygon{{{{109, 40}, {111, 40}, {111, 42}, {109, 42}, {109, 40}}}}}, std::nullopt, ""};
  MapUnit c{"150300", "Wuhai", {Polygon{{{{106, 39}, {107, 39}, {107, 40}, {106, 40}, {106, 39}}}}}, 20.0, "20"};
  MapOptions mo;
  mo.title = "PM2.5";
  mo.legend_title = "µg/m³";
  mo.no_data_label = "no data";
  const std::string svg = choropleth_map({a, b, c}, mo);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("#b30000"), std::string::npos);  // the highest value: darkest class
  EXPECT_NE(svg.find("#fef0d9"), std::string::npos);  // the lowest: lightest
  EXPECT_NE(svg.find("#e6e6e6"), std::string::npos);  // no data
  EXPECT_NE(svg.find("Baotou: no data"), std::string::npos);
  EXPECT_TRUE(choropleth_map({}, {}).empty());
}

}  // namespace eb::app::report

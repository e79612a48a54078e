#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "engine/vector/geos_support.hpp"
#include "engine/vector/outline.hpp"
#include "support/wkt.hpp"

namespace eb::engine {
namespace {

using test::wkb;

const auto identity = [](double x, double y) { return PlanePoint{x, y}; };

TEST(Outline, MapsEveryVertexAndKeepsPartsAndHoles) {
  const auto polygons = plane_outline(
      wkb("MULTIPOLYGON(((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 2,1 1)),((10 0,11 0,11 1,10 1,10 0)))"),
      [](double x, double y) {
        return PlanePoint{2 * x + 1, -y};
      },
      0);
  ASSERT_EQ(polygons.size(), 2u);
  ASSERT_EQ(polygons[0].rings.size(), 2u);  // exterior and hole
  EXPECT_EQ(polygons[0].rings[0].size(), 5u);
  EXPECT_EQ(polygons[0].rings[0][1], (PlanePoint{9, 0}));
  EXPECT_EQ(polygons[0].rings[1][2], (PlanePoint{5, -2}));
  EXPECT_EQ(polygons[1].rings[0].front(), polygons[1].rings[0].back());  // closed
}

TEST(Outline, SimplifiesInThePlaneWithoutLosingTheShape) {
  // A square whose bottom edge wobbles by 0.01 over 100 points: a tolerance of 0.5 leaves the four corners.
  std::string ring = "POLYGON((";
  for (int i = 0; i < 100; ++i) ring += std::to_string(i) + " " + (i % 2 ? "0.01" : "0") + ",";
  ring += "100 0,100 100,0 100,0 0))";
  const auto rough = plane_outline(wkb(ring), identity, 0);
  const auto simple = plane_outline(wkb(ring), identity, 0.5);
  ASSERT_EQ(simple.size(), 1u);
  EXPECT_GT(rough[0].rings[0].size(), 100u);
  EXPECT_EQ(simple[0].rings[0].size(), 5u);
  // The same tolerance in a plane ten times smaller removes relatively more: simplification is in plane units.
  const auto small = plane_outline(
      wkb(ring),
      [](double x, double y) {
        return PlanePoint{x * 100, y * 100};
      },
      0.5);
  EXPECT_GT(small[0].rings[0].size(), 50u);
}

// A U-shaped unit: its centroid (5, 4.1) lies in the gap between the legs, outside; the label point must not.
TEST(Outline, LabelPointIsInsideEvenWhereTheCentroidIsNot) {
  const auto u = wkb("POLYGON((0 0,10 0,10 10,8 10,8 2,2 2,2 10,0 10,0 0))");
  const auto inside_u = [](double x, double y) {
    return y > 0 && y < 10 && x > 0 && x < 10 && (y < 2 || x < 2 || x > 8);
  };
  const auto p = plane_label_point(u, identity);
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(inside_u(p->first, p->second)) << p->first << " " << p->second;
  // In the mapped plane (a page: x doubled, y down), the point is the mapped one's, inside too.
  const auto page = plane_label_point(u, [](double x, double y) { return PlanePoint{2 * x, -y}; });
  ASSERT_TRUE(page.has_value());
  EXPECT_TRUE(inside_u(page->first / 2, -page->second)) << page->first << " " << page->second;
  // Of a multipolygon, a point in one of its parts.
  const auto two = plane_label_point(wkb("MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((5 0,9 0,9 4,5 4,5 0)))"), identity);
  ASSERT_TRUE(two.has_value());
  EXPECT_TRUE((two->first > 0 && two->first < 1) || (two->first > 5 && two->first < 9));
  EXPECT_FALSE(plane_label_point(wkb("LINESTRING(0 0,1 1)"), identity).has_value());
}

TEST(Outline, NonPolygonsGiveNothingAndBadWkbIsAnError) {
  EXPECT_TRUE(plane_outline(wkb("POINT(1 2)"), identity, 0).empty());
  EXPECT_TRUE(plane_outline(wkb("LINESTRING(0 0,1 1)"), identity, 0).empty());
  const std::vector<std::uint8_t> junk{1, 3, 0, 0, 0, 9};
  EXPECT_THROW(plane_outline(junk, identity, 0), GeometryError);
}

}  // namespace
}  // namespace eb::engine

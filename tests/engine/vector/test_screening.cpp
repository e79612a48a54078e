#include <geos_c.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "engine/vector/geodesy.hpp"
#include "engine/vector/geos_support.hpp"
#include "engine/vector/screening.hpp"
#include "support/wkt.hpp"

namespace eb::engine {
namespace {

using test::wkb;

std::string box(double x0, double y0, double x1, double y1) {
  return "POLYGON((" + std::to_string(x0) + " " + std::to_string(y0) + "," + std::to_string(x1) + " " +
         std::to_string(y0) + "," + std::to_string(x1) + " " + std::to_string(y1) + "," + std::to_string(x0) + " " +
         std::to_string(y1) + "," + std::to_string(x0) + " " + std::to_string(y0) + "))";
}

ProtectedIndex reserve() {
  std::vector<ProtectedFeature> f;
  f.push_back({1, "nature_reserve", "core", "Reserve A", wkb(box(110, 40, 111, 41))});
  f.push_back({2, "nature_reserve", "buffer", "Reserve A", wkb(box(111, 40, 112, 41))});
  // A red line with a hole, and a second red-line polygon overlapping the first.
  f.push_back({3, "red_line", "", "RL-1",
               wkb("POLYGON((100 40,104 40,104 44,100 44,100 40),(101 41,103 41,103 43,101 43,101 41))")});
  f.push_back({4, "red_line", "", "RL-2", wkb(box(103.5, 40, 105, 41))});
  return ProtectedIndex(std::move(f));
}

TEST(Screening, SiteHalfInsideAReserveCore) {
  const ProtectedIndex index = reserve();
  const SiteScreening s = index.screen(wkb(box(109.5, 40, 110.5, 40.1)));
  EXPECT_EQ(s.dimension, 2);
  ASSERT_EQ(s.touches.size(), 1u);
  EXPECT_EQ(s.touches[0].kind, "nature_reserve");
  EXPECT_EQ(s.touches[0].zone, "core");
  EXPECT_EQ(s.touches[0].features, std::vector<std::int64_t>{1});
  // The halves mirror each other across the meridian 110°E: exactly half, to round-off.
  EXPECT_NEAR(s.touches[0].share, 0.5, 1e-9);
  EXPECT_NEAR(s.touches[0].area_m2, s.area_m2 / 2, 1e-3);
}

TEST(Screening, SiteSpanningTwoZonesGetsOneRowEach) {
  const ProtectedIndex index = reserve();
  const SiteScreening s = index.screen(wkb(box(110.75, 40.2, 111.25, 40.3)));
  ASSERT_EQ(s.touches.size(), 2u);
  EXPECT_EQ(s.touches[0].zone, "buffer");  // by kind, then zone
  EXPECT_EQ(s.touches[1].zone, "core");
  EXPECT_NEAR(s.touches[0].share + s.touches[1].share, 1.0, 1e-9);
  EXPECT_NEAR(s.touches[0].share, 0.5, 1e-9);
}

TEST(Screening, PointOnABoundaryTouchesAndPointsInAHoleDoNot) {
  const ProtectedIndex index = reserve();
  const SiteScreening edge = index.screen(wkb("POINT(110 40.5)"));
  ASSERT_EQ(edge.touches.size(), 1u);
  EXPECT_EQ(edge.touches[0].zone, "core");
  EXPECT_EQ(edge.touches[0].share, 1.0);
  // The shared edge of core and buffer touches both.
  EXPECT_EQ(index.screen(wkb("POINT(111 40.5)")).touches.size(), 2u);
  // Inside the hole of RL-1: nothing touched; the nearest edge is the hole's, 0.5° of latitude to the north.
  const SiteScreening hole = index.screen(wkb("POINT(102 42.5)"));
  EXPECT_TRUE(hole.touches.empty());
  ASSERT_TRUE(hole.nearest.has_value());
  EXPECT_EQ(*hole.nearest, 3);
  EXPECT_NEAR(hole.nearest_distance_m, geodesic_distance_m(102, 42.5, 102, 43), 1.0);
}

TEST(Screening, OverlappingFeaturesOfOneGroupCountOnce) {
  const ProtectedIndex index = reserve();
  // The site covers [103.2, 103.8] x [40.2, 40.4]: RL-1 holds [103.2, 104], RL-2 holds [103.5, 103.8].
  const SiteScreening s = index.screen(wkb(box(103.2, 40.2, 103.8, 40.4)));
  ASSERT_EQ(s.touches.size(), 1u);
  EXPECT_EQ(s.touches[0].features, (std::vector<std::int64_t>{3, 4}));
  EXPECT_NEAR(s.touches[0].share, 1.0, 1e-9);
}

TEST(Screening, DistanceToTheNearestFeatureIsGeodesic) {
  const ProtectedIndex index = reserve();
  const SiteScreening s = index.screen(wkb("POINT(109 40.5)"));
  EXPECT_TRUE(s.touches.empty());
  ASSERT_TRUE(s.nearest.has_value());
  EXPECT_EQ(*s.nearest, 1);
  // Brute force over the core's west edge (the meridian 110°E from 40° to 41°).
  double best = 1e30;
  for (int i = 0; i <= 100000; ++i) best = std::min(best, geodesic_distance_m(109, 40.5, 110, 40 + i * 1e-5));
  EXPECT_NEAR(s.nearest_distance_m, best, 0.5);
  EXPECT_GT(best, 84000);
  EXPECT_LT(best, 86000);
}

TEST(Screening, BufferInMetres) {
  const ProtectedIndex index = reserve();
  // 0.001° of longitude at 40.5°N is about 84.6 m from the core's edge.
  const SiteScreening plain = index.screen(wkb("POINT(109.999 40.5)"));
  EXPECT_TRUE(plain.touches.empty());
  EXPECT_NEAR(plain.nearest_distance_m, geodesic_distance_m(109.999, 40.5, 110, 40.5), 0.01);
  const SiteScreening grown = index.screen(wkb("POINT(109.999 40.5)"), 200);
  EXPECT_EQ(grown.dimension, 2);
  ASSERT_EQ(grown.touches.size(), 1u);
  // A 200 m disc: its area within 0.2 % of π r².
  EXPECT_NEAR(grown.area_m2, M_PI * 200 * 200, M_PI * 200 * 200 * 0.002);
  EXPECT_GT(grown.touches[0].share, 0.1);
  EXPECT_LT(grown.touches[0].share, 0.5);
}

TEST(Screening, LinesReportLengthInside) {
  const ProtectedIndex index = reserve();
  const SiteScreening s = index.screen(wkb("LINESTRING(109.5 40.5, 110.5 40.5)"));
  EXPECT_EQ(s.dimension, 1);
  ASSERT_EQ(s.touches.size(), 1u);
  EXPECT_NEAR(s.touches[0].share, 0.5, 1e-6);
  // A lon/lat-straight line along a parallel: the arc N(φ) cos φ Δλ (a geodesic between the ends is shorter).
  const double phi = 40.5 * M_PI / 180, e2 = 0.0066943799901413165;
  const double arc = 6378137.0 * std::cos(phi) / std::sqrt(1 - e2 * std::sin(phi) * std::sin(phi)) * M_PI / 180;
  EXPECT_NEAR(s.length_m, arc, 1e-3);
  EXPECT_GT(s.length_m, geodesic_distance_m(109.5, 40.5, 110.5, 40.5));
}

TEST(Screening, MultipolygonSitesAndEmptyGeometry) {
  const ProtectedIndex index = reserve();
  const SiteScreening s =
      index.screen(wkb("MULTIPOLYGON(((110.1 40.1,110.2 40.1,110.2 40.2,110.1 40.2,110.1 40.1)),"
                       "((108.1 40.1,108.2 40.1,108.2 40.2,108.1 40.2,108.1 40.1)))"));
  ASSERT_EQ(s.touches.size(), 1u);
  EXPECT_NEAR(s.touches[0].share, 0.5, 1e-3);  // two equal-sized squares, one inside
  EXPECT_THROW(index.screen(wkb("POLYGON EMPTY")), GeometryError);
}

TEST(Screening, OverlapStatisticsCountOverlapsOnce) {
  std::vector<ProtectedFeature> f;
  f.push_back({1, "nature_reserve", "core", "A", wkb(box(110, 40, 111, 41))});
  f.push_back({2, "wetland", "", "W", wkb(box(110.5, 40, 111.5, 41))});  // overlaps the core by half
  f.push_back({3, "wetland", "", "W2", wkb(box(110.5, 40, 111, 41))});   // inside W: counted once
  const ProtectedIndex index(std::move(f));
  // The unit: [109.5, 111.5] x [40, 41], four half-degree strips of equal area.
  const ProtectedOverlap o = index.overlap(wkb(box(109.5, 40, 111.5, 41)));
  ASSERT_EQ(o.kind_area_m2.size(), 2u);
  EXPECT_EQ(o.kind_area_m2[0].first, "nature_reserve");
  EXPECT_NEAR(o.kind_area_m2[0].second / o.zone_area_m2, 0.5, 1e-9);
  EXPECT_EQ(o.kind_area_m2[1].first, "wetland");
  EXPECT_NEAR(o.kind_area_m2[1].second / o.zone_area_m2, 0.5, 1e-9);
  EXPECT_NEAR(o.any_area_m2 / o.zone_area_m2, 0.75, 1e-9);  // [110, 111.5]
  EXPECT_EQ(index.overlap(wkb(box(0, 0, 1, 1))).kind_area_m2.size(), 0u);
}

TEST(Geodesy, SmallSquareAreaMatchesTheQuadrangle) {
  geos::Context ctx;
  GEOSWKTReader* r = GEOSWKTReader_create_r(ctx.handle());
  GEOSGeometry* g =
      GEOSWKTReader_read_r(ctx.handle(), r, "POLYGON((110 40,110.001 40,110.001 40.001,110 40.001,110 40))");
  GEOSWKTReader_destroy_r(ctx.handle(), r);
  const double a = ellipsoidal_area_m2(ctx.handle(), g);
  GEOSGeom_destroy_r(ctx.handle(), g);
  // 0.001° x 0.001° at 40°N: about 111.0 m x 85.3 m.
  EXPECT_NEAR(a, 111035.0 * 0.001 * 85394.0 * 0.001, 20);
}

}  // namespace
}  // namespace eb::engine

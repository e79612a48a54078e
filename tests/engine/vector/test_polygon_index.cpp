#include <gtest/gtest.h>

#include <cstring>

#include "core/error.hpp"
#include "engine/vector/polygon_index.hpp"

namespace eb::engine {

namespace {
// ISO WKB of a polygon with one ring.
Wkb polygon(std::vector<std::pair<double, double>> ring) {
  Wkb w{1};
  auto u32 = [&](std::uint32_t v) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
    w.insert(w.end(), p, p + 4);
  };
  auto f64 = [&](double v) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
    w.insert(w.end(), p, p + 8);
  };
  u32(3);
  u32(1);
  u32(static_cast<std::uint32_t>(ring.size()));
  for (auto [x, y] : ring) {
    f64(x);
    f64(y);
  }
  return w;
}
Wkb square(double x0, double y0, double size) {
  return polygon({{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}, {x0, y0}});
}
}  // namespace

TEST(PolygonIndex, FindsCoveringPolygonsIncludingSharedBorders) {
  PolygonIndex idx;
  idx.add(1, square(0, 0, 1));
  idx.add(2, square(1, 0, 1));
  idx.add(3, square(0, 0, 10));
  EXPECT_EQ(idx.covering(0.5, 0.5), (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(idx.covering(1.0, 0.5), (std::vector<std::int64_t>{1, 2, 3}));  // on the shared border
  EXPECT_EQ(idx.covering(5, 5), (std::vector<std::int64_t>{3}));
  EXPECT_TRUE(idx.covering(11, 11).empty());
}

TEST(PolygonIndex, UnreadableWkbIsAGeometryError) {
  PolygonIndex idx;
  const Wkb junk{1, 3, 0, 0};
  EXPECT_THROW(idx.add(1, junk), GeometryError);
}

TEST(RepairPolygon, BowTieIsRepairedIntoTwoTriangles) {
  const Wkb bowtie = polygon({{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}});
  const RepairResult r = repair_polygon(bowtie);
  EXPECT_FALSE(r.was_valid);
  EXPECT_NE(r.reason.find("Self-intersection"), std::string::npos);
  EXPECT_EQ(r.wkb[1], 6);  // MultiPolygon
  PolygonIndex idx;
  idx.add(7, r.wkb);
  EXPECT_EQ(idx.covering(1.5, 1.0), (std::vector<std::int64_t>{7}));  // inside the right lobe
  EXPECT_TRUE(idx.covering(1.0, 0.5).empty());                        // between the lobes
  EXPECT_TRUE(repair_polygon(square(0, 0, 1)).was_valid);
}

TEST(UnionPolygons, DissolvesNeighbours) {
  const Wkb a = square(0, 0, 1), b = square(1, 0, 1);
  const Wkb u = union_polygons({a, b});
  PolygonIndex idx;
  idx.add(1, u);
  EXPECT_EQ(idx.covering(1.5, 0.5).size(), 1u);
  EXPECT_EQ(idx.covering(0.5, 0.5).size(), 1u);
  const auto [x, y] = point_on_surface(u);
  EXPECT_EQ(idx.covering(x, y).size(), 1u);
}

}  // namespace eb::engine

// Point-in-polygon over many polygons: a GEOS STRtree over prepared geometries.
// Engine code: takes WKB in memory, does no I/O.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace eb::engine {

using Wkb = std::vector<std::uint8_t>;

class PolygonIndex {
 public:
  PolygonIndex();
  ~PolygonIndex();
  PolygonIndex(const PolygonIndex&) = delete;
  PolygonIndex& operator=(const PolygonIndex&) = delete;

  // `id` is the caller's handle, returned by queries. Throws GeometryError for WKB GEOS cannot read.
  void add(std::int64_t id, std::span<const std::uint8_t> wkb);
  std::size_t size() const;

  // Ids of the polygons that cover the point (a point on a shared border is in both), ascending.
  std::vector<std::int64_t> covering(double x, double y) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct RepairResult {
  bool was_valid = true;
  std::string reason;  // GEOS's reason when invalid
  Wkb wkb;             // the input when valid, the repaired MultiPolygon otherwise
};
// Validates a (multi)polygon and repairs it with GEOS MakeValid when it is invalid. The result is always a
// MultiPolygon; a repaired one keeps only its polygonal parts (slivers collapsing to lines are dropped), and is
// empty when nothing polygonal is left.
RepairResult repair_polygon(std::span<const std::uint8_t> wkb);

// The union of polygons (dissolve), as a MultiPolygon WKB.
Wkb union_polygons(const std::vector<std::span<const std::uint8_t>>& parts);

// A representative point inside the polygon (GEOS PointOnSurface).
std::pair<double, double> point_on_surface(std::span<const std::uint8_t> wkb);

}  // namespace eb::engine

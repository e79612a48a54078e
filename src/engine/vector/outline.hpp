// Polygon outlines for drawing: the rings of a (Multi)Polygon mapped into a plane (a map's page coordinates) and
// simplified there by GEOS (topology-preserving Douglas–Peucker), so detail finer than the drawing can show is
// dropped without rings crossing themselves. Engine code: no I/O.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace eb::engine {

using PlanePoint = std::pair<double, double>;
using PlaneRing = std::vector<PlanePoint>;  // closed: the last point repeats the first
struct PlanePolygon {
  std::vector<PlaneRing> rings;  // exterior first, then holes
};

// Each vertex (x, y) of the WKB geometry goes through `to_plane`; then rings are simplified with `tolerance` in
// the plane's units (0: kept as they are). Parts that collapse are left out; points and lines give nothing.
// Throws GeometryError for WKB GEOS cannot read.
std::vector<PlanePolygon> plane_outline(std::span<const std::uint8_t> wkb,
                                        const std::function<PlanePoint(double, double)>& to_plane, double tolerance);

// Where a label of the geometry goes in the same plane: a point inside its area (GEOS PointOnSurface, on the
// widest horizontal run through the largest extent — inside even for a crescent or a multipolygon, where a centroid
// can fall outside). Nothing for a geometry without area. Throws GeometryError for WKB GEOS cannot read.
std::optional<PlanePoint> plane_label_point(std::span<const std::uint8_t> wkb,
                                            const std::function<PlanePoint(double, double)>& to_plane);

}  // namespace eb::engine

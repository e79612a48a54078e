// Screening of sites (points, lines, polygons in lon/lat WGS 84) against protected features: which features
// each site touches, the ellipsoidal area (or length) of the site inside each (kind, zone) group — overlapping
// features of one group counted once — the share of the site, and, when it touches nothing, the geodesic
// distance to the nearest feature. A GEOS STRtree over prepared geometries finds candidates. Engine code: no I/O.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace eb::engine {

struct ProtectedFeature {
  std::int64_t id = 0;
  std::string kind, zone, name;
  std::vector<std::uint8_t> wkb;  // (Multi)Polygon, lon/lat WGS 84, valid
};

// Site ∩ one (kind, zone) group.
struct ZoneTouch {
  std::string kind, zone;
  std::vector<std::int64_t> features;  // ids, ascending
  double area_m2 = 0;                  // polygon sites: ellipsoidal area inside the group's union
  double length_m = 0;                 // line sites: length inside
  double share = 0;                    // of the site's area (polygons), length (lines); 1 for a point inside
};

struct SiteScreening {
  int dimension = 0;               // of the screened geometry (after any buffer): 0 point, 1 line, 2 polygon
  double area_m2 = 0;              // of the screened geometry (polygons)
  double length_m = 0;             // (lines)
  std::vector<ZoneTouch> touches;  // by kind then zone
  // When nothing is touched: the nearest feature and the geodesic distance to it (none if there are no features).
  std::optional<std::int64_t> nearest;
  double nearest_distance_m = 0;
};

// Protected area inside one zone (an administrative unit): per kind the union of that kind's features within it,
// and the union of all kinds — so overlaps between features and between layers are counted once.
struct ProtectedOverlap {
  double zone_area_m2 = 0;
  std::vector<std::pair<std::string, double>> kind_area_m2;  // kinds present in the zone, sorted
  double any_area_m2 = 0;                                    // inside at least one protected feature
};

class ProtectedIndex {
 public:
  // Throws GeometryError naming the feature for WKB GEOS cannot read.
  explicit ProtectedIndex(std::vector<ProtectedFeature> features);
  ~ProtectedIndex();
  ProtectedIndex(const ProtectedIndex&) = delete;
  ProtectedIndex& operator=(const ProtectedIndex&) = delete;

  // `buffer_m` > 0 screens the site grown by that many metres (on a local equidistant projection). Throws
  // GeometryError for unreadable or empty geometry. Not thread-safe (one GEOS context).
  // `nearest` false skips the distance to the nearest feature of untouched sites (the costly part for points).
  SiteScreening screen(std::span<const std::uint8_t> site_wkb, double buffer_m = 0, bool nearest = true) const;
  // The overlap statistics of a (Multi)Polygon zone. Throws GeometryError when a union or intersection fails.
  ProtectedOverlap overlap(std::span<const std::uint8_t> zone_wkb) const;
  // The features a polygon overlaps with the ellipsoidal area of each overlap (m²; touching edges are not an
  // overlap), by id; `skip` leaves one feature out (a project compared with the others).
  std::vector<std::pair<std::int64_t, double>> overlap_areas(std::span<const std::uint8_t> wkb,
                                                             std::optional<std::int64_t> skip = std::nullopt) const;
  const ProtectedFeature& feature(std::int64_t id) const;
  std::size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eb::engine

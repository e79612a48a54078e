#include "engine/vector/screening.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/error.hpp"
#include "engine/vector/geodesy.hpp"
#include "engine/vector/geos_support.hpp"

namespace eb::engine {

struct ProtectedIndex::Impl {
  geos::Context ctx;
  std::vector<ProtectedFeature> features;  // by position; `index_of` maps ids
  std::map<std::int64_t, std::size_t> index_of;
  std::vector<GEOSGeometry*> geoms;
  std::vector<const GEOSPreparedGeometry*> prepared;
  GEOSSTRtree* tree = nullptr;

  ~Impl() {
    const GEOSContextHandle_t h = ctx.handle();
    if (tree) GEOSSTRtree_destroy_r(h, tree);
    for (auto* p : prepared) GEOSPreparedGeom_destroy_r(h, p);
    for (auto* g : geoms) GEOSGeom_destroy_r(h, g);
  }
};

ProtectedIndex::ProtectedIndex(std::vector<ProtectedFeature> features) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  const GEOSContextHandle_t h = m.ctx.handle();
  m.features = std::move(features);
  m.tree = GEOSSTRtree_create_r(h, 10);
  for (std::size_t i = 0; i < m.features.size(); ++i) {
    GEOSGeometry* g = nullptr;
    try {
      g = geos::read_wkb(h, m.features[i].wkb);
    } catch (const GeometryError&) {
      throw GeometryError(
          fmt::format("protected feature {} ({}): unreadable geometry", m.features[i].id, m.features[i].name));
    }
    m.geoms.push_back(g);
    m.prepared.push_back(GEOSPrepare_r(h, g));
    m.index_of[m.features[i].id] = i;
    // The tree stores the position as its item.
    GEOSSTRtree_insert_r(h, m.tree, g, reinterpret_cast<void*>(i));
  }
}

ProtectedIndex::~ProtectedIndex() = default;

std::size_t ProtectedIndex::size() const { return impl_->features.size(); }

const ProtectedFeature& ProtectedIndex::feature(std::int64_t id) const {
  return impl_->features.at(impl_->index_of.at(id));
}

namespace {

int dimension_of(GEOSContextHandle_t h, const GEOSGeometry* g) {
  switch (GEOSGeomTypeId_r(h, g)) {
    case GEOS_POINT:
    case GEOS_MULTIPOINT:
      return 0;
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
    case GEOS_MULTILINESTRING:
      return 1;
    default:
      return 2;
  }
}

void collect(void* item, void* user) {
  static_cast<std::vector<std::size_t>*>(user)->push_back(reinterpret_cast<std::size_t>(item));
}

// A representative lon/lat for the local projection: the envelope's centre.
void centre_of(GEOSContextHandle_t h, const GEOSGeometry* g, double& lon, double& lat) {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  GEOSGeom_getXMin_r(h, g, &x0);
  GEOSGeom_getXMax_r(h, g, &x1);
  GEOSGeom_getYMin_r(h, g, &y0);
  GEOSGeom_getYMax_r(h, g, &y1);
  lon = (x0 + x1) / 2;
  lat = (y0 + y1) / 2;
}

}  // namespace

SiteScreening ProtectedIndex::screen(std::span<const std::uint8_t> site_wkb, double buffer_m, bool nearest) const {
  const Impl& m = *impl_;
  const GEOSContextHandle_t h = m.ctx.handle();
  geos::Geometry site = geos::own(h, geos::read_wkb(h, site_wkb));
  if (GEOSisEmpty_r(h, site.get()) == 1) throw GeometryError("empty geometry");
  double lon0 = 0, lat0 = 0;
  centre_of(h, site.get(), lon0, lat0);
  std::unique_ptr<LocalProjection> local;
  auto projection = [&]() -> LocalProjection& {
    if (!local) local = std::make_unique<LocalProjection>(lon0, lat0);
    return *local;
  };
  if (buffer_m > 0) {
    geos::Geometry metres = geos::own(h, projection().to_metres(h, site.get()));
    // 16 segments a quarter circle: the buffer's area is within 0.2 % of a true circle's.
    geos::Geometry grown = geos::own(h, GEOSBuffer_r(h, metres.get(), buffer_m, 16));
    if (!grown) throw GeometryError("buffer failed");
    site = geos::own(h, projection().to_degrees(h, grown.get()));
  }

  SiteScreening out;
  out.dimension = dimension_of(h, site.get());
  if (out.dimension == 2) out.area_m2 = ellipsoidal_area_m2(h, site.get());
  if (out.dimension == 1) out.length_m = ellipsoidal_length_m(h, site.get());

  std::vector<std::size_t> candidates;
  GEOSSTRtree_query_r(h, m.tree, site.get(), collect, &candidates);
  std::sort(candidates.begin(), candidates.end());
  // Group the features the site touches by (kind, zone).
  std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> groups;
  for (std::size_t i : candidates) {
    if (GEOSPreparedIntersects_r(h, m.prepared[i], site.get()) == 1)
      groups[{m.features[i].kind, m.features[i].zone}].push_back(i);
  }
  for (const auto& [key, members] : groups) {
    ZoneTouch t;
    t.kind = key.first;
    t.zone = key.second;
    for (std::size_t i : members) t.features.push_back(m.features[i].id);
    std::sort(t.features.begin(), t.features.end());
    if (out.dimension == 0) {
      t.share = 1;
    } else {
      // Site ∩ union of the group's features: overlapping features of one group are counted once.
      std::vector<GEOSGeometry*> pieces;
      for (std::size_t i : members) {
        GEOSGeometry* piece = GEOSIntersection_r(h, site.get(), m.geoms[i]);
        if (piece == nullptr) {
          for (auto* p : pieces) GEOSGeom_destroy_r(h, p);
          throw GeometryError(fmt::format("intersection with protected feature {} failed", m.features[i].id));
        }
        pieces.push_back(piece);
      }
      geos::Geometry collection = geos::own(h, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, pieces.data(),
                                                                           static_cast<unsigned>(pieces.size())));
      geos::Geometry inside = geos::own(h, GEOSUnaryUnion_r(h, collection.get()));
      if (!inside) throw GeometryError("union of intersections failed");
      if (out.dimension == 2) {
        t.area_m2 = ellipsoidal_area_m2(h, inside.get());
        t.share = out.area_m2 > 0 ? t.area_m2 / out.area_m2 : 0;
      } else {
        t.length_m = ellipsoidal_length_m(h, inside.get());
        t.share = out.length_m > 0 ? t.length_m / out.length_m : 0;
      }
    }
    out.touches.push_back(std::move(t));
  }
  if (!out.touches.empty() || m.features.empty() || !nearest) return out;

  // Nearest feature: the nearest by planar distance in degrees gives an upper bound D on the true distance; every
  // feature that could be nearer lies within D metres, so those are measured on the local projection, and the
  // winner's nearest points are measured again along the geodesic.
  const void* first = GEOSSTRtree_nearest_generic_r(
      h, m.tree, nullptr, site.get(),
      [](const void* item, const void* query, double* distance, void* user) -> int {
        const auto* impl = static_cast<const Impl*>(user);
        return GEOSDistance_r(impl->ctx.handle(), impl->geoms[reinterpret_cast<std::size_t>(item)],
                              static_cast<const GEOSGeometry*>(query), distance);
      },
      const_cast<Impl*>(&m));
  geos::Geometry site_m = geos::own(h, projection().to_metres(h, site.get()));
  auto metric = [&](std::size_t i, double& lon_a, double& lat_a, double& lon_b, double& lat_b) {
    geos::Geometry fm = geos::own(h, projection().to_metres(h, m.geoms[i]));
    GEOSCoordSequence* pts = GEOSNearestPoints_r(h, site_m.get(), fm.get());
    double xa = 0, ya = 0, xb = 0, yb = 0;
    GEOSCoordSeq_getXY_r(h, pts, 0, &xa, &ya);
    GEOSCoordSeq_getXY_r(h, pts, 1, &xb, &yb);
    GEOSCoordSeq_destroy_r(h, pts);
    // Back to lon/lat for the geodesic.
    GEOSGeometry* a = GEOSGeom_createPointFromXY_r(h, xa, ya);
    GEOSGeometry* b = GEOSGeom_createPointFromXY_r(h, xb, yb);
    geos::Geometry ad = geos::own(h, projection().to_degrees(h, a));
    geos::Geometry bd = geos::own(h, projection().to_degrees(h, b));
    GEOSGeom_destroy_r(h, a);
    GEOSGeom_destroy_r(h, b);
    GEOSGeomGetX_r(h, ad.get(), &lon_a);
    GEOSGeomGetY_r(h, ad.get(), &lat_a);
    GEOSGeomGetX_r(h, bd.get(), &lon_b);
    GEOSGeomGetY_r(h, bd.get(), &lat_b);
    return geodesic_distance_m(lon_a, lat_a, lon_b, lat_b);
  };
  double la = 0, pa = 0, lb = 0, pb = 0;
  std::size_t best = reinterpret_cast<std::size_t>(first);
  double best_d = metric(best, la, pa, lb, pb);
  // Candidates within best_d metres of the site's envelope: degrees of latitude are at least 110.5 km, degrees of
  // longitude at least 111.3 km x cos(latitude) at the envelope's most poleward latitude.
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  GEOSGeom_getXMin_r(h, site.get(), &x0);
  GEOSGeom_getXMax_r(h, site.get(), &x1);
  GEOSGeom_getYMin_r(h, site.get(), &y0);
  GEOSGeom_getYMax_r(h, site.get(), &y1);
  const double dlat = best_d / 110500.0 * 1.01;
  const double pole = std::min(89.0, std::max(std::abs(y0), std::abs(y1)) + dlat);
  const double dlon = best_d / (111300.0 * std::cos(pole * M_PI / 180)) * 1.01;
  geos::Geometry window = geos::own(h, GEOSGeom_createRectangle_r(h, x0 - dlon, y0 - dlat, x1 + dlon, y1 + dlat));
  std::vector<std::size_t> near;
  GEOSSTRtree_query_r(h, m.tree, window.get(), collect, &near);
  for (std::size_t i : near) {
    if (i == best) continue;
    double a1 = 0, b1 = 0, a2 = 0, b2 = 0;
    const double d = metric(i, a1, b1, a2, b2);
    if (d < best_d || (d == best_d && m.features[i].id < m.features[best].id)) {
      best_d = d;
      best = i;
    }
  }
  out.nearest = m.features[best].id;
  out.nearest_distance_m = best_d;
  return out;
}

std::vector<std::pair<std::int64_t, double>> ProtectedIndex::overlap_areas(std::span<const std::uint8_t> wkb,
                                                                           std::optional<std::int64_t> skip) const {
  const Impl& m = *impl_;
  const GEOSContextHandle_t h = m.ctx.handle();
  geos::Geometry g = geos::own(h, geos::read_wkb(h, wkb));
  std::vector<std::size_t> candidates;
  GEOSSTRtree_query_r(h, m.tree, g.get(), collect, &candidates);
  std::sort(candidates.begin(), candidates.end());
  std::vector<std::pair<std::int64_t, double>> out;
  for (std::size_t i : candidates) {
    if (skip && m.features[i].id == *skip) continue;
    if (GEOSPreparedIntersects_r(h, m.prepared[i], g.get()) != 1) continue;
    geos::Geometry piece = geos::own(h, GEOSIntersection_r(h, g.get(), m.geoms[i]));
    if (!piece) throw GeometryError(fmt::format("intersection with feature {} failed", m.features[i].id));
    const double area = ellipsoidal_area_m2(h, piece.get());
    if (area > 0) out.emplace_back(m.features[i].id, area);
  }
  std::sort(out.begin(), out.end());
  return out;
}

ProtectedOverlap ProtectedIndex::overlap(std::span<const std::uint8_t> zone_wkb) const {
  const Impl& m = *impl_;
  const GEOSContextHandle_t h = m.ctx.handle();
  geos::Geometry zone = geos::own(h, geos::read_wkb(h, zone_wkb));
  ProtectedOverlap out;
  out.zone_area_m2 = ellipsoidal_area_m2(h, zone.get());
  const GEOSPreparedGeometry* prepared = GEOSPrepare_r(h, zone.get());
  std::vector<std::size_t> candidates;
  GEOSSTRtree_query_r(h, m.tree, zone.get(), collect, &candidates);
  std::sort(candidates.begin(), candidates.end());
  std::map<std::string, std::vector<GEOSGeometry*>> pieces;  // per kind: parts of its features inside the zone
  for (std::size_t i : candidates) {
    if (GEOSPreparedIntersects_r(h, prepared, m.geoms[i]) != 1) continue;
    GEOSGeometry* piece = GEOSPreparedContains_r(h, prepared, m.geoms[i]) == 1
                              ? GEOSGeom_clone_r(h, m.geoms[i])
                              : GEOSIntersection_r(h, zone.get(), m.geoms[i]);
    if (piece == nullptr) {
      GEOSPreparedGeom_destroy_r(h, prepared);
      for (auto& [k, v] : pieces)
        for (auto* p : v) GEOSGeom_destroy_r(h, p);
      throw GeometryError(fmt::format("intersection with protected feature {} failed", m.features[i].id));
    }
    pieces[m.features[i].kind].push_back(piece);
  }
  GEOSPreparedGeom_destroy_r(h, prepared);
  std::vector<GEOSGeometry*> unions;
  for (auto& [kind, parts] : pieces) {
    GEOSGeometry* all =
        GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size()));
    GEOSGeometry* merged = GEOSUnaryUnion_r(h, all);
    GEOSGeom_destroy_r(h, all);
    if (merged == nullptr) {
      for (auto* u : unions) GEOSGeom_destroy_r(h, u);
      throw GeometryError("union of " + kind + " failed");
    }
    out.kind_area_m2.emplace_back(kind, ellipsoidal_area_m2(h, merged));
    unions.push_back(merged);
  }
  if (!unions.empty()) {
    geos::Geometry all = geos::own(h, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, unions.data(),
                                                                  static_cast<unsigned>(unions.size())));
    geos::Geometry merged = geos::own(h, GEOSUnaryUnion_r(h, all.get()));
    if (!merged) throw GeometryError("union of the protected layers failed");
    out.any_area_m2 = ellipsoidal_area_m2(h, merged.get());
  }
  return out;
}

}  // namespace eb::engine

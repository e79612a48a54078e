#include "engine/vector/polygon_index.hpp"

#include <geos_c.h>

#include <algorithm>
#include <string>

#include "core/error.hpp"
#include "engine/vector/geos_support.hpp"

namespace eb::engine {

namespace {

using Context = geos::Context;
using geos::read_wkb;
using geos::write_wkb;

// Collects the polygons of any geometry (collections from MakeValid may mix lines and polygons).
void collect_polygons(GEOSContextHandle_t h, const GEOSGeometry* g, std::vector<GEOSGeometry*>& out) {
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    out.push_back(GEOSGeom_clone_r(h, g));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) collect_polygons(h, GEOSGetGeometryN_r(h, g, i), out);
  }
}

GEOSGeometry* as_multipolygon(GEOSContextHandle_t h, const GEOSGeometry* g) {
  std::vector<GEOSGeometry*> polys;
  collect_polygons(h, g, polys);
  return GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size()));
}

}  // namespace

struct PolygonIndex::Impl {
  Context ctx;
  struct Entry {
    std::int64_t id;
    GEOSGeometry* geom;
    const GEOSPreparedGeometry* prepared;
  };
  std::vector<Entry> entries;
  GEOSSTRtree* tree = nullptr;
  bool built = false;

  ~Impl() {
    if (tree) GEOSSTRtree_destroy_r(ctx.handle(), tree);
    for (auto& e : entries) {
      GEOSPreparedGeom_destroy_r(ctx.handle(), e.prepared);
      GEOSGeom_destroy_r(ctx.handle(), e.geom);
    }
  }
  void build() {
    if (built) return;
    tree = GEOSSTRtree_create_r(ctx.handle(), 10);
    for (auto& e : entries) GEOSSTRtree_insert_r(ctx.handle(), tree, e.geom, &e);
    built = true;
  }
};

PolygonIndex::PolygonIndex() : impl_(std::make_unique<Impl>()) {}
PolygonIndex::~PolygonIndex() = default;

void PolygonIndex::add(std::int64_t id, std::span<const std::uint8_t> wkb) {
  if (impl_->built) throw std::logic_error("PolygonIndex::add after the first query");
  GEOSGeometry* g = read_wkb(impl_->ctx.handle(), wkb);
  impl_->entries.push_back({id, g, GEOSPrepare_r(impl_->ctx.handle(), g)});
}

std::size_t PolygonIndex::size() const { return impl_->entries.size(); }

std::vector<std::int64_t> PolygonIndex::covering(double x, double y) const {
  impl_->build();
  GEOSContextHandle_t h = impl_->ctx.handle();
  GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(h, x, y);
  struct Query {
    GEOSContextHandle_t h;
    const GEOSGeometry* pt;
    std::vector<std::int64_t> hits;
  } q{h, pt, {}};
  GEOSSTRtree_query_r(
      h, impl_->tree, pt,
      [](void* item, void* data) {
        auto* qq = static_cast<Query*>(data);
        const auto* e = static_cast<const Impl::Entry*>(item);
        if (GEOSPreparedCovers_r(qq->h, e->prepared, qq->pt) == 1) qq->hits.push_back(e->id);
      },
      &q);
  GEOSGeom_destroy_r(h, pt);
  std::sort(q.hits.begin(), q.hits.end());
  return q.hits;
}

RepairResult repair_polygon(std::span<const std::uint8_t> wkb) {
  Context ctx;
  GEOSGeometry* g = read_wkb(ctx.handle(), wkb);
  RepairResult r;
  if (GEOSisValid_r(ctx.handle(), g) == 1) {
    if (GEOSGeomTypeId_r(ctx.handle(), g) == GEOS_MULTIPOLYGON) {
      r.wkb.assign(wkb.begin(), wkb.end());
    } else {
      GEOSGeometry* multi = as_multipolygon(ctx.handle(), g);
      r.wkb = write_wkb(ctx.handle(), multi);
      GEOSGeom_destroy_r(ctx.handle(), multi);
    }
    GEOSGeom_destroy_r(ctx.handle(), g);
    return r;
  }
  r.was_valid = false;
  if (char* reason = GEOSisValidReason_r(ctx.handle(), g)) {
    r.reason = reason;
    GEOSFree_r(ctx.handle(), reason);
  }
  GEOSGeometry* fixed = GEOSMakeValid_r(ctx.handle(), g);
  GEOSGeom_destroy_r(ctx.handle(), g);
  if (!fixed) throw GeometryError("geometry is invalid (" + r.reason + ") and could not be repaired");
  GEOSGeometry* multi = as_multipolygon(ctx.handle(), fixed);
  GEOSGeom_destroy_r(ctx.handle(), fixed);
  r.wkb = write_wkb(ctx.handle(), multi);
  GEOSGeom_destroy_r(ctx.handle(), multi);
  return r;
}

Wkb union_polygons(const std::vector<std::span<const std::uint8_t>>& parts) {
  Context ctx;
  std::vector<GEOSGeometry*> geoms;
  for (const auto& p : parts) geoms.push_back(read_wkb(ctx.handle(), p));
  GEOSGeometry* coll = GEOSGeom_createCollection_r(ctx.handle(), GEOS_GEOMETRYCOLLECTION, geoms.data(),
                                                   static_cast<unsigned>(geoms.size()));
  GEOSGeometry* u = GEOSUnaryUnion_r(ctx.handle(), coll);
  GEOSGeom_destroy_r(ctx.handle(), coll);
  if (!u) throw GeometryError("union of polygons failed");
  GEOSGeometry* multi = as_multipolygon(ctx.handle(), u);
  GEOSGeom_destroy_r(ctx.handle(), u);
  Wkb out = write_wkb(ctx.handle(), multi);
  GEOSGeom_destroy_r(ctx.handle(), multi);
  return out;
}

std::pair<double, double> point_on_surface(std::span<const std::uint8_t> wkb) {
  Context ctx;
  GEOSGeometry* g = read_wkb(ctx.handle(), wkb);
  GEOSGeometry* p = GEOSPointOnSurface_r(ctx.handle(), g);
  double x = 0, y = 0;
  if (p) {
    GEOSGeomGetX_r(ctx.handle(), p, &x);
    GEOSGeomGetY_r(ctx.handle(), p, &y);
    GEOSGeom_destroy_r(ctx.handle(), p);
  }
  GEOSGeom_destroy_r(ctx.handle(), g);
  return {x, y};
}

}  // namespace eb::engine

#include "io/zone_layer.hpp"

#include <cpl_error.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <memory>

#include "core/error.hpp"
#include "io/vector_source.hpp"

namespace eb::io {
namespace {

// Collects GEOS's validity complaint ("Self-intersection at or near point x y"), which OGR reports as a warning.
struct ErrorCapture {
  std::string last;
  ErrorCapture() { CPLPushErrorHandlerEx(&handler, this); }
  ~ErrorCapture() { CPLPopErrorHandler(); }
  static void CPL_STDCALL handler(CPLErr, CPLErrorNum, const char* message) {
    static_cast<ErrorCapture*>(CPLGetErrorHandlerUserData())->last = message ? message : "";
  }
};

engine::raster::Ring to_ring(const OGRLinearRing* ring) {
  engine::raster::Ring out;
  out.reserve(static_cast<std::size_t>(ring->getNumPoints()));
  for (int i = 0; i < ring->getNumPoints(); ++i) out.push_back({ring->getX(i), ring->getY(i)});
  return out;
}

void add_polygons(const OGRGeometry* g, engine::raster::Zone& zone) {
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon: {
      const OGRPolygon* p = g->toPolygon();
      if (p->IsEmpty()) return;
      engine::raster::Polygon polygon{to_ring(p->getExteriorRing()), {}};
      for (int i = 0; i < p->getNumInteriorRings(); ++i) polygon.holes.push_back(to_ring(p->getInteriorRing(i)));
      zone.push_back(std::move(polygon));
      return;
    }
    case wkbMultiPolygon:
    case wkbGeometryCollection:  // MakeValid may return polygons together with collapsed lines
      for (const OGRGeometry* part : *g->toGeometryCollection()) add_polygons(part, zone);
      return;
    default:
      return;  // lines and points cover no area
  }
}

}  // namespace

std::vector<ZoneFeature> read_zone_layer(const std::string& path, const std::string& target_crs_wkt,
                                         const ZoneLayerOptions& options) {
  const VectorSource opened = open_vector_layer(path, options.layer);
  OGRLayer* layer = OGRLayer::FromHandle(opened.layer);
  if (!options.where.empty() && layer->SetAttributeFilter(options.where.c_str()) != OGRERR_NONE)
    throw InputError(fmt::format("{}: cannot filter the layer by \"{}\"", path, options.where));
  int id_index = -1;
  if (!options.id_field.empty()) {
    id_index = layer->GetLayerDefn()->GetFieldIndex(options.id_field.c_str());
    if (id_index < 0) throw InputError(fmt::format("{}: no field \"{}\" (--id-field)", path, options.id_field));
  }

  std::unique_ptr<OGRCoordinateTransformation> transform;
  OGRSpatialReference target;
  if (!target_crs_wkt.empty()) {
    target.importFromWkt(target_crs_wkt.c_str());
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const OGRSpatialReference* source = layer->GetSpatialRef();
    if (source == nullptr) {
      throw InputError(fmt::format("{}: the layer has no CRS, so it cannot be matched to the raster's", path));
    }
    if (!source->IsSame(&target)) {
      transform.reset(OGRCreateCoordinateTransformation(source, &target));
      if (!transform) {
        throw InputError(fmt::format("{}: no transformation from the layer's CRS to the raster's", path));
      }
    }
  }

  const ExtentCheck extent(OGRSpatialReference::ToHandle(const_cast<OGRSpatialReference*>(layer->GetSpatialRef())));
  std::vector<ZoneFeature> out;
  for (auto& feature : *layer) {
    ZoneFeature z;
    z.fid = static_cast<long>(feature->GetFID());
    z.id = id_index >= 0 ? field_text(opened, OGRFeature::ToHandle(feature.get()), id_index) : std::to_string(z.fid);
    const std::string who = id_index >= 0 ? fmt::format("feature {} ({} = {})", z.fid, options.id_field, z.id)
                                          : fmt::format("feature {}", z.fid);
    std::unique_ptr<OGRGeometry> g(feature->StealGeometry());
    if (!g || g->IsEmpty()) {
      out.push_back(std::move(z));  // no geometry: a zone that covers nothing
      continue;
    }
    const auto type = wkbFlatten(g->getGeometryType());
    if (type != wkbPolygon && type != wkbMultiPolygon) {
      throw InputError(
          fmt::format("{}: {}: geometry is {}, expected a polygon", path, who, OGRGeometryTypeToName(type)));
    }
    if (auto why = extent.problem(OGRGeometry::ToHandle(g.get())))
      throw InputError(fmt::format("{}: {}: {}", path, who, *why));
    {
      ErrorCapture capture;
      if (!g->IsValid()) {
        if (!options.make_valid) {
          throw GeometryError(fmt::format("{}: {}: invalid polygon: {} (repair it, or pass --make-valid)", path, who,
                                          capture.last.empty() ? "reason not reported" : capture.last));
        }
        std::unique_ptr<OGRGeometry> repaired(g->MakeValid());
        if (!repaired)
          throw GeometryError(fmt::format("{}: {}: invalid polygon that MakeValid cannot repair", path, who));
        g = std::move(repaired);
      }
    }
    if (transform && g->transform(transform.get()) != OGRERR_NONE) {
      throw InputError(fmt::format("{}: {}: cannot transform to the raster's CRS", path, who));
    }
    add_polygons(g.get(), z.zone);
    out.push_back(std::move(z));
  }
  // A database table comes back in storage order, which updates change; a file in feature order. Zones from a
  // server workspace (PostgreSQL) are put in feature-id order, the order the same table has in a GeoPackage.
  if (const char* driver = GDALGetDriverShortName(GDALGetDatasetDriver(opened.dataset.get()));
      driver && std::string_view(driver) == "PostgreSQL")
    std::stable_sort(out.begin(), out.end(), [](const ZoneFeature& a, const ZoneFeature& b) { return a.fid < b.fid; });
  return out;
}

}  // namespace eb::io

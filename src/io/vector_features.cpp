#include "io/vector_features.hpp"

#include <fmt/format.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <memory>

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "io/vector_source.hpp"

namespace eb::io {

namespace {
struct SrsDeleter {
  void operator()(OGRSpatialReferenceH s) const { OSRDestroySpatialReference(s); }
};
struct TransformDeleter {
  void operator()(OGRCoordinateTransformationH t) const { OCTDestroyCoordinateTransformation(t); }
};
}  // namespace

VectorLayer read_vector_features(const std::string& path, const std::vector<std::string>& fields,
                                 const ReadOptions& options) {
  const VectorSource source = open_vector_layer(path, {}, options);
  OGRLayerH layer = source.layer;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  std::vector<int> index;
  std::vector<std::string> keys;
  for (const auto& requested : fields) {
    const bool optional = !requested.empty() && requested.front() == '?';
    const std::string name = optional ? requested.substr(1) : requested;
    keys.push_back(name);
    const int i = OGR_FD_GetFieldIndex(defn, name.c_str());
    if (i < 0 && optional) {
      index.push_back(-1);
      continue;
    }
    if (i < 0) {
      std::string known;
      for (int k = 0; k < OGR_FD_GetFieldCount(defn); ++k)
        known += fmt::format("{}{}", k ? ", " : "", quote_input(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, k)), 40));
      throw InputError(fmt::format("{}: no field \"{}\" (the layer has: {})", path, name, known));
    }
    index.push_back(i);
  }

  VectorLayer out;
  std::unique_ptr<void, TransformDeleter> to_wgs84;
  std::unique_ptr<void, SrsDeleter> wgs84(OSRNewSpatialReference(nullptr));
  OSRImportFromEPSG(wgs84.get(), 4326);
  OSRSetAxisMappingStrategy(wgs84.get(), OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReferenceH src = OGR_L_GetSpatialRef(layer);
  if (src == nullptr && OGR_L_GetGeomType(layer) != wkbNone) {
    throw InputError(fmt::format("{}: the layer has no CRS; assign one (e.g. ogr2ogr -a_srs EPSG:4326)", path));
  }
  if (src) {
    out.crs_name = OSRGetName(src) ? OSRGetName(src) : "";
    if (!OSRIsSame(src, wgs84.get())) {
      to_wgs84.reset(OCTNewCoordinateTransformation(src, wgs84.get()));
      if (!to_wgs84) throw InputError(fmt::format("{}: no transformation from {} to WGS 84", path, out.crs_name));
    }
  }
  const ExtentCheck extent(src);
  OGR_L_ResetReading(layer);
  while (OGRFeatureH raw = OGR_L_GetNextFeature(layer)) {
    const std::unique_ptr<void, void (*)(OGRFeatureH)> guard(raw, OGR_F_Destroy);
    VectorFeature f;
    f.fid = static_cast<long>(OGR_F_GetFID(raw));
    for (std::size_t k = 0; k < fields.size(); ++k) {
      const int i = index[k];
      f.fields[keys[k]] = i >= 0 && OGR_F_IsFieldSetAndNotNull(raw, i)
                              ? std::optional<std::string>(field_text(source, raw, i))
                              : std::nullopt;
    }
    if (OGRGeometryH g = OGR_F_GetGeometryRef(raw)) {
      if (OGR_G_Is3D(g) || OGR_G_IsMeasured(g)) OGR_G_FlattenTo2D(g);
      if (auto why = extent.problem(g)) throw InputError(fmt::format("{}: feature {}: {}", path, f.fid, *why));
      if (to_wgs84 && OGR_G_Transform(g, static_cast<OGRCoordinateTransformationH>(to_wgs84.get())) != OGRERR_NONE) {
        throw InputError(fmt::format("{}: feature {}: cannot transform its geometry to WGS 84", path, f.fid));
      }
      f.wkb.resize(static_cast<std::size_t>(OGR_G_WkbSize(g)));
      OGR_G_ExportToIsoWkb(g, wkbNDR, f.wkb.data());
    }
    out.features.push_back(std::move(f));
  }
  finish_reading(source, out.features.size());
  return out;
}

}  // namespace eb::io

#include "io/admin_features.hpp"

#include <fmt/format.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "io/vector_source.hpp"

namespace eb::io {

namespace {
// Owns one feature returned by OGR_L_GetNextFeature.
struct FeatureGuard {
  OGRFeatureH f;
  ~FeatureGuard() { OGR_F_Destroy(f); }
};

std::string digits_only(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c >= '0' && c <= '9') out += c;
  return out;
}

// A code field may be an integer, a string or (DataV parent) a JSON object {"adcode": 150000}.
std::optional<std::string> code_value(OGRFeatureH f, int idx) {
  if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(f, idx)) return std::nullopt;
  const std::string raw = OGR_F_GetFieldAsString(f, idx);
  if (!raw.empty() && raw.front() == '{') {
    const auto j = nlohmann::json::parse(raw, nullptr, false);
    if (j.is_object() && j.contains("adcode")) {
      const auto& v = j["adcode"];
      return v.is_number_integer() ? std::to_string(v.get<long long>()) : digits_only(v.dump());
    }
    return std::nullopt;
  }
  const std::string code = digits_only(raw);
  if (code.empty()) return std::nullopt;
  return code;
}
}  // namespace

std::vector<AdminFeature> read_admin_features(const std::string& path, const AdminFieldNames& names,
                                              const ReadOptions& options) {
  const VectorSource source = open_vector_layer(path, {}, options);
  OGRLayerH layer = source.layer;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  const int i_code = OGR_FD_GetFieldIndex(defn, names.code.c_str());
  const int i_name = OGR_FD_GetFieldIndex(defn, names.name.c_str());
  const int i_parent = OGR_FD_GetFieldIndex(defn, names.parent.c_str());
  const int i_center = OGR_FD_GetFieldIndex(defn, names.center.c_str());
  if (i_code < 0) throw InputError(fmt::format("{}: no field \"{}\" for the unit code", path, names.code));
  if (i_name < 0) throw InputError(fmt::format("{}: no field \"{}\" for the unit name", path, names.name));

  OGRCoordinateTransformationH to_wgs84 = nullptr;
  OGRSpatialReferenceH wgs84 = nullptr;
  if (OGRSpatialReferenceH src = OGR_L_GetSpatialRef(layer)) {
    wgs84 = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(wgs84, 4326);
    OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
    if (!OSRIsSame(src, wgs84)) to_wgs84 = OCTNewCoordinateTransformation(src, wgs84);
  }

  const ExtentCheck extent(OGR_L_GetSpatialRef(layer));
  std::vector<AdminFeature> out;
  OGR_L_ResetReading(layer);
  while (OGRFeatureH raw = OGR_L_GetNextFeature(layer)) {
    const FeatureGuard guard{raw};
    AdminFeature a;
    a.fid = static_cast<long>(OGR_F_GetFID(raw));
    const auto code = code_value(raw, i_code);
    if (!code || (code->size() != 6 && code->size() != 9 && code->size() != 12))
      throw InputError(fmt::format("{}: feature {}: field \"{}\" is not a GB/T 2260 code (6, 9 or 12 digits): \"{}\"",
                                   path, a.fid, names.code, quote_input(OGR_F_GetFieldAsString(raw, i_code))));
    a.code = *code;
    a.name_zh = field_text(source, raw, i_name);
    if (a.name_zh.empty()) throw InputError(fmt::format("{}: feature {} (code {}): empty name", path, a.fid, a.code));
    a.parent_code = code_value(raw, i_parent);
    if (i_center >= 0 && OGR_F_IsFieldSetAndNotNull(raw, i_center)) {
      int n = 0;
      const double* xy = OGR_F_GetFieldAsDoubleList(raw, i_center, &n);
      if (xy && n == 2) {
        a.center_lon = xy[0];
        a.center_lat = xy[1];
      }
    }
    OGRGeometryH g = OGR_F_StealGeometry(raw);
    if (!g) throw InputError(fmt::format("{}: feature {} (code {}): no geometry", path, a.fid, a.code));
    const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
    if (type != wkbPolygon && type != wkbMultiPolygon) {
      OGR_G_DestroyGeometry(g);
      throw InputError(fmt::format("{}: feature {} (code {}): geometry is {}, expected a polygon", path, a.fid, a.code,
                                   OGRGeometryTypeToName(type)));
    }
    g = OGR_G_ForceToMultiPolygon(g);
    if (OGR_G_Is3D(g)) OGR_G_FlattenTo2D(g);
    if (auto why = extent.problem(g)) {
      OGR_G_DestroyGeometry(g);
      throw InputError(fmt::format("{}: feature {} (code {}): {}", path, a.fid, a.code, *why));
    }
    if (to_wgs84 && OGR_G_Transform(g, to_wgs84) != OGRERR_NONE) {
      OGR_G_DestroyGeometry(g);
      throw InputError(fmt::format("{}: feature {} (code {}): cannot transform to WGS 84", path, a.fid, a.code));
    }
    a.wkb.resize(static_cast<std::size_t>(OGR_G_WkbSize(g)));
    OGR_G_ExportToIsoWkb(g, wkbNDR, a.wkb.data());
    OGR_G_DestroyGeometry(g);
    out.push_back(std::move(a));
  }
  if (to_wgs84) OCTDestroyCoordinateTransformation(to_wgs84);
  if (wgs84) OSRDestroySpatialReference(wgs84);
  finish_reading(source, out.size());
  return out;
}

}  // namespace eb::io

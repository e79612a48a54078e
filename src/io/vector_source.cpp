#include "io/vector_source.hpp"

#include <cpl_conv.h>
#include <fmt/format.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "core/error.hpp"

namespace eb::io {

VectorSource open_vector_layer(const std::string& path, const std::string& layer_name) {
  GDALAllRegister();
  VectorSource s;
  s.dataset.reset(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!s.dataset) throw IoError(path + ": cannot open as a vector data set");
  if (GDALDatasetGetLayerCount(s.dataset.get()) < 1) throw InputError(path + ": no layer");
  s.layer = layer_name.empty() ? GDALDatasetGetLayer(s.dataset.get(), 0)
                               : GDALDatasetGetLayerByName(s.dataset.get(), layer_name.c_str());
  if (!s.layer) throw InputError(path + ": no layer \"" + layer_name + "\"");
  return s;
}

namespace {

std::optional<standards::GeoBox> area_of_use_as_declared(OGRSpatialReferenceH crs) {
  double west = 0, south = 0, east = 0, north = 0;
  const char* name = nullptr;
  if (!OSRGetAreaOfUse(crs, &west, &south, &east, &north, &name)) return std::nullopt;
  if (!std::isfinite(west) || !std::isfinite(south) || !std::isfinite(east) || !std::isfinite(north) || west < -180 ||
      east > 180 || south < -90 || north > 90)
    return std::nullopt;
  return standards::GeoBox{west, south, east, north};
}

// A CRS read from a file's WKT (GeoJSON, Shapefile .prj) often carries its EPSG code but not the area of use that
// the EPSG database gives it: look the code up, or else the database's equivalent CRS.
std::optional<standards::GeoBox> area_of_use(OGRSpatialReferenceH crs) {
  if (auto area = area_of_use_as_declared(crs)) return area;
  std::optional<standards::GeoBox> out;
  const char* authority = OSRGetAuthorityName(crs, nullptr);
  const char* code = OSRGetAuthorityCode(crs, nullptr);
  if (authority && code && std::string_view(authority) == "EPSG") {
    OGRSpatialReferenceH fresh = OSRNewSpatialReference(nullptr);
    if (OSRImportFromEPSG(fresh, std::atoi(code)) == OGRERR_NONE) out = area_of_use_as_declared(fresh);
    OSRDestroySpatialReference(fresh);
    if (out) return out;
  }
  int n = 0;
  int* confidence = nullptr;
  OGRSpatialReferenceH* matches = OSRFindMatches(crs, nullptr, &n, &confidence);
  if (matches && n > 0 && confidence && confidence[0] >= 90) out = area_of_use_as_declared(matches[0]);
  OSRFreeSRSArray(matches);
  CPLFree(confidence);
  return out;
}

}  // namespace

ExtentCheck::ExtentCheck(OGRSpatialReferenceH crs) {
  if (crs == nullptr) return;
  crs_name_ = OSRGetName(crs) ? OSRGetName(crs) : "";
  if (const auto area = area_of_use(crs)) area_ = *area;
  wgs84_ = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(wgs84_, 4326);
  OSRSetAxisMappingStrategy(wgs84_, OAMS_TRADITIONAL_GIS_ORDER);
  if (!OSRIsSame(crs, wgs84_)) {
    // The layer's axis order as the file holds it (x = easting or longitude), whatever the CRS's definition says.
    OGRSpatialReferenceH source = OSRClone(crs);
    OSRSetAxisMappingStrategy(source, OAMS_TRADITIONAL_GIS_ORDER);
    to_wgs84_ = OCTNewCoordinateTransformation(source, wgs84_);
    OSRDestroySpatialReference(source);
  }
}

ExtentCheck::~ExtentCheck() {
  if (to_wgs84_) OCTDestroyCoordinateTransformation(to_wgs84_);
  if (wgs84_) OSRDestroySpatialReference(wgs84_);
}

std::optional<std::string> ExtentCheck::problem(OGRGeometryH g) const {
  if (g == nullptr || OGR_G_IsEmpty(g)) return std::nullopt;
  OGREnvelope e;
  OGR_G_GetEnvelope(g, &e);
  if (!std::isfinite(e.MinX) || !std::isfinite(e.MinY) || !std::isfinite(e.MaxX) || !std::isfinite(e.MaxY))
    return "coordinates are not finite numbers";
  standards::GeoBox box{e.MinX, e.MinY, e.MaxX, e.MaxY};
  if (to_wgs84_) {
    // The envelope's corners on the globe: enough to see a geometry that lies far from where its CRS is used.
    double x[4] = {e.MinX, e.MaxX, e.MinX, e.MaxX}, y[4] = {e.MinY, e.MinY, e.MaxY, e.MaxY};
    int ok[4] = {0, 0, 0, 0};
    const bool transformed = OCTTransformEx(to_wgs84_, 4, x, y, nullptr, ok) != 0;
    if (!transformed || !ok[0] || !ok[1] || !ok[2] || !ok[3])
      return fmt::format("extent x {:g}..{:g}, y {:g}..{:g} cannot be placed on the globe with {} ({})", e.MinX, e.MaxX,
                         e.MinY, e.MaxY, crs_name_.empty() ? "its CRS" : crs_name_, standards::kPlausibilityTable);
    box = {*std::min_element(x, x + 4), *std::min_element(y, y + 4), *std::max_element(x, x + 4),
           *std::max_element(y, y + 4)};
  }
  return standards::outside_area_of_use(box, area_, crs_name_);
}

}  // namespace eb::io

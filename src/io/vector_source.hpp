// Opening one layer of an OGR vector data set (GeoJSON, GeoPackage, Shapefile, ...), shared by every vector reader
// so that they open, fail and close alike.
#pragma once

#include <gdal.h>

#include <memory>
#include <optional>
#include <string>

#include "standards/plausibility.hpp"

namespace eb::io {

struct VectorSource {
  struct Closer {
    void operator()(void* ds) const { GDALClose(ds); }
  };
  std::unique_ptr<void, Closer> dataset;
  OGRLayerH layer = nullptr;  // lives as long as `dataset`
};

// The layer named `layer_name`, or the first one. Throws IoError when the file cannot be opened as vector data and
// InputError when it has no (such) layer.
VectorSource open_vector_layer(const std::string& path, const std::string& layer_name = {});

// Where a layer's geometries may lie: finite coordinates on the globe, inside the area of use of the layer's CRS
// (OSRGetAreaOfUse; the whole globe when the CRS declares none) widened by the margin of
// data/standards/plausibility.csv. Catches latitude 100, ±1e308 corners that make one polygon contain every point,
// and coordinates written in another CRS than the layer declares.
class ExtentCheck {
 public:
  // `crs` is the layer's CRS (not owned); nullptr: the coordinates are taken as lon/lat degrees.
  explicit ExtentCheck(OGRSpatialReferenceH crs);
  ~ExtentCheck();
  ExtentCheck(const ExtentCheck&) = delete;
  ExtentCheck& operator=(const ExtentCheck&) = delete;

  // Nothing when geometry `g`, in the layer's CRS (before any transformation), lies where its CRS can hold it;
  // otherwise the reason (the caller adds file and feature).
  std::optional<std::string> problem(OGRGeometryH g) const;
  const standards::GeoBox& area() const { return area_; }

 private:
  standards::GeoBox area_ = standards::kWholeGlobe;
  std::string crs_name_;
  OGRSpatialReferenceH wgs84_ = nullptr;
  OGRCoordinateTransformationH to_wgs84_ = nullptr;  // nullptr: the CRS is lon/lat WGS 84 already (or none)
};

}  // namespace eb::io

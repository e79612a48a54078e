// Opening one layer of an OGR vector data set (GeoJSON, GeoPackage, Shapefile, CSV, ...), shared by every vector
// reader so that they open, check, fail and close alike.
//
// A CSV input is read and checked by our own reader first (io/file_buffer.hpp: UTF-8 after --encoding, line length,
// no records, a quoted field open at the end, a truncated last record) and OGR reads that checked copy from memory,
// so that what is imported is what was checked; finish_reading then makes sure OGR gave one feature per record.
// String attributes of other formats are checked as UTF-8 as they are read (field_text).
#pragma once

#include <gdal.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/file_buffer.hpp"
#include "standards/plausibility.hpp"

namespace eb::io {

// Files given to OGR from memory (/vsimem/), removed when the source closes.
class MemoryFiles {
 public:
  MemoryFiles() = default;
  MemoryFiles(MemoryFiles&& o) noexcept : names_(std::move(o.names_)) { o.names_.clear(); }
  MemoryFiles& operator=(MemoryFiles&&) = delete;
  MemoryFiles(const MemoryFiles&) = delete;
  ~MemoryFiles();
  // Copies `bytes` to /vsimem/ under `name`.
  void add(const std::string& name, std::string_view bytes);

 private:
  std::vector<std::string> names_;
};

struct VectorSource {
  struct Closer {
    void operator()(void* ds) const { GDALClose(ds); }
  };
  std::string path;    // as given, for messages
  MemoryFiles memory;  // declared before `dataset`, so that it outlives it
  std::unique_ptr<void, Closer> dataset;
  OGRLayerH layer = nullptr;           // lives as long as `dataset`
  std::optional<std::size_t> records;  // data records of a CSV input, as our reader counted them
  bool csv = false;

  // "file:LINE" of a CSV feature (OGR numbers data rows from 1), else "file: feature FID".
  std::string place(long fid) const;
};

// The layer named `layer_name`, or the first one. Throws IoError when the file cannot be opened as vector data
// (naming a directory as such) and InputError when it has no (such) layer or a CSV input fails the checks above.
// `options.encoding` converts CSV inputs and is the ENCODING of a Shapefile's attributes. "-" reads standard input:
// one file whose format GDAL recognises from its bytes (GeoJSON, GeoPackage, ...; not CSV, which needs its name).
VectorSource open_vector_layer(const std::string& path, const std::string& layer_name = {},
                               const ReadOptions& options = {});

// The text of field `index` of a feature; InputError naming the place and the field when it is not valid UTF-8.
std::string field_text(const VectorSource& source, OGRFeatureH feature, int index);

// After the features were read: InputError when GDAL reported an error while reading or when a CSV input gave
// fewer or more features than it has records (nothing may be dropped silently).
void finish_reading(const VectorSource& source, std::size_t features_read);

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

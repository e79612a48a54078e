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
// `options.encoding` converts CSV inputs and is the ENCODING of a Shapefile's attributes.
VectorSource open_vector_layer(const std::string& path, const std::string& layer_name = {},
                               const ReadOptions& options = {});

// The text of field `index` of a feature; InputError naming the place and the field when it is not valid UTF-8.
std::string field_text(const VectorSource& source, OGRFeatureH feature, int index);

// After the features were read: InputError when GDAL reported an error while reading or when a CSV input gave
// fewer or more features than it has records (nothing may be dropped silently).
void finish_reading(const VectorSource& source, std::size_t features_read);

}  // namespace eb::io

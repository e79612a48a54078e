// Opening one layer of an OGR vector data set (GeoJSON, GeoPackage, Shapefile, ...), shared by every vector reader
// so that they open, fail and close alike.
#pragma once

#include <gdal.h>

#include <memory>
#include <string>

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

}  // namespace eb::io

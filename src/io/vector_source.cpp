#include "io/vector_source.hpp"

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

}  // namespace eb::io

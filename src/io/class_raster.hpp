// The classes of a finished class raster (Byte codes) for GDAL and QGIS: a colour table, category names and a raster
// attribute table (Value, Name, Red, Green, Blue) kept by GDAL in "<file>.aux.xml" beside the GeoTIFF (or COG, whose
// layout stays untouched), and a QGIS style "<stem>.qml" (paletted renderer) that QGIS loads as the default.
#pragma once

#include <string>
#include <vector>

#include "standards/class_styles.hpp"

namespace eb::io {

// Writes them for the raster at `path` (written and committed by RasterWriter), the names in Chinese or English by
// `zh`. IoError when a class is not a Byte code (0..254) or a file cannot be written.
void write_raster_classes(const std::string& path, const std::vector<standards::StyleClass>& classes, bool zh);

// "<stem>.qml": where QGIS looks for a raster's default style.
std::string raster_qml_path(const std::string& path);

}  // namespace eb::io

// QGIS styles as QGIS 3 writes them: a layer's QML (categorized or single-symbol vector renderer with optional
// labels; paletted raster renderer) and its SLD 1.1 (vector layers), from classes already named and coloured
// (standards/class_styles). Pure text: the workspace keeps them in its layer_styles table (store/layer_styles) and
// the raster writer puts a .qml beside each class raster.
#pragma once

#include <string>
#include <vector>

#include "standards/class_styles.hpp"

namespace eb::io {

enum class StyleGeometry { point, line, polygon };

struct VectorStyle {
  std::string layer;  // table name, also the SLD's layer name
  StyleGeometry geometry = StyleGeometry::point;
  // The fields whose values make a category; a category's value joins theirs with '/' ("nature_reserve/core").
  // Empty: one symbol for every feature (outline_colour, fill_colour).
  std::vector<std::string> category_fields;
  std::vector<standards::StyleClass> categories;
  bool zh = true;                       // which of each class's names labels it
  std::string fill_colour = "#FFFFFF";  // single-symbol fill; ignored when fill is false
  bool fill = true;                     // false: outline only (administrative units over other layers)
  std::string outline_colour = "#232323";
  double outline_width_mm = 0.26;
  std::string label_field;  // labels from this field; empty: none
};

// The QGIS expression a categorized renderer classifies by: the field itself, or the fields joined with '/'.
std::string category_expression(const std::vector<std::string>& fields);

std::string vector_qml(const VectorStyle& style);
std::string vector_sld(const VectorStyle& style);

// A QGIS paletted raster renderer of band 1 with the classes' colours and names (zh or en): the default style QGIS
// loads from "<raster stem>.qml".
std::string paletted_raster_qml(const std::vector<standards::StyleClass>& classes, bool zh);

}  // namespace eb::io

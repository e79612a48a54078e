// QGIS styles of the workspace's layers, in the `layer_styles` table where QGIS looks for a layer's styles (a
// GeoPackage's own table; on PostgreSQL the schema's): administrative units outlined and labelled with their names,
// stations by kind, protected areas by kind and zone, restoration projects by type, and water sections
// (`water_section_map`, stations joined to their sections) by target class in the GB 3838 colours. Each layer gets a
// Chinese style (QGIS's default) and an English one; colours and names come from data/standards
// (standards/class_styles), so they never drift from the bulletin and the dashboard.
#pragma once

#include <string>
#include <vector>

#include "store/database.hpp"

namespace eb::store {

// The style QGIS loads by default (Chinese labels) and the English alternative, as `styleName`.
inline constexpr const char* kStyleNameZh = "ecobarrier 中文";
inline constexpr const char* kStyleNameEn = "ecobarrier English";

// Creates `layer_styles` (QGIS's columns; registered in gpkg_contents as attributes) and the `water_section_map`
// view (registered as a point layer) when they are missing, then (re)writes ecobarrier's styles: idempotent. A
// style a user saved as a layer's default stays the default.
void write_layer_styles(Database& db);

// The tables that get styles, in the order they are written.
std::vector<std::string> styled_layers();

}  // namespace eb::store

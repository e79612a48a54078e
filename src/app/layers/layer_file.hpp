// Results as map layers: the tables of a run's Document joined to the geometry of the workspace features their rows
// describe (GeometryJoin), written as a GeoPackage (one layer per table) or a GeoJSON file (one table), so people
// open results in QGIS instead of joining CSVs by hand. The workspace stores geometry in WGS 84 (EPSG:4326), and so
// do both formats here (GeoJSON requires it, RFC 7946).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/table/table.hpp"

namespace eb::app::layers {

enum class LayerFormat { gpkg, geojson };

// The layer format a file name asks for by its extension (.gpkg, .geojson; any case); nothing for other names.
std::optional<LayerFormat> layer_format_of(std::string_view path);
std::string_view layer_format_name(LayerFormat f);

// One table to write as a layer: its layer name (letters, digits, _), and the table.
struct LayerTable {
  std::string name;
  const Table* table = nullptr;
};

// Writes `tables` to `path`, whole or not at all (written as PATH.part, then renamed). Tables with a geometry join
// become feature layers: their rows in order, each with the geometry of its key's feature, or none when the
// workspace has no geometry for that key (kept, and counted in the returned notes, never dropped). Tables without one
// become attribute-only tables (GeoPackage only). Fields: the columns' keys, typed integer, real (the value as the CSV
// prints it, at the column's display precision) or string (any column holding text), with the label in `lang` as
// the field's alias. The layer's title and description: the table's titles. GeoJSON holds one layer: more tables,
// or one without a join, is a UsageError. Returns notes for people (rows without geometry).
std::vector<std::string> write_layers(const std::string& path, LayerFormat format,
                                      const std::vector<LayerTable>& tables, const std::string& workspace, Lang lang);

// The tables of a command's document as layers (`-o result.gpkg|.geojson`): every part, named by its key (the
// first, unkeyed part: `layer_name`). A document without any table joined to geometry (a time series, a list of
// imports) is a UsageError naming `command` and the formats it writes instead.
std::vector<std::string> write_document_layers(const std::string& path, LayerFormat format, const Document& doc,
                                               const std::string& workspace, const std::string& command,
                                               const std::string& layer_name, Lang lang);

}  // namespace eb::app::layers

#include "app/layers/layer_file.hpp"

#include <cpl_string.h>
#include <fmt/format.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <set>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "store/admin_store.hpp"
#include "store/gpkg.hpp"
#include "store/ledger_store.hpp"
#include "store/soil_site_store.hpp"
#include "store/station_store.hpp"
#include "store/workspace.hpp"

namespace eb::app::layers {

std::optional<LayerFormat> layer_format_of(std::string_view path) {
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == "gpkg") return LayerFormat::gpkg;
  if (ext == "geojson") return LayerFormat::geojson;
  return std::nullopt;
}

std::string_view layer_format_name(LayerFormat f) { return f == LayerFormat::gpkg ? "GeoPackage" : "GeoJSON"; }

namespace {

std::string_view layer_table_name(GeometryLayer layer) {
  switch (layer) {
    case GeometryLayer::unit:
      return "admin_unit";
    case GeometryLayer::station:
      return "station";
    case GeometryLayer::project:
      return "project";
    case GeometryLayer::soil_site:
      return "soil_site";
  }
  return "";
}

OGRwkbGeometryType geometry_type_of(GeometryLayer layer) {
  return layer == GeometryLayer::unit || layer == GeometryLayer::project ? wkbMultiPolygon : wkbPoint;
}

// The geometry (ISO WKB, WGS 84) of each feature of a workspace layer by its code, read once per layer.
class FeatureGeometries {
 public:
  explicit FeatureGeometries(const std::string& workspace) : ws_(workspace, store::Workspace::Open::existing) {}

  const std::vector<std::uint8_t>* find(GeometryLayer layer, const std::string& code) {
    auto [it, fresh] = by_layer_.try_emplace(layer);
    if (fresh) load(layer, it->second);
    const auto found = it->second.find(code);
    return found == it->second.end() || found->second.empty() ? nullptr : &found->second;
  }

 private:
  void load(GeometryLayer layer, std::map<std::string, std::vector<std::uint8_t>>& out) {
    switch (layer) {
      case GeometryLayer::unit:
        for (int level = 1; level <= 5; ++level)
          for (auto& u : store::unit_geometries(ws_, level)) out[u.unit.code] = std::move(u.wkb);
        break;
      case GeometryLayer::station:
        for (const auto& s : store::list_stations(ws_)) out[s.code] = store::point_wkb(s.lon, s.lat);
        break;
      case GeometryLayer::project:
        for (auto& p : store::load_projects(ws_, 0, 9999)) out[p.code] = std::move(p.wkb);
        break;
      case GeometryLayer::soil_site:
        for (const auto& s : store::soil_sites(ws_))
          if (s.record.lon && s.record.lat) out[s.record.code] = store::point_wkb(*s.record.lon, *s.record.lat);
        break;
    }
  }

  store::Workspace ws_;
  std::map<GeometryLayer, std::map<std::string, std::vector<std::uint8_t>>> by_layer_;
};

// The field type a column needs to hold every one of its cells: integer, real, or text once any cell is text.
OGRFieldType field_type_of(const Table& t, std::size_t column) {
  bool any_real = false, any_integer = false;
  for (const auto& row : t.rows) {
    if (column >= row.size()) continue;
    const auto& v = row[column].value;
    if (std::holds_alternative<std::string>(v)) return OFTString;
    any_real |= std::holds_alternative<double>(v);
    any_integer |= std::holds_alternative<std::int64_t>(v);
  }
  if (any_real) return OFTReal;
  return any_integer ? OFTInteger64 : OFTString;
}

struct DatasetCloser {
  void operator()(void* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<void, DatasetCloser>;
struct SrsReleaser {
  void operator()(void* srs) const { OSRRelease(srs); }
};

std::string gdal_problem() {
  const std::string msg = CPLGetLastErrorMsg();
  return msg.empty() ? "GDAL failed" : msg;
}

class LayerWriter {
 public:
  LayerWriter(const std::string& path, const std::string& part, LayerFormat format, const std::string& workspace,
              Lang lang)
      : path_(path), format_(format), lang_(lang), geometries_(workspace), srs_(OSRNewSpatialReference(nullptr)) {
    OSRImportFromEPSG(srs_.get(), 4326);
    OSRSetAxisMappingStrategy(srs_.get(), OAMS_TRADITIONAL_GIS_ORDER);  // lon, lat as the workspace stores them
    GDALAllRegister();  // idempotent; the drivers are registered on first use, as io does
    GDALDriverH driver = GDALGetDriverByName(format == LayerFormat::gpkg ? "GPKG" : "GeoJSON");
    if (!driver) throw IoError(fmt::format("{}: this GDAL has no {} driver", path, layer_format_name(format)));
    // The GeoPackage driver warns that "PATH.part" does not end in .gpkg; the name is temporary.
    CPLPushErrorHandler(CPLQuietErrorHandler);
    dataset_.reset(GDALCreate(driver, part.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    CPLPopErrorHandler();
    if (!dataset_) throw IoError(fmt::format("{}: cannot create: {}", path, gdal_problem()));
  }

  void write(const LayerTable& lt) {
    const Table& t = *lt.table;
    const auto& join = t.geometry;
    std::string title = lang_ == Lang::zh ? t.title_zh : t.title_en;
    // A GeoPackage's layer identifiers are unique: a second table of the same title is told apart by its name.
    if (!title.empty() && !identifiers_.insert(title).second) title += " (" + lt.name + ")";
    const std::string& other_title = lang_ == Lang::zh ? t.title_en : t.title_zh;
    char** options = nullptr;
    if (!title.empty()) {
      options = CSLSetNameValue(options, format_ == LayerFormat::gpkg ? "IDENTIFIER" : "DESCRIPTION", title.c_str());
      if (format_ == LayerFormat::gpkg && !other_title.empty())
        options = CSLSetNameValue(options, "DESCRIPTION", other_title.c_str());
    }
    if (format_ == LayerFormat::geojson) options = CSLSetNameValue(options, "RFC7946", "YES");
    OGRLayerH layer = GDALDatasetCreateLayer(dataset_.get(), lt.name.c_str(), join ? srs_.get() : nullptr,
                                             join ? geometry_type_of(join->layer) : wkbNone, options);
    CSLDestroy(options);
    if (!layer) throw IoError(fmt::format("{}: cannot create layer {}: {}", path_, lt.name, gdal_problem()));

    std::vector<OGRFieldType> types;
    std::optional<std::size_t> key_index;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const Column& c = t.columns[i];
      types.push_back(field_type_of(t, i));
      OGRFieldDefnH field = OGR_Fld_Create(c.key.c_str(), types.back());
      const std::string& label = lang_ == Lang::zh ? c.label_zh : c.label_en;
      if (label != c.key) OGR_Fld_SetAlternativeName(field, label.c_str());
      const OGRErr err = OGR_L_CreateField(layer, field, TRUE);
      OGR_Fld_Destroy(field);
      if (err != OGRERR_NONE)
        throw IoError(fmt::format("{}: layer {}: cannot create field {}: {}", path_, lt.name, c.key, gdal_problem()));
      if (join && c.key == join->key_column) key_index = i;
    }
    if (join && !key_index)
      throw Error(ExitCode::failure, fmt::format("layer {}: the geometry key column {} is not among its columns",
                                                 lt.name, join->key_column));

    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    std::vector<std::string> missing;
    // One transaction per layer where the driver has them (GeoPackage: one commit instead of one per feature).
    const bool in_transaction = GDALDatasetStartTransaction(dataset_.get(), FALSE) == OGRERR_NONE;
    for (const auto& row : t.rows) {
      OGRFeatureH feature = OGR_F_Create(defn);
      for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const Cell& cell = i < row.size() ? row[i] : Cell();
        const int f = static_cast<int>(i);
        if (std::holds_alternative<std::monostate>(cell.value))
          OGR_F_SetFieldNull(feature, f);
        else if (types[i] == OFTString)
          OGR_F_SetFieldString(feature, f, format_cell(cell, t.columns[i]).c_str());
        else if (types[i] == OFTInteger64)
          OGR_F_SetFieldInteger64(feature, f, std::get<std::int64_t>(cell.value));
        else  // the number as the CSV prints it, so a layer and the CSV of the same run agree
          OGR_F_SetFieldDouble(feature, f, std::stod(format_cell(cell, t.columns[i])));
      }
      if (join) {
        const std::string code = row.size() > *key_index ? format_cell(row[*key_index], Column{}) : std::string();
        if (const auto* wkb = geometries_.find(join->layer, code)) {
          OGRGeometryH g = nullptr;
          if (OGR_G_CreateFromWkb(wkb->data(), srs_.get(), &g, static_cast<int>(wkb->size())) != OGRERR_NONE)
            throw StoreError(
                fmt::format("{} {}: stored geometry is not valid WKB", layer_table_name(join->layer), code));
          if (geometry_type_of(join->layer) == wkbMultiPolygon) g = OGR_G_ForceToMultiPolygon(g);
          OGR_F_SetGeometryDirectly(feature, g);
        } else {
          missing.push_back(code.empty() ? "(empty)" : code);
        }
      }
      const OGRErr err = OGR_L_CreateFeature(layer, feature);
      OGR_F_Destroy(feature);
      if (err != OGRERR_NONE)
        throw IoError(fmt::format("{}: layer {}: cannot write a feature: {}", path_, lt.name, gdal_problem()));
    }
    if (in_transaction && GDALDatasetCommitTransaction(dataset_.get()) != OGRERR_NONE)
      throw IoError(fmt::format("{}: layer {}: cannot write: {}", path_, lt.name, gdal_problem()));
    if (!missing.empty()) {
      constexpr std::size_t kShown = 10;
      std::string codes;
      for (std::size_t i = 0; i < std::min(missing.size(), kShown); ++i) codes += (i ? ", " : "") + missing[i];
      if (missing.size() > kShown) codes += ", …";
      notes_.push_back(fmt::format(
          fmt::runtime(tr(lang_, "图层 {}：{} 行在工作空间 {} 中没有几何，已作为无几何要素写出（{}）",
                          "layer {}: {} rows have no geometry in the workspace's {}; written as features without "
                          "geometry ({})")),
          lt.name, missing.size(), layer_table_name(join->layer), codes));
    }
  }

  // Closes the dataset (GDAL writes what it still holds) and reports a failure of that last write.
  void close() {
    CPLErrorReset();
    dataset_.reset();
    if (CPLGetLastErrorType() >= CE_Failure) throw IoError(fmt::format("{}: cannot write: {}", path_, gdal_problem()));
  }

  std::vector<std::string> take_notes() { return std::move(notes_); }

 private:
  std::string path_;
  LayerFormat format_;
  Lang lang_;
  FeatureGeometries geometries_;
  std::unique_ptr<void, SrsReleaser> srs_;
  Dataset dataset_;
  std::set<std::string> identifiers_;
  std::vector<std::string> notes_;
};

}  // namespace

std::vector<std::string> write_layers(const std::string& path, LayerFormat format,
                                      const std::vector<LayerTable>& tables, const std::string& workspace, Lang lang) {
  if (format == LayerFormat::geojson) {
    if (tables.size() != 1)
      throw UsageError(fmt::format(fmt::runtime(tr(lang, "{}：GeoJSON 只能容纳一个图层，本结果有 {} 个表；请用 .gpkg",
                                                   "{}: GeoJSON holds one layer and this result has {} tables; use "
                                                   ".gpkg")),
                                   path, tables.size()));
    if (!tables.front().table->geometry)
      throw UsageError(
          fmt::format(fmt::runtime(tr(lang, "{}：表 {} 不与几何关联，GeoJSON 无法写出；请用 .gpkg 或 .csv",
                                      "{}: table {} has no geometry, which GeoJSON cannot hold; use .gpkg or .csv")),
                      path, tables.front().name));
  }
  const std::string part = io::AtomicFile::part_of(path);
  io::AtomicFile::remove_stale(part);
  std::vector<std::string> notes;
  try {
    LayerWriter writer(path, part, format, workspace, lang);
    for (const auto& t : tables) writer.write(t);
    notes = writer.take_notes();
    writer.close();
  } catch (...) {
    io::AtomicFile::remove_stale(part);  // never half a file, under either name
    throw;
  }
  io::AtomicFile::publish(part, path);
  return notes;
}

std::vector<std::string> write_document_layers(const std::string& path, LayerFormat format, const Document& doc,
                                               const std::string& workspace, const std::string& command,
                                               const std::string& layer_name, Lang lang) {
  std::vector<LayerTable> tables;
  bool any_geometry = false;
  for (const auto& [key, table] : doc.parts) {
    any_geometry |= table.geometry.has_value();
    // GeoJSON holds one layer: the one table joined to geometry, when the others only accompany it.
    if (format == LayerFormat::geojson && !table.geometry) continue;
    std::string name = key.empty() ? layer_name : key;
    // Parts without a key of their own after the first: layer_name_2, _3, ...
    for (int n = 2; std::any_of(tables.begin(), tables.end(), [&](const LayerTable& t) { return t.name == name; }); ++n)
      name = fmt::format("{}_{}", key.empty() ? layer_name : key, n);
    tables.push_back({name, &table});
  }
  if (!any_geometry || workspace.empty())
    throw UsageError(fmt::format(
        fmt::runtime(tr(lang, "{}：`{}` 的结果不与地理要素关联，不能写成 {}；请用 .csv、.json 或 --format table",
                        "{}: the result of `{}` is not joined to map features and cannot be written as {}; use .csv, "
                        ".json or --format table")),
        path, command, layer_format_name(format)));
  return write_layers(path, format, tables, workspace, lang);
}

}  // namespace eb::app::layers

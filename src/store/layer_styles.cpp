#include "store/layer_styles.hpp"

#include <fmt/format.h>

#include "io/qgis_style.hpp"
#include "standards/class_styles.hpp"
#include "store/gpkg.hpp"

namespace eb::store {

namespace {

using io::StyleGeometry;
using io::VectorStyle;

struct LayerStyle {
  std::string table, geometry_column, description_zh, description_en;
  VectorStyle style;  // language-neutral parts; labels are chosen per language
  std::string label_zh, label_en;
};

std::vector<LayerStyle> layer_styles() {
  std::vector<LayerStyle> out;
  {
    LayerStyle l{"admin_unit", "geom",   "行政区划：边界与中文名称", "administrative units: outlines and names", {},
                 "name_zh",    "name_en"};
    l.style.geometry = StyleGeometry::polygon;
    l.style.fill = false;
    l.style.outline_colour = "#4D4D4D";
    l.style.outline_width_mm = 0.46;
    out.push_back(std::move(l));
  }
  {
    LayerStyle l{"station", "geom", "监测站点：按类型", "monitoring stations by kind", {}, "", ""};
    l.style.category_fields = {"kind"};
    l.style.categories = standards::class_styles("station_kind");
    out.push_back(std::move(l));
  }
  {
    LayerStyle l{"water_section_map",
                 "geom",
                 "地表水断面：按目标水质类别（GB 3838）",
                 "surface-water sections by target class (GB 3838)",
                 {},
                 "name",
                 "name"};
    l.style.category_fields = {"target_class"};
    l.style.categories = standards::class_styles("water_class");
    out.push_back(std::move(l));
  }
  {
    LayerStyle l{"protected_area", "geom", "保护地：按类型与分区", "protected areas by kind and zone", {}, "", ""};
    l.style.geometry = StyleGeometry::polygon;
    l.style.category_fields = {"kind", "zone"};
    l.style.categories = standards::class_styles("protected_zone");
    l.style.outline_width_mm = 0.1;
    out.push_back(std::move(l));
  }
  {
    LayerStyle l{"project", "geom", "生态修复项目：按类型", "restoration projects by type", {}, "", ""};
    l.style.geometry = StyleGeometry::polygon;
    l.style.category_fields = {"type"};
    l.style.categories = standards::class_styles("project_type");
    l.style.outline_width_mm = 0.1;
    out.push_back(std::move(l));
  }
  for (LayerStyle& l : out) l.style.layer = l.table;
  return out;
}

void create_tables(Database& db) {
  if (db.on_server()) {
    // QGIS's own definition (it creates the same table when a user saves a style to the database).
    db.exec(R"sql(
CREATE TABLE IF NOT EXISTS layer_styles (
  id SERIAL PRIMARY KEY, f_table_catalog varchar, f_table_schema varchar, f_table_name varchar,
  f_geometry_column varchar, styleName text, styleQML text, styleSLD text, useAsDefault boolean, description text,
  owner varchar(63) DEFAULT CURRENT_USER, ui text, update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar);
)sql");
  } else {
    // The columns as QGIS creates them through OGR, with GeoPackage types the validator accepts.
    db.exec(R"sql(
CREATE TABLE IF NOT EXISTS layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256), f_table_name TEXT(256),
  f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN,
  description TEXT, owner TEXT(30), ui TEXT(30),
  update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
)sql");
    register_attribute_table(db, "layer_styles", "layer_styles", "QGIS layer styles QGIS 图层样式");
  }
  // Water sections as one point layer: the station's point and name with the section's river, basin and target
  // class, so that QGIS can colour them by class without a join.
  if (!db.table_exists("water_section_map")) {
    db.exec(R"sql(
CREATE VIEW water_section_map AS
  SELECT s.fid AS fid, s.geom AS geom, s.code AS code, s.name AS name, w.waterbody AS waterbody, w.river AS river,
         w.basin AS basin, w.control_level AS control_level, w.target_class AS target_class
  FROM station s JOIN water_section w ON w.code = s.code;
)sql");
    if (db.on_server())
      db.exec(
          "COMMENT ON VIEW water_section_map IS 'Water sections 地表水断面: stations with their river, basin and "
          "target class'");
    else
      register_feature_table(db, "water_section_map", "geom", "POINT", "Water sections 地表水断面",
                             "Surface-water sections: stations with their river, basin and target class");
  }
}

}  // namespace

std::vector<std::string> styled_layers() {
  std::vector<std::string> out;
  for (const LayerStyle& l : layer_styles()) out.push_back(l.table);
  return out;
}

void write_layer_styles(Database& db) {
  create_tables(db);
  // Where QGIS looks a layer's style up: the database and schema on PostgreSQL, empty for a GeoPackage.
  const std::string catalog = db.on_server() ? "current_database()" : "''";
  const std::string schema = db.on_server() ? "current_schema()" : "''";
  for (const LayerStyle& l : layer_styles()) {
    for (const bool zh : {true, false}) {
      VectorStyle style = l.style;
      style.zh = zh;
      style.label_field = zh ? l.label_zh : l.label_en;
      const char* name = zh ? kStyleNameZh : kStyleNameEn;
      db.prepare("DELETE FROM layer_styles WHERE f_table_name = ? AND styleName = ? AND owner = 'ecobarrier'")
          .bind(1, l.table)
          .bind(2, name)
          .run();
      // The Chinese style is the default unless a user saved a default of their own.
      const std::string as_default =
          zh ? "NOT EXISTS (SELECT 1 FROM layer_styles WHERE f_table_name = ?7 AND useAsDefault)" : "FALSE";
      auto insert = db.prepare(fmt::format(
          "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, "
          "styleQML, styleSLD, useAsDefault, description, owner, ui) "
          "VALUES ({}, {}, ?1, ?2, ?3, ?4, ?5, {}, ?6, 'ecobarrier', '')",
          catalog, schema, as_default));
      insert.bind(1, l.table)
          .bind(2, l.geometry_column)
          .bind(3, name)
          .bind(4, io::vector_qml(style))
          .bind(5, io::vector_sld(style))
          .bind(6, zh ? l.description_zh : l.description_en);
      if (zh) insert.bind(7, l.table);
      insert.run();
    }
  }
}

}  // namespace eb::store

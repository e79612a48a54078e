// GeoPackage 1.3 essentials written directly through SQLite (on a PostgreSQL workspace: PostGIS's equivalents): the
// core tables, feature and attribute table registration, standard geometry blobs, and the R*Tree spatial index with its
// standard triggers. QGIS and GDAL open the result as an ordinary GeoPackage.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace eb::store {

inline constexpr int kWgs84 = 4326;

struct Envelope {
  double min_x = 0, max_x = 0, min_y = 0, max_y = 0;
  bool empty = true;
  void expand(double x, double y);
};

// ISO WKB of a 2D point.
std::vector<std::uint8_t> point_wkb(double x, double y);

// Envelope of an ISO/OGC WKB geometry (2D, Z, M, ZM; either byte order). Throws StoreError if malformed.
Envelope wkb_envelope(std::span<const std::uint8_t> wkb);

// A GeoPackage geometry blob ("GP" header, SRS id, XY envelope for non-points, then the WKB).
std::vector<std::uint8_t> to_gpkg_blob(std::span<const std::uint8_t> wkb, int srs_id = kWgs84);
// The WKB inside a GeoPackage blob.
std::span<const std::uint8_t> wkb_of(std::span<const std::uint8_t> gpkg_blob);

// The value a geometry column of the workspace stores for an ISO WKB geometry in WGS 84 (SQLite: a GeoPackage blob;
// PostgreSQL: PostGIS extended WKB with SRID 4326, bound as bytea), and back.
std::vector<std::uint8_t> geometry_value(const Database& db, std::span<const std::uint8_t> wkb);
std::vector<std::uint8_t> geometry_wkb(const Database& db, std::span<const std::uint8_t> stored);

// SQL functions that the standard R*Tree triggers call (ST_MinX, ST_MaxX, ST_MinY, ST_MaxY, ST_IsEmpty).
// GDAL registers the same functions, so either program can write to the tables.
void register_gpkg_functions(sqlite3* db);

// Creates the required GeoPackage tables and rows when they are missing.
void ensure_gpkg_core(Database& db);

void register_feature_table(Database& db, const std::string& table, const std::string& geometry_column,
                            const std::string& geometry_type, const std::string& identifier,
                            const std::string& description);
void register_attribute_table(Database& db, const std::string& table, const std::string& identifier,
                              const std::string& description);
// The gpkg_rtree_index extension: virtual table rtree_<t>_<c>, filled from existing rows, plus triggers.
void create_spatial_index(Database& db, const std::string& table, const std::string& geometry_column);
// Refreshes the bounding box recorded for a table in gpkg_contents.
void update_contents_extent(Database& db, const std::string& table, const std::string& geometry_column);

}  // namespace eb::store

#include "store/gpkg.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/error.hpp"

namespace eb::store {

void Envelope::expand(double x, double y) {
  if (std::isnan(x) || std::isnan(y)) return;  // empty points are written as NaN coordinates
  if (empty) {
    min_x = max_x = x;
    min_y = max_y = y;
    empty = false;
    return;
  }
  min_x = std::min(min_x, x);
  max_x = std::max(max_x, x);
  min_y = std::min(min_y, y);
  max_y = std::max(max_y, y);
}

namespace {

class WkbReader {
 public:
  explicit WkbReader(std::span<const std::uint8_t> b) : b_(b) {}
  void geometry(Envelope& env) {
    const bool little = byte() == 1;
    std::uint32_t type = u32(little);
    int dims = 2;
    // ISO codes (1001 = Point Z, 2001 = Point M, 3001 = Point ZM) and EWKB flags.
    if (type & 0x80000000u) ++dims;
    if (type & 0x40000000u) ++dims;
    type &= 0x0fffffffu;
    if (type >= 3000) {
      dims = 4;
      type -= 3000;
    } else if (type >= 1000) {  // Z or M
      dims = 3;
      type %= 1000;
    }
    switch (type) {
      case 1:
        point(env, little, dims);
        break;
      case 2:
        points(env, little, dims);
        break;
      case 3: {
        const std::uint32_t rings = u32(little);
        for (std::uint32_t r = 0; r < rings; ++r) points(env, little, dims);
        break;
      }
      case 4:
      case 5:
      case 6:
      case 7: {
        const std::uint32_t n = u32(little);
        for (std::uint32_t i = 0; i < n; ++i) geometry(env);
        break;
      }
      default:
        throw StoreError(fmt::format("unsupported WKB geometry type {}", type));
    }
  }

 private:
  void need(std::size_t n) const {
    if (pos_ + n > b_.size()) throw StoreError("truncated WKB geometry");
  }
  std::uint8_t byte() {
    need(1);
    return b_[pos_++];
  }
  std::uint32_t u32(bool little) {
    need(4);
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const std::uint32_t byte_v = b_[pos_ + static_cast<std::size_t>(little ? i : 3 - i)];
      v |= byte_v << (8 * i);
    }
    pos_ += 4;
    return v;
  }
  double f64(bool little) {
    need(8);
    std::uint8_t tmp[8];
    for (int i = 0; i < 8; ++i) tmp[i] = b_[pos_ + static_cast<std::size_t>(little ? i : 7 - i)];
    pos_ += 8;
    double d;
    std::memcpy(&d, tmp, 8);  // hosts are little-endian (x86_64, aarch64)
    return d;
  }
  void point(Envelope& env, bool little, int dims) {
    const double x = f64(little), y = f64(little);
    for (int d = 2; d < dims; ++d) f64(little);
    env.expand(x, y);
  }
  void points(Envelope& env, bool little, int dims) {
    const std::uint32_t n = u32(little);
    for (std::uint32_t i = 0; i < n; ++i) point(env, little, dims);
  }
  std::span<const std::uint8_t> b_;
  std::size_t pos_ = 0;
};

bool is_point(std::span<const std::uint8_t> wkb) {
  if (wkb.size() < 5) return false;
  std::uint32_t type;
  std::memcpy(&type, wkb.data() + 1, 4);
  if (wkb[0] == 0) type = __builtin_bswap32(type);
  return (type & 0x0fffffffu) % 1000 == 1;
}

// Header length of a GeoPackage blob from its flags byte.
std::size_t header_size(std::span<const std::uint8_t> blob) {
  if (blob.size() < 8 || blob[0] != 'G' || blob[1] != 'P') throw StoreError("not a GeoPackage geometry blob");
  static constexpr std::size_t kEnvelopeBytes[] = {0, 32, 48, 48, 64, 0, 0, 0};
  return 8 + kEnvelopeBytes[(blob[3] >> 1) & 0x7];
}

void envelope_function(sqlite3_context* ctx, int, sqlite3_value** argv, int which) {
  if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
    sqlite3_result_null(ctx);
    return;
  }
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_value_blob(argv[0]));
  std::span<const std::uint8_t> blob(p, static_cast<std::size_t>(sqlite3_value_bytes(argv[0])));
  try {
    const bool empty_flag = blob.size() > 3 && (blob[3] & 0x10);
    if (which == 4) {
      sqlite3_result_int(ctx, empty_flag ? 1 : 0);
      return;
    }
    Envelope env;
    if ((blob[3] >> 1 & 0x7) != 0 && blob.size() >= 40) {
      const bool little = blob[3] & 1;
      double v[4];
      for (int i = 0; i < 4; ++i) {
        std::uint8_t tmp[8];
        for (int k = 0; k < 8; ++k) tmp[k] = blob[8 + 8 * i + (little ? k : 7 - k)];
        std::memcpy(&v[i], tmp, 8);
      }
      env = {v[0], v[1], v[2], v[3], false};
    } else {
      env = wkb_envelope(wkb_of(blob));
    }
    if (env.empty) {
      sqlite3_result_null(ctx);
      return;
    }
    const double out[] = {env.min_x, env.max_x, env.min_y, env.max_y};
    sqlite3_result_double(ctx, out[which]);
  } catch (const std::exception& e) {
    sqlite3_result_error(ctx, e.what(), -1);
  }
}

template <int Which>
void envelope_fn(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  envelope_function(ctx, argc, argv, Which);
}

}  // namespace

std::vector<std::uint8_t> point_wkb(double x, double y) {
  std::vector<std::uint8_t> w(21);
  w[0] = 1;  // little-endian
  const std::uint32_t type = 1;
  std::memcpy(&w[1], &type, 4);
  std::memcpy(&w[5], &x, 8);
  std::memcpy(&w[13], &y, 8);
  return w;
}

Envelope wkb_envelope(std::span<const std::uint8_t> wkb) {
  Envelope env;
  WkbReader(wkb).geometry(env);
  return env;
}

std::vector<std::uint8_t> to_gpkg_blob(std::span<const std::uint8_t> wkb, int srs_id) {
  const Envelope env = wkb_envelope(wkb);
  const bool with_envelope = !is_point(wkb) && !env.empty;
  std::vector<std::uint8_t> out;
  out.reserve(8 + (with_envelope ? 32 : 0) + wkb.size());
  out.push_back('G');
  out.push_back('P');
  out.push_back(0);                  // version 1
  std::uint8_t flags = 0x01;         // little-endian header
  if (with_envelope) flags |= 0x02;  // envelope [minx, maxx, miny, maxy]
  if (env.empty) flags |= 0x10;
  out.push_back(flags);
  const auto srs = static_cast<std::int32_t>(srs_id);
  const auto* sp = reinterpret_cast<const std::uint8_t*>(&srs);
  out.insert(out.end(), sp, sp + 4);
  if (with_envelope) {
    for (double d : {env.min_x, env.max_x, env.min_y, env.max_y}) {
      const auto* dp = reinterpret_cast<const std::uint8_t*>(&d);
      out.insert(out.end(), dp, dp + 8);
    }
  }
  out.insert(out.end(), wkb.begin(), wkb.end());
  return out;
}

std::span<const std::uint8_t> wkb_of(std::span<const std::uint8_t> blob) { return blob.subspan(header_size(blob)); }

namespace {
constexpr std::uint32_t kEwkbZ = 0x80000000u, kEwkbM = 0x40000000u, kEwkbSrid = 0x20000000u;

std::uint32_t read_u32(std::span<const std::uint8_t> b, std::size_t at, bool little) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= std::uint32_t{b[at + static_cast<std::size_t>(little ? i : 3 - i)]} << (8 * i);
  return v;
}
void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v, bool little) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * (little ? i : 3 - i))));
}
}  // namespace

std::vector<std::uint8_t> geometry_value(const Database& db, std::span<const std::uint8_t> wkb) {
  if (db.dialect() == Dialect::sqlite) return to_gpkg_blob(wkb);
  // PostGIS's extended WKB: the outer type with the SRID flag, then the SRID (ISO Z/M codes become flags).
  if (wkb.size() < 5) throw StoreError("truncated WKB geometry");
  const bool little = wkb[0] == 1;
  const std::uint32_t iso = read_u32(wkb, 1, little);
  const std::uint32_t dims = (iso & 0x0fffffffu) / 1000, base = (iso & 0x0fffffffu) % 1000;
  const std::uint32_t type = base | kEwkbSrid | (dims == 1 || dims == 3 ? kEwkbZ : 0) | (dims >= 2 ? kEwkbM : 0);
  std::vector<std::uint8_t> out;
  out.reserve(wkb.size() + 4);
  out.push_back(wkb[0]);
  put_u32(out, type, little);
  put_u32(out, static_cast<std::uint32_t>(kWgs84), little);
  out.insert(out.end(), wkb.begin() + 5, wkb.end());
  return out;
}

std::vector<std::uint8_t> geometry_wkb(const Database& db, std::span<const std::uint8_t> stored) {
  if (db.dialect() == Dialect::sqlite) {
    const auto w = wkb_of(stored);
    return {w.begin(), w.end()};
  }
  if (stored.size() < 5) throw StoreError("truncated PostGIS geometry");
  const bool little = stored[0] == 1;
  const std::uint32_t type = read_u32(stored, 1, little);
  const bool srid = (type & kEwkbSrid) != 0;
  const std::uint32_t dims = ((type & kEwkbZ) ? 1u : 0u) + ((type & kEwkbM) ? 2u : 0u);
  std::vector<std::uint8_t> out;
  out.reserve(stored.size());
  out.push_back(stored[0]);
  put_u32(out, (type & 0x0fffffffu) + 1000 * dims, little);
  const std::size_t body = srid ? 9 : 5;
  if (stored.size() < body) throw StoreError("truncated PostGIS geometry");
  out.insert(out.end(), stored.begin() + static_cast<std::ptrdiff_t>(body), stored.end());
  return out;
}

void register_gpkg_functions(sqlite3* db) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  sqlite3_create_function(db, "ST_MinX", 1, flags, nullptr, envelope_fn<0>, nullptr, nullptr);
  sqlite3_create_function(db, "ST_MaxX", 1, flags, nullptr, envelope_fn<1>, nullptr, nullptr);
  sqlite3_create_function(db, "ST_MinY", 1, flags, nullptr, envelope_fn<2>, nullptr, nullptr);
  sqlite3_create_function(db, "ST_MaxY", 1, flags, nullptr, envelope_fn<3>, nullptr, nullptr);
  sqlite3_create_function(db, "ST_IsEmpty", 1, flags, nullptr, envelope_fn<4>, nullptr, nullptr);
}

void ensure_gpkg_core(Database& db) {
  if (db.on_server()) {
    // PostGIS provides the geometry type, SRID 4326 and GiST indexes; QGIS lists the tables through its
    // geometry_columns view. Creating the extension needs a privileged role the first time (docs/deployment.md).
    db.exec("CREATE EXTENSION IF NOT EXISTS postgis");
    // The values of a received packet are a JSON array kept as text (source_record.values_json); SQLite's
    // json_array_length reads text, PostgreSQL's wants json: one more signature keeps the store's SQL common.
    db.exec(
        "CREATE FUNCTION json_array_length(text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE "
        "AS 'SELECT json_array_length($1::json)'");
    return;
  }
  db.exec("PRAGMA application_id = 1196444487");  // 'GPKG'
  db.exec("PRAGMA user_version = 10300");         // GeoPackage 1.3
  db.exec(R"sql(
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
  ('WGS 84 geodetic', 4326, 'EPSG', 4326,
   'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
   'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
CREATE TABLE IF NOT EXISTS gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
  srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE IF NOT EXISTS gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
)sql");
}

namespace {
// The server keeps a table's title and description where psql (\\dt+) and QGIS's browser show them.
void comment_on_table(Database& db, const std::string& table, const std::string& identifier,
                      const std::string& description) {
  std::string text = identifier + ": " + description, quoted = "'";
  for (char ch : text) quoted += ch == '\'' ? std::string("''") : std::string(1, ch);
  db.exec(fmt::format("COMMENT ON TABLE \"{}\" IS {}'", table, quoted));
}
}  // namespace

void register_feature_table(Database& db, const std::string& table, const std::string& geometry_column,
                            const std::string& geometry_type, const std::string& identifier,
                            const std::string& description) {
  if (db.on_server()) {
    comment_on_table(db, table, identifier, description);
    return;
  }
  db.prepare(
        "INSERT OR IGNORE INTO gpkg_contents(table_name, data_type, identifier, description, srs_id) "
        "VALUES (?, 'features', ?, ?, ?)")
      .bind(1, table)
      .bind(2, identifier)
      .bind(3, description)
      .bind(4, kWgs84)
      .run();
  db.prepare("INSERT OR IGNORE INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)")
      .bind(1, table)
      .bind(2, geometry_column)
      .bind(3, geometry_type)
      .bind(4, kWgs84)
      .run();
}

void register_attribute_table(Database& db, const std::string& table, const std::string& identifier,
                              const std::string& description) {
  if (db.on_server()) {
    comment_on_table(db, table, identifier, description);
    return;
  }
  db.prepare(
        "INSERT OR IGNORE INTO gpkg_contents(table_name, data_type, identifier, description) "
        "VALUES (?, 'attributes', ?, ?)")
      .bind(1, table)
      .bind(2, identifier)
      .bind(3, description)
      .run();
}

void create_spatial_index(Database& db, const std::string& t, const std::string& c) {
  if (db.on_server()) {
    db.exec(fmt::format("CREATE INDEX IF NOT EXISTS \"{t}_{c}_gist\" ON \"{t}\" USING GIST (\"{c}\")", fmt::arg("t", t),
                        fmt::arg("c", c)));
    return;
  }
  const std::string rt = fmt::format("rtree_{}_{}", t, c);
  db.exec(fmt::format(R"sql(
CREATE VIRTUAL TABLE IF NOT EXISTS "{rt}" USING rtree(id, minx, maxx, miny, maxy);
INSERT OR REPLACE INTO "{rt}" SELECT fid, ST_MinX("{c}"), ST_MaxX("{c}"), ST_MinY("{c}"), ST_MaxY("{c}")
  FROM "{t}" WHERE "{c}" NOT NULL AND NOT ST_IsEmpty("{c}");
CREATE TRIGGER IF NOT EXISTS "{rt}_insert" AFTER INSERT ON "{t}"
  WHEN (new."{c}" NOT NULL AND NOT ST_IsEmpty(NEW."{c}"))
BEGIN
  INSERT OR REPLACE INTO "{rt}" VALUES (NEW.fid, ST_MinX(NEW."{c}"), ST_MaxX(NEW."{c}"), ST_MinY(NEW."{c}"), ST_MaxY(NEW."{c}"));
END;
CREATE TRIGGER IF NOT EXISTS "{rt}_update1" AFTER UPDATE OF "{c}" ON "{t}"
  WHEN OLD.fid = NEW.fid AND (NEW."{c}" NOTNULL AND NOT ST_IsEmpty(NEW."{c}"))
BEGIN
  INSERT OR REPLACE INTO "{rt}" VALUES (NEW.fid, ST_MinX(NEW."{c}"), ST_MaxX(NEW."{c}"), ST_MinY(NEW."{c}"), ST_MaxY(NEW."{c}"));
END;
CREATE TRIGGER IF NOT EXISTS "{rt}_update2" AFTER UPDATE OF "{c}" ON "{t}"
  WHEN OLD.fid = NEW.fid AND (NEW."{c}" ISNULL OR ST_IsEmpty(NEW."{c}"))
BEGIN
  DELETE FROM "{rt}" WHERE id = OLD.fid;
END;
CREATE TRIGGER IF NOT EXISTS "{rt}_update3" AFTER UPDATE ON "{t}"
  WHEN OLD.fid != NEW.fid AND (NEW."{c}" NOTNULL AND NOT ST_IsEmpty(NEW."{c}"))
BEGIN
  DELETE FROM "{rt}" WHERE id = OLD.fid;
  INSERT OR REPLACE INTO "{rt}" VALUES (NEW.fid, ST_MinX(NEW."{c}"), ST_MaxX(NEW."{c}"), ST_MinY(NEW."{c}"), ST_MaxY(NEW."{c}"));
END;
CREATE TRIGGER IF NOT EXISTS "{rt}_update4" AFTER UPDATE ON "{t}"
  WHEN OLD.fid != NEW.fid AND (NEW."{c}" ISNULL OR ST_IsEmpty(NEW."{c}"))
BEGIN
  DELETE FROM "{rt}" WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER IF NOT EXISTS "{rt}_delete" AFTER DELETE ON "{t}" WHEN old."{c}" NOT NULL
BEGIN
  DELETE FROM "{rt}" WHERE id = OLD.fid;
END;
)sql",
                      fmt::arg("rt", rt), fmt::arg("t", t), fmt::arg("c", c)));
  db.prepare(
        "INSERT OR IGNORE INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', "
        "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')")
      .bind(1, t)
      .bind(2, c)
      .run();
}

void update_contents_extent(Database& db, const std::string& t, const std::string& c) {
  if (db.on_server()) return;  // PostGIS answers extents from the data (ST_Extent, ST_EstimatedExtent)
  db.exec(fmt::format(
      "UPDATE gpkg_contents SET (min_x, max_x, min_y, max_y) = (SELECT min(minx), max(maxx), min(miny), max(maxy) "
      "FROM \"rtree_{t}_{c}\"), last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = '{t}'",
      fmt::arg("t", t), fmt::arg("c", c)));
}

}  // namespace eb::store

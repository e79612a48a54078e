// The store's SQL is written once, for SQLite; these pure functions turn it into PostgreSQL's dialect where the two
// differ (store/database.hpp lists the common subset the store keeps to).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace eb::store {

// Parameters `?` and `?N` become `$N` (a bare `?` takes the next number after the largest so far, as in SQLite);
// `CAST(… AS REAL)` becomes double precision (PostgreSQL's real is 4 bytes). Quoted text and comments are kept.
// `parameters` receives the number of the largest parameter.
std::string postgres_query(std::string_view sqlite_sql, int& parameters);

// Schema statements: INTEGER → BIGINT (rowid aliases become identity columns), REAL → DOUBLE PRECISION,
// BLOB → BYTEA, GeoPackage geometry column types (`geom POINT`) → PostGIS geometry with SRID 4326, and no
// `WITHOUT ROWID`. Foreign-key clauses are dropped: SQLite does not enforce them in a workspace (the imports check
// references themselves), and both backends must accept the same data.
std::string postgres_schema(std::string_view sqlite_ddl);

// The table an INSERT, UPDATE or DELETE writes, and which of the three it is ('i', 'u', 'd'), for the audit log's
// per-table counts; nullopt for other statements.
struct WriteTarget {
  std::string table;
  char op = 'i';
};
std::optional<WriteTarget> write_target(std::string_view sql);

}  // namespace eb::store

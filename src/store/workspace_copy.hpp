// Copies a whole workspace into a new (or empty) one, between any two backends: GeoPackage → PostgreSQL, PostgreSQL →
// GeoPackage, or the same engine on both sides. Every table of ecobarrier's schema is copied with its ids, its
// geometries (converted between GeoPackage blobs and PostGIS geometry) and its audit log verbatim, in one transaction
// of the destination, and verified before it commits: per table the row count and a SHA-256 over a canonical
// rendering of every row in primary-key order, computed on the source as it is read and again on the destination.
// Then one audit entry ("workspace copy") records the source, the counts and the checksums.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace eb::store {

struct CopiedTable {
  std::string table;
  std::int64_t rows = 0;
  std::string sha256;  // hex, over the rows' canonical rendering in primary-key order
};

struct WorkspaceCopyReport {
  std::string source, destination;  // as the workspaces name themselves (a server without its password)
  int schema_version = 0;
  std::vector<CopiedTable> tables;  // in the order they were copied
  std::string checksum;             // hex SHA-256 over "table rows sha256" lines of every table
  std::int64_t audit_seq = 0;       // the destination's "workspace copy" entry
  // Tables and columns the source has but the destination's schema does not (a layer added by hand in QGIS, say):
  // not copied, so the person is told.
  std::vector<std::string> not_copied;
};

struct WorkspaceCopyOptions {
  // Called as a table's rows go by: phase "copy" or "verify", the table, rows done and rows in all (counted first).
  std::function<void(std::string_view phase, std::string_view table, std::int64_t done, std::int64_t total)> progress;
};

// Copies `source` (opened, and migrated forward when older, as every open does) into `destination`, which must be
// new (a missing file; a server database that does not exist or is empty) or an ecobarrier workspace holding no data
// (no row in any of ecobarrier's tables; an audit log of its own creation only). Refused (StoreError, nothing
// written) when it holds data or is the source itself. On any failure the destination is left as it was: a file
// made by the copy is removed, a server transaction rolled back.
WorkspaceCopyReport copy_workspace(const std::string& source, const std::string& destination,
                                   const WorkspaceCopyOptions& options = {});

}  // namespace eb::store

// The workspace: every table of ecobarrier, versioned by numbered migrations, in one GeoPackage file (the embedded
// default) or in one PostgreSQL/PostGIS database (a `postgresql://…` target; store/database.hpp).
#pragma once

#include <string>
#include <vector>

#include "store/database.hpp"

namespace eb::store {

class Workspace {
 public:
  // `writer`: an existing workspace opened for writing even while a ReadOnly holds it: the server's one
  // connection for what it writes itself (logins, sessions, submissions and their approval), never an import.
  enum class Open { existing, create_if_missing, writer };

  // Opens the workspace (in WAL mode) and migrates it forward to the newest schema. `existing` refuses
  // (StoreError) a missing, empty or foreign file ("not an ecobarrier workspace; create one with `ecobarrier
  // init`"); only `create_if_missing` (init) makes a workspace, of a new or empty file or a GeoPackage. Both refuse a
  // file that is not SQLite, a SQLite file that is not a GeoPackage, or a schema newer than this program knows.
  Workspace(const std::string& path, Open how);
  // For a server: while a ReadOnly lives, every `existing` open of its workspace in this process is read-only
  // (SQLITE_OPEN_READONLY), so the process can read the workspace but never change it, and a schema older than
  // this program's is refused instead of migrated (the server's own first open, before it, migrates).
  class ReadOnly {
   public:
    explicit ReadOnly(const std::string& path);
    ~ReadOnly();
    ReadOnly(const ReadOnly&) = delete;
    ReadOnly& operator=(const ReadOnly&) = delete;

   private:
    std::string key_;
  };
  // Test hook: creates a new workspace migrated only up to `version`, as an older ecobarrier would have.
  static void create_at_version(const std::string& path, int version);

  Database& db() { return db_; }
  const std::string& path() const { return db_.path(); }
  int schema_version();
  // Versions applied by this open (empty when the file was already current).
  const std::vector<int>& migrated() const { return migrated_; }

  static int latest_version();

 private:
  Workspace(const std::string& path, Database::Mode mode, int up_to);
  void migrate(int up_to);
  void open_on_server(Database::Mode mode, int up_to);
  void use_wal();

  Database db_;
  std::vector<int> migrated_;
};

}  // namespace eb::store

// The SQLite backend of store::Database: a GeoPackage file.
#include <sqlite3.h>

#include <thread>

#include "core/error.hpp"
#include "store/database.hpp"

namespace eb::store {

namespace {

bool is_busy(int rc) { return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED; }

// What a lock held too long by another process says, in place of SQLite's "database is locked".
std::string busy_message(const std::string& path) {
  return path + ": workspace busy (another import is writing); retry when it has finished";
}

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  if (db && is_busy(sqlite3_errcode(db))) {
    const char* file = sqlite3_db_filename(db, "main");
    throw StoreError(busy_message(file && *file ? file : "workspace"));
  }
  throw StoreError(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

class SqliteStatement final : public StatementBackend {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
      fail(db, "cannot prepare \"" + std::string(sql.substr(0, 120)) + "\"");
  }
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void bind_int(int i, std::int64_t v) override { check(sqlite3_bind_int64(stmt_, i, v)); }
  void bind_real(int i, double v) override { check(sqlite3_bind_double(stmt_, i, v)); }
  void bind_text(int i, std::string_view v) override {
    check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  void bind_blob(int i, std::span<const std::uint8_t> v) override {
    check(sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  void bind_null(int i) override { check(sqlite3_bind_null(stmt_, i)); }
  void stream_in_batches(std::size_t) override {}

  bool step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, "statement failed");
  }
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  bool is_null(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::int64_t int64(int col) const override { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const override { return sqlite3_column_double(stmt_, col); }
  std::string text(int col) const override {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  std::span<const std::uint8_t> blob(int col) const override {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, col));
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail(db_, "bind");
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteConnection final : public ConnectionBackend {
 public:
  SqliteConnection(const std::string& path, Database::Mode mode, PendingWrite& pending)
      : path_(path), pending_(pending) {
    int flags = SQLITE_OPEN_NOMUTEX;
    if (mode == Database::Mode::read_only) flags |= SQLITE_OPEN_READONLY;
    if (mode == Database::Mode::read_write) flags |= SQLITE_OPEN_READWRITE;
    if (mode == Database::Mode::create) flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw StoreError(path + ": cannot open workspace: " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    // Another ecobarrier process may hold a lock briefly; wait rather than fail at once.
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    sqlite3_update_hook(db_, &SqliteConnection::on_update, this);
  }
  ~SqliteConnection() override { sqlite3_close_v2(db_); }

  Dialect dialect() const override { return Dialect::sqlite; }
  const std::string& name() const override { return path_; }
  sqlite3* sqlite_handle() const override { return db_; }

  void exec(const std::string& sql) override {
    char* err = nullptr;
    if (const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err); rc != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      if (is_busy(rc)) throw StoreError(busy_message(path_));
      throw StoreError(path_ + ": " + msg + " (in: " + sql.substr(0, 120) + ")");
    }
  }
  std::unique_ptr<StatementBackend> prepare(std::string_view sql) override {
    return std::make_unique<SqliteStatement>(db_, sql);
  }
  int changes() const override { return sqlite3_changes(db_); }
  std::int64_t total_changes() const override { return sqlite3_total_changes64(db_); }
  bool in_transaction() const override { return sqlite3_get_autocommit(db_) == 0; }
  void rollback_quietly(const char* sql) noexcept override { sqlite3_exec(db_, sql, nullptr, nullptr, nullptr); }
  bool table_exists(std::string_view name) override {
    SqliteStatement s(db_, "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?");
    s.bind_text(1, name);
    return s.step();
  }
  void set_lock_wait(std::chrono::milliseconds wait) override {
    sqlite3_busy_timeout(db_, static_cast<int>(wait.count()));
  }
  void lock_audit_chain() override {}  // BEGIN IMMEDIATE made this connection the only writer
  void copy_in(std::string_view table, std::span<const std::string>,
               const std::function<void(std::string&)>&) override {
    throw StoreError(path_ + ": bulk copy into " + std::string(table) + " is for PostgreSQL workspaces");
  }

  void begin_write() override {
    using namespace std::chrono;
    const WriteWait& wait = write_wait();
    const auto start = steady_clock::now();
    // Short tries, so that the wait can be reported and bounded here rather than inside SQLite.
    sqlite3_busy_timeout(db_, 200);
    bool waited = false;
    int rc = SQLITE_OK;
    for (;;) {
      rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
      const auto so_far = duration_cast<milliseconds>(steady_clock::now() - start);
      if (!is_busy(rc) || so_far >= wait.bound) {
        if (waited && wait.on_wait) wait.on_wait(so_far, wait.bound, true);
        break;
      }
      waited = true;
      if (wait.on_wait) wait.on_wait(so_far, wait.bound, false);
    }
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    if (is_busy(rc)) throw StoreError(busy_message(path_));
    if (rc != SQLITE_OK) fail(db_, path_ + ": cannot begin a write");
    if (!checked_) {
      try {
        check_before_first_write();
      } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
      }
    }
  }

 private:
  static void on_update(void* self, int op, const char* /*db*/, const char* table, sqlite3_int64 /*rowid*/) {
    static_cast<SqliteConnection*>(self)->pending_.count(table,
                                                         op == SQLITE_INSERT   ? 'i'
                                                         : op == SQLITE_UPDATE ? 'u'
                                                                               : 'd',
                                                         1);
  }

  // A damaged file is never written to: a write could spread the damage over pages that are still good.
  void check_before_first_write() {
    SqliteStatement s(db_, "PRAGMA quick_check(5)");
    std::string problems;
    while (s.step()) {
      const std::string line = s.text(0);
      if (line == "ok") break;
      problems += (problems.empty() ? "" : "; ") + line;
    }
    if (!problems.empty())
      throw StoreError(path_ + ": the workspace is damaged (SQLite's quick_check: " + problems +
                       "); nothing was written. Restore it from a backup, or recover what is readable with "
                       "`sqlite3 " +
                       path_ + " .recover`");
    checked_ = true;
  }

  sqlite3* db_ = nullptr;
  std::string path_;
  PendingWrite& pending_;
  bool checked_ = false;
};

}  // namespace

std::unique_ptr<ConnectionBackend> open_sqlite(const std::string& path, Database::Mode mode, PendingWrite& pending) {
  return std::make_unique<SqliteConnection>(path, mode, pending);
}

}  // namespace eb::store

// A thin RAII layer over the SQLite C API. Errors become StoreError with SQLite's message.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace eb::store {

class Statement;

// How long a statement waits for a lock another connection holds before it fails (sqlite3_busy_timeout). In WAL
// mode readers never wait for a writer; this covers the rare short locks (WAL recovery, checkpoints).
inline constexpr int kBusyTimeoutMs = 5000;

// How a writer waits for the write lock another process holds (a second import while one is writing): it retries
// for `bound`, telling `on_wait` how long it has waited so far (`done` once it has the lock or gives up), then fails
// with "workspace busy (another import is writing); retry". Process-wide; the CLI sets it once at start-up.
struct WriteWait {
  std::chrono::milliseconds bound{60000};
  std::function<void(std::chrono::milliseconds waited, std::chrono::milliseconds bound, bool done)> on_wait;
};
void set_write_wait(WriteWait wait);
const WriteWait& write_wait();

class Database {
 public:
  enum class Mode { read_only, read_write, create };
  Database(const std::string& path, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }
  void exec(const std::string& sql);
  Statement prepare(std::string_view sql);
  std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  // Convenience for single-value queries.
  std::optional<std::int64_t> query_int(std::string_view sql);
  std::optional<std::string> query_text(std::string_view sql);
  bool table_exists(std::string_view name);
  // BEGIN IMMEDIATE, waiting for the write lock as write_wait() says; the first time on this connection, the
  // file then passes PRAGMA quick_check or the write is refused (StoreError, nothing changed).
  void begin_write();

  // What the outermost transaction changed, for the audit log (store/audit): rows per table of the tables
  // SQLite reports row by row (rowid tables; WITHOUT ROWID tables such as observation count only in `changes`),
  // the total of changed rows, and the descriptions the write paths gave.
  struct TableChanges {
    std::string table;
    std::int64_t inserted = 0, updated = 0, deleted = 0;
  };
  struct WriteNote {
    std::string action, table, key, details_json, actor;  // actor empty: the connection's actor
  };
  struct PendingWrite {
    std::vector<TableChanges> tables;
    std::int64_t total_changes_at_begin = 0;
    std::vector<WriteNote> notes;
  };
  // Describes the write in progress (one audit entry per call); outside a transaction it is ignored.
  void describe_write(WriteNote note);
  PendingWrite& pending_write() { return pending_; }
  std::int64_t total_changes() const { return sqlite3_total_changes64(db_); }
  // Called by the outermost Transaction::commit just before COMMIT, in the transaction.
  void set_before_commit(std::function<void(Database&)> hook) { before_commit_ = std::move(hook); }
  const std::string& actor() const { return actor_; }
  void set_actor(std::string actor) { actor_ = std::move(actor); }

 private:
  void check_before_first_write();
  friend class Transaction;
  static void on_update(void* self, int op, const char* db, const char* table, sqlite3_int64 rowid);
  void begin_tracking();

  sqlite3* db_ = nullptr;
  std::string path_;
  bool checked_ = false;
  PendingWrite pending_;
  std::function<void(Database&)> before_commit_;
  std::string actor_;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind_blob(int i, std::span<const std::uint8_t> v);
  Statement& bind_null(int i);
  template <class T>
  Statement& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }

  // true while a row is available.
  bool step();
  // Runs a statement that returns no rows, then resets it for reuse.
  void run();
  void reset();

  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string text(int col) const;
  std::optional<std::string> opt_text(int col) const;
  std::span<const std::uint8_t> blob(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE (Database::begin_write) ... COMMIT; rolls back unless commit() was called. Inside another transaction
// it is a SAVEPOINT, so an import can be one step of a larger one and still undo only itself.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  void commit();

 private:
  Database& db_;
  bool done_ = false;
  bool nested_ = false;
  std::size_t notes_at_begin_ = 0;  // nested: the write descriptions before it (a rollback drops the ones after)
};

}  // namespace eb::store

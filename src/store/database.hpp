// One connection to a workspace database, whichever engine holds it: SQLite (a GeoPackage file, the embedded
// default) or PostgreSQL/PostGIS (a server, for departments with many concurrent writers). The store's SQL is written
// once, in the common dialect below; each backend runs it natively. Errors become StoreError with the engine's message.
//
// The common dialect (store/sql_dialect.hpp translates what needs translating):
// - parameters `?` or `?N` (1-based), bound by number; results read by column number; a parameter's first use
//   must give it a type (`CAST(?1 AS TEXT) IS NULL OR x = ?1`: the server infers types in reading order);
// - `INSERT … ON CONFLICT (…) DO NOTHING | DO UPDATE SET x = excluded.x`, `… RETURNING id` (never last-insert ids);
// - geometry written as `eb_geom(?)` from ISO WKB and read as `eb_wkb(geom)` (SQLite: GeoPackage blobs; PostgreSQL:
//   PostGIS geometry, SRID 4326), the current UTC time as an ISO 8601 string bound by the caller (never `now` in SQL);
// - schema statements through Database::exec_schema, which maps SQLite column types to PostgreSQL's.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace eb::store {

class Statement;

enum class Dialect { sqlite, postgresql };

// A workspace on a PostgreSQL server: a libpq URI (`postgresql://…`, `postgres://…`) or key=value connection string
// (`host=… dbname=…`). Anything else is a GeoPackage path.
bool is_server_workspace(std::string_view target);

// The current UTC time as the workspace stamps rows ("2026-12-07T03:04:05Z"), bound as a parameter: the time is the
// program's, whichever engine stores it.
std::string utc_timestamp();

// How long a statement waits for a lock another connection holds before it fails (sqlite3_busy_timeout). In WAL
// mode readers never wait for a writer; this covers the rare short locks (WAL recovery, checkpoints).
inline constexpr int kBusyTimeoutMs = 5000;

// How a writer waits for the write lock another process holds (a second import while one is writing): it retries
// for `bound`, telling `on_wait` how long it has waited so far (`done` once it has the lock or gives up), then fails
// with "workspace busy (another import is writing); retry". Process-wide; the CLI sets it once at start-up.
// (PostgreSQL locks rows, not the database: writers do not wait for each other there.)
struct WriteWait {
  std::chrono::milliseconds bound{60000};
  std::function<void(std::chrono::milliseconds waited, std::chrono::milliseconds bound, bool done)> on_wait;
};
void set_write_wait(WriteWait wait);
const WriteWait& write_wait();

// What the outermost transaction changed, for the audit log (store/audit): rows per table (SQLite: the rowid tables
// it reports row by row; PostgreSQL: every INSERT/UPDATE/DELETE statement's count, an upsert counting as inserted),
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
  void count(std::string_view table, char op, std::int64_t rows);  // op 'i', 'u' or 'd'
};

// The engine side of a prepared statement (store/sqlite_backend.cpp, store/postgres_backend.cpp).
class StatementBackend {
 public:
  virtual ~StatementBackend() = default;
  virtual void bind_int(int i, std::int64_t v) = 0;
  virtual void bind_real(int i, double v) = 0;
  virtual void bind_text(int i, std::string_view v) = 0;
  virtual void bind_blob(int i, std::span<const std::uint8_t> v) = 0;
  virtual void bind_null(int i) = 0;
  virtual void stream_in_batches(std::size_t rows) = 0;
  virtual bool step() = 0;
  virtual void reset() = 0;
  virtual bool is_null(int col) const = 0;
  virtual std::int64_t int64(int col) const = 0;
  virtual double real(int col) const = 0;
  virtual std::string text(int col) const = 0;
  virtual std::span<const std::uint8_t> blob(int col) const = 0;
};

// The engine side of a connection.
class ConnectionBackend {
 public:
  virtual ~ConnectionBackend() = default;
  virtual Dialect dialect() const = 0;
  virtual const std::string& name() const = 0;
  virtual void exec(const std::string& sql) = 0;
  virtual std::unique_ptr<StatementBackend> prepare(std::string_view sql) = 0;
  virtual int changes() const = 0;
  virtual std::int64_t total_changes() const = 0;
  virtual bool in_transaction() const = 0;
  virtual void begin_write() = 0;
  virtual void rollback_quietly(const char* sql) noexcept = 0;
  virtual bool table_exists(std::string_view name) = 0;
  virtual void set_lock_wait(std::chrono::milliseconds wait) = 0;
  virtual void lock_audit_chain() = 0;
  virtual void copy_in(std::string_view table, std::span<const std::string> columns,
                       const std::function<void(std::string& buffer)>& produce) = 0;
  virtual sqlite3* sqlite_handle() const = 0;
};

class Database {
 public:
  enum class Mode { read_only, read_write, create };
  using TableChanges = store::TableChanges;
  using WriteNote = store::WriteNote;
  using PendingWrite = store::PendingWrite;
  // `target`: a GeoPackage path or a PostgreSQL connection string (is_server_workspace).
  Database(const std::string& target, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Dialect dialect() const { return backend_->dialect(); }
  bool on_server() const { return dialect() == Dialect::postgresql; }
  // The file path, or the server connection without its password (postgresql://user@host:port/db).
  const std::string& path() const { return backend_->name(); }
  // SQLite only (GeoPackage functions, WAL); nullptr on a server.
  sqlite3* handle() const { return backend_->sqlite_handle(); }

  // Runs statements without parameters (several, separated by semicolons).
  void exec(const std::string& sql) { backend_->exec(sql); }
  // Runs schema statements written for SQLite, translated for the server (store/sql_dialect.hpp).
  void exec_schema(const std::string& sqlite_ddl);
  Statement prepare(std::string_view sql);
  // Rows the last INSERT, UPDATE or DELETE changed.
  int changes() const { return backend_->changes(); }
  bool in_transaction() const { return backend_->in_transaction(); }
  // Convenience for single-value queries.
  std::optional<std::int64_t> query_int(std::string_view sql);
  std::optional<std::string> query_text(std::string_view sql);
  bool table_exists(std::string_view name) { return backend_->table_exists(name); }
  // Starts the outermost write transaction. SQLite: BEGIN IMMEDIATE, waiting for the write lock as write_wait()
  // says; the first time on this connection the file then passes PRAGMA quick_check or the write is refused
  // (StoreError, nothing changed). PostgreSQL: BEGIN (read committed; writers lock the rows they change).
  void begin_write() { backend_->begin_write(); }
  // How long a statement may wait for another writer's lock before it fails (the default is kBusyTimeoutMs).
  void set_lock_wait(std::chrono::milliseconds wait) { backend_->set_lock_wait(wait); }
  // Serialises the append to the hash-chained audit log among concurrent writers (SQLite: its writer is alone).
  void lock_audit_chain() { backend_->lock_audit_chain(); }
  // Bulk load: rows of `table` in the order of `columns`. `produce` appends rows to the buffer in the engine's
  // format (PostgreSQL: COPY binary, see store/copy_rows.hpp) and leaves it empty when done. Server only.
  void copy_in(std::string_view table, std::span<const std::string> columns,
               const std::function<void(std::string& buffer)>& produce) {
    backend_->copy_in(table, columns, produce);
  }

  // Describes the write in progress (one audit entry per call); outside a transaction it is ignored.
  void describe_write(WriteNote note);
  PendingWrite& pending_write() { return pending_; }
  std::int64_t total_changes() const { return backend_->total_changes(); }
  // Called by the outermost Transaction::commit just before COMMIT, in the transaction.
  void set_before_commit(std::function<void(Database&)> hook) { before_commit_ = std::move(hook); }
  const std::string& actor() const { return actor_; }
  void set_actor(std::string actor) { actor_ = std::move(actor); }

 private:
  friend class Transaction;
  void begin_tracking();

  PendingWrite pending_;
  std::unique_ptr<ConnectionBackend> backend_;
  std::function<void(Database&)> before_commit_;
  std::string actor_;
};

class Statement {
 public:
  explicit Statement(std::unique_ptr<StatementBackend> impl) : impl_(std::move(impl)) {}
  Statement(Statement&&) noexcept = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::int64_t v) {
    impl_->bind_int(i, v);
    return *this;
  }
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, double v) {
    impl_->bind_real(i, v);
    return *this;
  }
  Statement& bind(int i, std::string_view v) {
    impl_->bind_text(i, v);
    return *this;
  }
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind_blob(int i, std::span<const std::uint8_t> v) {
    impl_->bind_blob(i, v);
    return *this;
  }
  Statement& bind_null(int i) {
    impl_->bind_null(i);
    return *this;
  }
  template <class T>
  Statement& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }
  // A query whose rows may not fit in memory: the server sends them `rows` at a time (a cursor) instead of all
  // at once. SQLite streams anyway.
  Statement& in_batches(std::size_t rows = 50000) {
    impl_->stream_in_batches(rows);
    return *this;
  }

  // true while a row is available.
  bool step() { return impl_->step(); }
  // Runs a statement that returns no rows, then resets it for reuse.
  void run() {
    step();
    reset();
  }
  void reset() { impl_->reset(); }

  bool is_null(int col) const { return impl_->is_null(col); }
  std::int64_t int64(int col) const { return impl_->int64(col); }
  double real(int col) const { return impl_->real(col); }
  std::string text(int col) const { return impl_->text(col); }
  std::optional<std::string> opt_text(int col) const {
    if (is_null(col)) return std::nullopt;
    return text(col);
  }
  std::span<const std::uint8_t> blob(int col) const { return impl_->blob(col); }

 private:
  std::unique_ptr<StatementBackend> impl_;
};

// BEGIN (Database::begin_write) ... COMMIT; rolls back unless commit() was called. Inside another transaction it is
// a SAVEPOINT, so an import can be one step of a larger one and still undo only itself.
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

// The backends, for Database's constructor.
std::unique_ptr<ConnectionBackend> open_sqlite(const std::string& path, Database::Mode mode, PendingWrite& pending);
std::unique_ptr<ConnectionBackend> open_postgres(const std::string& conninfo, Database::Mode mode,
                                                 PendingWrite& pending);

}  // namespace eb::store

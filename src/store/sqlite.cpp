#include "store/sqlite.hpp"

#include <thread>

#include "core/error.hpp"

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

WriteWait& write_wait_setting() {
  static WriteWait w;
  return w;
}

}  // namespace

void set_write_wait(WriteWait wait) { write_wait_setting() = std::move(wait); }
const WriteWait& write_wait() { return write_wait_setting(); }

Database::Database(const std::string& path, Mode mode) : path_(path) {
  int flags = SQLITE_OPEN_NOMUTEX;
  if (mode == Mode::read_only) flags |= SQLITE_OPEN_READONLY;
  if (mode == Mode::read_write) flags |= SQLITE_OPEN_READWRITE;
  if (mode == Mode::create) flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(path + ": cannot open workspace: " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  // Another ecobarrier process may hold a lock briefly; wait rather than fail at once.
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  sqlite3_update_hook(db_, &Database::on_update, this);
}

void Database::on_update(void* self, int op, const char* /*db*/, const char* table, sqlite3_int64 /*rowid*/) {
  auto& tables = static_cast<Database*>(self)->pending_.tables;
  TableChanges* t = nullptr;
  for (auto& c : tables)
    if (c.table == table) t = &c;
  if (!t) t = &tables.emplace_back(TableChanges{table});
  if (op == SQLITE_INSERT)
    ++t->inserted;
  else if (op == SQLITE_UPDATE)
    ++t->updated;
  else
    ++t->deleted;
}

void Database::begin_tracking() {
  pending_ = PendingWrite{};
  pending_.total_changes_at_begin = total_changes();
}

void Database::describe_write(WriteNote note) {
  if (in_transaction()) pending_.notes.push_back(std::move(note));
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::exec(const std::string& sql) {
  char* err = nullptr;
  if (const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err); rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    if (is_busy(rc)) throw StoreError(busy_message(path_));
    throw StoreError(path_ + ": " + msg + " (in: " + sql.substr(0, 120) + ")");
  }
}

void Database::begin_write() {
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

// A damaged file is never written to: a write could spread the damage over pages that are still good.
void Database::check_before_first_write() {
  Statement s(db_, "PRAGMA quick_check(5)");
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

Statement Database::prepare(std::string_view sql) { return Statement(db_, sql); }

std::optional<std::int64_t> Database::query_int(std::string_view sql) {
  Statement s(db_, sql);
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return s.int64(0);
}

std::optional<std::string> Database::query_text(std::string_view sql) {
  Statement s(db_, sql);
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return s.text(0);
}

bool Database::table_exists(std::string_view name) {
  Statement s(db_, "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?");
  s.bind(1, name);
  return s.step();
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
    fail(db, "cannot prepare \"" + std::string(sql.substr(0, 120)) + "\"");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int i, std::int64_t v) {
  if (sqlite3_bind_int64(stmt_, i, v) != SQLITE_OK) fail(db_, "bind");
  return *this;
}
Statement& Statement::bind(int i, double v) {
  if (sqlite3_bind_double(stmt_, i, v) != SQLITE_OK) fail(db_, "bind");
  return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
  if (sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    fail(db_, "bind");
  return *this;
}
Statement& Statement::bind_blob(int i, std::span<const std::uint8_t> v) {
  if (sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    fail(db_, "bind");
  return *this;
}
Statement& Statement::bind_null(int i) {
  if (sqlite3_bind_null(stmt_, i) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, "statement failed");
}

void Statement::run() {
  step();
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string();
}

std::optional<std::string> Statement::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

std::span<const std::uint8_t> Statement::blob(int col) const {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, col));
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
}

Transaction::Transaction(Database& db) : db_(db), nested_(db.in_transaction()) {
  if (nested_) {
    db_.exec("SAVEPOINT eb_nested");
    notes_at_begin_ = db_.pending_write().notes.size();
  } else {
    db_.begin_write();
    db_.begin_tracking();
  }
}

Transaction::~Transaction() {
  if (done_) return;
  if (nested_) {
    sqlite3_exec(db_.handle(), "ROLLBACK TO eb_nested; RELEASE eb_nested", nullptr, nullptr, nullptr);
    // What the undone step said it wrote must not reach the audit log when the outer transaction commits.
    auto& notes = db_.pending_write().notes;
    if (notes.size() > notes_at_begin_) notes.resize(notes_at_begin_);
  } else
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  if (!nested_ && db_.before_commit_) db_.before_commit_(db_);
  db_.exec(nested_ ? "RELEASE eb_nested" : "COMMIT");
  done_ = true;
}

}  // namespace eb::store

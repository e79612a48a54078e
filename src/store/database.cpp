#include "store/database.hpp"

#include <ctime>

#include "core/error.hpp"
#include "store/sql_dialect.hpp"

namespace eb::store {

namespace {

WriteWait& write_wait_setting() {
  static WriteWait w;
  return w;
}

bool starts_with_word(std::string_view s, std::string_view word) {
  return s.size() > word.size() && s.substr(0, word.size()) == word;
}

}  // namespace

void set_write_wait(WriteWait wait) { write_wait_setting() = std::move(wait); }
const WriteWait& write_wait() { return write_wait_setting(); }

bool is_server_workspace(std::string_view target) {
  if (starts_with_word(target, "postgresql://") || starts_with_word(target, "postgres://")) return true;
  // A key=value connection string names at least one keyword libpq knows, and a file path has no '=' before a
  // space in practice; "dbname=", "host=" or "service=" settle it.
  for (std::string_view key : {"dbname=", "host=", "service=", "hostaddr="})
    if (target.substr(0, key.size()) == key || target.find(" " + std::string(key)) != std::string_view::npos)
      return true;
  return false;
}

std::string utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

void PendingWrite::count(std::string_view table, char op, std::int64_t rows) {
  if (rows <= 0) return;
  TableChanges* t = nullptr;
  for (auto& c : tables)
    if (c.table == table) t = &c;
  if (!t) t = &tables.emplace_back(TableChanges{std::string(table)});
  if (op == 'i')
    t->inserted += rows;
  else if (op == 'u')
    t->updated += rows;
  else
    t->deleted += rows;
}

Database::Database(const std::string& target, Mode mode)
    : backend_(is_server_workspace(target) ? open_postgres(target, mode, pending_)
                                           : open_sqlite(target, mode, pending_)) {}

Database::~Database() = default;

void Database::exec_schema(const std::string& sqlite_ddl) {
  exec(dialect() == Dialect::postgresql ? postgres_schema(sqlite_ddl) : sqlite_ddl);
}

Statement Database::prepare(std::string_view sql) { return Statement(backend_->prepare(sql)); }

std::optional<std::int64_t> Database::query_int(std::string_view sql) {
  Statement s = prepare(sql);
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return s.int64(0);
}

std::optional<std::string> Database::query_text(std::string_view sql) {
  Statement s = prepare(sql);
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return s.text(0);
}

void Database::begin_tracking() {
  pending_ = PendingWrite{};
  pending_.total_changes_at_begin = total_changes();
}

void Database::describe_write(WriteNote note) {
  if (in_transaction()) pending_.notes.push_back(std::move(note));
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
    db_.backend_->rollback_quietly("ROLLBACK TO eb_nested; RELEASE eb_nested");
    // What the undone step said it wrote must not reach the audit log when the outer transaction commits.
    auto& notes = db_.pending_write().notes;
    if (notes.size() > notes_at_begin_) notes.resize(notes_at_begin_);
  } else {
    db_.backend_->rollback_quietly("ROLLBACK");
  }
}

void Transaction::commit() {
  if (!nested_ && db_.before_commit_) db_.before_commit_(db_);
  db_.exec(nested_ ? "RELEASE eb_nested" : "COMMIT");
  done_ = true;
}

}  // namespace eb::store

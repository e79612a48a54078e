// The PostgreSQL backend of store::Database (libpq): statements prepared once per connection, parameters sent as
// text (the server infers their types from the SQL, as SQLite's affinity would), results received in binary and
// converted on read; big reads through a cursor, bulk loads through COPY … (FORMAT binary).
#include <libpq-fe.h>

#include <bit>
#include <charconv>
#include <cstring>
#include <regex>
#include <unordered_map>

#include "core/error.hpp"
#include "store/database.hpp"
#include "store/sql_dialect.hpp"

namespace eb::store {

namespace {

// Type OIDs of pg_catalog (fixed since PostgreSQL 7).
constexpr Oid kBool = 16, kBytea = 17, kChar = 18, kName = 19, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25,
              kOid = 26, kJson = 114, kFloat4 = 700, kFloat8 = 701, kUnknown = 705, kBpchar = 1042, kVarchar = 1043,
              kNumeric = 1700, kJsonb = 3802;

std::uint16_t be16(const char* p) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(p[0]) << 8) | static_cast<unsigned char>(p[1]));
}
std::uint32_t be32(const char* p) { return (std::uint32_t{be16(p)} << 16) | be16(p + 2); }
std::uint64_t be64(const char* p) { return (std::uint64_t{be32(p)} << 32) | be32(p + 4); }

// numeric in binary: ndigits, weight, sign, dscale (int16 each), then base-10000 digits.
std::string numeric_text(const char* p, int len) {
  if (len < 8) return "NaN";
  const int ndigits = static_cast<std::int16_t>(be16(p));
  const int weight = static_cast<std::int16_t>(be16(p + 2));
  const std::uint16_t sign = be16(p + 4);
  const int dscale = be16(p + 6);
  if (sign == 0xC000) return "NaN";
  if (sign == 0xD000) return "Infinity";
  if (sign == 0xF000) return "-Infinity";
  auto digit = [&](int i) { return i >= 0 && i < ndigits ? static_cast<int>(be16(p + 8 + 2 * i)) : 0; };
  std::string out = sign == 0x4000 ? "-" : "";
  if (weight < 0) {
    out += '0';
  } else {
    for (int i = 0; i <= weight; ++i) {
      char group[8];
      std::snprintf(group, sizeof group, i == 0 ? "%d" : "%04d", digit(i));
      out += group;
    }
  }
  if (dscale > 0) {
    out += '.';
    std::string frac;
    for (int i = weight + 1; static_cast<int>(frac.size()) < dscale; ++i) {
      char group[8];
      std::snprintf(group, sizeof group, "%04d", digit(i));
      frac += group;
    }
    out += frac.substr(0, static_cast<std::size_t>(dscale));
  }
  return out;
}

std::string shortest(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string trimmed(const char* message) {
  std::string m = message ? message : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

void ignore_notice(void*, const char*) {}

// The connection string as written, without a password (URI user info or query, or a key=value pair).
std::string without_password(const std::string& conninfo) {
  static const std::regex uri_user(R"(^(postgres(?:ql)?://[^:/@?]*):[^@/?]*@)");
  static const std::regex uri_query(R"(([?&])password=[^&]*&?)");
  static const std::regex pair(R"((^|\s)password\s*=\s*('(?:[^'\\]|\\.)*'|\S*))");
  std::string out = std::regex_replace(conninfo, uri_user, "$1@");
  out = std::regex_replace(out, uri_query, "$1");
  out = std::regex_replace(out, pair, "$1");
  while (!out.empty() && (out.back() == '?' || out.back() == '&')) out.pop_back();
  return out;
}

class PgConnection;

class PgStatement final : public StatementBackend {
 public:
  PgStatement(PgConnection& conn, std::string_view sql);
  ~PgStatement() override { close_quietly(); }

  void bind_int(int i, std::int64_t v) override { set(i, std::to_string(v), 0); }
  void bind_real(int i, double v) override {
    set(i, v != v ? std::string("NaN") : v == 1.0 / 0.0 ? "Infinity" : v == -1.0 / 0.0 ? "-Infinity" : shortest(v), 0);
  }
  void bind_text(int i, std::string_view v) override { set(i, std::string(v), 0); }
  void bind_blob(int i, std::span<const std::uint8_t> v) override {
    set(i, std::string(reinterpret_cast<const char*>(v.data()), v.size()), 1);
  }
  void bind_null(int i) override {
    check_index(i);
    values_[static_cast<std::size_t>(i - 1)].reset();
  }
  void stream_in_batches(std::size_t rows) override { batch_rows_ = rows; }

  bool step() override;
  // Takes the answer of the FETCH sent ahead (PgConnection::settle, before the connection is used for anything else).
  void collect_prefetch() noexcept;
  void reset() override {
    close_quietly();
    for (auto& v : values_) v.reset();
  }

  bool is_null(int col) const override { return PQgetisnull(result_, row_, col) == 1; }
  std::int64_t int64(int col) const override;
  double real(int col) const override;
  std::string text(int col) const override;
  std::span<const std::uint8_t> blob(int col) const override {
    return {reinterpret_cast<const std::uint8_t*>(PQgetvalue(result_, row_, col)),
            static_cast<std::size_t>(PQgetlength(result_, row_, col))};
  }

 private:
  void set(int i, std::string v, int format) {
    check_index(i);
    values_[static_cast<std::size_t>(i - 1)] = std::move(v);
    formats_[static_cast<std::size_t>(i - 1)] = format;
  }
  void check_index(int i) const;
  void execute();
  bool fetch();
  void close_quietly() noexcept;

  PgConnection& conn_;
  std::string sql_;  // in PostgreSQL's dialect
  std::string name_;
  std::optional<WriteTarget> target_;
  std::vector<std::optional<std::string>> values_;
  std::vector<int> formats_;
  PGresult* result_ = nullptr;
  int row_ = -1, rows_ = 0;
  bool executed_ = false;
  std::size_t batch_rows_ = 0;
  std::string cursor_;  // open cursor, when streaming
  bool cursor_done_ = false;
  // The next batch, asked for before this one is read: the server produces it while the program works.
  PGresult* prefetched_ = nullptr;
  bool prefetching_ = false;
  void send_next_fetch();
};

class PgConnection final : public ConnectionBackend {
 public:
  PgConnection(const std::string& conninfo, Database::Mode mode, PendingWrite& pending) : pending_(pending) {
    // A password in the workspace argument would be readable by every user of the machine (ps, shell history).
    if (without_password(conninfo) != conninfo)
      throw StoreError(without_password(conninfo) +
                       ": the connection string holds a password; give it through ~/.pgpass (or PGPASSFILE), a "
                       "service file or PGPASSWORD instead, never on the command line");
    conn_ = connect(conninfo, "");
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string why = trimmed(PQerrorMessage(conn_));
      PQfinish(conn_);
      conn_ = nullptr;
      // `init` makes the database when the server lets this account create one.
      const bool missing = why.find("does not exist") != std::string::npos;
      if (mode == Database::Mode::create && missing)
        create_database(conninfo, why);
      else if (missing)
        throw StoreError(without_password(conninfo) + ": no such workspace (create it with: ecobarrier init " +
                         without_password(conninfo) + ")");
      else
        throw StoreError("cannot connect to the PostgreSQL workspace " + without_password(conninfo) + ": " + why);
    }
    // Messages and outputs name the workspace as the user wrote it, less any password.
    name_ = without_password(conninfo);
    PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
    // Times are stamped by the program in UTC; messages stay short. No JIT: the store's queries stream rows through
    // simple filters, where compiling them costs more than it saves (measured on the annual assessment's read).
    exec("SET client_min_messages = warning; SET TIME ZONE 'UTC'; SET jit = off; SET lock_timeout = " +
         std::to_string(kBusyTimeoutMs));
    if (mode == Database::Mode::read_only) exec("SET default_transaction_read_only = on");
  }
  ~PgConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::postgresql; }
  const std::string& name() const override { return name_; }
  sqlite3* sqlite_handle() const override { return nullptr; }
  PGconn* conn() const { return conn_; }
  PendingWrite& pending() { return pending_; }

  // One command at a time per connection: a FETCH sent ahead by a streaming statement is collected first.
  void settle() noexcept;
  void set_inflight(PgStatement* s) { inflight_ = s; }

  void exec(const std::string& sql) override {
    settle();
    PGresult* r = PQexec(conn_, sql.c_str());
    const auto status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, sql);
    record_changes(r, write_target(sql));
    PQclear(r);
  }
  std::unique_ptr<StatementBackend> prepare(std::string_view sql) override {
    return std::make_unique<PgStatement>(*this, sql);
  }
  int changes() const override { return last_changes_; }
  std::int64_t total_changes() const override { return total_changes_; }
  bool in_transaction() const override { return PQtransactionStatus(conn_) != PQTRANS_IDLE && !implicit_read_; }
  void rollback_quietly(const char* sql) noexcept override {
    settle();
    PQclear(PQexec(conn_, sql));
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) implicit_read_ = false;
  }
  bool table_exists(std::string_view name) override {
    PgStatement s(*this, "SELECT 1 WHERE to_regclass(?1) IS NOT NULL");
    s.bind_text(1, name);
    return s.step();
  }
  void set_lock_wait(std::chrono::milliseconds wait) override {
    // 0 would mean "wait forever" to PostgreSQL; the caller means "do not wait".
    const long long ms = std::max<long long>(1, wait.count());
    if (ms == lock_wait_ms_) return;
    exec("SET lock_timeout = " + std::to_string(ms));
    lock_wait_ms_ = ms;
  }
  void lock_audit_chain() override {
    // One key per database: the appends of concurrent writers to the hash chain queue here until each commits.
    exec("SELECT pg_advisory_xact_lock(7310132891657535346)");
  }
  void begin_write() override {
    // A writer waits for rows another writer holds as long as a GeoPackage writer waits for the file (write_wait),
    // not the short wait of a read.
    const std::string wait =
        "SET LOCAL lock_timeout = " + std::to_string(std::max<long long>(1, write_wait().bound.count()));
    if (implicit_read_) {
      // A cursor opened its own (read committed) transaction; the write joins it and the cursor stays usable. Each
      // of the write's statements still sees what others committed before it, as outside a transaction.
      implicit_read_ = false;
      exec(wait);
      return;
    }
    exec("BEGIN; " + wait);
  }

  void copy_in(std::string_view table, std::span<const std::string> columns,
               const std::function<void(std::string&)>& produce) override {
    std::string sql = "COPY " + std::string(table) + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + columns[i];
    sql += ") FROM STDIN (FORMAT binary)";
    settle();
    PGresult* r = PQexec(conn_, sql.c_str());
    if (PQresultStatus(r) != PGRES_COPY_IN) fail(r, sql);
    PQclear(r);
    std::string buffer;
    for (;;) {
      buffer.clear();
      try {
        produce(buffer);
      } catch (...) {
        PQputCopyEnd(conn_, "the program stopped the copy");
        while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);
        throw;
      }
      if (buffer.empty()) break;
      if (PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) != 1)
        throw StoreError(name_ + ": copy into " + std::string(table) + ": " + trimmed(PQerrorMessage(conn_)));
    }
    if (PQputCopyEnd(conn_, nullptr) != 1)
      throw StoreError(name_ + ": copy into " + std::string(table) + ": " + trimmed(PQerrorMessage(conn_)));
    PGresult* done = PQgetResult(conn_);
    if (PQresultStatus(done) != PGRES_COMMAND_OK) fail(done, sql);
    record_changes(done, WriteTarget{std::string(table), 'i'});
    PQclear(done);
    while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);
  }

  // Statement names per SQL text: each statement is parsed and planned once per connection.
  const std::string* prepared_name(const std::string& sql) {
    const auto it = prepared_.find(sql);
    return it == prepared_.end() ? nullptr : &it->second;
  }
  const std::string& remember_prepared(const std::string& sql) {
    return prepared_.emplace(sql, "eb_s" + std::to_string(prepared_.size() + 1)).first->second;
  }
  std::string next_cursor() { return "eb_c" + std::to_string(++cursors_made_); }
  // A cursor needs a transaction; outside one, a transaction is opened for it and closed with the last cursor (the
  // cursor's rows are those of the moment it was declared).
  void cursor_opened() {
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) {
      exec("BEGIN");
      implicit_read_ = true;
    }
    ++open_cursors_;
  }
  void cursor_closed() noexcept {
    if (open_cursors_ > 0) --open_cursors_;
    if (open_cursors_ == 0 && implicit_read_) {
      settle();
      PQclear(PQexec(conn_, "COMMIT"));
      implicit_read_ = false;
    }
  }

  void record_changes(PGresult* r, const std::optional<WriteTarget>& target) {
    const char* tuples = PQcmdTuples(r);
    if (!tuples || !*tuples || !target) return;
    const std::int64_t n = std::strtoll(tuples, nullptr, 10);
    last_changes_ = static_cast<int>(n);
    total_changes_ += n;
    pending_.count(target->table, target->op, n);
  }

  [[noreturn]] void fail(PGresult* r, std::string_view sql) {
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
    if (message.empty()) message = trimmed(PQerrorMessage(conn_));
    if (message.rfind("ERROR:  ", 0) == 0) message = message.substr(8);
    if (const auto nl = message.find('\n'); nl != std::string::npos) message = message.substr(0, nl);
    const std::string code = state ? state : "";
    PQclear(r);
    // An error aborts the whole transaction on the server; a read snapshot of our own is simply ended.
    if (implicit_read_) {
      PQclear(PQexec(conn_, "ROLLBACK"));
      implicit_read_ = false;
      open_cursors_ = 0;
    }
    const std::string text = name_ + ": " + message + " (in: " + std::string(sql.substr(0, 120)) + ")";
    if (code == "40001" || code == "40P01") throw StoreConflict(text);
    if (code == "55P03")
      throw StoreError(name_ + ": workspace busy (another writer holds the rows); retry when it has finished");
    if (code == "25006") throw StoreError(name_ + ": the workspace is opened read-only here (" + message + ")");
    throw StoreError(text);
  }

 private:
  static PGconn* connect(const std::string& conninfo, const char* dbname_override) {
    const char* keys[] = {"dbname", "dbname", "fallback_application_name", nullptr};
    const char* values[] = {conninfo.c_str(), dbname_override, "ecobarrier", nullptr};
    if (!*dbname_override) {
      keys[1] = "fallback_application_name";
      values[1] = "ecobarrier";
      keys[2] = nullptr;
      values[2] = nullptr;
    }
    PGconn* c = PQconnectdbParams(keys, values, 1);
    if (!c) throw StoreError("cannot connect to PostgreSQL: out of memory");
    return c;
  }

  void create_database(const std::string& conninfo, const std::string& why) {
    char* err = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &err);
    std::string dbname;
    for (PQconninfoOption* o = options; o && o->keyword; ++o)
      if (std::strcmp(o->keyword, "dbname") == 0 && o->val) dbname = o->val;
    PQconninfoFree(options);
    PQfreemem(err);
    if (dbname.empty())
      throw StoreError("cannot connect to the PostgreSQL workspace " + without_password(conninfo) + ": " + why);
    PGconn* admin = connect(conninfo, "postgres");
    if (PQstatus(admin) != CONNECTION_OK) {
      const std::string admin_why = trimmed(PQerrorMessage(admin));
      PQfinish(admin);
      throw StoreError("cannot connect to the PostgreSQL workspace " + without_password(conninfo) + ": " + why +
                       " (and the maintenance database \"postgres\" to create it: " + admin_why + ")");
    }
    char* ident = PQescapeIdentifier(admin, dbname.c_str(), dbname.size());
    const std::string sql = std::string("CREATE DATABASE ") + ident;
    PQfreemem(ident);
    PGresult* r = PQexec(admin, sql.c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    const std::string create_why = ok ? "" : trimmed(PQresultErrorMessage(r));
    PQclear(r);
    PQfinish(admin);
    if (!ok)
      throw StoreError("cannot create the PostgreSQL workspace database \"" + dbname + "\" (" + create_why +
                       "); ask the database administrator to create it, then run `ecobarrier init` again");
    conn_ = connect(conninfo, "");
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string again = trimmed(PQerrorMessage(conn_));
      PQfinish(conn_);
      conn_ = nullptr;
      throw StoreError("cannot connect to the PostgreSQL workspace " + without_password(conninfo) + ": " + again);
    }
  }

  PGconn* conn_ = nullptr;
  PgStatement* inflight_ = nullptr;
  std::string name_;
  PendingWrite& pending_;
  std::unordered_map<std::string, std::string> prepared_;
  int last_changes_ = 0;
  std::int64_t total_changes_ = 0;
  long long lock_wait_ms_ = kBusyTimeoutMs;
  bool implicit_read_ = false;
  int open_cursors_ = 0;
  int cursors_made_ = 0;
};

PgStatement::PgStatement(PgConnection& conn, std::string_view sql) : conn_(conn), target_(write_target(sql)) {
  int parameters = 0;
  sql_ = postgres_query(sql, parameters);
  values_.resize(static_cast<std::size_t>(parameters));
  formats_.assign(static_cast<std::size_t>(parameters), 0);
}

void PgStatement::check_index(int i) const {
  if (i < 1 || i > static_cast<int>(values_.size()))
    throw StoreError("bind: parameter " + std::to_string(i) + " is not in \"" + sql_.substr(0, 120) + "\"");
}

void PgStatement::execute() {
  std::vector<const char*> values(values_.size());
  std::vector<int> lengths(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) {
    values[i] = values_[i] ? values_[i]->c_str() : nullptr;
    lengths[i] = values_[i] ? static_cast<int>(values_[i]->size()) : 0;
  }
  const int n = static_cast<int>(values_.size());
  PGconn* c = conn_.conn();
  conn_.settle();
  if (batch_rows_ > 0) {
    conn_.cursor_opened();
    cursor_ = conn_.next_cursor();
    const std::string declare = "DECLARE " + cursor_ + " NO SCROLL CURSOR FOR " + sql_;
    PGresult* r = PQexecParams(c, declare.c_str(), n, nullptr, values.data(), lengths.data(), formats_.data(), 1);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
      cursor_.clear();
      conn_.cursor_closed();
      conn_.fail(r, sql_);
    }
    PQclear(r);
    cursor_done_ = false;
    fetch();
    return;
  }
  const std::string* name = conn_.prepared_name(sql_);
  if (!name) {
    const std::string& fresh = conn_.remember_prepared(sql_);
    PGresult* r = PQprepare(c, fresh.c_str(), sql_.c_str(), n, nullptr);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) conn_.fail(r, sql_);
    PQclear(r);
    name = &fresh;
  }
  result_ = PQexecPrepared(c, name->c_str(), n, values.data(), lengths.data(), formats_.data(), 1);
  const auto status = PQresultStatus(result_);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    PGresult* r = result_;
    result_ = nullptr;
    conn_.fail(r, sql_);
  }
  conn_.record_changes(result_, target_);
  rows_ = PQntuples(result_);
  row_ = -1;
}

bool PgStatement::fetch() {
  PQclear(result_);
  result_ = nullptr;
  if (prefetching_) conn_.settle();
  const std::string sql = "FETCH FORWARD " + std::to_string(batch_rows_) + " FROM " + cursor_;
  if (prefetched_) {
    result_ = prefetched_;
    prefetched_ = nullptr;
  } else {
    conn_.settle();
    result_ = PQexecParams(conn_.conn(), sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1);
  }
  if (PQresultStatus(result_) != PGRES_TUPLES_OK) {
    PGresult* r = result_;
    result_ = nullptr;
    cursor_.clear();
    conn_.cursor_closed();
    conn_.fail(r, sql_);
  }
  rows_ = PQntuples(result_);
  row_ = -1;
  if (static_cast<std::size_t>(rows_) < batch_rows_)
    cursor_done_ = true;
  else
    send_next_fetch();
  return rows_ > 0;
}

void PgStatement::send_next_fetch() {
  conn_.settle();
  const std::string sql = "FETCH FORWARD " + std::to_string(batch_rows_) + " FROM " + cursor_;
  if (PQsendQueryParams(conn_.conn(), sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1) != 1) return;
  prefetching_ = true;  // if sending failed, the next fetch asks again and reports the error
  conn_.set_inflight(this);
}

void PgStatement::collect_prefetch() noexcept {
  PGresult* r = PQgetResult(conn_.conn());
  while (PGresult* rest = PQgetResult(conn_.conn())) PQclear(rest);
  PQclear(prefetched_);
  prefetched_ = r;
  prefetching_ = false;
}

bool PgStatement::step() {
  if (!executed_) {
    executed_ = true;
    execute();
  }
  if (row_ + 1 < rows_) {
    ++row_;
    return true;
  }
  if (!cursor_.empty() && !cursor_done_ && fetch()) {
    row_ = 0;
    return true;
  }
  return false;
}

void PgStatement::close_quietly() noexcept {
  if (prefetching_) conn_.settle();
  PQclear(prefetched_);
  prefetched_ = nullptr;
  PQclear(result_);
  result_ = nullptr;
  rows_ = 0;
  row_ = -1;
  executed_ = false;
  if (!cursor_.empty()) {
    conn_.settle();
    if (PQtransactionStatus(conn_.conn()) == PQTRANS_INTRANS)
      PQclear(PQexec(conn_.conn(), ("CLOSE " + cursor_).c_str()));
    cursor_.clear();
    conn_.cursor_closed();
  }
}

std::int64_t PgStatement::int64(int col) const {
  if (is_null(col)) return 0;
  const char* v = PQgetvalue(result_, row_, col);
  const int len = PQgetlength(result_, row_, col);
  switch (PQftype(result_, col)) {
    case kInt8:
      return static_cast<std::int64_t>(be64(v));
    case kInt4:
    case kOid:
      return static_cast<std::int32_t>(be32(v));
    case kInt2:
      return static_cast<std::int16_t>(be16(v));
    case kBool:
      return *v ? 1 : 0;
    case kFloat8:
      return static_cast<std::int64_t>(std::bit_cast<double>(be64(v)));
    case kFloat4:
      return static_cast<std::int64_t>(std::bit_cast<float>(be32(v)));
    case kNumeric:
      return static_cast<std::int64_t>(std::strtod(numeric_text(v, len).c_str(), nullptr));
    default:
      return std::strtoll(std::string(v, static_cast<std::size_t>(len)).c_str(), nullptr, 10);
  }
}

double PgStatement::real(int col) const {
  if (is_null(col)) return 0;
  const char* v = PQgetvalue(result_, row_, col);
  const int len = PQgetlength(result_, row_, col);
  switch (PQftype(result_, col)) {
    case kFloat8:
      return std::bit_cast<double>(be64(v));
    case kFloat4:
      return std::bit_cast<float>(be32(v));
    case kInt8:
    case kInt4:
    case kInt2:
    case kBool:
    case kOid:
      return static_cast<double>(int64(col));
    case kNumeric:
      return std::strtod(numeric_text(v, len).c_str(), nullptr);
    default:
      return std::strtod(std::string(v, static_cast<std::size_t>(len)).c_str(), nullptr);
  }
}

std::string PgStatement::text(int col) const {
  if (is_null(col)) return {};
  const char* v = PQgetvalue(result_, row_, col);
  const int len = PQgetlength(result_, row_, col);
  switch (PQftype(result_, col)) {
    case kInt8:
    case kInt4:
    case kInt2:
    case kBool:
    case kOid:
      return std::to_string(int64(col));
    case kFloat8:
    case kFloat4:
      return shortest(real(col));
    case kNumeric:
      return numeric_text(v, len);
    case kJsonb:
      return len > 0 ? std::string(v + 1, static_cast<std::size_t>(len - 1)) : std::string();
    case kText:
    case kVarchar:
    case kBpchar:
    case kName:
    case kChar:
    case kJson:
    case kUnknown:
    case kBytea:
    default:
      return std::string(v, static_cast<std::size_t>(len));
  }
}

void PgConnection::settle() noexcept {
  if (!inflight_) return;
  PgStatement* s = inflight_;
  inflight_ = nullptr;
  s->collect_prefetch();
}

}  // namespace

std::unique_ptr<ConnectionBackend> open_postgres(const std::string& conninfo, Database::Mode mode,
                                                 PendingWrite& pending) {
  return std::make_unique<PgConnection>(conninfo, mode, pending);
}

}  // namespace eb::store

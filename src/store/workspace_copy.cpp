#include "store/workspace_copy.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "core/error.hpp"
#include "io/file_buffer.hpp"
#include "store/audit.hpp"
#include "store/copy_rows.hpp"
#include "store/gpkg.hpp"
#include "store/observation_store.hpp"
#include "store/workspace.hpp"

namespace eb::store {

namespace {

// What a column holds, the same on both engines: the copy reads and writes each kind the one way that keeps it
// exact (integers as 64-bit integers, reals as their IEEE bits, geometry as ISO WKB in between).
enum class Kind { integer, real, text, bytes, geometry };

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::integer:
      return "integer";
    case Kind::real:
      return "real";
    case Kind::text:
      return "text";
    case Kind::bytes:
      return "bytes";
    case Kind::geometry:
      return "geometry";
  }
  return "?";
}

struct Column {
  std::string name;
  Kind kind = Kind::text;
  int pk = 0;              // position in the primary key, 1-based; 0: not part of it
  bool generated = false;  // an id the database hands out (SQLite INTEGER PRIMARY KEY, PostgreSQL identity)
};

struct Shape {
  std::string table;
  std::vector<Column> columns;
  const Column* find(std::string_view name) const {
    for (const auto& c : columns)
      if (c.name == name) return &c;
    return nullptr;
  }
};

std::string sql_name(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Tables that are not copied: GeoPackage's and SQLite's bookkeeping (its gpkg_* rows are the destination's own,
// and the R*Tree indexes are filled by triggers as features are inserted), PostGIS's spatial_ref_sys, and the
// destination's own migration record and QGIS styles (its migrations wrote ecobarrier's styles for it; styles a
// user saved in QGIS stay with the source).
bool bookkeeping(std::string_view table) {
  return table.starts_with("gpkg_") || table.starts_with("rtree_") || table.starts_with("sqlite_") ||
         table == "spatial_ref_sys" || table == "ecobarrier_migration" || table == "layer_styles";
}

// The audit log and what it keeps beside it: copied verbatim, but a workspace whose log records only its own
// creation still counts as empty.
bool audit_table(std::string_view table) {
  return table == "audit_log" || table == "audit_head" || table == "ecobarrier_generation";
}

// ecobarrier's tables in the order they were created (the migrations' order); partitions of a server's
// partitioned tables are read and written through their parent.
std::vector<std::string> schema_tables(Database& db) {
  auto q =
      db.prepare(db.on_server() ? "SELECT c.relname::text FROM pg_catalog.pg_class c "
                                  "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') "
                                  "AND NOT c.relispartition ORDER BY c.oid"
                                : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid");
  std::vector<std::string> out;
  while (q.step()) {
    std::string t = q.text(0);
    if (!bookkeeping(t)) out.push_back(std::move(t));
  }
  return out;
}

std::set<std::pair<std::string, std::string>> geometry_columns(Database& db) {
  std::set<std::pair<std::string, std::string>> out;
  if (!db.on_server() && !db.table_exists("gpkg_geometry_columns")) return out;
  auto q = db.prepare(db.on_server() ? "SELECT f_table_name::text, f_geometry_column::text FROM geometry_columns "
                                       "WHERE f_table_schema = current_schema()"
                                     : "SELECT table_name, column_name FROM gpkg_geometry_columns");
  while (q.step()) out.emplace(q.text(0), q.text(1));
  return out;
}

Kind sqlite_kind(const std::string& table, const std::string& column, std::string type) {
  for (char& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (type.find("INT") != std::string::npos) return Kind::integer;
  if (type.find("REAL") != std::string::npos || type.find("FLOA") != std::string::npos ||
      type.find("DOUB") != std::string::npos)
    return Kind::real;
  if (type.find("TEXT") != std::string::npos || type.find("CHAR") != std::string::npos ||
      type.find("CLOB") != std::string::npos)
    return Kind::text;
  if (type.find("BLOB") != std::string::npos) return Kind::bytes;
  throw StoreError(
      fmt::format("column {}.{} has type \"{}\", which a workspace copy does not handle", table, column, type));
}

Kind postgres_kind(const std::string& table, const std::string& column, const std::string& type) {
  // Only the types ecobarrier's schema makes on a server (INTEGER → bigint, REAL → double precision): the binary
  // COPY writes exactly these.
  if (type == "int8") return Kind::integer;
  if (type == "float8") return Kind::real;
  if (type == "text" || type == "varchar") return Kind::text;
  if (type == "bytea") return Kind::bytes;
  if (type == "geometry") return Kind::geometry;
  throw StoreError(
      fmt::format("column {}.{} has type {}, which a workspace copy does not handle", table, column, type));
}

Shape table_shape(Database& db, const std::string& table,
                  const std::set<std::pair<std::string, std::string>>& geometry) {
  Shape s{table, {}};
  if (db.on_server()) {
    auto q = db.prepare(
        "SELECT a.attname::text, t.typname::text, (a.attidentity <> '')::int, "
        "coalesce((SELECT k.n FROM pg_catalog.pg_index i, unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n) "
        "WHERE i.indrelid = a.attrelid AND i.indisprimary AND k.attnum = a.attnum), 0) "
        "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
        "WHERE a.attrelid = to_regclass(?1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum");
    q.bind(1, sql_name(table));
    while (q.step()) {
      Column c{q.text(0), Kind::text, static_cast<int>(q.int64(3)), q.int64(2) != 0};
      c.kind = geometry.count({table, c.name}) ? Kind::geometry : postgres_kind(table, c.name, q.text(1));
      s.columns.push_back(std::move(c));
    }
    return s;
  }
  auto q = db.prepare("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid");
  q.bind(1, table);
  int pk_columns = 0;
  while (q.step()) {
    Column c{q.text(0), Kind::text, static_cast<int>(q.int64(2)), false};
    c.kind = geometry.count({table, c.name}) ? Kind::geometry : sqlite_kind(table, c.name, q.text(1));
    if (c.pk > 0) ++pk_columns;
    s.columns.push_back(std::move(c));
  }
  // An INTEGER PRIMARY KEY of its own is the rowid: SQLite hands it out.
  for (auto& c : s.columns)
    if (c.pk == 1 && pk_columns == 1 && c.kind == Kind::integer) c.generated = true;
  return s;
}

// The columns of a table that both workspaces have, in the destination's order, with the kinds they agree on.
struct Plan {
  std::string table;
  std::vector<Column> columns;
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& c : columns) out.push_back(sql_name(c.name));
    return out;
  }
};

// SELECT of the plan's columns in primary-key order (all columns but geometries when there is none), the same on
// both engines: text compared byte by byte (PostgreSQL's "C" collation is SQLite's BINARY). On SQLite, a last
// column counts the values whose storage class is not their column's (SQLite lets an INTEGER column hold 1.5,
// which neither the copy nor a server could keep).
std::string select_sql(const Database& db, const Plan& p, bool check_storage) {
  std::string cols, order, bad;
  std::vector<const Column*> key;
  for (const auto& c : p.columns)
    if (c.pk > 0) key.push_back(&c);
  std::sort(key.begin(), key.end(), [](const Column* a, const Column* b) { return a->pk < b->pk; });
  if (key.empty())
    for (const auto& c : p.columns)
      if (c.kind != Kind::geometry) key.push_back(&c);
  for (const auto& c : p.columns) {
    cols += (cols.empty() ? "" : ", ") + sql_name(c.name);
    if (check_storage) {
      const char* allowed = c.kind == Kind::integer ? "'integer'"
                            : c.kind == Kind::real  ? "'real', 'integer'"
                            : c.kind == Kind::text  ? "'text'"
                                                    : "'blob'";
      bad += fmt::format("{}(typeof({}) NOT IN ('null', {}))", bad.empty() ? "" : " + ", sql_name(c.name), allowed);
    }
  }
  for (const Column* c : key)
    order += (order.empty() ? "" : ", ") + sql_name(c->name) +
             (db.on_server() && c->kind == Kind::text ? " COLLATE \"C\"" : "");
  return fmt::format("SELECT {}{} FROM {}{}", cols, check_storage ? ", " + bad : std::string(), sql_name(p.table),
                     order.empty() ? std::string() : " ORDER BY " + order);
}

// Where the values of one row go as they are read: the canonical rendering that is hashed, and the destination.
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void begin_row() = 0;
  virtual void null(int i) = 0;
  virtual void integer(int i, std::int64_t v) = 0;
  virtual void real(int i, double v) = 0;
  virtual void text(int i, std::string_view v) = 0;
  virtual void bytes(int i, std::span<const std::uint8_t> v) = 0;
  virtual void geometry(int i, std::span<const std::uint8_t> wkb) = 0;
  virtual void end_row() = 0;
};

// Rows into a prepared INSERT (SQLite).
class InsertSink final : public RowSink {
 public:
  InsertSink(Database& db, const Plan& p) : db_(db), insert_(db.prepare(insert_sql(p))) {}
  void begin_row() override {}
  void null(int i) override { insert_.bind_null(i + 1); }
  void integer(int i, std::int64_t v) override { insert_.bind(i + 1, v); }
  void real(int i, double v) override { insert_.bind(i + 1, v); }
  void text(int i, std::string_view v) override { insert_.bind(i + 1, v); }
  void bytes(int i, std::span<const std::uint8_t> v) override {
    // A zero-length blob, not NULL (SQLite binds a null pointer as NULL).
    static const std::uint8_t kNone = 0;
    insert_.bind_blob(i + 1, v.empty() ? std::span<const std::uint8_t>(&kNone, 0) : v);
  }
  void geometry(int i, std::span<const std::uint8_t> wkb) override {
    insert_.bind_blob(i + 1, geometry_value(db_, wkb));
  }
  void end_row() override { insert_.run(); }

 private:
  static std::string insert_sql(const Plan& p) {
    std::string cols, marks;
    for (std::size_t i = 0; i < p.columns.size(); ++i) {
      cols += (i ? ", " : "") + sql_name(p.columns[i].name);
      marks += fmt::format("{}?{}", i ? ", " : "", i + 1);
    }
    return fmt::format("INSERT INTO {} ({}) VALUES ({})", sql_name(p.table), cols, marks);
  }
  Database& db_;
  Statement insert_;
};

// Rows as binary COPY data (PostgreSQL).
class CopySink final : public RowSink {
 public:
  CopySink(Database& db, int fields) : db_(db), fields_(fields) {}
  void attach(std::string& buffer) { rows_.emplace(buffer); }
  CopyRows& out() { return *rows_; }
  void begin_row() override { rows_->row(fields_); }
  void null(int) override { rows_->null(); }
  void integer(int, std::int64_t v) override { rows_->int8(v); }
  void real(int, double v) override { rows_->float8(v); }
  void text(int, std::string_view v) override { rows_->text(v); }
  void bytes(int, std::span<const std::uint8_t> v) override { rows_->bytes(v); }
  void geometry(int, std::span<const std::uint8_t> wkb) override { rows_->bytes(geometry_value(db_, wkb)); }
  void end_row() override {}

 private:
  Database& db_;
  int fields_;
  std::optional<CopyRows> rows_;
};

// The canonical rendering of rows, hashed as they go by: per value a tag and the value (integers as 8 bytes
// big-endian, reals as their IEEE bits with a zero's sign dropped, since SQLite keeps 0.0 for -0.0; text, bytes and
// ISO WKB with their length), so that equal rows hash equally whichever engine they were read from.
class RowHash {
 public:
  void null() { buf_ += 'N'; }
  void integer(std::int64_t v) {
    buf_ += 'I';
    u64(static_cast<std::uint64_t>(v));
  }
  void real(double v) {
    buf_ += 'R';
    u64(std::bit_cast<std::uint64_t>(v == 0 ? 0.0 : v));
  }
  void text(std::string_view v) { sized('T', v); }
  void bytes(std::span<const std::uint8_t> v) {
    sized('B', std::string_view(reinterpret_cast<const char*>(v.data()), v.size()));
  }
  void geometry(std::span<const std::uint8_t> wkb) {
    sized('G', std::string_view(reinterpret_cast<const char*>(wkb.data()), wkb.size()));
  }
  void end_row() {
    ++rows_;
    if (buf_.size() >= (1u << 16)) flush();
  }
  std::int64_t rows() const { return rows_; }
  std::string hex() {
    flush();
    return sha_.hex();
  }

 private:
  void u64(std::uint64_t v) {
    for (int b = 56; b >= 0; b -= 8) buf_ += static_cast<char>(v >> b);
  }
  void sized(char tag, std::string_view v) {
    buf_ += tag;
    const auto n = static_cast<std::uint32_t>(v.size());
    for (int b = 24; b >= 0; b -= 8) buf_ += static_cast<char>(n >> b);
    buf_.append(v);
  }
  void flush() {
    sha_.update(buf_);
    buf_.clear();
  }
  io::Sha256 sha_;
  std::string buf_;
  std::int64_t rows_ = 0;
};

using Progress = std::function<void(std::string_view, std::string_view, std::int64_t, std::int64_t)>;
constexpr std::int64_t kProgressEvery = 16384;

// Reads the plan's rows from `db` in key order, hashing each and handing it to `sink` (none: only hashed).
// `more` says whether to go on after a row (the COPY sends its buffer when it is full).
class TableReader {
 public:
  TableReader(Database& db, const Plan& p, std::string_view phase, std::int64_t total, const Progress& progress)
      : db_(db),
        plan_(p),
        check_(!db.on_server()),
        q_(db.prepare(select_sql(db, p, check_))),
        phase_(phase),
        total_(total),
        progress_(progress) {
    q_.in_batches();
    if (progress_) progress_(phase_, plan_.table, 0, total_);
  }

  // Reads the next row; false at the end.
  bool next(RowSink* sink) {
    if (!q_.step()) {
      if (progress_) progress_(phase_, plan_.table, hash_.rows(), total_);
      return false;
    }
    const int n = static_cast<int>(plan_.columns.size());
    if (check_ && q_.int64(n) != 0)
      throw StoreError(
          fmt::format("{}: table {}, row {} in key order: a value is not of its column's type "
                      "(SQLite kept it as given); nothing was copied",
                      db_.path(), plan_.table, hash_.rows() + 1));
    if (sink) sink->begin_row();
    for (int i = 0; i < n; ++i) {
      if (q_.is_null(i)) {
        hash_.null();
        if (sink) sink->null(i);
        continue;
      }
      switch (plan_.columns[static_cast<std::size_t>(i)].kind) {
        case Kind::integer: {
          const std::int64_t v = q_.int64(i);
          hash_.integer(v);
          if (sink) sink->integer(i, v);
          break;
        }
        case Kind::real: {
          const double v = q_.real(i);
          hash_.real(v);
          if (sink) sink->real(i, v);
          break;
        }
        case Kind::text: {
          const std::string v = q_.text(i);
          hash_.text(v);
          if (sink) sink->text(i, v);
          break;
        }
        case Kind::bytes: {
          const auto v = q_.blob(i);
          hash_.bytes(v);
          if (sink) sink->bytes(i, v);
          break;
        }
        case Kind::geometry: {
          const auto wkb = geometry_wkb(db_, q_.blob(i));
          hash_.geometry(wkb);
          if (sink) sink->geometry(i, wkb);
          break;
        }
      }
    }
    if (sink) sink->end_row();
    hash_.end_row();
    if (progress_ && hash_.rows() % kProgressEvery == 0) progress_(phase_, plan_.table, hash_.rows(), total_);
    return true;
  }

  std::int64_t rows() const { return hash_.rows(); }
  std::string hex() { return hash_.hex(); }

 private:
  Database& db_;
  const Plan& plan_;
  bool check_;
  Statement q_;
  std::string phase_;
  std::int64_t total_;
  const Progress& progress_;
  RowHash hash_;
};

std::int64_t count_rows(Database& db, const std::string& table) {
  return db.query_int("SELECT count(*) FROM " + sql_name(table)).value_or(0);
}

// Copies one table's rows; returns its count and hash as read from the source.
CopiedTable copy_table(Database& src, Database& dst, const Plan& p, const Progress& progress) {
  TableReader reader(src, p, "copy", count_rows(src, p.table), progress);
  if (!dst.on_server()) {
    InsertSink sink(dst, p);
    while (reader.next(&sink)) {
    }
  } else {
    CopySink sink(dst, static_cast<int>(p.columns.size()));
    bool started = false, ended = false;
    dst.copy_in(sql_name(p.table), p.names(), [&](std::string& buffer) {
      if (ended) return;  // an empty buffer ends the COPY
      sink.attach(buffer);
      if (!started) {
        sink.out().header();
        started = true;
      }
      while (buffer.size() < (1u << 20)) {
        if (!reader.next(&sink)) {
          sink.out().trailer();
          ended = true;
          break;
        }
      }
    });
  }
  return {p.table, reader.rows(), reader.hex()};
}

CopiedTable table_digest(Database& db, const Plan& p, const Progress& progress) {
  TableReader reader(db, p, "verify", count_rows(db, p.table), progress);
  while (reader.next(nullptr)) {
  }
  return {p.table, reader.rows(), reader.hex()};
}

// Why a destination is not empty, or nothing: a row in any of ecobarrier's tables, or an audit log that records more
// than the migrations that made the workspace.
std::optional<std::string> holds_data(Database& db) {
  for (const auto& t : schema_tables(db)) {
    if (audit_table(t)) continue;
    if (db.query_int("SELECT 1 FROM " + sql_name(t) + " LIMIT 1")) return fmt::format("table {} has rows", t);
  }
  if (db.table_exists("audit_log") &&
      db.query_int("SELECT count(*) FROM audit_log WHERE action <> 'migrate'").value_or(0) > 0)
    return std::string("its audit log records changes to data");
  return std::nullopt;
}

// The server and database a connection reaches, to refuse copying a workspace onto itself.
std::string server_identity(Database& db) {
  try {
    return db
        .query_text(
            "SELECT (SELECT system_identifier FROM pg_control_system())::text || '/' || "
            "current_database()")
        .value_or("");
  } catch (const StoreError&) {
    return db
        .query_text(
            "SELECT coalesce(inet_server_addr()::text, '') || ':' || inet_server_port() || '/' || "
            "current_database()")
        .value_or("");
  }
}

std::string same_workspace(const std::string& source, const std::string& destination) {
  return fmt::format("{} and {} are the same workspace; copy into a new one", source, destination);
}

std::string refused(const std::string& destination, const std::string& why) {
  return fmt::format(
      "{}: refusing to copy into it: {}; copy into a new file or database, or into an empty workspace made "
      "by `ecobarrier init`",
      destination, why);
}

// Looks at an existing destination before anything is written to it: it must not be the source, and must be an
// empty workspace (or, on a server, an empty database that init will make one).
void check_destination(Workspace& src, const std::string& destination) {
  std::optional<Database> db;
  if (is_server_workspace(destination)) {
    try {
      db.emplace(destination, Database::Mode::read_only);
    } catch (const StoreError&) {
      return;  // no such database (yet): the copy's init makes it, or reports why it cannot
    }
    if (src.db().on_server() && server_identity(src.db()) == server_identity(*db))
      throw StoreError(same_workspace(src.path(), destination));
    if (!db->table_exists("ecobarrier_migration")) return;  // init takes an empty database, refuses a foreign one
  } else {
    bool ours = false;
    try {
      db.emplace(destination, Database::Mode::read_only);
      ours = db->table_exists("ecobarrier_migration");
    } catch (const StoreError& e) {
      throw StoreError(refused(destination, fmt::format("it is not an ecobarrier workspace ({})", e.what())));
    }
    if (!ours) throw StoreError(refused(destination, "it is not an ecobarrier workspace"));
  }
  if (const auto why = holds_data(*db)) throw StoreError(refused(destination, *why));
}

// The source read in one snapshot, so that a copy taken while others write is of one moment.
class Snapshot {
 public:
  explicit Snapshot(Database& db) : db_(db) {
    db_.exec(db_.on_server() ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
  }
  ~Snapshot() {
    if (ended_) return;
    try {
      db_.exec("ROLLBACK");
    } catch (...) {
    }
  }
  void end() {
    db_.exec("COMMIT");
    ended_ = true;
  }

 private:
  Database& db_;
  bool ended_ = false;
};

// The destination's own audit entries (of its creation) make way for the source's log, copied verbatim; the
// append-only guards are lifted for that inside the copy's transaction and are back before it commits.
class AuditGuards {
 public:
  explicit AuditGuards(Database& db) : db_(db) {
    if (db_.on_server()) {
      db_.exec("ALTER TABLE audit_log DISABLE TRIGGER USER; ALTER TABLE audit_head DISABLE TRIGGER USER");
    } else {
      auto q = db_.prepare(
          "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('audit_log', 'audit_head')");
      std::vector<std::string> names;
      while (q.step()) {
        names.push_back(q.text(0));
        triggers_.push_back(q.text(1));
      }
      for (const auto& n : names) db_.exec("DROP TRIGGER " + sql_name(n));
    }
    db_.exec("DELETE FROM audit_log; DELETE FROM audit_head; DELETE FROM ecobarrier_generation");
  }
  void restore() {
    if (db_.on_server()) {
      db_.exec("ALTER TABLE audit_log ENABLE TRIGGER USER; ALTER TABLE audit_head ENABLE TRIGGER USER");
      return;
    }
    for (const auto& sql : triggers_) db_.exec(sql);
  }

 private:
  Database& db_;
  std::vector<std::string> triggers_;
};

// The highest id the source has handed out for a generated column (deleted rows' ids included), so that the
// destination never hands one out again: the audit log names rows by id.
std::optional<std::int64_t> ids_handed_out(Database& db, const std::string& table, const std::string& column) {
  if (db.on_server()) {
    // A role that may not read the sequence gets no mark (an error would end the source's snapshot).
    auto q = db.prepare(
        "SELECT CASE WHEN has_sequence_privilege(s, 'SELECT,USAGE') THEN pg_sequence_last_value(s) END "
        "FROM (SELECT pg_get_serial_sequence(?1, ?2)::regclass AS s) x");
    q.bind(1, sql_name(table)).bind(2, column);
    if (q.step() && !q.is_null(0)) return q.int64(0);
    return std::nullopt;
  }
  if (!db.table_exists("sqlite_sequence")) return std::nullopt;
  auto q = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = ?1");
  q.bind(1, table);
  if (q.step() && !q.is_null(0)) return q.int64(0);
  return std::nullopt;
}

void continue_ids_after(Database& db, const std::string& table, const std::string& column, std::int64_t last) {
  if (last < 1) return;
  if (db.on_server()) {
    auto q = db.prepare("SELECT setval(pg_get_serial_sequence(?1, ?2), ?3)");
    q.bind(1, sql_name(table)).bind(2, column).bind(3, last);
    q.step();
    return;
  }
  // Only AUTOINCREMENT tables keep their high-water mark; the others continue after their largest id anyway.
  auto autoincrement = db.prepare("SELECT 1 FROM sqlite_master WHERE name = ?1 AND sql LIKE '%AUTOINCREMENT%'");
  autoincrement.bind(1, table);
  if (!autoincrement.step()) return;
  auto update = db.prepare("UPDATE sqlite_sequence SET seq = max(seq, ?2) WHERE name = ?1");
  update.bind(1, table).bind(2, last).run();
  if (db.changes() == 0)
    db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES (?1, ?2)").bind(1, table).bind(2, last).run();
}

WorkspaceCopyReport copy_into(Workspace& src, Workspace& dst, const WorkspaceCopyOptions& options) {
  Database& s = src.db();
  Database& d = dst.db();
  WorkspaceCopyReport report;
  report.source = src.path();
  report.destination = dst.path();
  report.schema_version = dst.schema_version();
  if (src.schema_version() != report.schema_version)
    throw StoreError(fmt::format("{}: schema version {} is not the destination's {}", src.path(), src.schema_version(),
                                 report.schema_version));

  // What to copy: the destination's tables and, of each, the columns the source has too.
  const auto src_geometry = geometry_columns(s), dst_geometry = geometry_columns(d);
  const auto src_tables = schema_tables(s);
  const std::set<std::string> src_table_set(src_tables.begin(), src_tables.end());
  std::vector<Plan> plans;
  std::set<std::string> planned;
  for (const auto& t : schema_tables(d)) {
    if (!src_table_set.count(t))
      throw StoreError(
          fmt::format("{}: has no table {}, which schema version {} has", src.path(), t, report.schema_version));
    const Shape from = table_shape(s, t, src_geometry), to = table_shape(d, t, dst_geometry);
    Plan p{t, {}};
    for (const auto& c : to.columns) {
      const Column* f = from.find(c.name);
      if (!f) continue;
      if (f->kind != c.kind)
        throw StoreError(fmt::format("column {}.{} holds {} in {} but {} in {}", t, c.name, kind_name(f->kind),
                                     src.path(), kind_name(c.kind), dst.path()));
      p.columns.push_back(c);
    }
    for (const auto& c : from.columns)
      if (!to.find(c.name)) report.not_copied.push_back(t + "." + c.name);
    planned.insert(t);
    plans.push_back(std::move(p));
  }
  for (const auto& t : src_tables)
    if (!planned.count(t)) report.not_copied.push_back(t);

  Snapshot snapshot(s);
  // The copy adds no audit entry of its own inside the copied data: the source's log arrives verbatim and its
  // hash chain verifies in the destination. The hook is back before the one entry that records the copy.
  d.set_before_commit(nullptr);
  struct HookBack {
    Database& db;
    ~HookBack() { install_audit_hook(db); }
  } hook_back{d};

  Transaction tx(d);
  // Again inside the transaction: another program may have written since the destination was looked at.
  if (const auto why = holds_data(d)) throw StoreError(refused(dst.path(), *why));
  AuditGuards guards(d);
  for (const auto& p : plans) report.tables.push_back(copy_table(s, d, p, options.progress));
  guards.restore();

  for (const auto& p : plans) {
    for (const auto& c : p.columns) {
      if (!c.generated) continue;
      const std::int64_t last =
          std::max(ids_handed_out(s, p.table, c.name).value_or(0),
                   d.query_int("SELECT max(" + sql_name(c.name) + ") FROM " + sql_name(p.table)).value_or(0));
      continue_ids_after(d, p.table, c.name, last);
    }
  }
  for (const auto& [table, column] : dst_geometry)
    if (planned.count(table)) update_contents_extent(d, table, column);
  // On a server, the observations the copy put in the default partition move into one partition per year.
  if (planned.count("observation")) partition_observations_by_year(d);
  snapshot.end();

  // Read back what the destination now holds, before it commits: any difference rolls everything back.
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const CopiedTable back = table_digest(d, plans[i], options.progress);
    const CopiedTable& sent = report.tables[i];
    if (back.rows != sent.rows || back.sha256 != sent.sha256)
      throw StoreError(fmt::format(
          "{}: table {} does not read back as copied ({} rows, SHA-256 {} read from {}; {} rows, SHA-256 {} in "
          "the copy); nothing was copied",
          dst.path(), sent.table, sent.rows, sent.sha256.substr(0, 12), src.path(), back.rows,
          back.sha256.substr(0, 12)));
  }
  tx.commit();

  std::string lines;
  for (const auto& t : report.tables) lines += fmt::format("{} {} {}\n", t.table, t.rows, t.sha256);
  report.checksum = io::sha256_hex(lines);
  return report;
}

void remove_file_and_companions(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
}

}  // namespace

WorkspaceCopyReport copy_workspace(const std::string& source, const std::string& destination,
                                   const WorkspaceCopyOptions& options) {
  if (source == destination) throw StoreError(same_workspace(source, destination));
  const bool dst_on_server = is_server_workspace(destination);
  struct stat dst_stat {};
  const bool dst_file_exists = !dst_on_server && ::stat(destination.c_str(), &dst_stat) == 0;
  if (dst_file_exists && !is_server_workspace(source)) {
    struct stat src_stat {};
    if (::stat(source.c_str(), &src_stat) == 0 && src_stat.st_dev == dst_stat.st_dev &&
        src_stat.st_ino == dst_stat.st_ino)
      throw StoreError(same_workspace(source, destination));
  }

  Workspace src(source, Workspace::Open::existing);
  if (dst_on_server || dst_file_exists) check_destination(src, destination);

  WorkspaceCopyReport report;
  {
    std::optional<Workspace> dst;
    try {
      dst.emplace(destination, Workspace::Open::create_if_missing);
      report = copy_into(src, *dst, options);
    } catch (...) {
      dst.reset();
      if (!dst_on_server && !dst_file_exists) remove_file_and_companions(destination);
      throw;
    }

    // One entry records the copy, chained after the source's last.
    nlohmann::json tables = nlohmann::json::object();
    for (const auto& t : report.tables) tables[t.table] = {{"rows", t.rows}, {"sha256", t.sha256}};
    const nlohmann::json details = {{"source", report.source},
                                    {"schema_version", report.schema_version},
                                    {"checksum", report.checksum},
                                    {"tables", tables}};
    Database& d = dst->db();
    Transaction tx(d);
    d.describe_write({"workspace copy", "", report.source,
                      details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), ""});
    tx.commit();
    report.audit_seq = d.query_int("SELECT seq FROM audit_head WHERE id = 1").value_or(0);
  }
  return report;
}

}  // namespace eb::store

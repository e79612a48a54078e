#include "store/audit.hpp"

#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "io/file_buffer.hpp"
#include "store/database.hpp"

namespace eb::store {

namespace {

std::string now_utc() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:03d}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
}

// Tables whose changes publish nothing: the server's accounts, sessions and pending submissions, and the audit
// log itself. A commit that changed only these keeps the published generation (and the server's cache).
bool private_table(std::string_view t) {
  return t == "account" || t == "auth_token" || t == "submission" || t == "audit_log" || t == "audit_head" ||
         t == "ecobarrier_generation";
}

// Counts a commit that may have changed published data. Conservative: rows SQLite does not report table by
// table (WITHOUT ROWID tables) count as published.
void bump_published_generation(Database& db, std::int64_t changes) {
  std::int64_t private_rows = 0;
  bool other = false;
  for (const auto& t : db.pending_write().tables) {
    if (private_table(t.table)) {
      private_rows += t.inserted + t.updated + t.deleted;
    } else if (t.inserted + t.updated + t.deleted > 0) {
      other = true;
    }
  }
  if (!other && private_rows >= changes) return;
  if (!db.table_exists("ecobarrier_generation")) return;  // before migration 14 (only while migrating)
  db.exec("UPDATE ecobarrier_generation SET published = published + 1 WHERE id = 1");
}

// Appends the entries of the transaction in progress.
void append_entries(Database& db) {
  auto& pending = db.pending_write();
  const std::int64_t changes = db.total_changes() - pending.total_changes_at_begin;
  if (changes == 0 && pending.notes.empty()) return;
  // Concurrent writers on a server take turns from here to their commit: each entry chains to the one before.
  db.lock_audit_chain();
  if (changes > 0) bump_published_generation(db, changes);
  if (!db.table_exists("audit_log")) return;  // a workspace before migration 11 (only while migrating)

  nlohmann::json rows = nlohmann::json::object();
  std::string busiest;
  std::int64_t most = -1;
  for (const auto& t : pending.tables) {
    if (t.table == "audit_log" || t.table == "audit_head") continue;
    rows[t.table] = {{"inserted", t.inserted}, {"updated", t.updated}, {"deleted", t.deleted}};
    const std::int64_t n = t.inserted + t.updated + t.deleted;
    // The entry names a data table, not the GeoPackage's bookkeeping or spatial-index shadow tables.
    const bool bookkeeping = t.table.starts_with("rtree_") || t.table.starts_with("gpkg_");
    if (!bookkeeping && n > most) {
      most = n;
      busiest = t.table;
    }
  }
  std::vector<Database::WriteNote> notes = pending.notes;
  if (notes.empty()) notes.push_back({"write", busiest, "", "{}", ""});

  auto head = db.prepare("SELECT seq, hash FROM audit_head WHERE id = 1");
  AuditEntry prev;
  prev.hash = kAuditGenesis;
  if (head.step()) {
    prev.seq = head.int64(0);
    prev.hash = head.text(1);
  }
  auto insert = db.prepare(
      "INSERT INTO audit_log (seq, time, actor, action, table_name, row_key, details, prev_hash, hash) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  const std::string time = now_utc();
  for (std::size_t i = 0; i < notes.size(); ++i) {
    const auto& n = notes[i];
    nlohmann::json details = nlohmann::json::parse(n.details_json.empty() ? "{}" : n.details_json);
    if (!details.is_object()) details = {{"value", details}};
    if (i == 0) {
      // The rows the transaction changed (SQLite's count includes WITHOUT ROWID tables such as observation, which
      // `rows` cannot name).
      details["changed_rows"] = changes;
      details["rows"] = rows;
    }
    AuditEntry e;
    e.seq = prev.seq + 1;
    e.time = time;
    e.actor = n.actor.empty() ? db.actor() : n.actor;
    e.action = n.action;
    e.table = n.table;
    e.key = n.key;
    e.details = details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    e.prev_hash = prev.hash;
    e.hash = entry_hash(e);
    insert.bind(1, e.seq).bind(2, e.time).bind(3, e.actor).bind(4, e.action).bind(5, e.table).bind(6, e.key);
    insert.bind(7, e.details).bind(8, e.prev_hash).bind(9, e.hash);
    insert.run();
    prev = e;
  }
  db.prepare(
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?1, ?2) "
        "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash")
      .bind(1, prev.seq)
      .bind(2, prev.hash)
      .run();
}

AuditEntry read_entry(Statement& q) {
  AuditEntry e;
  e.seq = q.int64(0);
  e.time = q.text(1);
  e.actor = q.text(2);
  e.action = q.text(3);
  e.table = q.text(4);
  e.key = q.text(5);
  e.details = q.text(6);
  e.prev_hash = q.text(7);
  e.hash = q.text(8);
  return e;
}

constexpr const char* kSelect =
    "SELECT seq, time, actor, action, table_name, row_key, details, prev_hash, hash FROM audit_log ";

}  // namespace

std::string canonical_entry(const AuditEntry& e) {
  // details go in as the stored text, byte for byte: any edit of it changes the hash.
  return nlohmann::json::array({e.seq, e.time, e.actor, e.action, e.table, e.key, e.details}).dump();
}

std::string entry_hash(const AuditEntry& e) { return io::sha256_hex(e.prev_hash + "\n" + canonical_entry(e)); }

void install_audit_hook(Database& db) { db.set_before_commit(append_entries); }

std::int64_t published_generation(Workspace& ws) {
  if (!ws.db().table_exists("ecobarrier_generation")) return 0;
  return ws.db().query_int("SELECT published FROM ecobarrier_generation WHERE id = 1").value_or(0);
}

std::vector<AuditEntry> audit_entries(Workspace& ws, const AuditListRequest& req) {
  auto q = ws.db().prepare(std::string(kSelect) + "WHERE seq > ?1 ORDER BY seq" +
                           (req.limit ? fmt::format(" LIMIT {}", req.limit) : std::string()));
  q.bind(1, req.after.value_or(0));
  std::vector<AuditEntry> out;
  while (q.step()) out.push_back(read_entry(q));
  return out;
}

AuditVerification verify_audit(Workspace& ws) {
  AuditVerification v;
  auto& db = ws.db();
  auto head = db.prepare("SELECT seq, hash FROM audit_head WHERE id = 1");
  if (head.step()) {
    v.head_seq = head.int64(0);
    v.head_hash = head.text(1);
  }
  const auto fail = [&](std::int64_t seq, std::string why) {
    if (!v.ok) return;
    v.ok = false;
    v.first_bad = seq;
    v.problem = std::move(why);
  };
  auto q = db.prepare(std::string(kSelect) + "ORDER BY seq");
  std::int64_t expected = 1;
  std::string prev_hash = kAuditGenesis;
  while (q.step() && v.ok) {
    const AuditEntry e = read_entry(q);
    ++v.entries;
    if (e.seq != expected) {
      fail(expected, fmt::format("entry {} is missing (the next entry is {})", expected, e.seq));
      break;
    }
    if (e.prev_hash != prev_hash) {
      fail(e.seq, fmt::format("prev_hash {} is not the hash of entry {} ({})", e.prev_hash, e.seq - 1, prev_hash));
      break;
    }
    const std::string h = entry_hash(e);
    if (h != e.hash) {
      fail(e.seq, fmt::format("hash does not match the entry's content (stored {}, computed {})", e.hash, h));
      break;
    }
    prev_hash = e.hash;
    ++expected;
  }
  if (v.ok) {
    const std::int64_t last = expected - 1;
    if (v.head_seq != last)
      fail(std::min(last, v.head_seq) + 1,
           fmt::format("audit_head records entry {} as the newest, the log ends at {}{}", v.head_seq, last,
                       v.head_seq > last ? " (entries were deleted from its end)" : ""));
    else if (last > 0 && v.head_hash != prev_hash)
      fail(last, fmt::format("audit_head's hash {} is not the newest entry's hash {}", v.head_hash, prev_hash));
  }
  return v;
}

}  // namespace eb::store

// The audit log: an append-only, hash-chained record of every change ecobarrier makes to stored data.
//
// Every outermost store transaction that changes rows appends its entries in the same transaction (the hook is
// installed by Workspace, so no write path can forget it): one entry per description a write path gave
// (Database::describe_write), or one generic entry naming the tables it touched. Each entry's hash is
// SHA-256 over the previous entry's hash, a newline and the entry's canonical form (canonical_entry); the
// newest entry's sequence number and hash are also kept in audit_head, so deleting the newest entries is
// detected as long as audit_head is not rewritten with them (docs/review.md says what verify proves).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/workspace.hpp"

namespace eb::store {

struct AuditEntry {
  std::int64_t seq = 0;
  std::string time;  // UTC, ISO 8601 with milliseconds
  std::string actor, action, table, key;
  std::string details;  // JSON object, keys sorted
  std::string prev_hash, hash;
};

inline constexpr const char* kAuditGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

// The bytes that are hashed for an entry besides the previous hash: the JSON array
// [seq, time, actor, action, table, key, details] with details as its stored text (strings escaped as JSON does),
// so no field can run into another and any byte changed in any field changes the hash.
std::string canonical_entry(const AuditEntry& e);
// SHA-256 (hex) of prev_hash + "\n" + canonical_entry(e).
std::string entry_hash(const AuditEntry& e);

// Installs the hook on the workspace's connection (Workspace does this on open).
void install_audit_hook(Database& db);

// How many commits have changed published data (anything but accounts, sessions, pending submissions and the
// audit log; counted by the hook in the same transaction): the server's cache stays valid while it is unchanged.
std::int64_t published_generation(Workspace& ws);

struct AuditListRequest {
  std::optional<std::int64_t> after;  // entries with seq > after
  std::size_t limit = 0;              // 0: all
};
std::vector<AuditEntry> audit_entries(Workspace& ws, const AuditListRequest& req = {});

struct AuditVerification {
  bool ok = true;
  std::int64_t entries = 0;               // entries read
  std::optional<std::int64_t> first_bad;  // seq of the first entry that breaks the chain (or where one is missing)
  std::string problem;                    // what is wrong there
  std::int64_t head_seq = 0;              // as audit_head records it
  std::string head_hash;
};
// Recomputes the chain from the first entry: sequence numbers 1, 2, 3 ... without gaps, each prev_hash equal to
// the previous entry's hash, each hash equal to entry_hash, and the last entry equal to audit_head.
AuditVerification verify_audit(Workspace& ws);

}  // namespace eb::store

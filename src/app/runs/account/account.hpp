// The account system's use cases (docs/security.md): accounts managed from the CLI (`ecobarrier user ...`),
// logins with failed-login lockout, dashboard sessions and programs' bearer tokens, and who a token belongs to.
// Every change is one transaction with its audit entry; no password or token secret is ever stored or logged.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/runs/account/principal.hpp"
#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "core/civil_time.hpp"
#include "store/workspace.hpp"

namespace eb::app::runs {

// The account system's fixed rules, one place (docs/security.md states them).
struct AccountPolicy {
  int lock_after_failures = 5;          // consecutive failed logins before the account is locked
  std::int64_t first_lock_s = 15 * 60;  // ... for this long, doubling with each further failure
  std::int64_t longest_lock_s = 24 * 3600;
  std::int64_t session_s = 8 * 3600;  // a login's session (and its bearer use) lasts this long
  int max_token_days = 365;           // a program's token at most this long
  std::int64_t touch_every_s = 60;    // a token's last use is written at most this often
};
const AccountPolicy& account_policy();

// The current time as seconds since the epoch (UTC), and its ISO 8601 form "YYYY-MM-DDTHH:MM:SSZ".
EpochSeconds now_epoch();
std::string utc_iso(EpochSeconds t);

struct UserAddRequest {
  std::string ws, name, role, unit_code;
  std::optional<std::string> chief_id;  // role chief: the chief (of the workspace) the account is
  std::string password;                 // read from stdin by the CLI, never from its command line
  std::string by;                       // who adds it (the audit log's actor)
};
// Name: 1-64 characters, letters, digits (any script), '.', '_', '-'; role of standards::account_roles(); a unit of
// the workspace; a chief of the workspace for role chief (none otherwise). FieldError naming the field.
void run_user_add(const UserAddRequest& req, const RunEnv& env);

struct UserInfo {
  std::string name, role, unit_code;
  std::optional<std::string> chief_id;
  bool disabled = false;
  int failed_logins = 0;
  std::optional<std::string> locked_until;
  std::string created_at, password_changed_at;
  int live_tokens = 0;  // sessions and tokens neither expired nor revoked
};
std::vector<UserInfo> run_user_list(const std::string& ws, const RunEnv& env);
Document user_list_document(const std::vector<UserInfo>& users, Lang lang);

struct UserChangeRequest {
  std::string ws, name, by;
  std::optional<bool> disabled;         // disable (true) or enable (false); disabling revokes every token
  std::optional<std::string> password;  // a new password: revokes every token, clears a lock
  std::optional<std::string> role, unit_code, chief_id;  // a permission change: revokes every token
};
// NotFoundError for an unknown account.
void run_user_change(const UserChangeRequest& req, const RunEnv& env);

struct LoginResult {
  Principal principal;  // with token_id, session and csrf set
  std::string token;    // the session's secret (cookie value and bearer token)
  std::string expires_at;
};
// Checks the password; a wrong one counts towards the lock. AuthError ("wrong user or password": the same for an
// unknown account, a disabled one and a wrong password), ThrottledError while locked. Audited: login,
// login_failed, locked; `client` (the address) is recorded, never the password.
// `write_lock`, when given, is held around the login's writes only (not its Argon2id verification): a server that
// serialises its own writes passes its lock.
LoginResult run_login(store::Workspace& ws, const std::string& name, const std::string& password,
                      const std::string& client, EpochSeconds now = now_epoch(), std::mutex* write_lock = nullptr);

// The account of a token secret (session or bearer); none when unknown, revoked, expired or its account is
// disabled. Writes the token's last use at most every AccountPolicy::touch_every_s.
// `may_touch` false: the last use is not written (the caller knows a write is under way and would only wait).
std::optional<Principal> run_authenticate(store::Workspace& ws, const std::string& secret,
                                          EpochSeconds now = now_epoch(), bool may_touch = true);

struct TokenInfo {
  std::string id, account, kind, label, created_at, expires_at;
  std::optional<std::string> last_used_at, revoked_at;
};
struct NewToken {
  TokenInfo info;
  std::string token;  // the secret, shown once
};
// A bearer token for a program, valid 1..max_token_days days. FieldError for the label (≤ 200 characters) or days.
NewToken run_token_create(store::Workspace& ws, const Principal& who, const std::string& label, int days,
                          EpochSeconds now = now_epoch());
// The tokens `who` may manage (own; an admin: its subtree's accounts), newest first.
std::vector<TokenInfo> run_tokens(store::Workspace& ws, const Principal& who);
// Revokes one; NotFoundError when it does not exist or `who` may not manage it.
void run_token_revoke(store::Workspace& ws, const Principal& who, const std::string& id,
                      EpochSeconds now = now_epoch());

}  // namespace eb::app::runs

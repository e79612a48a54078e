// Accounts of the shared service and their sessions and bearer tokens (docs/security.md). SQL only: passwords
// arrive already hashed, token secrets as their SHA-256; the runs in app/runs/account decide who may do what.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/workspace.hpp"

namespace eb::store {

struct AccountRecord {
  std::string name, role, unit_code;
  std::optional<std::string> chief_id;
  std::string password_hash;
  bool disabled = false;
  int failed_logins = 0;
  std::optional<std::string> locked_until;  // UTC ISO 8601
  std::string created_at, password_changed_at;
};

struct TokenRecord {
  std::string id, secret_sha256, account, kind, label;
  std::optional<std::string> csrf;
  std::string created_at, expires_at;
  std::optional<std::string> last_used_at, revoked_at;
};

std::optional<AccountRecord> find_account(Workspace& ws, const std::string& name);
// The account as stored now, for a read-modify-write of its row inside the caller's Transaction: no other writer
// changes the row until that transaction ends (PostgreSQL: SELECT … FOR UPDATE; SQLite: the write transaction keeps
// every other writer out already). Failed logins arriving together thus all count.
std::optional<AccountRecord> find_account_for_update(Workspace& ws, const std::string& name);
std::vector<AccountRecord> list_accounts(Workspace& ws);
// Each in its own transaction with one audit entry (actor: `by`; details never hold a password or secret).
void insert_account(Workspace& ws, const AccountRecord& a, const std::string& by);
// Sets disabled, role, unit, chief or password hash as `a` has them; `action` and `details_json` describe it.
void update_account(Workspace& ws, const AccountRecord& a, const std::string& by, const std::string& action,
                    const std::string& details_json);
// A login's outcome on the account (failed_logins, locked_until), audited as `action` (login, login_failed,
// locked) with `details_json`; `account` may name no account (a failed login for an unknown name: audit only).
void record_login(Workspace& ws, const std::optional<AccountRecord>& account, const std::string& name,
                  const std::string& action, const std::string& details_json);

void insert_token(Workspace& ws, const TokenRecord& t, const std::string& by, const std::string& action);
std::optional<TokenRecord> find_token_by_secret(Workspace& ws, const std::string& secret_sha256);
std::optional<TokenRecord> find_token(Workspace& ws, const std::string& id);
std::vector<TokenRecord> list_tokens(Workspace& ws, const std::optional<std::string>& account = std::nullopt);
// Revokes one token (when `id` is set) or every live token of `account`; returns how many were revoked.
int revoke_tokens(Workspace& ws, const std::optional<std::string>& id, const std::optional<std::string>& account,
                  const std::string& at, const std::string& by, const std::string& reason);
// Not audited: when a token was last used (the server writes it at most once a minute per token). Does not wait
// for another writer: StoreError when the workspace is busy.
void touch_token(Workspace& ws, const std::string& id, const std::string& at);

}  // namespace eb::store

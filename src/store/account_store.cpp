#include "store/account_store.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "store/database.hpp"

namespace eb::store {

namespace {

constexpr const char* kAccountColumns =
    "name, role, unit_code, chief_id, password_hash, disabled, failed_logins, locked_until, created_at, "
    "password_changed_at";

AccountRecord read_account(Statement& q) {
  AccountRecord a;
  a.name = q.text(0);
  a.role = q.text(1);
  a.unit_code = q.text(2);
  a.chief_id = q.opt_text(3);
  a.password_hash = q.text(4);
  a.disabled = q.int64(5) != 0;
  a.failed_logins = static_cast<int>(q.int64(6));
  a.locked_until = q.opt_text(7);
  a.created_at = q.text(8);
  a.password_changed_at = q.text(9);
  return a;
}

constexpr const char* kTokenColumns =
    "id, secret_sha256, account, kind, label, csrf, created_at, expires_at, last_used_at, revoked_at";

TokenRecord read_token(Statement& q) {
  TokenRecord t;
  t.id = q.text(0);
  t.secret_sha256 = q.text(1);
  t.account = q.text(2);
  t.kind = q.text(3);
  t.label = q.text(4);
  t.csrf = q.opt_text(5);
  t.created_at = q.text(6);
  t.expires_at = q.text(7);
  t.last_used_at = q.opt_text(8);
  t.revoked_at = q.opt_text(9);
  return t;
}

// What an audit entry says of an account: everything but the password hash.
nlohmann::json account_json(const AccountRecord& a) {
  return {{"name", a.name},
          {"role", a.role},
          {"unit_code", a.unit_code},
          {"chief_id", a.chief_id ? nlohmann::json(*a.chief_id) : nlohmann::json()},
          {"disabled", a.disabled}};
}

}  // namespace

std::optional<AccountRecord> find_account(Workspace& ws, const std::string& name) {
  auto q = ws.db().prepare(std::string("SELECT ") + kAccountColumns + " FROM account WHERE name = ?1");
  q.bind(1, name);
  if (!q.step()) return std::nullopt;
  return read_account(q);
}

std::optional<AccountRecord> find_account_for_update(Workspace& ws, const std::string& name) {
  if (!ws.db().in_transaction()) throw StoreError("find_account_for_update: outside a transaction");
  auto q = ws.db().prepare(std::string("SELECT ") + kAccountColumns + " FROM account WHERE name = ?1" +
                           (ws.db().on_server() ? " FOR UPDATE" : ""));
  q.bind(1, name);
  if (!q.step()) return std::nullopt;
  return read_account(q);
}

std::vector<AccountRecord> list_accounts(Workspace& ws) {
  auto q = ws.db().prepare(std::string("SELECT ") + kAccountColumns + " FROM account ORDER BY unit_code, name");
  std::vector<AccountRecord> out;
  while (q.step()) out.push_back(read_account(q));
  return out;
}

void insert_account(Workspace& ws, const AccountRecord& a, const std::string& by) {
  Database& db = ws.db();
  Transaction tx(db);
  if (find_account(ws, a.name)) throw InputError("account \"" + a.name + "\" exists already");
  db.prepare(std::string("INSERT INTO account (") + kAccountColumns +
             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
      .bind(1, a.name)
      .bind(2, a.role)
      .bind(3, a.unit_code)
      .bind(4, a.chief_id)
      .bind(5, a.password_hash)
      .bind(6, a.disabled ? 1 : 0)
      .bind(7, a.failed_logins)
      .bind(8, a.locked_until)
      .bind(9, a.created_at)
      .bind(10, a.password_changed_at)
      .run();
  db.describe_write({"user_add", "account", a.name, nlohmann::json{{"after", account_json(a)}}.dump(), by});
  tx.commit();
}

void update_account(Workspace& ws, const AccountRecord& a, const std::string& by, const std::string& action,
                    const std::string& details_json) {
  Database& db = ws.db();
  Transaction tx(db);
  const auto before = find_account(ws, a.name);
  if (!before) throw NotFoundError("no account \"" + a.name + "\"");
  db.prepare(
        "UPDATE account SET role = ?2, unit_code = ?3, chief_id = ?4, password_hash = ?5, disabled = ?6, "
        "failed_logins = ?7, locked_until = ?8, password_changed_at = ?9 WHERE name = ?1")
      .bind(1, a.name)
      .bind(2, a.role)
      .bind(3, a.unit_code)
      .bind(4, a.chief_id)
      .bind(5, a.password_hash)
      .bind(6, a.disabled ? 1 : 0)
      .bind(7, a.failed_logins)
      .bind(8, a.locked_until)
      .bind(9, a.password_changed_at)
      .run();
  nlohmann::json details = nlohmann::json::parse(details_json.empty() ? "{}" : details_json);
  details["before"] = account_json(*before);
  details["after"] = account_json(a);
  db.describe_write({action, "account", a.name, details.dump(), by});
  tx.commit();
}

void record_login(Workspace& ws, const std::optional<AccountRecord>& account, const std::string& name,
                  const std::string& action, const std::string& details_json) {
  Database& db = ws.db();
  Transaction tx(db);
  if (account)
    db.prepare("UPDATE account SET failed_logins = ?2, locked_until = ?3 WHERE name = ?1")
        .bind(1, account->name)
        .bind(2, account->failed_logins)
        .bind(3, account->locked_until)
        .run();
  db.describe_write({action, "account", name, details_json, account ? account->name : "anonymous"});
  tx.commit();
}

void insert_token(Workspace& ws, const TokenRecord& t, const std::string& by, const std::string& action) {
  Database& db = ws.db();
  Transaction tx(db);
  db.prepare(std::string("INSERT INTO auth_token (") + kTokenColumns +
             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
      .bind(1, t.id)
      .bind(2, t.secret_sha256)
      .bind(3, t.account)
      .bind(4, t.kind)
      .bind(5, t.label)
      .bind(6, t.csrf)
      .bind(7, t.created_at)
      .bind(8, t.expires_at)
      .bind(9, t.last_used_at)
      .bind(10, t.revoked_at)
      .run();
  db.describe_write(
      {action, "auth_token", t.id,
       nlohmann::json{{"account", t.account}, {"kind", t.kind}, {"label", t.label}, {"expires_at", t.expires_at}}
           .dump(),
       by});
  tx.commit();
}

std::optional<TokenRecord> find_token_by_secret(Workspace& ws, const std::string& secret_sha256) {
  auto q = ws.db().prepare(std::string("SELECT ") + kTokenColumns + " FROM auth_token WHERE secret_sha256 = ?1");
  q.bind(1, secret_sha256);
  if (!q.step()) return std::nullopt;
  return read_token(q);
}

std::optional<TokenRecord> find_token(Workspace& ws, const std::string& id) {
  auto q = ws.db().prepare(std::string("SELECT ") + kTokenColumns + " FROM auth_token WHERE id = ?1");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_token(q);
}

std::vector<TokenRecord> list_tokens(Workspace& ws, const std::optional<std::string>& account) {
  auto q =
      ws.db().prepare(std::string("SELECT ") + kTokenColumns +
                      " FROM auth_token WHERE CAST(?1 AS TEXT) IS NULL OR account = ?1 ORDER BY created_at DESC, id");
  q.bind(1, account);
  std::vector<TokenRecord> out;
  while (q.step()) out.push_back(read_token(q));
  return out;
}

int revoke_tokens(Workspace& ws, const std::optional<std::string>& id, const std::optional<std::string>& account,
                  const std::string& at, const std::string& by, const std::string& reason) {
  Database& db = ws.db();
  Transaction tx(db);
  db.prepare(
        "UPDATE auth_token SET revoked_at = ?3 WHERE revoked_at IS NULL AND (CAST(?1 AS TEXT) IS NULL OR id = ?1) AND "
        "(CAST(?2 AS TEXT) IS NULL OR account = ?2)")
      .bind(1, id)
      .bind(2, account)
      .bind(3, at)
      .run();
  const int n = db.changes();
  if (n > 0)
    db.describe_write(
        {"token_revoke", "auth_token", id.value_or(""),
         nlohmann::json{
             {"account", account ? nlohmann::json(*account) : nlohmann::json()}, {"revoked", n}, {"reason", reason}}
             .dump(),
         by});
  tx.commit();
  return n;
}

void touch_token(Workspace& ws, const std::string& id, const std::string& at) {
  // Never waits for another writer: a request is not held up for a convenience (StoreError when busy).
  using std::chrono::milliseconds;
  ws.db().set_lock_wait(milliseconds(0));
  try {
    ws.db().prepare("UPDATE auth_token SET last_used_at = ?2 WHERE id = ?1").bind(1, id).bind(2, at).run();
  } catch (...) {
    ws.db().set_lock_wait(milliseconds(kBusyTimeoutMs));
    throw;
  }
  ws.db().set_lock_wait(milliseconds(kBusyTimeoutMs));
}

}  // namespace eb::store

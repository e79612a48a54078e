#include "app/runs/account/account.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "app/runs/account/access.hpp"
#include "app/runs/account/credentials.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"
#include "standards/access.hpp"
#include "store/account_store.hpp"
#include "store/admin_store.hpp"
#include "store/chief_store.hpp"
#include "store/retry.hpp"

namespace eb::app::runs {

const AccountPolicy& account_policy() {
  static const AccountPolicy policy;
  return policy;
}

EpochSeconds now_epoch() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string utc_iso(EpochSeconds t) {
  const std::time_t secs = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec);
}

namespace {

// The seconds of a stored "YYYY-MM-DDTHH:MM:SSZ"; 0 for anything else (treated as long past).
EpochSeconds parse_utc_iso(const std::string& text) {
  std::tm tm{};
  if (text.size() != 20 || !strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return 0;
  return static_cast<EpochSeconds>(timegm(&tm));
}

void check_name(const std::string& name) {
  if (!is_valid_utf8(name)) throw FieldError("name", "name: not valid UTF-8 text");
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    const bool ok = u >= 0x80 || std::isalnum(u) || c == '.' || c == '_' || c == '-';
    if (!ok)
      throw FieldError("name",
                       fmt::format("name: \"{}\" may hold letters, digits, '.', '_' and '-' only", quote_input(name)));
  }
  const std::size_t characters = utf8_code_points(name);
  if (characters < 1 || characters > 64) throw FieldError("name", "name: 1 to 64 characters");
}

void check_role_unit(store::Workspace& ws, const std::string& role, const std::string& unit_code,
                     const std::optional<std::string>& chief_id) {
  if (!standards::is_account_role(role)) {
    std::string known;
    for (const auto& r : standards::account_roles()) known += (known.empty() ? "" : ", ") + r;
    throw FieldError("role", fmt::format("role: \"{}\" is not a role (one of {})", quote_input(role), known));
  }
  if (!store::find_unit(ws, unit_code))
    throw FieldError("unit", fmt::format("unit: \"{}\" is not a unit of the workspace", quote_input(unit_code)));
  if (role == "chief") {
    if (!chief_id || chief_id->empty())
      throw FieldError("chief", "chief: an account of role chief names the chief it is (--chief ID)");
    if (!store::chief_exists(ws, *chief_id))
      throw FieldError("chief", fmt::format("chief: \"{}\" is not a chief of the workspace", quote_input(*chief_id)));
  } else if (chief_id) {
    throw FieldError("chief", "chief: only an account of role chief names a chief");
  }
}

Principal principal_of(const store::AccountRecord& a) {
  Principal p;
  p.name = a.name;
  p.role = a.role;
  p.unit_code = a.unit_code;
  p.chief_id = a.chief_id;
  return p;
}

bool token_live(const store::TokenRecord& t, EpochSeconds now) {
  return !t.revoked_at && parse_utc_iso(t.expires_at) > now;
}

TokenInfo info_of(const store::TokenRecord& t) {
  return {t.id, t.account, t.kind, t.label, t.created_at, t.expires_at, t.last_used_at, t.revoked_at};
}

// A new token of `account`: a public id, a secret of 32 random bytes (kept only as its SHA-256).
std::pair<store::TokenRecord, std::string> make_token(const std::string& account, const std::string& kind,
                                                      const std::string& label, EpochSeconds now,
                                                      EpochSeconds expires) {
  store::TokenRecord t;
  t.id = random_secret(9);
  const std::string secret = random_secret(32);
  t.secret_sha256 = secret_digest(secret);
  t.account = account;
  t.kind = kind;
  t.label = label;
  t.created_at = utc_iso(now);
  t.expires_at = utc_iso(expires);
  return {t, secret};
}

// Whether `who` may manage the tokens of `account` (its own; an admin: accounts of its subtree).
bool may_manage_tokens_of(store::Workspace& ws, const Principal& who, const std::string& account) {
  if (account == who.name) return has_access(ws, who, "manage_tokens", who.unit_code, true);
  const auto a = store::find_account(ws, account);
  return a && has_access(ws, who, "manage_tokens", a->unit_code, false);
}

}  // namespace

void run_user_add(const UserAddRequest& req, const RunEnv&) {
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  check_name(req.name);
  check_role_unit(ws, req.role, req.unit_code, req.chief_id);
  check_password_rules(req.password, req.name);
  if (store::find_account(ws, req.name))
    throw FieldError("name", fmt::format("name: account \"{}\" exists already", req.name));
  store::AccountRecord a;
  a.name = req.name;
  a.role = req.role;
  a.unit_code = req.unit_code;
  a.chief_id = req.chief_id;
  a.password_hash = hash_password(req.password);
  a.created_at = a.password_changed_at = utc_iso(now_epoch());
  store::insert_account(ws, a, req.by);
}

std::vector<UserInfo> run_user_list(const std::string& path, const RunEnv&) {
  store::Workspace ws(path, store::Workspace::Open::existing);
  const EpochSeconds now = now_epoch();
  std::vector<UserInfo> out;
  for (const auto& a : store::list_accounts(ws)) {
    UserInfo u{a.name,         a.role,       a.unit_code,           a.chief_id, a.disabled, a.failed_logins,
               a.locked_until, a.created_at, a.password_changed_at, 0};
    for (const auto& t : store::list_tokens(ws, a.name)) u.live_tokens += token_live(t, now);
    out.push_back(std::move(u));
  }
  return out;
}

Document user_list_document(const std::vector<UserInfo>& users, Lang lang) {
  Table t;
  t.title_zh = "账户";
  t.title_en = "Accounts";
  t.columns = {{"name", "账户", "account"},
               {"role", "角色", "role"},
               {"unit_code", "单位", "unit"},
               {"chief_id", "责任人", "chief"},
               {"status", "状态", "status"},
               {"failed_logins", "连续失败登录", "failed logins"},
               {"locked_until", "锁定至", "locked until"},
               {"live_tokens", "有效令牌", "live tokens"},
               {"created_at", "创建时间", "created"},
               {"password_changed_at", "密码修改时间", "password changed"}};
  for (const auto& u : users)
    t.add({u.name, u.role, u.unit_code, u.chief_id.value_or(""),
           std::string(u.disabled ? tr(lang, "停用", "disabled") : tr(lang, "启用", "enabled")), u.failed_logins,
           u.locked_until.value_or(""), u.live_tokens, u.created_at, u.password_changed_at});
  return Document(std::move(t));
}

void run_user_change(const UserChangeRequest& req, const RunEnv&) {
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  if (!store::find_account(ws, req.name)) throw NotFoundError(fmt::format("no account \"{}\"", req.name));
  // The slow part before the transaction: the new password's hash.
  std::optional<std::string> password_hash;
  if (req.password) {
    check_password_rules(*req.password, req.name);
    password_hash = hash_password(*req.password);
  }
  store::with_retry(ws.db(), [&] {
    store::Transaction tx(ws.db());
    // The row as stored now, locked: a failed login counted meanwhile is kept (or reset by a new password), not
    // overwritten by a copy read before.
    auto a = store::find_account_for_update(ws, req.name);
    if (!a) throw NotFoundError(fmt::format("no account \"{}\"", req.name));
    nlohmann::json details = nlohmann::json::object();
    std::string action = "user_change";
    bool revoke = false;
    if (req.role || req.unit_code || req.chief_id) {
      if (req.role) a->role = *req.role;
      if (req.unit_code) a->unit_code = *req.unit_code;
      if (req.chief_id) a->chief_id = req.chief_id->empty() ? std::nullopt : req.chief_id;
      if (a->role != "chief" && !req.chief_id) a->chief_id.reset();
      check_role_unit(ws, a->role, a->unit_code, a->chief_id);
      action = "permission_change";
      revoke = true;
    }
    if (password_hash) {
      a->password_hash = *password_hash;
      a->password_changed_at = utc_iso(now_epoch());
      a->failed_logins = 0;
      a->locked_until.reset();
      details["password"] = "changed";
      action = req.role || req.unit_code || req.chief_id ? "permission_change" : "password_change";
      revoke = true;
    }
    if (req.disabled) {
      a->disabled = *req.disabled;
      action = *req.disabled ? "user_disable" : "user_enable";
      revoke = revoke || *req.disabled;
    }
    store::update_account(ws, *a, req.by, action, details.dump());
    if (revoke) store::revoke_tokens(ws, std::nullopt, a->name, utc_iso(now_epoch()), req.by, action);
    tx.commit();
  });
}

LoginResult run_login(store::Workspace& ws, const std::string& name, const std::string& password,
                      const std::string& client, EpochSeconds now, std::mutex* write_lock) {
  auto writing = [write_lock] {
    return write_lock ? std::unique_lock<std::mutex>(*write_lock) : std::unique_lock<std::mutex>();
  };
  const AccountPolicy& policy = account_policy();
  const std::string wrong = "wrong user or password";
  auto a = store::find_account(ws, name);
  const nlohmann::json where = {{"client", client}};
  if (!a || a->disabled) {
    verify_password_dummy(password);
    nlohmann::json d = where;
    d["why"] = a ? "disabled" : "no such account";
    // The name as given, escaped: a hostile name cannot forge the log's text.
    {
      const auto guard = writing();
      store::record_login(ws, std::nullopt, quote_input(name, 128), "login_failed", d.dump());
    }
    throw AuthError(wrong);
  }
  if (a->locked_until && parse_utc_iso(*a->locked_until) > now) {
    const auto wait = parse_utc_iso(*a->locked_until) - now;
    nlohmann::json d = where;
    d["why"] = "locked";
    {
      const auto guard = writing();
      store::with_retry(ws.db(), [&] {
        store::Transaction tx(ws.db());
        // The row as stored now: an unlock by an administrator meanwhile is kept, not overwritten by the lock read
        // before.
        const auto fresh = store::find_account_for_update(ws, a->name);
        store::record_login(ws, fresh, a->name, "login_refused", d.dump());
        tx.commit();
      });
    }
    throw ThrottledError(fmt::format("too many failed logins: the account is locked until {}", *a->locked_until),
                         static_cast<int>(wait));
  }
  if (!verify_password(a->password_hash, password)) {
    const auto guard = writing();
    store::with_retry(ws.db(), [&] {
      store::Transaction tx(ws.db());
      // Counted on the row as it is now, not as read before the password check: wrong passwords arriving together
      // (on other threads, through other servers) all count towards the lock.
      auto fresh = store::find_account_for_update(ws, a->name);
      if (!fresh) return;  // removed meanwhile
      ++fresh->failed_logins;
      nlohmann::json d = where;
      d["failed_logins"] = fresh->failed_logins;
      std::string action = "login_failed";
      if (fresh->failed_logins >= policy.lock_after_failures) {
        const int extra = std::min(fresh->failed_logins - policy.lock_after_failures, 16);
        const EpochSeconds lock = std::min(policy.first_lock_s << extra, policy.longest_lock_s);
        fresh->locked_until = utc_iso(now + lock);
        d["locked_until"] = *fresh->locked_until;
        action = "locked";
      }
      store::record_login(ws, fresh, fresh->name, action, d.dump());
      tx.commit();
    });
    throw AuthError(wrong);
  }
  a->failed_logins = 0;
  a->locked_until.reset();
  auto [token, secret] = make_token(a->name, "session", "login", now, now + policy.session_s);
  token.csrf = random_secret(24);
  {
    const auto guard = writing();
    store::Transaction tx(ws.db());
    store::record_login(ws, a, a->name, "login", where.dump());
    store::insert_token(ws, token, a->name, "session_start");
    tx.commit();
  }
  LoginResult r;
  r.principal = principal_of(*a);
  r.principal.token_id = token.id;
  r.principal.session = true;
  r.principal.csrf = *token.csrf;
  r.token = secret;
  r.expires_at = token.expires_at;
  return r;
}

std::optional<Principal> run_authenticate(store::Workspace& ws, const std::string& secret, EpochSeconds now,
                                          bool may_touch) {
  if (secret.empty() || secret.size() > 256) return std::nullopt;
  const auto t = store::find_token_by_secret(ws, secret_digest(secret));
  if (!t || !token_live(*t, now)) return std::nullopt;
  const auto a = store::find_account(ws, t->account);
  if (!a || a->disabled) return std::nullopt;
  if (may_touch && (!t->last_used_at || parse_utc_iso(*t->last_used_at) + account_policy().touch_every_s <= now)) {
    try {
      store::touch_token(ws, t->id, utc_iso(now));
    } catch (const StoreError&) {
      // A read-only connection or a busy writer: the last use is a convenience, never a reason to refuse.
    }
  }
  Principal p = principal_of(*a);
  p.token_id = t->id;
  p.session = t->kind == "session";
  p.csrf = t->csrf.value_or("");
  return p;
}

NewToken run_token_create(store::Workspace& ws, const Principal& who, const std::string& label, int days,
                          EpochSeconds now) {
  if (!has_access(ws, who, "manage_tokens", who.unit_code, true))
    throw PermissionError(fmt::format("account \"{}\" may not create tokens", who.name));
  if (!is_valid_utf8(label) || label.size() > 200) throw FieldError("label", "label: at most 200 bytes of text");
  if (days < 1 || days > account_policy().max_token_days)
    throw FieldError("days", fmt::format("days: 1 to {}", account_policy().max_token_days));
  auto [token, secret] = make_token(who.name, "api", label, now, now + static_cast<EpochSeconds>(days) * 86400);
  store::insert_token(ws, token, who.name, "token_create");
  return {info_of(token), secret};
}

std::vector<TokenInfo> run_tokens(store::Workspace& ws, const Principal& who) {
  std::vector<TokenInfo> out;
  // Roles that manage others' tokens list them all and keep those of their scope; the others only their own.
  const standards::AccessScope scope = standards::access_scope(who.role, "manage_tokens");
  const bool others = scope == standards::AccessScope::subtree || scope == standards::AccessScope::all;
  for (const auto& t : store::list_tokens(ws, others ? std::nullopt : std::optional<std::string>(who.name)))
    if (may_manage_tokens_of(ws, who, t.account)) out.push_back(info_of(t));
  return out;
}

void run_token_revoke(store::Workspace& ws, const Principal& who, const std::string& id, EpochSeconds now) {
  const auto t = store::find_token(ws, id);
  if (!t || !may_manage_tokens_of(ws, who, t->account)) throw NotFoundError(fmt::format("no token \"{}\"", id));
  store::revoke_tokens(ws, id, std::nullopt, utc_iso(now), who.name, "revoked by " + who.name);
}

}  // namespace eb::app::runs

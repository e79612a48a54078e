#include "app/serve/accounts.hpp"

#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <vector>

#include "app/runs/account/account.hpp"
#include "app/runs/account/credentials.hpp"
#include "app/runs/review/review.hpp"
#include "app/serve/parameters.hpp"
#include "app/serve/rate_limiter.hpp"
#include "app/serve/request_parsing.hpp"
#include "app/serve/result.hpp"
#include "app/serve/submissions.hpp"
#include "app/table/table.hpp"
#include "core/error.hpp"
#include "standards/access.hpp"
#include "store/workspace.hpp"

namespace eb::app::serve {

using json = nlohmann::ordered_json;

namespace {

constexpr const char* kCookie = "eb_session";
constexpr const char* kReviewMarks = "/api/v1/review/marks/";

// An answer of this face: JSON, never stored by a cache or a browser.
Response json_answer(int status, const json& body) { return json_response(status, body, "no-store"); }

// Connections opened for writing (Workspace::Open::writer), lent one per request.
class ConnectionPool {
 public:
  ConnectionPool(std::string path, unsigned size) : path_(std::move(path)), size_(std::max(1u, size)) {}
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<store::Workspace> ws) : pool_(pool), ws_(std::move(ws)) {}
    ~Lease() { pool_.give_back(std::move(ws_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    store::Workspace& operator*() { return *ws_; }

   private:
    ConnectionPool& pool_;
    std::unique_ptr<store::Workspace> ws_;
  };
  Lease lease() {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return !idle_.empty() || open_ < size_; });
    if (!idle_.empty()) {
      auto ws = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(ws));
    }
    ++open_;
    lock.unlock();
    try {
      return Lease(*this, std::make_unique<store::Workspace>(path_, store::Workspace::Open::writer));
    } catch (...) {
      std::lock_guard again(mutex_);
      --open_;
      wake_.notify_one();
      throw;
    }
  }

 private:
  void give_back(std::unique_ptr<store::Workspace> ws) {
    std::lock_guard lock(mutex_);
    // A connection left inside a transaction (an exception mid-write rolled back by its Transaction, so this is
    // only a safeguard) is closed rather than lent again.
    if (ws && !ws->db().in_transaction()) {
      idle_.push_back(std::move(ws));
    } else {
      --open_;
    }
    wake_.notify_one();
  }
  std::string path_;
  unsigned size_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::unique_ptr<store::Workspace>> idle_;
  unsigned open_ = 0;
};

std::string bearer_of(const std::string& authorization) {
  constexpr std::string_view scheme = "Bearer ";
  if (authorization.size() <= scheme.size()) return {};
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) !=
        std::tolower(static_cast<unsigned char>(scheme[i])))
      return {};
  std::string token = authorization.substr(scheme.size());
  while (!token.empty() && token.front() == ' ') token.erase(token.begin());
  while (!token.empty() && token.back() == ' ') token.pop_back();
  return token;
}

json user_json(const runs::Principal& p) {
  return {{"name", p.name},
          {"role", p.role},
          {"unit_code", p.unit_code},
          {"chief_id", p.chief_id ? json(*p.chief_id) : json()}};
}

json token_json(const runs::TokenInfo& t) {
  return {{"id", t.id},
          {"account", t.account},
          {"kind", t.kind},
          {"label", t.label},
          {"created_at", t.created_at},
          {"expires_at", t.expires_at},
          {"last_used_at", t.last_used_at ? json(*t.last_used_at) : json()},
          {"revoked_at", t.revoked_at ? json(*t.revoked_at) : json()}};
}

std::string session_cookie(const std::string& value, bool tls, std::int64_t max_age) {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", kCookie, value, max_age,
                     tls ? "; Secure" : "");
}

// The request's body as a JSON object (an empty body: an empty object).
nlohmann::json body_object(const Request& request) {
  if (request.body.empty()) return nlohmann::json::object();
  if (!json_depth_within(request.body, 16)) throw ApiError(400, "bad_json", "the body nests deeper than 16 levels");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(request.body);
  } catch (const nlohmann::json::exception&) {
    throw ApiError(400, "bad_json", "the body is not JSON");
  }
  if (!j.is_object()) throw ApiError(400, "bad_json", "the body is not a JSON object");
  return j;
}

std::string string_field(const nlohmann::json& body, const char* name, bool required) {
  if (!body.contains(name) || body[name].is_null()) {
    if (required) throw field_error(400, "bad_json", fmt::format("{}: required", name), name);
    return {};
  }
  if (!body[name].is_string()) throw field_error(400, "bad_json", fmt::format("{}: not a string", name), name);
  return body[name].get<std::string>();
}

}  // namespace

std::string cookie_value(const std::string& header, const std::string& name) {
  std::string_view rest = header;
  while (!rest.empty()) {
    const std::size_t semi = rest.find(';');
    std::string_view item = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const std::size_t eq = item.find('=');
    if (eq != std::string_view::npos && item.substr(0, eq) == name) {
      std::string_view v = item.substr(eq + 1);
      while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
      return std::string(v);
    }
  }
  return {};
}

bool json_depth_within(const std::string& text, int max_depth) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

struct AccountApi::Impl {
  std::string workspace;
  Limits limits;
  RateLimiter logins;  // per client address, a second
  ConnectionPool writers;
  // Connections for the reads answered on the network threads (each thread holds at most one at a time, so with
  // as many as there may be threads a read never waits for one). They write only a token's last use, and only when
  // no write of this server is under way.
  ConnectionPool readers;
  Impl(std::string ws, Limits l)
      : workspace(std::move(ws)),
        limits(l),
        logins(l.logins_per_minute / 60.0, l.login_burst),
        writers(workspace, l.connections),
        readers(workspace, 64) {}

  // The server's own writes one at a time: SQLite's busy handler polls for its write lock with growing sleeps and
  // wakes no waiter when it is freed, so writer connections contending in SQLite queue for hundreds of
  // milliseconds (bench/README.md, accounts bench); a mutex hands the lock on at once. Logins take it only
  // around their write, not around Argon2id.
  std::mutex write_mutex;
  // Set by answer() on the thread that holds write_mutex for its request.
  static thread_local bool holding_write;

  // Who is asking, and whether it came by the session cookie (then writes need the CSRF token). A token's last use
  // is written only when no other write of this server is under way (it never waits for one).
  std::optional<runs::Principal> who(store::Workspace& ws, const Request& request) {
    std::unique_lock<std::mutex> touch(write_mutex, std::defer_lock);
    const bool may_touch = holding_write || touch.try_lock();
    return identify(ws, request, may_touch);
  }

  std::optional<runs::Principal> identify(store::Workspace& ws, const Request& request, bool may_touch) {
    const std::string bearer = bearer_of(request.authorization);
    if (!request.authorization.empty()) {
      if (bearer.empty()) throw ApiError(401, "unauthenticated", "Authorization: expected \"Bearer TOKEN\"");
      auto p = runs::run_authenticate(ws, bearer, runs::now_epoch(), may_touch);
      if (!p) throw ApiError(401, "unauthenticated", "the token is unknown, expired or revoked");
      p->session = false;  // a bearer request carries its credential itself: no CSRF risk
      return p;
    }
    const std::string cookie = cookie_value(request.cookie, kCookie);
    if (cookie.empty()) return std::nullopt;
    auto p = runs::run_authenticate(ws, cookie, runs::now_epoch(), may_touch);
    if (!p) throw ApiError(401, "unauthenticated", "the session has expired or was ended; sign in again");
    p->session = true;
    return p;
  }

  runs::Principal signed_in(store::Workspace& ws, const Request& request) {
    auto p = who(ws, request);
    if (!p) throw ApiError(401, "unauthenticated", "sign in first (POST /api/v1/auth/login, or a bearer token)");
    const bool writes = request.method == "POST" || request.method == "DELETE";
    if (writes && p->session && (request.csrf_token.empty() || !runs::same_secret(request.csrf_token, p->csrf)))
      throw ApiError(403, "csrf", "a change made with the session cookie must carry its CSRF token (X-CSRF-Token)");
    return *p;
  }

  Response login(store::Workspace& ws, const Request& request) {
    if (!logins.allow(request.client))
      throw ApiError(
          429, "too_many_requests",
          fmt::format("more than {} logins a minute from this address; retry later", limits.logins_per_minute));
    const nlohmann::json body = body_object(request);
    const std::string user = string_field(body, "user", true);
    const std::string password = string_field(body, "password", true);
    const runs::LoginResult r = runs::run_login(ws, user, password, request.client, runs::now_epoch(), &write_mutex);
    Response answer = json_answer(200, json{{"token", r.token},
                                            {"csrf", r.principal.csrf},
                                            {"expires_at", r.expires_at},
                                            {"user", user_json(r.principal)}});
    answer.headers.emplace_back("Set-Cookie", session_cookie(r.token, request.tls, runs::account_policy().session_s));
    return answer;
  }

  Response me(store::Workspace& ws, const Request& request) {
    const runs::Principal p = signed_in(ws, request);
    json permissions = json::object();
    for (const auto& action : standards::access_actions())
      permissions[action] = std::string(standards::scope_name(standards::access_scope(p.role, action)));
    json out = user_json(p);
    out["session"] = p.session;
    if (p.session) out["csrf"] = p.csrf;
    out["permissions"] = permissions;
    return json_answer(200, out);
  }

  // POST /api/v1/review/marks/ID/confirm|overrule {"reason": ...}: a reviewer's decision on a data-review mark.
  Response decide_review(store::Workspace& ws, const Request& request) {
    if (request.method != "POST") throw ApiError(405, "method_not_allowed", "a review decision takes POST");
    const runs::Principal p = signed_in(ws, request);
    const std::string rest = request.path.substr(std::string_view(kReviewMarks).size());
    const std::size_t slash = rest.find('/');
    const std::string verb = slash == std::string::npos ? "" : rest.substr(slash + 1);
    if (verb != "confirm" && verb != "overrule")
      throw ApiError(404, "not_found", "no endpoint " + request.path + " (review/marks/ID/confirm or overrule)");
    const std::string id_text = rest.substr(0, slash);
    const auto id = positive_id(id_text);
    if (!id) throw ApiError(404, "not_found", "no review mark \"" + id_text.substr(0, 40) + "\"");
    const nlohmann::json body = body_object(request);
    const store::StoredMark m = runs::run_review_decide_as(
        ws, p, *id, verb == "confirm" ? store::MarkStatus::confirmed : store::MarkStatus::overruled,
        string_field(body, "reason", false));
    return json_answer(200, json{{"id", m.id},
                                 {"subject", m.mark.subject},
                                 {"status", std::string(store::status_name(m.status))},
                                 {"decided_by", m.decided_by},
                                 {"decided_at", m.decided_at},
                                 {"reason", m.reason},
                                 {"excludes", m.excludes()}});
  }

  Response answer(const Request& request) {
    const std::string& path = request.path;
    const std::string& m = request.method;
    auto only = [&](const char* method) {
      if (m != method) throw ApiError(405, "method_not_allowed", fmt::format("{} takes {}", path, method));
    };
    auto lease = m == "GET" || m == "HEAD" ? readers.lease() : writers.lease();
    store::Workspace& ws = *lease;
    std::unique_lock<std::mutex> serial(write_mutex, std::defer_lock);
    if ((m == "POST" || m == "DELETE") && path != "/api/v1/auth/login") serial.lock();
    holding_write = serial.owns_lock();
    struct Release {
      ~Release() { holding_write = false; }
    } release;
    if (path == "/api/v1/auth/login") {
      only("POST");
      return login(ws, request);
    }
    if (path == "/api/v1/auth/logout") {
      only("POST");
      const runs::Principal p = signed_in(ws, request);
      runs::run_token_revoke(ws, p, p.token_id);
      Response r = json_answer(200, json{{"signed_out", p.name}});
      r.headers.emplace_back("Set-Cookie", session_cookie("", request.tls, 0));
      return r;
    }
    if (path == "/api/v1/auth/me") {
      if (m != "GET" && m != "HEAD") throw ApiError(405, "method_not_allowed", "auth/me takes GET");
      return me(ws, request);
    }
    if (path == "/api/v1/auth/tokens") {
      const runs::Principal p = signed_in(ws, request);
      if (m == "POST") {
        const nlohmann::json body = body_object(request);
        int days = 90;
        if (body.contains("days")) {
          // Checked as a 64-bit number first: a huge value must not wrap into the allowed range.
          if (!body["days"].is_number_integer() || body["days"].get<std::int64_t>() < 1 ||
              body["days"].get<std::int64_t>() > runs::account_policy().max_token_days)
            throw field_error(400, "bad_json",
                              fmt::format("days: a whole number from 1 to {}", runs::account_policy().max_token_days),
                              "days");
          days = static_cast<int>(body["days"].get<std::int64_t>());
        }
        const runs::NewToken t = runs::run_token_create(ws, p, string_field(body, "label", false), days);
        json out = token_json(t.info);
        out["token"] = t.token;
        return json_answer(201, out);
      }
      if (m != "GET" && m != "HEAD") throw ApiError(405, "method_not_allowed", "auth/tokens takes GET or POST");
      json rows = json::array();
      for (const auto& t : runs::run_tokens(ws, p)) rows.push_back(token_json(t));
      return json_answer(200, json{{"tokens", rows}});
    }
    if (path.starts_with("/api/v1/auth/tokens/")) {
      only("DELETE");
      const runs::Principal p = signed_in(ws, request);
      runs::run_token_revoke(ws, p, path.substr(std::string_view("/api/v1/auth/tokens/").size()));
      return json_answer(200, json{{"revoked", path.substr(std::string_view("/api/v1/auth/tokens/").size())}});
    }
    if (path.starts_with(kReviewMarks)) return decide_review(ws, request);
    // Submissions: listing and reading are open to any account (filtered to its scope); the rest checks its role.
    const runs::Principal p = signed_in(ws, request);
    return answer_submissions(ws, p, request, body_object(request));
  }
};

thread_local bool AccountApi::Impl::holding_write = false;

AccountApi::AccountApi(std::string workspace, Limits limits)
    : impl_(std::make_unique<Impl>(std::move(workspace), limits)) {}
AccountApi::~AccountApi() = default;

bool AccountApi::handles(const std::string& path) {
  return path.starts_with("/api/v1/auth/") || path == "/api/v1/submissions" ||
         path.starts_with("/api/v1/submissions/") || path.starts_with(kReviewMarks);
}

Response AccountApi::answer(const Request& request) {
  try {
    return impl_->answer(request);
  } catch (const ApiError& e) {
    return error_response(e);
  } catch (const ThrottledError& e) {
    Response r = error_response(ApiError(429, "locked", e.what()));
    r.headers.emplace_back("Retry-After", std::to_string(std::max(1, e.retry_after_s())));
    return r;
  } catch (const AuthError& e) {
    return error_response(ApiError(401, "unauthenticated", e.what()));
  } catch (const PermissionError& e) {
    return error_response(ApiError(403, "forbidden", e.what()));
  } catch (const NotFoundError& e) {
    return error_response(ApiError(404, "not_found", e.what()));
  } catch (const ConflictError& e) {
    return error_response(ApiError(409, "conflict", e.what()));
  } catch (const FieldError& e) {
    return error_response(field_error(400, "bad_record", e.what(), e.field()));
  } catch (const InputError& e) {
    return error_response(ApiError(400, "bad_record", e.what()));
  } catch (const StoreError& e) {
    // The write lock stayed taken (a long import): the request changed nothing and may be retried.
    Response r = error_response(ApiError(503, "busy", e.what()));
    r.headers.emplace_back("Retry-After", "2");
    return r;
  }
}

}  // namespace eb::app::serve

// The API's account face (docs/api.md "Accounts, sessions and submissions"; docs/security.md): login and logout,
// the signed-in account, bearer tokens and submissions with approval. Never cached; answers carry
// Cache-Control: no-store. Who is asking comes from a bearer token or the session cookie; a cookie request that
// changes something must carry the session's CSRF token, and an Origin header, when sent, must be the server's own.
// Writes go through a small pool of connections opened for writing (the rest of the server only reads), one write
// at a time; reads (GET) have connections of their own and never wait for a write.
#pragma once

#include <memory>
#include <string>

#include "app/serve/http_server.hpp"

namespace eb::app::serve {

class AccountApi {
 public:
  struct Limits {
    double logins_per_minute = 10;  // per client address, for POST auth/login; beyond: 429 (0: no limit)
    unsigned login_burst = 10;
    unsigned connections = 8;  // writer connections kept open (more requests wait for one)
  };
  AccountApi(std::string workspace, Limits limits);
  ~AccountApi();
  AccountApi(const AccountApi&) = delete;
  AccountApi& operator=(const AccountApi&) = delete;

  // Whether the path is one of this face's (/api/v1/auth/..., /api/v1/submissions..., the review decisions
  // /api/v1/review/marks/ID/confirm|overrule).
  static bool handles(const std::string& path);
  Response answer(const Request& request);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// The value of cookie `name` in a Cookie header; empty when it is not there.
std::string cookie_value(const std::string& header, const std::string& name);
// Whether a JSON text nests arrays and objects no deeper than `max_depth` (checked before parsing, so that a
// hostile body cannot exhaust the parser's stack).
bool json_depth_within(const std::string& text, int max_depth);

}  // namespace eb::app::serve

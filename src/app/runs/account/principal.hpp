// Who is asking: the account behind a request (a dashboard session or a program's bearer token), as every run
// that checks permissions takes it. Anonymous visitors have none (std::optional<Principal> empty).
#pragma once

#include <optional>
#include <string>

namespace eb::app::runs {

struct Principal {
  std::string name;                     // the account's login name (the audit log's actor)
  std::string role;                     // one of standards::account_roles()
  std::string unit_code;                // the home unit: the root of the subtree the account acts in
  std::optional<std::string> chief_id;  // role chief: the chief the account is
  std::string token_id;                 // the session or bearer token the request came with
  bool session = false;                 // a dashboard session (cookie): writes need its CSRF token
  std::string csrf;                     // sessions: the CSRF token
};

}  // namespace eb::app::runs

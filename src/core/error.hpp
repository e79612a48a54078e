// Typed errors of every domain, and the stable exit codes the CLI maps them to.
#pragma once

#include <stdexcept>
#include <string>

namespace eb {

// Exit codes are part of the CLI contract (docs/cli.md). Never renumber.
enum class ExitCode : int {
  ok = 0,
  failure = 1,        // unexpected internal failure
  usage = 2,          // bad command line
  input = 3,          // input data rejected (parse or validation); nothing was stored
  workspace = 4,      // workspace missing, newer than this program, or corrupt
  io = 5,             // a file could not be read or written
  denied = 6,         // not signed in, or the account may not do this (nothing was changed)
  interrupted = 130,  // stopped by SIGINT or SIGTERM (128 + SIGINT, as shells report it); nothing half written
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

// The user passed something the command cannot accept.
struct UsageError : Error {
  explicit UsageError(const std::string& m) : Error(ExitCode::usage, m) {}
};
// Input data that cannot be parsed or breaks a rule; the message names file:line:column.
struct InputError : Error {
  explicit InputError(const std::string& m) : Error(ExitCode::input, m) {}
};
// The workspace cannot be used (missing, newer schema, corrupt, locked).
struct StoreError : Error {
  explicit StoreError(const std::string& m) : Error(ExitCode::workspace, m) {}
};
// A concurrent writer got to the same rows first (PostgreSQL: serialization failure or deadlock, SQLSTATE 40001 or
// 40P01); the transaction was rolled back as a whole and may simply be run again (store/retry.hpp).
struct StoreConflict : StoreError {
  explicit StoreConflict(const std::string& m) : StoreError(m) {}
};
// A file could not be opened, read or written.
struct IoError : Error {
  explicit IoError(const std::string& m) : Error(ExitCode::io, m) {}
};
// The run was asked to stop (Ctrl-C, SIGTERM) and stopped cleanly.
struct Interrupted : Error {
  explicit Interrupted(const std::string& m) : Error(ExitCode::interrupted, m) {}
};
// Invalid or unusable geometry.
struct GeometryError : Error {
  explicit GeometryError(const std::string& m) : Error(ExitCode::input, m) {}
};

// Input refused because of one field of a submitted record (the API answers 400 naming `field`).
struct FieldError : InputError {
  FieldError(const std::string& field, const std::string& m) : InputError(m), field_(field) {}
  const std::string& field() const noexcept { return field_; }

 private:
  std::string field_;
};
// Not signed in, wrong credentials, an expired or revoked token (the API answers 401).
struct AuthError : Error {
  explicit AuthError(const std::string& m) : Error(ExitCode::denied, m) {}
};
// Signed in, but the account's role and unit do not allow this (the API answers 403).
struct PermissionError : Error {
  explicit PermissionError(const std::string& m) : Error(ExitCode::denied, m) {}
};
// Too many attempts (failed logins): retry after `retry_after_s` (the API answers 429 with Retry-After).
struct ThrottledError : Error {
  ThrottledError(const std::string& m, int retry_after_s) : Error(ExitCode::denied, m), retry_after_s_(retry_after_s) {}
  int retry_after_s() const noexcept { return retry_after_s_; }

 private:
  int retry_after_s_;
};
// A thing that does not exist, or that the account may not know of (the API answers 404 for both, so that ids
// outside one's scope cannot be probed).
struct NotFoundError : Error {
  explicit NotFoundError(const std::string& m) : Error(ExitCode::input, m) {}
};
// The request conflicts with the thing's state (deciding a submission already decided; the API answers 409).
struct ConflictError : Error {
  explicit ConflictError(const std::string& m) : Error(ExitCode::input, m) {}
};

}  // namespace eb

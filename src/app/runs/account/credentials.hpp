// Secrets of the account system, one home: Argon2id password hashes (libsodium's crypto_pwhash_str, the
// "interactive" limits: 2 passes over 64 MiB), random token secrets and their SHA-256, constant-time comparison.
#pragma once

#include <string>
#include <string_view>

namespace eb::app::runs {

// The encoded Argon2id hash (algorithm, parameters, salt and hash in one string). Throws std::runtime_error when
// the machine lacks the memory to hash.
std::string hash_password(std::string_view password);
// Whether `password` matches `encoded` (a hash_password result); false for a malformed `encoded`.
bool verify_password(std::string_view encoded, std::string_view password);
// Spends the time of one verification without a hash to compare with: a login for an unknown account takes as
// long as one for a known account with a wrong password, so timing does not tell which names exist.
void verify_password_dummy(std::string_view password);
// `bytes` random bytes from the system's generator, as unpadded base64url text.
std::string random_secret(std::size_t bytes);
// Hex SHA-256 of a token secret (what the workspace stores instead of the secret).
std::string secret_digest(std::string_view secret);
// Equality in time independent of where the texts differ.
bool same_secret(std::string_view a, std::string_view b);
// The rules a new password must meet (at least 10 characters, not the account's name); throws FieldError
// ("password") naming the rule it breaks.
void check_password_rules(std::string_view password, std::string_view account);

}  // namespace eb::app::runs

#include "app/runs/account/credentials.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>
#include <vector>

#include "core/error.hpp"
#include "core/utf8.hpp"

namespace eb::app::runs {

namespace {

void init_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  });
}

// A fixed hash of a password nobody has, verified against when an account does not exist.
const std::string& dummy_hash() {
  static const std::string hash = hash_password("no account has this password; it only spends time");
  return hash;
}

}  // namespace

std::string hash_password(std::string_view password) {
  init_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("not enough memory to hash a password (Argon2id needs 64 MiB)");
  return out;
}

bool verify_password(std::string_view encoded, std::string_view password) {
  init_sodium();
  if (encoded.size() >= crypto_pwhash_STRBYTES) return false;
  std::string text(encoded);  // NUL-terminated, as libsodium reads it
  return crypto_pwhash_str_verify(text.c_str(), password.data(), password.size()) == 0;
}

void verify_password_dummy(std::string_view password) { (void)verify_password(dummy_hash(), password); }

std::string random_secret(std::size_t bytes) {
  init_sodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string secret_digest(std::string_view secret) {
  init_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void check_password_rules(std::string_view password, std::string_view account) {
  if (!is_valid_utf8(password)) throw FieldError("password", "password: not valid UTF-8 text");
  if (utf8_code_points(password) < 10) throw FieldError("password", "password: at least 10 characters");
  if (password.size() > 1024) throw FieldError("password", "password: at most 1024 bytes");
  if (password == account) throw FieldError("password", "password: must not be the account's name");
}

}  // namespace eb::app::runs

#include "core/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace eb {

namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0 when it is not one.
std::size_t sequence_length(const unsigned char* s, std::size_t i, std::size_t n) {
  const unsigned c = s[i];
  if (c < 0x80) return 1;
  auto cont = [&](std::size_t k) { return i + k < n && (s[i + k] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    const unsigned c1 = s[i + 1];
    if (c == 0xE0 && c1 < 0xA0) return 0;   // overlong
    if (c == 0xED && c1 >= 0xA0) return 0;  // UTF-16 surrogates
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const unsigned c1 = s[i + 1];
    if (c == 0xF0 && c1 < 0x90) return 0;   // overlong
    if (c == 0xF4 && c1 >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

std::size_t find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    while (i < n && s[i] < 0x80) ++i;
    if (i >= n) break;
    const std::size_t len = sequence_length(s, i, n);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

bool looks_like_gbk(std::string_view text, std::size_t at) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t pairs = 0;
  for (std::size_t i = at; i < n && pairs < 8;) {
    const unsigned c = s[i];
    if (c < 0x80) {
      if (pairs > 0) break;
      ++i;
      continue;
    }
    if (c < 0x81 || c > 0xFE || i + 1 >= n) return false;
    const unsigned t = s[i + 1];
    if (t < 0x40 || t > 0xFE || t == 0x7F) return false;
    ++pairs;
    i += 2;
  }
  return pairs > 0;
}

std::string quote_input(std::string_view text, std::size_t max_bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::string out;
  std::size_t i = 0;
  while (i < n && i < max_bytes) {
    const std::size_t len = sequence_length(s, i, n);
    if (len == 0 || (len == 1 && (s[i] < 0x20 || s[i] == 0x7F) && s[i] != '\t')) {
      out += "\\x";
      out += kHex[s[i] >> 4];
      out += kHex[s[i] & 0xF];
      ++i;
      continue;
    }
    if (i + len > max_bytes) break;
    out.append(text.substr(i, len));
    i += len;
  }
  if (i < n) out += "… (" + std::to_string(n) + " bytes)";
  return out;
}

std::string escape_invalid_utf8(std::string_view text, std::size_t max_bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::string out;
  std::size_t i = 0;
  while (i < n && out.size() < max_bytes) {
    const std::size_t len = sequence_length(s, i, n);
    if (len == 0) {
      out += "\\x";
      out += kHex[s[i] >> 4];
      out += kHex[s[i] & 0xF];
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  if (i < n) out += "\n… (message cut at " + std::to_string(max_bytes) + " bytes)\n";
  return out;
}

}  // namespace eb

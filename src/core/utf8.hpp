// UTF-8 checks and safe quoting of input text in messages. Every importer validates its text with these, and every
// message that quotes input passes it through quote_input, so that nothing non-UTF-8 is stored or printed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace eb {

// The byte offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or npos when `s` is valid UTF-8. ASCII runs are skipped eight bytes at a time.
std::size_t find_invalid_utf8(std::string_view s);
inline bool is_valid_utf8(std::string_view s) { return find_invalid_utf8(s) == std::string_view::npos; }
// Characters (code points) of valid UTF-8 text: the bytes that do not continue a sequence.
inline std::size_t utf8_code_points(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Whether the bytes from `at` on read as GBK/GB18030 double-byte characters (a lead byte 0x81-0xFE followed by a
// trail byte 0x40-0xFE other than 0x7F) where they fail as UTF-8: the hint "convert with --encoding gbk".
bool looks_like_gbk(std::string_view s, std::size_t at);

// The longest quotation of input text a message carries, in bytes.
inline constexpr std::size_t kMaxQuotedBytes = 80;

// Input text made safe to print: bytes that are not valid UTF-8 and ASCII control characters are written as \xNN,
// and text longer than `max_bytes` is cut (at a character boundary) and ends with "… (N bytes)".
std::string quote_input(std::string_view s, std::size_t max_bytes = kMaxQuotedBytes);

// A message made safe to print as a whole: bytes that are not valid UTF-8 written as \xNN (line breaks and other
// text kept), cut after `max_bytes` with a note.
std::string escape_invalid_utf8(std::string_view s, std::size_t max_bytes = std::size_t{64} << 10);

}  // namespace eb

// Rows in PostgreSQL's binary COPY format (COPY … FROM STDIN (FORMAT binary)): the fastest way into the server,
// with no text parsing on either side. Database::copy_in sends what this appends.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

namespace eb::store {

class CopyRows {
 public:
  explicit CopyRows(std::string& out) : out_(out) {}
  // The signature, flags and header extension that open the stream; once, before the first row.
  void header() { out_.append("PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0", 19); }
  // The -1 field count that closes the stream; once, after the last row.
  void trailer() { be16(0xffff); }
  void row(int fields) { be16(static_cast<std::uint16_t>(fields)); }
  void int8(std::int64_t v) {
    be32(8);
    be64(static_cast<std::uint64_t>(v));
  }
  void float8(double v) {
    be32(8);
    be64(std::bit_cast<std::uint64_t>(v));
  }
  void text(std::string_view v) {
    be32(static_cast<std::uint32_t>(v.size()));
    out_.append(v);
  }
  void bytes(std::span<const std::uint8_t> v) {
    be32(static_cast<std::uint32_t>(v.size()));
    out_.append(reinterpret_cast<const char*>(v.data()), v.size());
  }
  void null() { be32(0xffffffffu); }

 private:
  void be16(std::uint16_t v) {
    const char b[2] = {static_cast<char>(v >> 8), static_cast<char>(v)};
    out_.append(b, 2);
  }
  void be32(std::uint32_t v) {
    const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                       static_cast<char>(v)};
    out_.append(b, 4);
  }
  void be64(std::uint64_t v) {
    be32(static_cast<std::uint32_t>(v >> 32));
    be32(static_cast<std::uint32_t>(v));
  }
  std::string& out_;
};

}  // namespace eb::store

// A fast CSV splitter over an in-memory text (RFC 4180 quoting, CRLF or LF, UTF-8 BOM skipped).
// Fields are views into the text; quoted fields with doubled quotes are unescaped into scratch space
// owned by the reader and stay valid until the next call to next().
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eb::io {

class CsvReader {
 public:
  explicit CsvReader(std::string_view text);

  // Moves to the next non-empty record; false at the end of the text.
  bool next();
  const std::vector<std::string_view>& fields() const { return fields_; }
  std::size_t size() const { return fields_.size(); }
  std::string_view operator[](std::size_t i) const { return fields_[i]; }
  // 1-based line on which the current record starts.
  std::size_t line() const { return line_; }
  // The raw text of the current record (without the line ending).
  std::string_view raw() const { return raw_; }
  // Byte offset reached; for progress reports.
  std::size_t offset() const { return pos_; }

 private:
  void split_quoted(std::string_view record_start);

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
  std::size_t next_line_ = 1;
  std::string_view raw_;
  std::vector<std::string_view> fields_;
  std::vector<std::string> scratch_;
};

// Trims ASCII spaces and tabs.
std::string_view trim(std::string_view s);

// Values that stand for "no measurement": empty, NA, N/A, NaN, null, "-", "—".
bool is_missing(std::string_view s);

// Parses a decimal number (optional sign, digits, fraction, exponent); nothing if anything else is there.
std::optional<double> parse_number(std::string_view s);

}  // namespace eb::io

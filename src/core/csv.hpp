// A fast CSV splitter over an in-memory text (RFC 4180 quoting, CRLF or LF, UTF-8 BOM skipped).
// Fields are views into the text; quoted fields with doubled quotes are unescaped into scratch space
// owned by the reader and stay valid until the next call to next().
// Lines holding only spaces, tabs and carriage returns are blank and skipped. A file cut short is refused with an
// InputError naming `name`:line: a record longer than kMaxRecordBytes, a quoted field still open at the end of the
// text, and a last record with fewer fields than the header (when the record before it had them all).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eb {

// The longest line (or quoted record spanning lines) any reader accepts, in bytes: 1 MiB.
inline constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 20;

class CsvReader {
 public:
  // `name` (the file) starts the messages of the errors thrown by next().
  explicit CsvReader(std::string_view text, std::string_view name = {});

  // Moves to the next non-blank record; false at the end of the text. Throws InputError (see above).
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
  // For a text that is a part of a file: the line number of its first line, and no check of the last record
  // (the caller checks the field count of every record itself).
  void set_first_line(std::size_t line) { next_line_ = line; }
  void allow_short_last() { check_last_ = false; }

 private:
  void split_quoted(std::string_view record_start);
  void check_record(std::size_t bytes);
  bool rest_is_blank() const;

  std::string_view text_;
  std::string name_;
  std::size_t records_ = 0;      // records returned so far
  std::size_t header_size_ = 0;  // fields of the first record
  std::size_t prev_size_ = 0;    // fields of the record before the current one
  bool check_last_ = true;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
  std::size_t next_line_ = 1;
  std::string_view raw_;
  std::vector<std::string_view> fields_;
  std::vector<std::string> scratch_;
};

// Trims ASCII spaces and tabs.
std::string_view trim(std::string_view s);

// Values that stand for "no measurement": empty, NA, N/A, NaN, null, "-", "--", "—", "——".
bool is_missing(std::string_view s);

// Parses a decimal number (optional sign, digits, fraction, exponent); nothing if anything else is there.
std::optional<double> parse_number(std::string_view s);

// The common case of monitoring files, unsigned "123" or "12.5" with at most 15 significant digits, parsed
// without the general parser. The result is the correctly rounded double, identical to parse_number's
// (an exact integer divided by an exact power of ten rounds once).
struct PlainDecimal {
  std::uint64_t mantissa = 0;
  int digits = 0;
  int fraction = -1;  // digits after the point; -1 = no point
  bool plain = true;  // only digits and at most one point were seen

  bool ok() const { return plain && digits > 0 && digits <= 15; }
  double value() const {
    static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    return fraction > 0 ? static_cast<double>(mantissa) / kPow10[fraction] : static_cast<double>(mantissa);
  }
};

// Scans a field from `s` up to the next comma or `end`, accumulating a PlainDecimal; returns where it stopped.
inline const char* scan_plain_decimal(const char* s, const char* end, PlainDecimal& d) {
  for (; s != end && *s != ','; ++s) {
    const unsigned digit = static_cast<unsigned char>(*s) - static_cast<unsigned>('0');
    if (digit < 10) {
      if (d.digits < 19) d.mantissa = d.mantissa * 10 + digit;  // beyond 15 digits ok() fails anyway
      ++d.digits;
      d.fraction += d.fraction >= 0;
    } else if (*s == '.' && d.fraction < 0) {
      d.fraction = 0;
    } else {
      d.plain = false;
    }
  }
  return s;
}

// parse_plain_decimal for a whole field; false when it is not in the plain form.
bool parse_plain_decimal(std::string_view s, double& out);

// The value as an int when it is a whole number within int's range; nothing otherwise (NaN, 1e300, 2.5).
// Checks before converting: casting an out-of-range double to int is undefined behaviour.
std::optional<int> exact_int(double v);

}  // namespace eb

#include "core/csv.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "core/error.hpp"

namespace eb {

namespace {
bool blank(std::string_view s) {
  for (const char c : s)
    if (c != ' ' && c != '\t' && c != '\r') return false;
  return true;
}
}  // namespace

CsvReader::CsvReader(std::string_view text, std::string_view name) : text_(text), name_(name) {
  if (text_.size() >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  fields_.reserve(64);
}

bool CsvReader::next() {
  while (pos_ < text_.size()) {
    const char* base = text_.data();
    const char* start = base + pos_;
    const char* end = static_cast<const char*>(std::memchr(start, '\n', text_.size() - pos_));
    if (!end) end = base + text_.size();
    std::string_view record(start, static_cast<std::size_t>(end - start));
    line_ = next_line_;
    if (record.size() > kMaxRecordBytes) {
      throw InputError(fmt::format("{}:{}: line longer than {} bytes", name_, line_, kMaxRecordBytes));
    }
    if (std::memchr(record.data(), '"', record.size()) != nullptr) {
      split_quoted(text_.substr(pos_));
      check_record(raw_.size());
      return true;
    }
    pos_ = static_cast<std::size_t>(end - base) + (end < base + text_.size() ? 1 : 0);
    ++next_line_;
    if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
    if (record.empty() ||
        ((record.front() == ' ' || record.front() == '\t' || record.front() == '\r') && blank(record)))
      continue;
    raw_ = record;
    fields_.clear();
    std::size_t from = 0;
    for (;;) {
      const void* comma = std::memchr(record.data() + from, ',', record.size() - from);
      if (!comma) {
        fields_.push_back(record.substr(from));
        break;
      }
      const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(comma) - record.data());
      fields_.push_back(record.substr(from, at - from));
      from = at + 1;
    }
    check_record(record.size());
    return true;
  }
  return false;
}

bool CsvReader::rest_is_blank() const {
  for (std::size_t i = pos_; i < text_.size(); ++i) {
    const char c = text_[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

// The checks of a record once split: its length, and whether it is a last record cut short.
void CsvReader::check_record(std::size_t bytes) {
  if (bytes > kMaxRecordBytes)
    throw InputError(fmt::format("{}:{}: record longer than {} bytes", name_, line_, kMaxRecordBytes));
  ++records_;
  if (records_ == 1) header_size_ = fields_.size();
  if (check_last_ && records_ > 1 && fields_.size() < header_size_ && prev_size_ >= header_size_ && rest_is_blank()) {
    throw InputError(fmt::format("{}:{}: the last record has {} field(s), the header has {}: the file looks truncated",
                                 name_, line_, fields_.size(), header_size_));
  }
  prev_size_ = fields_.size();
}

// Slow path for records with quotes: quoted fields may hold commas, doubled quotes and line breaks.
void CsvReader::split_quoted(std::string_view rest) {
  // Fields are collected as strings first and viewed only once the vector stops growing.
  scratch_.clear();
  std::size_t i = 0;
  std::size_t lines = 1;
  for (;;) {
    if (i < rest.size() && rest[i] == '"') {
      std::string value;
      ++i;
      bool closed = false;
      while (i < rest.size()) {
        if (rest[i] == '"') {
          if (i + 1 < rest.size() && rest[i + 1] == '"') {
            value += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (rest[i] == '\n') ++lines;
        if (i >= kMaxRecordBytes)
          throw InputError(fmt::format("{}:{}: record longer than {} bytes (a quoted field that does not end?)", name_,
                                       line_, kMaxRecordBytes));
        value += rest[i++];
      }
      if (!closed)
        throw InputError(fmt::format(
            "{}:{}: a quoted field is still open at the end of the file (field {}): the file looks truncated", name_,
            line_, scratch_.size() + 1));
      // Anything between the closing quote and the delimiter is kept verbatim.
      while (i < rest.size() && rest[i] != ',' && rest[i] != '\n' && rest[i] != '\r') value += rest[i++];
      scratch_.push_back(std::move(value));
    } else {
      std::size_t j = i;
      while (j < rest.size() && rest[j] != ',' && rest[j] != '\n') ++j;
      std::string_view f = rest.substr(i, j - i);
      if (!f.empty() && f.back() == '\r' && (j == rest.size() || rest[j] == '\n')) f.remove_suffix(1);
      scratch_.emplace_back(f);
      i = j;
    }
    if (i < rest.size() && rest[i] == ',') {
      ++i;
      continue;
    }
    if (i < rest.size() && rest[i] == '\r') ++i;
    if (i < rest.size() && rest[i] == '\n') ++i;
    break;
  }
  fields_.clear();
  for (const auto& s : scratch_) fields_.emplace_back(s);
  std::size_t raw_len = i;
  while (raw_len > 0 && (rest[raw_len - 1] == '\n' || rest[raw_len - 1] == '\r')) --raw_len;
  raw_ = rest.substr(0, raw_len);
  pos_ += i;
  next_line_ += lines;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_missing(std::string_view s) {
  s = trim(s);
  return s.empty() || s == "NA" || s == "N/A" || s == "NaN" || s == "nan" || s == "null" || s == "NULL" || s == "-" ||
         s == "--" || s == "—" || s == "——";
}

bool parse_plain_decimal(std::string_view s, double& out) {
  PlainDecimal d;
  if (scan_plain_decimal(s.data(), s.data() + s.size(), d) != s.data() + s.size() || !d.ok()) return false;
  out = d.value();
  return true;
}

std::optional<double> parse_number(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  if (parse_plain_decimal(s, v)) return v;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  if (!std::isfinite(v)) return std::nullopt;  // "nan", "inf" are not measurements
  return v;
}

std::optional<int> exact_int(double v) {
  if (!(v >= static_cast<double>(std::numeric_limits<int>::min()) &&
        v <= static_cast<double>(std::numeric_limits<int>::max())))
    return std::nullopt;
  const int i = static_cast<int>(v);
  if (static_cast<double>(i) != v) return std::nullopt;
  return i;
}

}  // namespace eb

#include "core/civil_time.hpp"

#include <cstdio>

namespace eb {

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

bool is_valid(const CivilDate& d) {
  return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= days_in_month(d.year, d.month);
}

bool is_valid(const CivilDateTime& t) {
  return is_valid(t.date) && t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59 && t.second >= 0 &&
         t.second <= 59;
}

std::int64_t days_from_civil(const CivilDate& d) {
  const std::int64_t y = d.month <= 2 ? d.year - 1 : d.year;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = d.month > 2 ? d.month - 3 : d.month + 9;
  const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return {y, m, d};
}

EpochSeconds beijing_to_epoch(const CivilDateTime& t) {
  return days_from_civil(t.date) * 86400 + t.hour * 3600 + t.minute * 60 + t.second - kBeijingOffsetSeconds;
}

CivilDateTime epoch_to_beijing(EpochSeconds t) {
  const EpochSeconds local = t + kBeijingOffsetSeconds;
  std::int64_t days = local / 86400;
  std::int64_t rem = local % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  CivilDateTime out;
  out.date = civil_from_days(days);
  out.hour = static_cast<int>(rem / 3600);
  out.minute = static_cast<int>(rem % 3600 / 60);
  out.second = static_cast<int>(rem % 60);
  return out;
}

std::string format_beijing_iso(EpochSeconds t) {
  const CivilDateTime c = epoch_to_beijing(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", c.date.year, c.date.month, c.date.day, c.hour,
                c.minute, c.second);
  return buf;
}

std::string format_date(const CivilDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

namespace {

// Reads exactly n ASCII digits at pos; false if any is not a digit.
bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::optional<CivilDate> parse_compact_date(std::string_view s) {
  CivilDate d;
  if (s.size() != 8 || !read_digits(s, 0, 4, d.year) || !read_digits(s, 4, 2, d.month) ||
      !read_digits(s, 6, 2, d.day) || !is_valid(d))
    return std::nullopt;
  return d;
}

std::optional<CivilDate> parse_iso_date(std::string_view s) {
  CivilDate d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !read_digits(s, 0, 4, d.year) || !read_digits(s, 5, 2, d.month) ||
      !read_digits(s, 8, 2, d.day) || !is_valid(d))
    return std::nullopt;
  return d;
}

std::optional<ParsedInstant> parse_instant(std::string_view s) {
  CivilDateTime t;
  if (s.size() < 10) return std::nullopt;
  const auto date = parse_iso_date(s.substr(0, 10));
  if (!date) return std::nullopt;
  t.date = *date;
  if (s.size() == 10) return ParsedInstant{beijing_to_epoch(t), true};
  if (s[10] != 'T' && s[10] != ' ') return std::nullopt;
  std::size_t pos = 11;
  if (s.size() < 16 || !read_digits(s, pos, 2, t.hour) || s[13] != ':' || !read_digits(s, 14, 2, t.minute))
    return std::nullopt;
  pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!read_digits(s, pos + 1, 2, t.second)) return std::nullopt;
    pos += 3;
  }
  if (!is_valid(t)) return std::nullopt;
  int offset = kBeijingOffsetSeconds;
  if (pos < s.size()) {
    const char sign = s[pos];
    if (sign == 'Z' && pos + 1 == s.size()) {
      offset = 0;
    } else if ((sign == '+' || sign == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
      int oh = 0, om = 0;
      if (!read_digits(s, pos + 1, 2, oh) || !read_digits(s, pos + 4, 2, om) || oh > 14 || om > 59) return std::nullopt;
      offset = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  // The civil fields are local to `offset`; shift them to Beijing before converting.
  return ParsedInstant{beijing_to_epoch(t) + kBeijingOffsetSeconds - offset, false};
}

}  // namespace eb

// Civil time. Monitoring data in China is stamped in Beijing time (UTC+8, no daylight saving);
// the workspace stores instants as seconds since the Unix epoch (UTC), which is unambiguous.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eb {

using EpochSeconds = std::int64_t;

inline constexpr int kBeijingOffsetSeconds = 8 * 3600;

struct CivilDate {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

struct CivilDateTime {
  CivilDate date;
  int hour = 0;
  int minute = 0;
  int second = 0;
  friend bool operator==(const CivilDateTime&, const CivilDateTime&) = default;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);
bool is_valid(const CivilDate& d);
bool is_valid(const CivilDateTime& t);

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(const CivilDate& d);
CivilDate civil_from_days(std::int64_t days);

// Beijing civil time <-> instant. The caller validates first.
EpochSeconds beijing_to_epoch(const CivilDateTime& t);
CivilDateTime epoch_to_beijing(EpochSeconds t);

// "2019-01-01T08:00:00+08:00"
std::string format_beijing_iso(EpochSeconds t);
// "2019-01-01"
std::string format_date(const CivilDate& d);

// Parses ISO 8601-like timestamps: "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]", "YYYY-MM-DDTHH:MM[:SS]"
// with an optional "Z" or "+HH:MM"/"-HH:MM" offset. Without an offset the time is Beijing time.
// Returns nothing when the text is not a timestamp or names an impossible date or time
// (2019-02-29, hour 24, offset beyond +-14:00).
struct ParsedInstant {
  EpochSeconds epoch = 0;
  bool date_only = false;
};
std::optional<ParsedInstant> parse_instant(std::string_view text);

// Parses "YYYYMMDD" (the CNEMC file convention); nothing if malformed or impossible.
std::optional<CivilDate> parse_compact_date(std::string_view text);
// Parses "YYYY-MM-DD"; nothing if malformed or impossible.
std::optional<CivilDate> parse_iso_date(std::string_view text);

}  // namespace eb

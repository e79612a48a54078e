#include "core/period.hpp"

#include <charconv>

namespace eb {

namespace {
std::optional<int> number(std::string_view s) {
  int v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}
}  // namespace

std::optional<Period> parse_period(std::string_view t) {
  Period p;
  p.label = std::string(t);
  if (const auto dots = t.find(".."); dots != std::string_view::npos) {
    const auto a = parse_iso_date(t.substr(0, dots));
    const auto b = parse_iso_date(t.substr(dots + 2));
    if (!a || !b || days_from_civil(*b) < days_from_civil(*a)) return std::nullopt;
    p.first = *a;
    p.last = *b;
    return p;
  }
  if (t.size() == 4) {
    const auto y = number(t);
    if (!y || *y < 1) return std::nullopt;
    p.first = {*y, 1, 1};
    p.last = {*y, 12, 31};
    return p;
  }
  if ((t.size() == 6 || t.size() == 7) && (t[t.size() - 2] == 'Q' || t[t.size() - 2] == 'q')) {
    const auto y = number(t.substr(0, 4));
    const auto q = number(t.substr(t.size() - 1));
    if (!y || !q || *q < 1 || *q > 4 || (t.size() == 7 && t[4] != '-')) return std::nullopt;
    p.first = {*y, 3 * *q - 2, 1};
    p.last = {*y, 3 * *q, days_in_month(*y, 3 * *q)};
    return p;
  }
  if (t.size() == 7 && t[4] == '-') {
    const auto y = number(t.substr(0, 4));
    const auto m = number(t.substr(5));
    if (!y || !m || *m < 1 || *m > 12 || *y < 1) return std::nullopt;
    p.first = {*y, *m, 1};
    p.last = {*y, *m, days_in_month(*y, *m)};
    return p;
  }
  return std::nullopt;
}

}  // namespace eb

#include "standards/map_classes.hpp"

#include <cctype>
#include <cmath>
#include <stdexcept>

#include "standards/tables.hpp"

namespace eb::standards {

namespace {

std::optional<double> optional_number(const DataTable& t, std::size_t row, std::string_view column) {
  if (t.at(row, column).empty()) return std::nullopt;
  return t.number(row, column);
}

bool is_colour(const std::string& c) {
  if (c.size() != 7 || c[0] != '#') return false;
  for (std::size_t i = 1; i < c.size(); ++i)
    if (!std::isxdigit(static_cast<unsigned char>(c[i]))) return false;
  return true;
}

// A defect in the embedded table is a build defect: a gap, an overlap or a bad colour fails loudly.
void check(const MapClasses& m) {
  const auto fail = [&](const std::string& why) {
    throw std::logic_error("map_classes.csv, metric " + m.metric + ": " + why);
  };
  if (m.classes.size() < 2) fail("fewer than two classes");
  if (m.classes.front().lower || m.classes.back().upper) fail("the first and last classes must be open");
  for (std::size_t i = 0; i < m.classes.size(); ++i) {
    const MapClass& c = m.classes[i];
    if (!is_colour(c.colour)) fail("colour " + c.colour + " is not #rrggbb");
    if (i + 1 < m.classes.size() && (!c.upper || c.upper != m.classes[i + 1].lower))
      fail("class " + std::to_string(i + 1) + " does not end where the next begins");
    if (c.lower && c.upper && !(*c.lower < *c.upper)) fail("class " + std::to_string(i + 1) + " is empty");
  }
}

std::vector<MapClasses> load() {
  const DataTable& t = DataTable::get("map_classes.csv");
  std::vector<MapClasses> all;
  for (std::size_t row = 0; row < t.size(); ++row) {
    const std::string& metric = t.at(row, "metric");
    if (all.empty() || all.back().metric != metric) {
      all.push_back({metric, t.at(row, "closed") == "upper", {}});
      for (std::size_t i = 0; i + 1 < all.size(); ++i)
        if (all[i].metric == metric) throw std::logic_error("map_classes.csv: metric " + metric + " is split");
    }
    const std::string& closed = t.at(row, "closed");
    if (closed != "upper" && closed != "lower")
      throw std::logic_error("map_classes.csv: closed must be upper or lower, not " + closed);
    if ((closed == "upper") != all.back().upper_closed)
      throw std::logic_error("map_classes.csv, metric " + metric + ": classes closed on different ends");
    all.back().classes.push_back({optional_number(t, row, "lower"), optional_number(t, row, "upper"),
                                  t.at(row, "colour"), t.at(row, "label_zh"), t.at(row, "label_en"),
                                  t.at(row, "source")});
  }
  for (const auto& m : all) check(m);
  return all;
}

const std::vector<MapClasses>& table() {
  static const std::vector<MapClasses> all = load();
  return all;
}

}  // namespace

std::optional<std::size_t> MapClasses::classify(double value) const {
  if (std::isnan(value)) return std::nullopt;
  std::size_t i = 0;
  // Past every break the value is above (or, for [lower, upper) classes, at or above).
  while (i + 1 < classes.size() && (upper_closed ? value > *classes[i].upper : value >= *classes[i].upper)) ++i;
  return i;
}

std::vector<double> MapClasses::breaks() const {
  std::vector<double> b;
  for (std::size_t i = 0; i + 1 < classes.size(); ++i) b.push_back(*classes[i].upper);
  return b;
}

const MapClasses& map_classes(std::string_view metric) {
  for (const auto& m : table())
    if (m.metric == metric) return m;
  std::string known;
  for (const auto& m : table()) known += (known.empty() ? "" : ", ") + m.metric;
  throw std::invalid_argument("no map classes for " + std::string(metric) + "; known: " + known);
}

std::vector<std::string> map_class_metrics() {
  std::vector<std::string> names;
  for (const auto& m : table()) names.push_back(m.metric);
  return names;
}

}  // namespace eb::standards

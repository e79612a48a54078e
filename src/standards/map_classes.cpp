#include "standards/map_classes.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "standards/hj663.hpp"
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
    const std::string& edition = t.at(row, "edition");
    if (all.empty() || all.back().metric != metric || all.back().edition != edition) {
      all.push_back({metric, edition, t.at(row, "closed") == "upper", {}});
      for (std::size_t i = 0; i + 1 < all.size(); ++i) {
        if (all[i].metric != metric) continue;
        if (all[i].edition == edition)
          throw std::logic_error("map_classes.csv: metric " + metric + " " + edition + " is split");
        if (all[i].edition.empty() || edition.empty())
          throw std::logic_error("map_classes.csv: metric " + metric + " has rows with and without an edition");
      }
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
  // A metric that depends on the edition has classes for every GB 3095 edition: a period always finds its own.
  for (const auto& m : all) {
    if (m.edition.empty()) continue;
    for (const auto& id : Gb3095::ids()) {
      const bool has = std::any_of(all.begin(), all.end(),
                                   [&](const MapClasses& o) { return o.metric == m.metric && o.edition == id; });
      if (!has) throw std::logic_error("map_classes.csv: metric " + m.metric + " has no classes for " + id);
    }
    try {
      Gb3095::get(m.edition);
    } catch (const std::out_of_range&) {
      throw std::logic_error("map_classes.csv: metric " + m.metric + ": unknown GB 3095 edition " + m.edition);
    }
  }
  return all;
}

const std::vector<MapClasses>& table() {
  static const std::vector<MapClasses> all = load();
  return all;
}

[[noreturn]] void unknown_metric(std::string_view metric) {
  std::string known;
  for (const auto& m : map_class_metrics()) known += (known.empty() ? "" : ", ") + m;
  throw std::invalid_argument("no map classes for " + std::string(metric) + "; known: " + known);
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

const MapClasses& map_classes(std::string_view metric, std::string_view edition) {
  bool known = false;
  for (const auto& m : table()) {
    if (m.metric != metric) continue;
    known = true;
    if (m.edition.empty() || m.edition == edition) return m;
  }
  if (!known) unknown_metric(metric);
  throw std::invalid_argument("no map classes for " + std::string(metric) + " under " + std::string(edition));
}

const MapClasses& map_classes(std::string_view metric, const CivilDate& last_day) {
  return map_classes(metric, Gb3095::in_force(last_day).id());
}

const MapClasses& map_classes(std::string_view metric) {
  if (map_classes_by_edition(metric))
    throw std::invalid_argument("the map classes of " + std::string(metric) +
                                " depend on the GB 3095 edition: give the period or the edition");
  return map_classes(metric, std::string_view{});
}

bool map_classes_by_edition(std::string_view metric) {
  for (const auto& m : table())
    if (m.metric == metric) return !m.edition.empty();
  unknown_metric(metric);
}

std::vector<std::string> map_class_metrics() {
  std::vector<std::string> names;
  for (const auto& m : table())
    if (std::find(names.begin(), names.end(), m.metric) == names.end()) names.push_back(m.metric);
  return names;
}

std::vector<std::string> map_class_editions() {
  std::vector<std::string> ids;
  for (const auto& m : table())
    if (!m.edition.empty() && std::find(ids.begin(), ids.end(), m.edition) == ids.end()) ids.push_back(m.edition);
  return ids;
}

}  // namespace eb::standards

#include "standards/class_styles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "standards/carbon.hpp"
#include "standards/ledger.hpp"
#include "standards/screening.hpp"
#include "standards/tables.hpp"

namespace eb::standards {

namespace {

struct ColourRow {
  std::string colour, name_zh, name_en;
};

// class_colours.csv by (set, code); the rows whose code is "*" only say where a set's colours live instead.
const std::map<std::pair<std::string, std::string>, ColourRow, std::less<>>& colour_rows() {
  static const auto rows = [] {
    std::map<std::pair<std::string, std::string>, ColourRow, std::less<>> out;
    const DataTable& t = DataTable::get("class_colours.csv");
    for (std::size_t r = 0; r < t.size(); ++r) {
      if (t.at(r, "code") == "*") continue;
      const std::string& colour = t.at(r, "colour");
      if (colour.size() != 7 || colour[0] != '#')
        throw std::logic_error("class_colours.csv: colour of " + t.at(r, "set") + " " + t.at(r, "code") +
                               " is not #RRGGBB");
      out[{t.at(r, "set"), t.at(r, "code")}] = {colour, t.at(r, "name_zh"), t.at(r, "name_en")};
    }
    return out;
  }();
  return rows;
}

const ColourRow& colour_row(std::string_view set, std::string_view code) {
  const auto& rows = colour_rows();
  const auto it = rows.find(std::pair<std::string, std::string>(set, code));
  if (it == rows.end()) throw std::logic_error(fmt::format("class_colours.csv: no colour for {} class {}", set, code));
  return it->second;
}

// The rows of a set that class_colours.csv names itself (trend, station_kind, change, ramp), in the file's order.
std::vector<StyleClass> own_rows(std::string_view set) {
  std::vector<StyleClass> out;
  const DataTable& t = DataTable::get("class_colours.csv");
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (t.at(r, "set") != set) continue;
    out.push_back({t.at(r, "code"), t.at(r, "name_zh"), t.at(r, "name_en"), t.at(r, "colour")});
  }
  if (out.empty()) throw std::logic_error(fmt::format("class_colours.csv: no classes of {}", set));
  return out;
}

std::vector<StyleClass> aqi_levels() {
  std::vector<StyleClass> out;
  const DataTable& t = DataTable::get("aqi_levels.csv");
  for (std::size_t r = 0; r < t.size(); ++r)
    out.push_back({t.at(r, "level"), t.at(r, "name_zh"), t.at(r, "name_en"), t.at(r, "rgb_hex")});
  return out;
}

std::vector<StyleClass> water_classes() {
  std::vector<StyleClass> out;
  const DataTable& t = DataTable::get("water_status.csv");
  for (std::size_t r = 0; r < t.size(); ++r)
    out.push_back({t.at(r, "class"), t.at(r, "class_zh") + "类（" + t.at(r, "status_zh") + "）",
                   fmt::format("class {} ({})", t.at(r, "class_en"), t.at(r, "status_en")), t.at(r, "colour")});
  return out;
}

std::vector<StyleClass> protected_zones() {
  std::vector<StyleClass> out;
  for (const ZoneDef& z : zone_defs()) {
    const std::string value = z.kind + "/" + z.zone;
    std::string zh = z.name_zh, en = z.name_en;
    if (!z.zone.empty()) {  // a zone's own name says nothing of its kind: 核心区 of a reserve or of a park
      zh = zone_name(z.kind, "", true) + " " + zh;
      en = zone_name(z.kind, "", false) + ", " + en;
    }
    out.push_back({value, zh, en, colour_row("protected_zone", value).colour});
  }
  return out;
}

std::vector<StyleClass> project_type_classes() {
  std::vector<StyleClass> out;
  for (const ProjectType& p : project_types())
    out.push_back({p.type, p.name_zh, p.name_en, colour_row("project_type", p.type).colour});
  return out;
}

std::vector<StyleClass> landcover(std::string_view scheme) {
  std::vector<StyleClass> out;
  for (const LandCoverClass& c : landcover_classes()) {
    if (c.scheme != scheme) continue;
    const std::string code = std::to_string(c.code);
    out.push_back({code, c.name_zh, c.name_en, colour_row(scheme, code).colour});
  }
  return out;
}

int hex_channel(const std::string& colour, std::size_t at) { return std::stoi(colour.substr(at, 2), nullptr, 16); }

// The colour at `t` (0..1) along the ramp's stops.
std::string ramp_colour(const std::vector<StyleClass>& stops, double t) {
  if (stops.size() == 1) return stops.front().colour;
  const double pos = t * static_cast<double>(stops.size() - 1);
  const auto i = std::min(static_cast<std::size_t>(pos), stops.size() - 2);
  const double f = pos - static_cast<double>(i);
  std::string out = "#";
  for (std::size_t at : {1u, 3u, 5u}) {
    const int a = hex_channel(stops[i].colour, at), b = hex_channel(stops[i + 1].colour, at);
    out += fmt::format("{:02X}", static_cast<int>(std::lround(a + (b - a) * f)));
  }
  return out;
}

std::string bound_text(double v) { return fmt::format("{:g}", v); }

}  // namespace

std::vector<StyleClass> class_styles(std::string_view set) {
  if (set == "aqi_level") return aqi_levels();
  if (set == "water_class") return water_classes();
  if (set == "protected_zone") return protected_zones();
  if (set == "project_type") return project_type_classes();
  if (set == "trend" || set == "station_kind") return own_rows(set);
  if (set == "clcd") return landcover(set);
  const auto ids = grade_scheme_ids();
  if (std::find(ids.begin(), ids.end(), set) != ids.end()) return grade_scheme_styles(grade_scheme(set));
  throw std::invalid_argument(fmt::format("no class colours for \"{}\"", set));
}

std::vector<std::string> class_style_sets() {
  std::vector<std::string> out = {"aqi_level",    "water_class", "station_kind", "protected_zone",
                                  "project_type", "trend",       "clcd"};
  for (const std::string& id : grade_scheme_ids()) out.push_back(id);
  return out;
}

std::vector<StyleClass> grade_scheme_styles(const GradeScheme& scheme) {
  const auto ids = grade_scheme_ids();
  const bool named = std::find(ids.begin(), ids.end(), scheme.id) != ids.end();
  const std::vector<StyleClass> stops = named ? std::vector<StyleClass>{} : own_rows("ramp");
  std::vector<StyleClass> out;
  for (std::size_t i = 0; i < scheme.grades.size(); ++i) {
    const Grade& g = scheme.grades[i];
    const std::string code = std::to_string(g.code);
    std::string zh = g.name_zh, en = g.name_en;
    if (zh.empty()) {  // --breaks classes have no names: say their interval
      const std::string lo = std::isinf(g.lower) ? "" : bound_text(g.lower);
      const std::string hi = std::isinf(g.upper) ? "" : bound_text(g.upper);
      zh = en = lo.empty() ? "< " + hi : hi.empty() ? "≥ " + lo : "[" + lo + ", " + hi + ")";
    }
    const double t =
        scheme.grades.size() > 1 ? static_cast<double>(i) / static_cast<double>(scheme.grades.size() - 1) : 0.0;
    out.push_back({code, zh, en, named ? colour_row(scheme.id, code).colour : ramp_colour(stops, t)});
  }
  return out;
}

std::vector<StyleClass> change_styles(const std::vector<int>& codes, const GradeScheme* scheme) {
  const auto name = [&](int code, bool zh) {
    const Grade* g = scheme ? scheme->find(code) : nullptr;
    return g ? (zh ? g->name_zh : g->name_en) : std::to_string(code);
  };
  std::vector<StyleClass> out;
  for (int code : codes) {
    const int before = code / 10, after = code % 10;
    const char* kind = after == before ? "same" : after > before ? "higher" : "lower";
    out.push_back({std::to_string(code), name(before, true) + " → " + name(after, true),
                   name(before, false) + " → " + name(after, false), colour_row("change", kind).colour});
  }
  return out;
}

}  // namespace eb::standards

#include "app/serve/parameters.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <exception>

#include "core/error.hpp"
#include "core/period.hpp"
#include "engine/raster/zonal.hpp"
#include "io/water_sections.hpp"

namespace eb::app::serve {

namespace {

bool plain_id(const std::string& text, std::size_t max) {
  return !text.empty() && text.size() <= max && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

std::string one_of(const std::string& name, const std::string& value, std::initializer_list<std::string_view> words) {
  if (std::find(words.begin(), words.end(), value) == words.end()) {
    std::string list;
    for (std::size_t i = 0; i < words.size(); ++i)
      list += std::string(i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + std::string(words.begin()[i]);
    bad_parameter(name, list);
  }
  return value;
}

std::string period_value(const std::string& name, const std::string& value) {
  const auto p = parse_period(value);
  if (!p) bad_parameter(name, fmt::format("\"{}\" is not 2019, 2019-03, 2019Q1 or FROM..TO", value));
  if (p->days() > 366 * 20) bad_parameter(name, "at most twenty years");
  return p->label;
}

std::string unit_code(const std::string& name, const std::string& value) {
  const bool digits = std::all_of(value.begin(), value.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
  if (value.size() < 6 || value.size() > 12 || !digits)
    bad_parameter(name, fmt::format("\"{}\" is not an administrative code (6 to 12 digits)", value));
  return value;
}

// A file name in the server's raster folder: no folder, no parent, nothing hidden.
std::string raster_name(const std::string& name, const std::string& value) {
  if (!plain_id(value, 200) || value.front() == '.')
    bad_parameter(name, fmt::format("\"{}\" is not a raster's name (a file name of the server's raster folder, "
                                    "letters, digits, '_', '-' and '.'; GET /api/v1/raster/list names them)",
                                    value));
  return value;
}

// The statistics of a zonal answer as the engine reads them (the same list as `raster zonal --stats`).
std::string zonal_statistics(const std::string& name, const std::string& value) {
  if (value.size() > 500) bad_parameter(name, "at most 500 characters");
  try {
    engine::raster::parse_zonal_statistics(value);
  } catch (const UsageError& e) {
    std::string why = e.what();
    if (why.starts_with("--stats: ")) why.erase(0, 9);
    bad_parameter(name, why);
  }
  return value;
}

// A section set of the water assessment (data/standards/water_section_sets.csv).
std::string water_set(const std::string& name, const std::string& value) {
  const auto sets = io::water_section_sets();
  if (std::find(sets.begin(), sets.end(), value) == sets.end())
    bad_parameter(name, fmt::format("\"{}\" is not one of {}", value, fmt::join(sets, ", ")));
  return value;
}

// The level of a route: one of its words, or an administrative level from 1 to 5.
std::string level_value(const std::string& name, const std::string& value, const std::vector<std::string>& levels) {
  if (levels.empty()) return std::to_string(integer(name, value, 1, 5));
  if (std::find(levels.begin(), levels.end(), value) == levels.end()) {
    std::string list;
    for (const auto& l : levels) list += (list.empty() ? "" : ", ") + l;
    bad_parameter(name, fmt::format("\"{}\" is not one of {}", value, list));
  }
  return value;
}

// Parameters that filter and may be left out; every other parameter a route lists has a default or is required.
bool optional_parameter(const std::string& name) {
  return name == "indicator" || name == "unit" || name == "kind" || name == "station" || name == "baseline" ||
         name == "status" || name == "subject" || name == "outlet";
}

}  // namespace

void bad_parameter(const std::string& name, const std::string& why) {
  throw ApiError(400, "bad_parameter", fmt::format("{}: {}", name, why), name);
}

int integer(const std::string& name, const std::string& text, int low, int high) {
  int v = 0;
  std::size_t used = 0;
  try {
    v = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || v < low || v > high)
    bad_parameter(name, fmt::format("\"{}\" is not a whole number from {} to {}", text, low, high));
  return v;
}

double real(const std::string& name, const std::string& text, double low, double high) {
  double v = 0;
  std::size_t used = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !(v >= low && v <= high))
    bad_parameter(name, fmt::format("\"{}\" is not a number from {} to {}", text, low, high));
  return v;
}

std::string normalise(const std::string& name, const std::string& value) {
  if (name == "lang") return one_of(name, value, {"zh", "en"});
  if (name == "format") return one_of(name, value, {"html", "md"});
  if (name == "year") return std::to_string(integer(name, value, 1949, 2100));
  if (name == "page") return std::to_string(integer(name, value, 1, 1000000));
  if (name == "page_size") return std::to_string(integer(name, value, 1, 1000));
  if (name == "draws") return std::to_string(integer(name, value, 1, 10000));
  if (name == "seed") return std::to_string(integer(name, value, 0, 2147483647));
  if (name == "period" || name == "baseline") return period_value(name, value);
  if (name == "set") return water_set(name, value);
  if (name == "dust") return one_of(name, value, {"raw", "deducted", "both"});
  if (name == "source_level") return one_of(name, value, {"city", "county", "township", "all"});
  if (name == "part") return one_of(name, value, {"sources", "units", "months"});
  if (name == "status") return one_of(name, value, {"open", "confirmed", "overruled"});
  if (name == "subject") return one_of(name, value, {"stations", "outlets", "all"});
  if (name == "outlet") {
    // enterprise_id/outlet_id or an MN
    const auto slash = value.find('/');
    const bool ok = slash == std::string::npos
                        ? plain_id(value, 64)
                        : plain_id(value.substr(0, slash), 32) && plain_id(value.substr(slash + 1), 31);
    if (!ok) bad_parameter(name, fmt::format("\"{}\" is not enterprise_id/outlet_id or an MN", value));
    return value;
  }
  if (name == "unit") return unit_code(name, value);
  if (name == "indicator" || name == "kind" || name == "station") {
    if (!plain_id(value, 64)) bad_parameter(name, fmt::format("\"{}\" is not an identifier", value));
    return value;
  }
  if (name == "by") return one_of(name, value, {"outlet", "enterprise", "unit", "county"});
  if (name == "outlet") {
    // ENTERPRISE_ID/OUTLET_ID, an outlet id or an MN (HJ 212: printable, without ; = & ,).
    const bool ok = !value.empty() && value.size() <= 160 && std::all_of(value.begin(), value.end(), [](char c) {
      return c > ' ' && c < 127 && c != ';' && c != '=' && c != '&' && c != ',';
    });
    if (!ok)
      bad_parameter(name, fmt::format("\"{}\" is not an outlet (ENTERPRISE_ID/OUTLET_ID, outlet id or MN)", value));
    return value;
  }
  if (name == "raster") return raster_name(name, value);
  if (name == "stats") return zonal_statistics(name, value);
  if (name == "lon") return fmt::format("{}", real(name, value, -180, 180));
  if (name == "lat") return fmt::format("{}", real(name, value, -90, 90));
  if (name == "buffer_m") return fmt::format("{}", real(name, value, 0, 100000));
  return value;
}

Query parse_query(const std::string& path, const Parameters& accepted,
                  const std::map<std::string, std::string>& given) {
  Query q = accepted.defaults;
  q["lang"] = "zh";
  if (accepted.paginated) {
    q["page"] = "1";
    q["page_size"] = "100";
  }
  const auto& names = accepted.names;
  for (const auto& [name, value] : given) {
    const bool known = name == "lang" || (accepted.paginated && (name == "page" || name == "page_size")) ||
                       std::find(names.begin(), names.end(), name) != names.end();
    if (!known && !(accepted.paginated && name == "format"))
      bad_parameter(name, fmt::format("not a parameter of {}", path));
    // A table endpoint's answer as the JSON envelope (default) or a file to download.
    if (accepted.paginated && name == "format" && !known) {
      q[name] = one_of(name, value, {"json", "csv", "xlsx"});
      continue;
    }
    q[name] = name == "level" ? level_value(name, value, accepted.levels) : normalise(name, value);
  }
  for (const auto& p : names)
    if (!q.count(p) && !optional_parameter(p)) bad_parameter(p, "required");
  return q;
}

std::string query_key(const std::string& path, const Query& q) {
  std::string key = path + "?";
  for (const auto& [k, v] : q) key += k + "=" + v + "&";
  return key;
}

Lang lang_of(const Query& q) { return q.at("lang") == "en" ? Lang::en : Lang::zh; }

}  // namespace eb::app::serve

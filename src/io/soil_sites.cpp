#include "io/soil_sites.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"

namespace eb::io {

namespace {

using standards::ConstructionLandItem;

// Header names a column answers to (lower case; Chinese as lab reports write them).
std::string column_role(std::string_view name) {
  std::string key;
  for (char c : trim(name)) key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  static const std::map<std::string, std::string, std::less<>> kRoles = {{"site", "site"},
                                                                         {"site_code", "site"},
                                                                         {"地块", "site"},
                                                                         {"地块编号", "site"},
                                                                         {"sample", "sample"},
                                                                         {"sample_id", "sample"},
                                                                         {"样品", "sample"},
                                                                         {"样品编号", "sample"},
                                                                         {"point", "sample"},
                                                                         {"点位", "sample"},
                                                                         {"depth_m", "depth"},
                                                                         {"depth", "depth"},
                                                                         {"深度", "depth"},
                                                                         {"采样深度", "depth"},
                                                                         {"item", "item"},
                                                                         {"项目", "item"},
                                                                         {"污染物项目", "item"},
                                                                         {"parameter", "item"},
                                                                         {"value", "value"},
                                                                         {"含量", "value"},
                                                                         {"浓度", "value"},
                                                                         {"检测值", "value"},
                                                                         {"unit", "unit"},
                                                                         {"单位", "unit"},
                                                                         {"land_class", "land_class"},
                                                                         {"用地类别", "land_class"},
                                                                         {"planned_use", "planned_use"},
                                                                         {"规划用途", "planned_use"}};
  const auto it = kRoles.find(key);
  return it == kRoles.end() ? std::string() : it->second;
}

struct Header {
  std::map<std::string, std::uint16_t> role;                                 // role -> 0-based column
  std::vector<std::pair<std::uint16_t, const ConstructionLandItem*>> items;  // wide layout
  std::vector<std::pair<std::uint16_t, std::string>> unknown;                // wide columns not in the standard
};

[[noreturn]] void header_error(const std::string& file, std::size_t column, std::string_view what) {
  throw InputError(fmt::format("{}:1:{}: {}", file, column, what));
}

// Unit factor as a decimal exponent: mg/kg 0, µg/kg -3 (applied to the text, so the value stays exact).
std::optional<int> unit_exponent(std::string_view unit) {
  unit = trim(unit);
  if (unit.empty() || unit == "mg/kg" || unit == "mg kg-1" || unit == "mg·kg-1" || unit == "mg/kg dw") return 0;
  if (unit == "µg/kg" || unit == "μg/kg" || unit == "ug/kg" || unit == "µg kg-1") return -3;
  return std::nullopt;
}

struct Cell {
  enum Kind { value, missing, rejected } kind = missing;
  double v = 0;
  bool below = false;
  std::string reason;
};

Cell parse_content(std::string_view text, int exponent) {
  Cell c;
  text = trim(text);
  if (is_missing(text)) return c;
  if (text == "ND" || text == "nd" || text == "未检出") {
    c.kind = Cell::value;
    c.below = true;
    return c;
  }
  std::string_view number = text;
  if (number.front() == '<') {
    c.below = true;
    number.remove_prefix(1);
  } else if (number.back() == 'L') {
    c.below = true;
    number.remove_suffix(1);
  }
  std::optional<double> v;
  if (exponent == 0) {
    v = parse_number(number);
  } else if (parse_number(number)) {
    // One correctly rounded conversion: the unit's power of ten joins the text's own exponent, if any.
    const std::string_view text_number = trim(number);
    const auto e = text_number.find_first_of("eE");
    const int own =
        e == std::string_view::npos ? 0 : static_cast<int>(parse_number(text_number.substr(e + 1)).value_or(0));
    v = parse_number(fmt::format("{}e{}", text_number.substr(0, e), own + exponent));
  }
  if (!v) {
    c.kind = Cell::rejected;
    c.reason =
        fmt::format("not a content: \"{}\" (a number in mg/kg, \"<0.05\", \"0.05L\" or \"ND\")", quote_input(text));
    return c;
  }
  if (*v < 0) {
    c.kind = Cell::rejected;
    c.reason = fmt::format("a negative content ({}) is impossible", quote_input(text));
    return c;
  }
  // 1,000,000 mg/kg is the whole sample: anything above is a misplaced decimal point or a unit mix-up.
  if (*v > 1e6) {
    c.kind = Cell::rejected;
    c.reason = fmt::format("{} mg/kg is more than the whole sample (1,000,000 mg/kg); check the unit", *v);
    return c;
  }
  c.kind = Cell::value;
  c.v = *v;
  return c;
}

}  // namespace

SoilSiteSamples read_soil_site_samples(std::string_view text, const std::string& file) {
  SoilSiteSamples out;
  out.file = file;
  CsvReader csv(text, file);
  if (!csv.next()) throw InputError(fmt::format("{}: the file is empty", file));
  Header h;
  std::set<std::string> unknown_seen;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const std::string role = column_role(csv[i]);
    if (!role.empty()) {
      if (!h.role.emplace(role, static_cast<std::uint16_t>(i)).second)
        header_error(file, i + 1, fmt::format("a second {} column (\"{}\")", role, quote_input(csv[i])));
      continue;
    }
    if (trim(csv[i]).empty()) header_error(file, i + 1, "an empty column name");
    if (const auto* item = standards::find_construction_land_item(csv[i]))
      h.items.emplace_back(static_cast<std::uint16_t>(i), item);
    else
      h.unknown.emplace_back(static_cast<std::uint16_t>(i), std::string(trim(csv[i])));
  }
  const bool is_long = h.role.count("item") || h.role.count("value");
  out.layout = is_long ? "soil-site-long" : "soil-site-wide";
  for (const char* need : {"site", "sample"})
    if (!h.role.count(need))
      header_error(file, 1,
                   fmt::format("no {} column: the layouts are site,sample,depth_m,item,value[,unit] (long) and "
                               "site,sample,depth_m,<item>,... (wide; docs/soil-construction.md)",
                               need));
  if (is_long) {
    if (!h.role.count("item") || !h.role.count("value"))
      header_error(file, 1, "a long layout needs both an item and a value column");
    if (!h.items.empty() || !h.unknown.empty())
      header_error(file, h.items.empty() ? 1 : h.items.front().first + 1,
                   "a long layout has no other columns than site, sample, depth_m, item, value, unit, land_class, "
                   "planned_use");
  } else {
    if (h.role.count("unit")) header_error(file, h.role["unit"] + 1, "a wide layout is in mg/kg: no unit column");
    if (h.items.empty())
      header_error(file, 1,
                   "no column names an item of GB 36600-2018 (As, Cd, Cr6, ..., BaP; Chinese names and CAS "
                   "numbers are understood)");
    std::set<const ConstructionLandItem*> twice;
    for (const auto& [col, item] : h.items)
      if (!twice.insert(item).second)
        header_error(file, col + 1, fmt::format("the item {} is given by two columns", item->code));
    for (const auto& [col, name] : h.unknown) unknown_seen.insert(name);
  }

  const std::size_t header_size = csv.size();
  auto field = [&](const char* role) -> std::string_view {
    const auto it = h.role.find(role);
    return it == h.role.end() || it->second >= csv.size() ? std::string_view() : trim(csv[it->second]);
  };
  auto column_of = [&](const char* role) { return static_cast<std::uint16_t>(h.role.at(role) + 1); };
  auto reject = [&](std::uint32_t line, std::uint32_t column, std::string_view raw, std::string reason) {
    Rejection r;
    r.line = line;
    r.column = column;
    r.raw = quote_input(raw);
    r.reason = std::move(reason);
    out.rejections.push_back(std::move(r));
  };

  // Samples by (site, sample, depth as written), in order of first appearance.
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> index;
  std::map<std::pair<std::size_t, const ConstructionLandItem*>, std::uint32_t> given;  // item -> line
  std::map<std::string, std::pair<int, std::uint32_t>> site_class;                     // site -> land class, line
  while (csv.next()) {
    const auto line = static_cast<std::uint32_t>(csv.line());
    if (csv.size() < header_size) {
      reject(line, 0, csv.raw(), fmt::format("{} fields where the header has {}", csv.size(), header_size));
      continue;
    }
    const std::string site(field("site")), sample(field("sample"));
    if (site.empty()) {
      reject(line, column_of("site"), "", "no site");
      continue;
    }
    if (sample.empty()) {
      reject(line, column_of("sample"), "", "no sample");
      continue;
    }
    std::optional<double> depth;
    const std::string depth_text(field("depth"));
    if (!depth_text.empty() && !is_missing(depth_text)) {
      depth = parse_number(depth_text);
      if (!depth || *depth < 0) {
        reject(line, column_of("depth"), depth_text, "the depth is not a number of metres at or below the surface");
      }
    }
    std::optional<int> land_class;
    const std::string class_text(field("land_class")), use_text(field("planned_use"));
    if (!class_text.empty()) {
      if (class_text != "1" && class_text != "2") {
        reject(line, column_of("land_class"), class_text, "the land class is 1 or 2 (GB 36600-2018 3.4, 3.5)");
      } else {
        land_class = class_text == "1" ? 1 : 2;
      }
    }
    if (!use_text.empty()) {
      const auto* use = standards::find_planned_use(use_text);
      if (!use) {
        reject(line, column_of("planned_use"), use_text,
               "not a planned use of GB 50137-2011 this program knows (R, A33, A5, A6, M, W, B, S, U, G, ...; "
               "data/standards/gb36600_land_use.csv)");
        continue;
      }
      if (land_class && *land_class != use->land_class) {
        reject(line, column_of("planned_use"), use_text,
               fmt::format("the planned use {} is class {} land but the land_class column says {}", use->use,
                           use->land_class, *land_class));
        continue;
      }
      land_class = use->land_class;
    }
    if (land_class) {
      const auto [it, fresh] = site_class.emplace(site, std::make_pair(*land_class, line));
      if (!fresh && it->second.first != *land_class) {
        reject(line, column_of(h.role.count("land_class") ? "land_class" : "planned_use"), class_text + use_text,
               fmt::format("site {} is class {} land on line {} and class {} here", quote_input(site), it->second.first,
                           it->second.second, *land_class));
        continue;
      }
    }
    const auto key = std::make_tuple(site, sample, depth_text);
    const auto emplaced = index.emplace(key, out.samples.size());
    const std::size_t sample_index = emplaced.first->second;
    if (emplaced.second) {
      SoilSiteSample s;
      s.site = site;
      s.sample = sample;
      s.depth_m = depth;
      s.line = line;
      out.samples.push_back(std::move(s));
    }
    SoilSiteSample& s = out.samples[sample_index];
    if (land_class) s.land_class = land_class;
    if (!use_text.empty()) s.planned_use = use_text;

    auto add = [&](const ConstructionLandItem* item, std::uint16_t column, std::string_view cell, int exponent) {
      const Cell c = parse_content(cell, exponent);
      if (c.kind == Cell::missing) return;
      if (c.kind == Cell::rejected) {
        reject(line, column, cell, fmt::format("{}: {}", item->code, c.reason));
        return;
      }
      const auto [at, first] = given.emplace(std::make_pair(sample_index, item), line);
      if (!first) {
        reject(line, column, cell,
               fmt::format("{} of sample {} at site {} is already given on line {}", item->code, quote_input(sample),
                           quote_input(site), at->second));
        return;
      }
      out.below_detection += c.below;
      s.values.push_back({item, c.v, c.below, line, column});
    };
    if (is_long) {
      const std::string_view item_text = field("item");
      const std::string_view value_text = csv[h.role.at("value")];
      const auto exponent = unit_exponent(field("unit"));
      if (!exponent) {
        reject(line, column_of("unit"), field("unit"), "the unit is mg/kg or µg/kg");
        continue;
      }
      const auto* item = standards::find_construction_land_item(item_text);
      if (!item) {
        if (item_text.empty()) {
          reject(line, column_of("item"), "", "no item");
        } else {
          unknown_seen.insert(std::string(item_text));
          out.values_not_in_standard += !is_missing(trim(value_text));
        }
        continue;
      }
      add(item, column_of("value"), value_text, *exponent);
    } else {
      for (const auto& [col, item] : h.items) add(item, static_cast<std::uint16_t>(col + 1), csv[col], 0);
      for (const auto& [col, name] : h.unknown) out.values_not_in_standard += !is_missing(trim(csv[col]));
    }
  }
  out.not_in_standard.assign(unknown_seen.begin(), unknown_seen.end());
  return out;
}

}  // namespace eb::io

namespace eb::io {

const std::vector<std::string>& soil_site_statuses() {
  static const std::vector<std::string> k = {"registered", "investigated", "risk_assessed",
                                             "controlled", "remediated",   "reused"};
  return k;
}

namespace {

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  const int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

std::optional<bool> parse_yes_no(std::string_view s) {
  if (s == "yes" || s == "1" || s == "是" || s == "true" || s == "y") return true;
  if (s == "no" || s == "0" || s == "否" || s == "false" || s == "n") return false;
  return std::nullopt;
}

}  // namespace

SoilSiteList read_soil_site_list(std::string_view text, const std::string& file) {
  SoilSiteList out;
  out.file = file;
  CsvReader csv(text, file);
  if (!csv.next()) throw InputError(fmt::format("{}: the file is empty", file));
  static const std::vector<std::string> kColumns = {"code",
                                                    "name",
                                                    "unit_code",
                                                    "lon",
                                                    "lat",
                                                    "planned_use",
                                                    "land_class",
                                                    "key_site",
                                                    "key_basis",
                                                    "status",
                                                    "investigated_on",
                                                    "risk_assessed_on",
                                                    "effect_evaluated_on",
                                                    "effect_passed",
                                                    "reused_on"};
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const std::string name(trim(csv[i]));
    if (std::find(kColumns.begin(), kColumns.end(), name) == kColumns.end())
      throw InputError(fmt::format("{}:1:{}: unknown column \"{}\" (the columns: {})", file, i + 1, quote_input(name),
                                   fmt::join(kColumns, ",")));
    if (!col.emplace(name, i).second) throw InputError(fmt::format("{}:1:{}: a second {} column", file, i + 1, name));
  }
  for (const char* need : {"code", "name"})
    if (!col.count(need)) throw InputError(fmt::format("{}:1:1: no {} column", file, need));
  const std::size_t header_size = csv.size();
  std::map<std::string, std::uint32_t> seen;
  while (csv.next()) {
    const auto line = static_cast<std::uint32_t>(csv.line());
    auto reject = [&](const char* column, std::string reason) {
      Rejection r;
      r.line = line;
      r.column = column && col.count(column) ? static_cast<std::uint32_t>(col.at(column) + 1) : 0;
      r.reason = std::move(reason);
      out.rejections.push_back(std::move(r));
    };
    if (csv.size() < header_size) {
      reject(nullptr, fmt::format("{} fields where the header has {}", csv.size(), header_size));
      continue;
    }
    auto get = [&](const char* name) -> std::string {
      const auto it = col.find(name);
      return it == col.end() ? std::string() : std::string(trim(csv[it->second]));
    };
    SoilSiteRecord s;
    s.line = line;
    s.code = get("code");
    s.name = get("name");
    s.unit_code = get("unit_code");
    const std::size_t before = out.rejections.size();
    if (s.code.empty()) reject("code", "no site code");
    if (s.name.empty()) reject("name", "no site name");
    if (!s.code.empty()) {
      const auto [it, fresh] = seen.emplace(s.code, line);
      if (!fresh) reject("code", fmt::format("site {} is already on line {}", quote_input(s.code), it->second));
    }
    for (const char* c : {"lon", "lat"}) {
      const std::string v = get(c);
      if (v.empty()) continue;
      const auto d = parse_number(v);
      const double bound = std::string_view(c) == "lon" ? 180 : 90;
      if (!d || *d < -bound || *d > bound)
        reject(c, fmt::format("{} \"{}\" is not a coordinate in degrees", c, quote_input(v)));
      else
        (std::string_view(c) == "lon" ? s.lon : s.lat) = *d;
    }
    if (s.lon.has_value() != s.lat.has_value()) reject("lon", "give both lon and lat, or neither");
    if (s.unit_code.empty() && !s.lon) reject("unit_code", "a site needs a unit_code or lon/lat");
    s.planned_use = get("planned_use");
    const std::string cls = get("land_class");
    std::optional<int> land_class;
    if (!cls.empty()) {
      if (cls != "1" && cls != "2")
        reject("land_class", "the land class is 1 or 2 (GB 36600-2018 3.4, 3.5)");
      else
        land_class = cls == "1" ? 1 : 2;
    }
    if (!s.planned_use.empty()) {
      const auto* use = standards::find_planned_use(s.planned_use);
      if (!use)
        reject("planned_use", fmt::format("\"{}\" is not a planned use this program knows (GB 50137-2011 codes: "
                                          "data/standards/gb36600_land_use.csv)",
                                          quote_input(s.planned_use)));
      else if (land_class && *land_class != use->land_class)
        reject("land_class", fmt::format("the planned use {} is class {} land", use->use, use->land_class));
      else
        land_class = use->land_class;
    }
    s.land_class = land_class.value_or(1);  // 5.3.1: planned use not determined -> class 1
    if (!land_class) s.planned_use = s.planned_use.empty() ? "unknown" : s.planned_use;
    const std::string key = get("key_site");
    if (!key.empty()) {
      const auto k = parse_yes_no(key);
      if (!k)
        reject("key_site", "key_site is yes or no");
      else
        s.key_site = *k;
    }
    s.key_basis = get("key_basis");
    s.status = get("status");
    if (s.status.empty()) s.status = "registered";
    const auto& statuses = soil_site_statuses();
    if (std::find(statuses.begin(), statuses.end(), s.status) == statuses.end())
      reject("status", fmt::format("status \"{}\" is not one of {}", quote_input(s.status), fmt::join(statuses, ", ")));
    for (const char* c : {"investigated_on", "risk_assessed_on", "effect_evaluated_on", "reused_on"}) {
      const std::string v = get(c);
      if (!v.empty() && !is_iso_date(v))
        reject(c, fmt::format("{} \"{}\" is not a date YYYY-MM-DD", c, quote_input(v)));
    }
    s.investigated_on = get("investigated_on");
    s.risk_assessed_on = get("risk_assessed_on");
    s.effect_evaluated_on = get("effect_evaluated_on");
    s.reused_on = get("reused_on");
    const std::string passed = get("effect_passed");
    if (!passed.empty()) {
      s.effect_passed = parse_yes_no(passed);
      if (!s.effect_passed) reject("effect_passed", "effect_passed is yes or no");
    }
    if (s.effect_passed && s.effect_evaluated_on.empty())
      reject("effect_evaluated_on", "an effect evaluation result needs its date");
    if (out.rejections.size() == before) out.sites.push_back(std::move(s));
  }
  return out;
}

}  // namespace eb::io

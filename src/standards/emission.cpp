#include "standards/emission.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include "core/csv.hpp"
#include "standards/tables.hpp"

namespace eb::standards {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<Hj212Code> load_codes() {
  std::vector<Hj212Code> out;
  const DataTable& t = DataTable::get("hj212_codes.csv");
  for (std::size_t r = 0; r < t.size(); ++r)
    out.push_back({t.at(r, "code"), t.at(r, "code_2005"), t.at(r, "medium"), t.at(r, "kind"), t.at(r, "name_zh"),
                   t.at(r, "name_en"), t.at(r, "unit"), t.at(r, "parameter")});
  return out;
}

std::map<char, FlagUse> load_flags() {
  std::map<char, FlagUse> out;
  const DataTable& t = DataTable::get("hj212_flags.csv");
  for (std::size_t r = 0; r < t.size(); ++r) {
    const std::string& f = t.at(r, "flag");
    const std::string& v = t.at(r, "valid");
    if (f.size() != 1 || (v != "yes" && v != "no"))
      throw std::logic_error("standards table hj212_flags.csv: bad flag row " + std::to_string(r + 2));
    out[f[0]] = v == "yes" ? FlagUse::valid : FlagUse::excluded;
  }
  return out;
}

// Column index by name in a header; throws naming the table if it is missing.
std::size_t column(const std::vector<std::string>& header, std::string_view name, std::string_view table) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  throw std::invalid_argument(std::string(table) + " line 1: missing column " + std::string(name));
}

[[noreturn]] void fail(std::string_view table, std::size_t line, std::string_view col, const std::string& what) {
  throw std::invalid_argument(std::string(table) + " line " + std::to_string(line) + ", column " + std::string(col) +
                              ": " + what);
}

}  // namespace

const std::vector<Hj212Code>& hj212_codes() {
  static const std::vector<Hj212Code> all = load_codes();
  return all;
}

const Hj212Code* hj212_code(std::string_view code) {
  for (const auto& c : hj212_codes())
    if (c.code == code) return &c;
  if (code.empty()) return nullptr;
  for (const auto& c : hj212_codes())
    if (c.code_2005 == code) return &c;
  return nullptr;
}

FlagUse hj212_flag_use(char flag) {
  static const std::map<char, FlagUse> all = load_flags();
  if (flag == '\0') flag = 'N';
  const auto it = all.find(flag);
  return it == all.end() ? FlagUse::unknown : it->second;
}

std::string EmissionStandards::normalize_standard(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '_') continue;
    // U+2014 EM DASH (E2 80 94) and U+2013 EN DASH (E2 80 93), as a year separator.
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) == 0x94 || static_cast<unsigned char>(text[i + 2]) == 0x93)) {
      out += '-';
      i += 2;
      continue;
    }
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

EmissionStandards EmissionStandards::parse(std::string_view csv_text, std::string_view name) {
  EmissionStandards s;
  CsvReader csv(csv_text, name);
  if (!csv.next()) throw std::invalid_argument(std::string(name) + ": empty table");
  std::vector<std::string> header;
  for (const auto& f : csv.fields()) header.emplace_back(trim(f));
  const std::size_t c_std = column(header, "standard", name), c_cat = column(header, "category", name),
                    c_pol = column(header, "pollutant", name), c_low = column(header, "limit_low", name),
                    c_lim = column(header, "limit", name), c_unit = column(header, "unit", name),
                    c_o2 = column(header, "ref_o2", name), c_from = column(header, "in_force_from", name),
                    c_sp = column(header, "special", name), c_note = column(header, "note", name),
                    c_src = column(header, "source", name);
  std::set<std::tuple<std::string, std::string, std::string, bool, std::int64_t>> seen;
  while (csv.next()) {
    const std::size_t line = csv.line();
    if (csv.size() != header.size())
      fail(name, line, "*",
           "expected " + std::to_string(header.size()) + " fields, found " + std::to_string(csv.size()));
    auto field = [&](std::size_t i) { return std::string(trim(csv[i])); };
    EmissionLimit r;
    r.standard = normalize_standard(field(c_std));
    if (r.standard.empty()) fail(name, line, "standard", "empty");
    r.category = field(c_cat);
    if (r.category.empty()) fail(name, line, "category", "empty");
    const std::string pol = field(c_pol);
    const Hj212Code* code = hj212_code(pol);
    if (!code) fail(name, line, "pollutant", "unknown HJ 212 pollutant code '" + pol + "' (hj212_codes.csv)");
    r.pollutant = code->code;
    const auto lim = parse_number(field(c_lim));
    if (!lim || !std::isfinite(*lim) || *lim < 0)
      fail(name, line, "limit", "not a non-negative number: '" + field(c_lim) + "'");
    r.high = *lim;
    if (const std::string low = field(c_low); !low.empty()) {
      const auto v = parse_number(low);
      if (!v || !std::isfinite(*v)) fail(name, line, "limit_low", "not a number: '" + low + "'");
      if (*v > r.high) fail(name, line, "limit_low", "above the limit");
      r.low = *v;
    }
    r.unit = field(c_unit);
    if (r.unit != "mg/m³" && r.unit != "mg/L" && r.unit != "Bq/L" && !(r.unit.empty() && code->kind == "ph"))
      fail(name, line, "unit", "unknown unit '" + r.unit + "' (mg/m³, mg/L, Bq/L; empty for pH)");
    if (r.unit != code->unit) fail(name, line, "unit", "'" + r.unit + "' is not the unit of " + r.pollutant);
    if (const std::string o2 = field(c_o2); !o2.empty()) {
      const auto v = parse_number(o2);
      if (!v || !(*v >= 0 && *v < kAirOxygenPct)) fail(name, line, "ref_o2", "not in [0, 21): '" + o2 + "'");
      if (code->medium != "gas") fail(name, line, "ref_o2", "reference oxygen for a water pollutant");
      r.ref_o2 = *v;
    }
    const auto from = parse_iso_date(field(c_from));
    if (!from) fail(name, line, "in_force_from", "not a date YYYY-MM-DD: '" + field(c_from) + "'");
    r.in_force_from = *from;
    const std::string sp = field(c_sp);
    if (sp != "yes" && sp != "no") fail(name, line, "special", "expected yes or no, found '" + sp + "'");
    r.special = sp == "yes";
    r.note = field(c_note);
    r.source = field(c_src);
    if (!seen.emplace(r.standard, r.category, r.pollutant, r.special, days_from_civil(r.in_force_from)).second)
      fail(name, line, "*", "duplicate row for " + r.standard + " " + r.category + " " + r.pollutant);
    s.by_key_[r.standard + '|' + r.pollutant].push_back(s.rows_.size());
    s.rows_.push_back(std::move(r));
  }
  return s;
}

const EmissionStandards& EmissionStandards::builtin() {
  static const EmissionStandards s = [] {
    try {
      return parse(DataTable::text("emission_limits.csv"), "emission_limits.csv");
    } catch (const std::invalid_argument& e) {
      throw std::logic_error(std::string("standards table ") + e.what());
    }
  }();
  return s;
}

std::optional<EmissionLimit> EmissionStandards::limit(std::string_view standard, std::string_view category,
                                                      std::string_view pollutant, const CivilDate& day,
                                                      bool special) const {
  const std::string std_id = normalize_standard(standard);
  const Hj212Code* code = hj212_code(pollutant);
  if (!code) return std::nullopt;
  const auto d = days_from_civil(day);
  // Ranks: special rows (when asked) before general ones, the exact category before "*", then the latest date.
  const auto key = by_key_.find(std_id + '|' + code->code);
  if (key == by_key_.end()) return std::nullopt;
  const EmissionLimit* best = nullptr;
  std::tuple<int, int, std::int64_t> best_rank{-1, -1, 0};
  for (const std::size_t i : key->second) {
    const EmissionLimit& r = rows_[i];
    if (r.category != category && r.category != "*") continue;
    if (r.special && !special) continue;
    const auto from = days_from_civil(r.in_force_from);
    if (from > d) continue;
    const std::tuple<int, int, std::int64_t> rank{r.special ? 1 : 0, r.category == category ? 1 : 0, from};
    if (!best || rank > best_rank) {
      best = &r;
      best_rank = rank;
    }
  }
  if (!best) return std::nullopt;
  return *best;
}

EmissionStandards::OutletStandard EmissionStandards::parse_outlet_standard(std::string_view text) const {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t colon = text.find(':', start);
    parts.emplace_back(
        trim(text.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start)));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
    return out;
  };
  OutletStandard o;
  o.standard = normalize_standard(parts[0]);
  if (!has_standard(o.standard))
    throw std::invalid_argument("unknown emission standard '" + std::string(parts[0]) +
                                "' (known: " + join(standards()) + ")");
  const auto cats = categories(o.standard);
  if (parts.size() > 3 || (parts.size() == 3 && parts[2] != "special"))
    throw std::invalid_argument("emission standard '" + std::string(text) +
                                "': expected STANDARD:CATEGORY or STANDARD:CATEGORY:special");
  if (parts.size() == 1 || parts[1].empty()) {
    if (cats.size() != 1)
      throw std::invalid_argument("emission standard '" + std::string(text) + "' needs a category (" + join(cats) +
                                  ")");
    o.category = cats[0];
  } else {
    o.category = parts[1];
    if (!has_category(o.standard, o.category))
      throw std::invalid_argument("unknown category '" + o.category + "' of " + o.standard + " (known: " + join(cats) +
                                  ")");
  }
  o.special = parts.size() == 3;
  return o;
}

bool EmissionStandards::has_standard(std::string_view standard) const {
  const std::string id = normalize_standard(standard);
  return std::any_of(rows_.begin(), rows_.end(), [&](const EmissionLimit& r) { return r.standard == id; });
}

bool EmissionStandards::has_category(std::string_view standard, std::string_view category) const {
  if (category == "*") return false;
  const std::string id = normalize_standard(standard);
  return std::any_of(rows_.begin(), rows_.end(),
                     [&](const EmissionLimit& r) { return r.standard == id && r.category == category; });
}

std::vector<std::string> EmissionStandards::standards() const {
  std::set<std::string> ids;
  for (const auto& r : rows_) ids.insert(r.standard);
  return {ids.begin(), ids.end()};
}

std::vector<std::string> EmissionStandards::categories(std::string_view standard) const {
  const std::string id = normalize_standard(standard);
  std::set<std::string> cats;
  for (const auto& r : rows_)
    if (r.standard == id && r.category != "*") cats.insert(r.category);
  return {cats.begin(), cats.end()};
}

double to_reference_o2(double measured, double o2_measured_pct, double o2_ref_pct) {
  if (std::isnan(measured) || std::isnan(o2_measured_pct) || !(o2_measured_pct >= 0) ||
      !(o2_measured_pct < kAirOxygenPct) || !(o2_ref_pct >= 0 && o2_ref_pct < kAirOxygenPct))
    return kNaN;
  return measured * (kAirOxygenPct - o2_ref_pct) / (kAirOxygenPct - o2_measured_pct);
}

double excess_air_coefficient(double o2_pct) {
  if (!(o2_pct >= 0 && o2_pct < kAirOxygenPct)) return kNaN;
  return kAirOxygenPct / (kAirOxygenPct - o2_pct);
}

double to_reference_excess_air(double measured, double alpha_measured, double alpha_ref) {
  if (std::isnan(measured) || !(alpha_measured >= 1) || !std::isfinite(alpha_measured) || !(alpha_ref >= 1) ||
      !std::isfinite(alpha_ref))
    return kNaN;
  return measured * alpha_measured / alpha_ref;
}

}  // namespace eb::standards

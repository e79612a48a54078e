#include "standards/aqi.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>

#include "standards/tables.hpp"

namespace eb::standards {

std::optional<ScaledConc> to_scaled(double v) {
  if (!(v >= 0) || v > 1e9) return std::nullopt;  // also rejects NaN
  return std::llround(v * static_cast<double>(kConcScale));
}

double from_scaled(ScaledConc c) { return static_cast<double>(c) / static_cast<double>(kConcScale); }

ScaledConc round_half_even(ScaledConc c, int decimals) {
  static constexpr ScaledConc kUnit[] = {10000, 1000, 100, 10, 1};
  const ScaledConc unit = kUnit[std::clamp(decimals, 0, 4)];
  const bool negative = c < 0;
  const ScaledConc a = negative ? -c : c;
  ScaledConc q = a / unit;
  const ScaledConc r = a % unit;
  if (2 * r > unit || (2 * r == unit && (q % 2) == 1)) ++q;
  return (negative ? -q : q) * unit;
}

namespace {
constexpr std::array<std::string_view, kAqiItems> kItemCodes = {"SO2_24H", "SO2_1H", "NO2_24H", "NO2_1H", "PM10_24H",
                                                                "CO_24H",  "CO_1H",  "O3_1H",   "O3_8H",  "PM25_24H"};
}  // namespace

std::string_view item_code(AqiItem item) { return kItemCodes[static_cast<std::size_t>(item)]; }

std::optional<AqiItem> parse_item(std::string_view code) {
  for (std::size_t i = 0; i < kItemCodes.size(); ++i)
    if (kItemCodes[i] == code) return static_cast<AqiItem>(i);
  return std::nullopt;
}

bool item_is_co(AqiItem item) { return item == AqiItem::CO_24H || item == AqiItem::CO_1H; }

int interpolate_iaqi(const AqiEdition::Breakpoint& lo, const AqiEdition::Breakpoint& hi, ScaledConc c) {
  // IAQI = IAQI_lo + (IAQI_hi - IAQI_lo) (C - BP_lo) / (BP_hi - BP_lo), rounded up, in integers.
  const std::int64_t num = static_cast<std::int64_t>(hi.iaqi - lo.iaqi) * (c - lo.conc);
  const std::int64_t den = hi.conc - lo.conc;
  return lo.iaqi + static_cast<int>((num + den - 1) / den);
}

struct EditionLoader {
  static std::map<std::string, std::unique_ptr<AqiEdition>, std::less<>> load() {
    std::map<std::string, std::unique_ptr<AqiEdition>, std::less<>> out;
    const DataTable& rules = DataTable::get("aqi_editions.csv");
    const DataTable& bps = DataTable::get("iaqi_breakpoints.csv");
    for (std::size_t r = 0; r < rules.size(); ++r) {
      auto e = std::make_unique<AqiEdition>();
      e->id_ = rules.at(r, "edition");
      e->source_ = rules.at(r, "source");
      const auto from = parse_iso_date(rules.at(r, "in_force_from"));
      if (!from) throw std::logic_error("aqi_editions.csv: bad in_force_from");
      e->from_ = *from;
      e->rounds_ = rules.at(r, "concentration_rounding") == "gbt8170";
      e->daily_o3_1h_ = rules.at(r, "daily_o3_1h") == "yes";
      e->partial_over_100_ = rules.at(r, "hourly_missing_rule") == "over_100_only";
      const int cap = static_cast<int>(rules.number(r, "above_top"));
      for (auto& o : e->overflow_) o = {AqiEdition::Overflow::cap, AqiItem::SO2_24H, cap};
      auto rule = [&](AqiItem item, const std::string& text) {
        AqiEdition::Overflow& o = e->overflow_[static_cast<std::size_t>(item)];
        if (text.rfind("iaqi_of:", 0) == 0) {
          o.kind = AqiEdition::Overflow::iaqi_of;
          o.other = parse_item(text.substr(8)).value();
        } else if (text.rfind("fixed:", 0) == 0) {
          o.kind = AqiEdition::Overflow::fixed;
          o.value = std::stoi(text.substr(6));
        } else {
          throw std::logic_error("aqi_editions.csv: unknown overflow rule " + text);
        }
      };
      rule(AqiItem::SO2_1H, rules.at(r, "so2_1h_above_800"));
      rule(AqiItem::O3_8H, rules.at(r, "o3_8h_above_800"));
      for (std::size_t b = 0; b < bps.size(); ++b) {
        if (bps.at(b, "edition") != e->id_) continue;
        const int iaqi = static_cast<int>(bps.number(b, "iaqi"));
        for (std::size_t i = 0; i < kAqiItems; ++i) {
          const std::string& cell = bps.at(b, kItemCodes[i]);
          if (cell.empty()) continue;
          e->table_[i].push_back({*to_scaled(bps.number(b, kItemCodes[i])), iaqi});
        }
      }
      for (const auto& t : e->table_)
        if (t.size() < 2) throw std::logic_error("iaqi_breakpoints.csv: too few breakpoints for " + e->id_);
      out.emplace(e->id_, std::move(e));
    }
    return out;
  }
};

namespace {
const std::map<std::string, std::unique_ptr<AqiEdition>, std::less<>>& editions() {
  static const auto all = EditionLoader::load();
  return all;
}
}  // namespace

const AqiEdition& AqiEdition::get(std::string_view id) {
  const auto& all = editions();
  const auto it = all.find(id);
  if (it == all.end()) throw std::out_of_range("unknown AQI edition " + std::string(id));
  return *it->second;
}

const AqiEdition& AqiEdition::in_force(const CivilDate& day) {
  const AqiEdition* best = nullptr;
  const AqiEdition* earliest = nullptr;
  const auto d = days_from_civil(day);
  for (const auto& [id, e] : editions()) {
    const auto from = days_from_civil(e->from_);
    if (!earliest || from < days_from_civil(earliest->from_)) earliest = e.get();
    if (from <= d && (!best || from > days_from_civil(best->from_))) best = e.get();
  }
  return best ? *best : *earliest;
}

std::vector<std::string> AqiEdition::ids() {
  std::vector<std::string> out;
  for (const auto& [id, e] : editions()) out.push_back(id);
  return out;
}

ScaledConc AqiEdition::prepare(AqiItem item, ScaledConc c) const {
  return rounds_ ? round_half_even(c, item_is_co(item) ? 1 : 0) : c;
}

std::optional<int> AqiEdition::iaqi(AqiItem item, ScaledConc c, std::optional<ScaledConc> fallback) const {
  if (c < 0) return std::nullopt;
  c = prepare(item, c);
  const auto& bp = table_[static_cast<std::size_t>(item)];
  if (c > bp.back().conc) {
    const Overflow& o = overflow_[static_cast<std::size_t>(item)];
    switch (o.kind) {
      case Overflow::cap:
      case Overflow::fixed:
        return o.value;
      case Overflow::iaqi_of:
        if (!fallback) return std::nullopt;
        return iaqi(o.other, *fallback);
    }
  }
  std::size_t i = 1;
  while (bp[i].conc < c) ++i;
  return interpolate_iaqi(bp[i - 1], bp[i], c);
}

const std::vector<AqiLevel>& aqi_levels() {
  static const std::vector<AqiLevel> levels = [] {
    std::vector<AqiLevel> out;
    const DataTable& t = DataTable::get("aqi_levels.csv");
    for (std::size_t r = 0; r < t.size(); ++r)
      out.push_back(
          {static_cast<int>(t.number(r, "level")), t.at(r, "name_zh"), t.at(r, "name_en"), t.at(r, "colour_zh"),
           t.at(r, "rgb_hex"), static_cast<int>(t.number(r, "aqi_min")),
           t.at(r, "aqi_max").empty() ? std::nullopt : std::optional<int>(static_cast<int>(t.number(r, "aqi_max")))});
    return out;
  }();
  return levels;
}

const AqiLevel& aqi_level(int aqi) {
  const auto& levels = aqi_levels();
  std::size_t i = 0;
  while (i + 1 < levels.size() && levels[i].aqi_max && aqi > *levels[i].aqi_max) ++i;
  return levels[i];
}

AqiResult combine(std::span<const SubIndex> subs, const AqiEdition& edition) {
  AqiResult r;
  r.expected = static_cast<int>(subs.size());
  int best = -1;
  for (const auto& s : subs)
    if (s.iaqi) {
      ++r.available;
      best = std::max(best, *s.iaqi);
    }
  if (r.available == 0) return r;
  for (const auto& s : subs)
    if (s.iaqi && *s.iaqi > 100) r.exceeding.push_back(s.name);
  if (r.available < r.expected && edition.partial_aqi_only_over_100() && best <= 100) return r;
  r.aqi = best;
  if (best > 50)
    for (const auto& s : subs)
      if (s.iaqi && *s.iaqi == best) r.primary.push_back(s.name);
  return r;
}

namespace {
std::optional<ScaledConc> scaled(const std::optional<double>& v) { return v ? to_scaled(*v) : std::nullopt; }

SubIndex sub(std::string_view name, const AqiEdition& e, AqiItem item, const std::optional<double>& v,
             const std::optional<double>& fallback = std::nullopt) {
  const auto c = scaled(v);
  if (!c) return {name, std::nullopt};
  return {name, e.iaqi(item, *c, scaled(fallback))};
}
}  // namespace

std::vector<SubIndex> hourly_subindices(const HourlyConcentrations& c, const AqiEdition& e) {
  return {sub("PM2.5", e, AqiItem::PM25_24H, c.pm25),
          sub("PM10", e, AqiItem::PM10_24H, c.pm10),
          sub("SO2", e, AqiItem::SO2_1H, c.so2, c.so2_24h),
          sub("NO2", e, AqiItem::NO2_1H, c.no2),
          sub("CO", e, AqiItem::CO_1H, c.co),
          sub("O3", e, AqiItem::O3_1H, c.o3)};
}

std::vector<SubIndex> daily_subindices(const DailyConcentrations& c, const AqiEdition& e) {
  std::vector<SubIndex> out{
      sub("PM2.5", e, AqiItem::PM25_24H, c.pm25), sub("PM10", e, AqiItem::PM10_24H, c.pm10),
      sub("SO2", e, AqiItem::SO2_24H, c.so2),     sub("NO2", e, AqiItem::NO2_24H, c.no2),
      sub("CO", e, AqiItem::CO_24H, c.co),        sub("O3_8h", e, AqiItem::O3_8H, c.o3_8h_max, c.o3_1h_max)};
  if (e.daily_uses_o3_1h()) out.push_back(sub("O3_1h", e, AqiItem::O3_1H, c.o3_1h_max));
  return out;
}

}  // namespace eb::standards

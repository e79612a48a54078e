#include "standards/gb15618.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

#include "standards/tables.hpp"

namespace eb::standards {

namespace {

constexpr std::array<std::string_view, kPhBands> kBandColumns = {"ph_le_5_5", "ph_5_5_6_5", "ph_6_5_7_5", "ph_gt_7_5"};

struct ItemLimits {
  // screening[use][band]; every use filled once the table is read.
  std::array<std::array<double, kPhBands>, kFarmlandUses> screening{};
  std::optional<std::array<double, kPhBands>> control;
};

struct Gb15618 {
  std::vector<FarmlandItem> items;
  std::map<std::string, ItemLimits, std::less<>> limits;
  std::map<std::string, std::string, std::less<>> aliases;  // alias -> code
  CategoryItems category_items = CategoryItems::all;

  static const Gb15618& get() {
    static const Gb15618 g = [] {
      Gb15618 out;
      const DataTable& t = DataTable::get("gb15618.csv");
      // Rows per item and land use as written, then each use resolved: its own row, else "other", else "any".
      std::map<std::string, std::map<std::string, std::array<double, kPhBands>, std::less<>>, std::less<>> screening;
      for (std::size_t r = 0; r < t.size(); ++r) {
        const std::string& item = t.at(r, "item");
        std::array<double, kPhBands> v{};
        for (std::size_t b = 0; b < kPhBands; ++b) v[b] = t.number(r, kBandColumns[b]);
        if (t.at(r, "table") == "control") {
          out.limits[item].control = v;
          continue;
        }
        if (!screening.count(item)) {
          out.items.push_back({item, t.at(r, "name_zh"), t.at(r, "name_en"), false,
                               t.at(r, "source").find("Table 1") != std::string::npos});
          out.limits[item];
        }
        screening[item][t.at(r, "land_use")] = v;
      }
      for (auto& item : out.items) {
        const auto& rows = screening.at(item.code);
        auto pick = [&](std::string_view use) -> const std::array<double, kPhBands>& {
          for (std::string_view want : {use, std::string_view("other"), std::string_view("any")}) {
            const auto it = rows.find(want);
            if (it != rows.end()) return it->second;
          }
          throw std::logic_error("gb15618.csv: no screening row of " + item.code + " for " + std::string(use));
        };
        ItemLimits& l = out.limits.at(item.code);
        l.screening[static_cast<int>(FarmlandUse::paddy)] = pick("paddy");
        l.screening[static_cast<int>(FarmlandUse::other)] = pick("other");
        l.screening[static_cast<int>(FarmlandUse::orchard)] = pick("orchard");
        for (std::size_t b = 0; b < kPhBands; ++b)
          l.screening[static_cast<int>(FarmlandUse::rotation)][b] =
              std::min(l.screening[static_cast<int>(FarmlandUse::paddy)][b],
                       l.screening[static_cast<int>(FarmlandUse::other)][b]);
        item.has_control = l.control.has_value();
        std::string lower = item.code;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        out.aliases.emplace(item.code, item.code);
        out.aliases.emplace(lower, item.code);
        out.aliases.emplace(item.name_zh, item.code);
        out.aliases.emplace(item.name_en, item.code);
      }
      for (const auto& [alias, code] : std::initializer_list<std::pair<const char*, const char*>>{{"六六六", "HCH"},
                                                                                                  {"滴滴涕", "DDT"},
                                                                                                  {"BHC", "HCH"},
                                                                                                  {"B[a]P", "BaP"},
                                                                                                  {"苯并(a)芘", "BaP"},
                                                                                                  {"总镉", "Cd"},
                                                                                                  {"总汞", "Hg"},
                                                                                                  {"总砷", "As"},
                                                                                                  {"总铅", "Pb"},
                                                                                                  {"总铬", "Cr"},
                                                                                                  {"总铜", "Cu"},
                                                                                                  {"总镍", "Ni"},
                                                                                                  {"总锌", "Zn"}})
        out.aliases.emplace(alias, code);
      const DataTable& rules = DataTable::get("gb15618_rules.csv");
      for (std::size_t r = 0; r < rules.size(); ++r)
        if (rules.at(r, "rule") == "category_items") {
          const std::string& v = rules.at(r, "value");
          if (v == "control_only")
            out.category_items = CategoryItems::control_only;
          else if (v != "all")
            throw std::logic_error("gb15618_rules.csv: category_items is all or control_only, not " + v);
        }
      return out;
    }();
    return g;
  }
};

}  // namespace

std::optional<FarmlandUse> parse_farmland_use(std::string_view s) {
  if (s == "paddy" || s == "水田") return FarmlandUse::paddy;
  if (s == "other" || s == "其他" || s == "旱地" || s == "dry" || s == "upland") return FarmlandUse::other;
  if (s == "orchard" || s == "果园") return FarmlandUse::orchard;
  if (s == "rotation" || s == "水旱轮作") return FarmlandUse::rotation;
  return std::nullopt;
}

std::string_view farmland_use_code(FarmlandUse use) {
  switch (use) {
    case FarmlandUse::paddy:
      return "paddy";
    case FarmlandUse::other:
      return "other";
    case FarmlandUse::orchard:
      return "orchard";
    case FarmlandUse::rotation:
      return "rotation";
  }
  return "other";
}

int ph_band(double ph) { return (ph > kPhBandUpper[0]) + (ph > kPhBandUpper[1]) + (ph > kPhBandUpper[2]); }

std::string_view ph_band_name(int band) {
  static constexpr std::array<std::string_view, kPhBands> kNames = {"pH<=5.5", "5.5<pH<=6.5", "6.5<pH<=7.5", "pH>7.5"};
  return kNames.at(static_cast<std::size_t>(band));
}

const std::vector<FarmlandItem>& farmland_items() { return Gb15618::get().items; }

const FarmlandItem* find_farmland_item(std::string_view code) {
  const auto& g = Gb15618::get();
  const auto it = g.aliases.find(code);
  if (it == g.aliases.end()) return nullptr;
  for (const auto& item : g.items)
    if (item.code == it->second) return &item;
  return nullptr;
}

std::optional<double> screening_value(std::string_view item, FarmlandUse use, int band) {
  const auto& g = Gb15618::get();
  const auto it = g.limits.find(item);
  if (it == g.limits.end() || band < 0 || band >= kPhBands) return std::nullopt;
  return it->second.screening[static_cast<std::size_t>(use)][static_cast<std::size_t>(band)];
}

std::optional<double> control_value(std::string_view item, int band) {
  const auto& g = Gb15618::get();
  const auto it = g.limits.find(item);
  if (it == g.limits.end() || !it->second.control || band < 0 || band >= kPhBands) return std::nullopt;
  return (*it->second.control)[static_cast<std::size_t>(band)];
}

CategoryItems category_items_rule() { return Gb15618::get().category_items; }

std::string_view farmland_category_code(FarmlandCategory c) {
  switch (c) {
    case FarmlandCategory::priority_protection:
      return "priority_protection";
    case FarmlandCategory::safe_use:
      return "safe_use";
    case FarmlandCategory::strict_control:
      return "strict_control";
    case FarmlandCategory::none:
      break;
  }
  return "";
}

std::string_view farmland_category_name(FarmlandCategory c, bool zh) {
  switch (c) {
    case FarmlandCategory::priority_protection:
      return zh ? "优先保护类" : "priority protection";
    case FarmlandCategory::safe_use:
      return zh ? "安全利用类" : "safe use";
    case FarmlandCategory::strict_control:
      return zh ? "严格管控类" : "strict control";
    case FarmlandCategory::none:
      break;
  }
  return zh ? "无数据" : "no data";
}

std::optional<FarmlandCategory> parse_farmland_category(std::string_view code) {
  for (auto c : {FarmlandCategory::priority_protection, FarmlandCategory::safe_use, FarmlandCategory::strict_control})
    if (code == farmland_category_code(c)) return c;
  return std::nullopt;
}

SoilSampleResult classify_farmland_sample(double ph, FarmlandUse use, std::span<const SoilValue> values,
                                          CategoryItems rule) {
  const auto& g = Gb15618::get();
  SoilSampleResult out;
  out.band = ph_band(ph);
  for (const auto& item : g.items) {
    for (const auto& v : values) {
      if (v.item != item.code) continue;
      SoilItemResult r;
      r.item = item.code;
      r.value = v.value;
      r.below_detection = v.below_detection;
      r.screening = *screening_value(item.code, use, out.band);
      r.control = control_value(item.code, out.band);
      r.decides = rule == CategoryItems::all || item.has_control;
      if (!v.below_detection) {
        r.screening_ratio = v.value / r.screening;
        if (r.control) r.control_ratio = v.value / *r.control;
        r.above_screening = v.value > r.screening;
        r.above_control = r.control && v.value > *r.control;
      }
      out.items.push_back(std::move(r));
    }
  }
  for (const auto& v : values)
    if (!g.limits.count(v.item)) throw std::invalid_argument("not a GB 15618 item: " + v.item);
  if (out.items.empty()) return out;
  const bool strict = std::any_of(out.items.begin(), out.items.end(),
                                  [](const SoilItemResult& r) { return r.decides && r.above_control; });
  const bool above = std::any_of(out.items.begin(), out.items.end(),
                                 [](const SoilItemResult& r) { return r.decides && r.above_screening; });
  out.category = strict  ? FarmlandCategory::strict_control
                 : above ? FarmlandCategory::safe_use
                         : FarmlandCategory::priority_protection;
  // The controlling items: those above control (strict control) or above screening (safe use), by their ratio
  // to that limit, largest first; ties keep table order.
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& r : out.items) {
    if (!r.decides) continue;
    if (strict && r.above_control) ranked.emplace_back(*r.control_ratio, r.item);
    if (!strict && r.above_screening) ranked.emplace_back(*r.screening_ratio, r.item);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (auto& [ratio, item] : ranked) out.controlling.push_back(std::move(item));
  return out;
}

}  // namespace eb::standards

#include "standards/gb3838.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "core/csv.hpp"
#include "standards/hj663.hpp"
#include "standards/parameters.hpp"
#include "standards/tables.hpp"

namespace eb::standards {

namespace {

// Fixed point for exact comparisons with the limits (mercury's limits have five decimals).
using Fixed = std::int64_t;
__extension__ typedef __int128 Wide;  // exact products of two fixed-point values
constexpr double kFixedScale = 1e8;
Fixed fixed(double v) { return std::llround(v * kFixedScale); }

struct LimitRow {
  std::string item, rule;        // rule: max, min, range
  std::string waterbody;         // any, river, lake
  std::array<Fixed, 5> limit{};  // classes I..V (max/min), fixed point for exact exceedance multiples
  std::array<double, 5> limit_value{};
  double range_lo = 0, range_hi = 0;
};

struct Gb3838 {
  std::vector<WaterItem> items;
  std::vector<LimitRow> rows;
  std::map<std::string, std::size_t, std::less<>> order;  // item -> position in the table

  static const Gb3838& get() {
    static const Gb3838 g = [] {
      Gb3838 out;
      const DataTable& t = DataTable::get("gb3838_limits.csv");
      static constexpr std::array<std::string_view, 5> kClasses = {"I", "II", "III", "IV", "V"};
      for (std::size_t r = 0; r < t.size(); ++r) {
        LimitRow row;
        row.item = t.at(r, "item");
        row.rule = t.at(r, "rule");
        row.waterbody = t.at(r, "waterbody");
        if (row.rule == "range") {
          const std::string& text = t.at(r, "I");
          const auto dash = text.find('-');
          row.range_lo = parse_number(text.substr(0, dash)).value();
          row.range_hi = parse_number(text.substr(dash + 1)).value();
        } else {
          for (std::size_t k = 0; k < 5; ++k) {
            row.limit_value[k] = t.number(r, kClasses[k]);
            row.limit[k] = fixed(row.limit_value[k]);
          }
        }
        if (!out.order.count(row.item)) {
          out.order.emplace(row.item, out.items.size());
          out.items.push_back(
              {row.item, t.at(r, "name_zh"), t.at(r, "name_en"), t.at(r, "unit"), t.at(r, "routine") == "yes"});
        }
        out.rows.push_back(std::move(row));
      }
      return out;
    }();
    return g;
  }

  const LimitRow* row(std::string_view item, Waterbody wb) const {
    const std::string_view want = wb == Waterbody::lake ? "lake" : "river";
    const LimitRow* any = nullptr;
    for (const auto& r : rows) {
      if (r.item != item) continue;
      if (r.waterbody == want) return &r;
      if (r.waterbody == "any") any = &r;
    }
    return any;
  }
};

bool has_multiple(std::string_view item) { return item != "pH" && item != "DO"; }

}  // namespace

const std::vector<WaterItem>& water_items() { return Gb3838::get().items; }

const WaterItem* find_water_item(std::string_view code) {
  const auto& g = Gb3838::get();
  const auto it = g.order.find(code);
  return it == g.order.end() ? nullptr : &g.items[it->second];
}

const WaterParameter* find_water_parameter(std::string_view code) {
  // The water part of the one parameter vocabulary (standards/parameters), with units as their symbols.
  static const std::map<const ParameterInfo*, WaterParameter> water = [] {
    std::map<const ParameterInfo*, WaterParameter> out;
    for (const ParameterInfo& p : parameters())
      if (p.medium == Medium::water)
        out.emplace(&p, WaterParameter{std::string(p.code), std::string(unit_symbol(p.unit))});
    return out;
  }();
  const ParameterInfo* p = find_parameter(code, Medium::water);
  return p ? &water.at(p) : nullptr;
}

std::optional<int> item_class(std::string_view item, double value, Waterbody wb) {
  // Doubles parsed from decimal text compare exactly with the limits parsed the same way: two different
  // decimals of up to 15 significant digits never become the same double. (A fixed-point scale would not
  // do: mercury's limits are 5e-5.)
  const auto limits = item_limits(item, wb);
  if (!limits) return std::nullopt;
  if (limits->rule == "range") return value >= limits->lo && value <= limits->hi ? 1 : kWorseThanV;
  for (int k = 0; k < 5; ++k) {
    const double lim = limits->limit[static_cast<std::size_t>(k)];
    if (limits->rule == "min" ? value >= lim : value <= lim) return k + 1;
  }
  return kWorseThanV;
}

std::optional<ItemLimits> item_limits(std::string_view item, Waterbody wb) {
  const LimitRow* r = Gb3838::get().row(item, wb);
  if (!r) return std::nullopt;
  ItemLimits out;
  out.rule = r->rule;
  out.limit = r->limit_value;
  out.lo = r->range_lo;
  out.hi = r->range_hi;
  return out;
}

std::optional<double> class_iii_limit(std::string_view item, Waterbody wb) {
  const LimitRow* r = Gb3838::get().row(item, wb);
  if (!r || r->rule == "range") return std::nullopt;
  return r->limit_value[2];
}

std::string_view class_name(int cls, bool zh) {
  static const std::vector<std::pair<std::string, std::string>> names = [] {
    std::vector<std::pair<std::string, std::string>> out;
    const DataTable& t = DataTable::get("water_status.csv");
    for (std::size_t r = 0; r < t.size(); ++r) out.emplace_back(t.at(r, "class_zh"), t.at(r, "class_en"));
    return out;
  }();
  if (cls < 1 || cls > 6) return "";
  const auto& n = names[static_cast<std::size_t>(cls - 1)];
  return zh ? n.first : n.second;
}

std::string_view water_status(int cls, bool zh) {
  static const std::vector<std::pair<std::string, std::string>> names = [] {
    std::vector<std::pair<std::string, std::string>> out;
    const DataTable& t = DataTable::get("water_status.csv");
    for (std::size_t r = 0; r < t.size(); ++r) out.emplace_back(t.at(r, "status_zh"), t.at(r, "status_en"));
    return out;
  }();
  if (cls < 1 || cls > 6) return "";
  const auto& n = names[static_cast<std::size_t>(cls - 1)];
  return zh ? n.first : n.second;
}

SectionResult classify_section(std::span<const ItemValue> values, Waterbody wb) {
  const auto& g = Gb3838::get();
  std::vector<const ItemValue*> sorted;
  for (const auto& v : values)
    if (g.order.count(v.item)) sorted.push_back(&v);
  std::stable_sort(sorted.begin(), sorted.end(), [&](const ItemValue* a, const ItemValue* b) {
    return g.order.find(a->item)->second < g.order.find(b->item)->second;
  });
  SectionResult out;
  struct Multiple {
    std::string item;
    Fixed excess, limit;  // the multiple is excess / limit, compared exactly
  };
  std::vector<Multiple> multiples;
  for (const ItemValue* v : sorted) {
    const int cls = item_class(v->item, v->value, wb).value();
    out.item_classes.emplace_back(v->item, cls);
    if (!find_water_item(v->item)->routine) continue;
    out.cls = std::max(out.cls, cls);
    if (cls > 3 && has_multiple(v->item)) {
      const Fixed lim = fixed(class_iii_limit(v->item, wb).value());
      multiples.push_back({v->item, fixed(v->value) - lim, lim});
    }
  }
  for (const auto& [item, cls] : out.item_classes)
    if (cls == out.cls && find_water_item(item)->routine) out.controlling.push_back(item);
  std::stable_sort(multiples.begin(), multiples.end(), [](const Multiple& a, const Multiple& b) {
    // a.excess / a.limit > b.excess / b.limit without rounding (128-bit products).
    return static_cast<Wide>(a.excess) * b.limit > static_cast<Wide>(b.excess) * a.limit;
  });
  for (const auto& m : multiples)
    out.worse_than_iii.push_back({m.item, static_cast<double>(m.excess) / static_cast<double>(m.limit)});
  return out;
}

RiverStatus river_status(const std::array<int, 6>& n) {
  int total = 0;
  for (int c : n) total += c;
  const int i_iii = n[0] + n[1] + n[2];
  const int worse = n[5];
  RiverStatus out;
  if (total == 0) return out;
  out.share_i_iii = 100.0 * i_iii / total;
  out.share_worse_v = 100.0 * worse / total;
  const DataTable& t = DataTable::get("river_status.csv");
  // Thresholds in percent: min inclusive, max exclusive, compared exactly as 100 * count vs threshold * total.
  auto meets = [&](std::size_t r, std::string_view min_col, std::string_view max_col, int count) {
    const std::string& lo = t.at(r, min_col);
    const std::string& hi = t.at(r, max_col);
    if (!lo.empty() && 100.0 * count < t.number(r, min_col) * total) return false;
    if (!hi.empty() && 100.0 * count >= t.number(r, max_col) * total) return false;
    return true;
  };
  for (std::size_t r = 0; r < t.size(); ++r)
    if (meets(r, "min_share_I_III", "max_share_I_III", i_iii) &&
        meets(r, "min_share_worse_V", "max_share_worse_V", worse)) {
      out.status_zh = t.at(r, "status_zh");
      out.status_en = t.at(r, "status_en");
      break;
    }
  return out;
}

std::optional<TrophicState> trophic_state(std::span<const ItemValue> values) {
  const DataTable& t = DataTable::get("tli.csv");
  TrophicState s;
  double r2_sum = 0;
  std::vector<std::pair<std::string, double>> r2;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const std::string& p = t.at(r, "parameter");
    const auto it = std::find_if(values.begin(), values.end(), [&](const ItemValue& v) { return v.item == p; });
    if (it == values.end() || !(it->value > 0)) continue;
    s.tli.emplace_back(p, 10 * (t.number(r, "a") + t.number(r, "b") * std::log(it->value)));
    const double rr = t.number(r, "r") * t.number(r, "r");
    r2.emplace_back(p, rr);
    r2_sum += rr;
  }
  if (s.tli.empty()) return std::nullopt;
  for (std::size_t i = 0; i < s.tli.size(); ++i) {
    const double w = r2[i].second / r2_sum;
    s.weights.emplace_back(r2[i].first, w);
    s.tli_sum += w * s.tli[i].second;
  }
  s.reported = round_report(s.tli_sum, 2);
  const DataTable& c = DataTable::get("tli_classes.csv");
  for (std::size_t r = 0; r < c.size(); ++r) {
    const std::string& upper = c.at(r, "upper");
    const bool last = r + 1 == c.size() || upper.empty();
    const bool inclusive = c.at(r, "upper_inclusive") == "yes";
    if (last || s.reported < c.number(r, "upper") || (inclusive && s.reported == c.number(r, "upper"))) {
      s.class_zh = c.at(r, "class_zh");
      s.class_en = c.at(r, "class_en");
      break;
    }
  }
  return s;
}

double cwqi_item(std::string_view item, double value, Waterbody wb) {
  const DataTable& t = DataTable::get("cwqi.csv");
  for (std::size_t r = 0; r < t.size(); ++r) {
    const std::string& it = t.at(r, "item");
    if (it != item && it != "*") continue;
    const std::string& rule = t.at(r, "rule");
    if (rule == "ph") {
      const auto ref = parse_number(t.at(r, "reference").substr(0, t.at(r, "reference").find(',')));
      const double neutral = ref.value_or(7);
      return value <= neutral ? (neutral - value) / (neutral - 6) : (value - neutral) / (9 - neutral);
    }
    const double s3 = class_iii_limit(item, wb).value();
    return rule == "inverse" ? s3 / value : value / s3;
  }
  throw std::logic_error("cwqi.csv: no rule for " + std::string(item));
}

double cwqi(std::span<const ItemValue> values, Waterbody wb) {
  double sum = 0;
  for (const auto& v : values) {
    const WaterItem* item = find_water_item(v.item);
    if (item && item->routine) sum += cwqi_item(v.item, v.value, wb);
  }
  return sum;
}

const std::vector<SourceItem>& source_items() {
  static const std::vector<SourceItem> items = [] {
    std::vector<SourceItem> out;
    for (const int table : {2, 3}) {
      const DataTable& t = DataTable::get(table == 2 ? "gb3838_supplementary.csv" : "gb3838_specific.csv");
      for (std::size_t r = 0; r < t.size(); ++r) {
        SourceItem it;
        it.code = t.at(r, "item");
        it.name_zh = t.at(r, "name_zh");
        it.name_en = t.at(r, "name_en");
        it.unit = t.at(r, "unit");
        it.table = table;
        it.number = table == 2 ? static_cast<int>(r) + 1 : static_cast<int>(t.number(r, "number"));
        it.limit = t.number(r, "limit");
        if (t.has_column("note")) it.note = t.at(r, "note");
        it.source = t.at(r, "source");
        out.push_back(std::move(it));
      }
    }
    return out;
  }();
  return items;
}

const SourceItem* find_source_item(std::string_view code) {
  for (const auto& it : source_items())
    if (it.code == code) return &it;
  return nullptr;
}

}  // namespace eb::standards

#include "io/carbon_activity.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "io/file_buffer.hpp"
#include "standards/carbon.hpp"

namespace eb::io {

namespace {

// A CSV file with named columns (English or Chinese aliases) and errors at file:line:column.
class ColumnFile {
 public:
  ColumnFile(const std::string& path, const ReadOptions& options, const std::vector<std::vector<std::string>>& names,
             const std::vector<std::vector<std::string>>& optional_names)
      : path_(path), buffer_(path, options), csv_(buffer_.text(), path) {
    if (!csv_.next()) throw InputError(path + ": empty file");
    std::map<std::string, std::size_t> header;
    for (std::size_t i = 0; i < csv_.size(); ++i) header[std::string(trim(csv_[i]))] = i;
    auto find = [&](const std::vector<std::string>& aliases) -> std::optional<std::size_t> {
      for (const auto& a : aliases)
        if (auto it = header.find(a); it != header.end()) return it->second;
      return std::nullopt;
    };
    for (const auto& aliases : names) {
      const auto at = find(aliases);
      if (!at) throw InputError(fmt::format("{}:1: no column \"{}\"", path, aliases.front()));
      index_[aliases.front()] = *at;
    }
    for (const auto& aliases : optional_names)
      if (const auto at = find(aliases)) index_[aliases.front()] = *at;
  }
  bool next() { return csv_.next(); }
  bool has(const std::string& column) const { return index_.count(column) > 0; }
  std::string text(const std::string& column) const {
    const auto it = index_.find(column);
    if (it == index_.end() || it->second >= csv_.size()) return {};
    return std::string(trim(csv_[it->second]));
  }
  [[noreturn]] void fail(const std::string& column, const std::string& why) const {
    const auto it = index_.find(column);
    throw InputError(
        fmt::format("{}:{}:{}: {}: {}", path_, csv_.line(), it == index_.end() ? 0 : it->second + 1, column, why));
  }
  double number(const std::string& column) const {
    const std::string t = text(column);
    const auto v = parse_number(t);
    if (!v) fail(column, t.empty() ? "missing value" : "not a number: \"" + t + "\"");
    return *v;
  }
  int year(const std::string& column) const {
    const double v = number(column);
    const auto y = exact_int(v);
    if (!y || *y < 1949 || *y > 2100) fail(column, fmt::format("not a year: {}", text(column)));
    return *y;
  }
  std::string code(const std::string& column) const {
    std::string c = text(column);
    if (c.size() < 6 || c.size() > 12 || c.find_first_not_of("0123456789") != std::string::npos)
      fail(column, "not an administrative code (GB/T 2260, 6 to 12 digits): \"" + c + "\"");
    return c;
  }
  std::size_t line() const { return csv_.line(); }

 private:
  std::string path_;
  FileBuffer buffer_;
  CsvReader csv_;
  std::map<std::string, std::size_t> index_;
};

}  // namespace

std::vector<EnergyRecord> read_energy_csv(const std::string& path, const ReadOptions& options) {
  ColumnFile f(path, options,
               {{"unit_code", "单位代码", "行政区划代码"},
                {"year", "年份"},
                {"fuel", "能源品种"},
                {"amount", "消费量"},
                {"unit", "计量单位"}},
               {{"source", "来源"}});
  std::vector<EnergyRecord> out;
  std::map<std::tuple<std::string, int, std::string>, std::size_t> seen;
  while (f.next()) {
    EnergyRecord r;
    r.line = f.line();
    r.unit_code = f.code("unit_code");
    r.year = f.year("year");
    r.fuel = f.text("fuel");
    const standards::Fuel* fuel = standards::find_fuel(r.fuel);
    if (!fuel) {
      std::string known;
      for (const auto& k : standards::fuels()) known += (known.empty() ? "" : ", ") + k.code;
      f.fail("fuel", "unknown fuel \"" + r.fuel + "\" (known: " + known + ")");
    }
    r.file_unit = f.text("unit");
    const auto unit = standards::find_energy_unit(r.file_unit);
    if (!unit) f.fail("unit", "unknown unit \"" + r.file_unit + "\"");
    if (unit->dimension != fuel->dimension)
      f.fail("unit", fmt::format("{} is not a unit of {} (its amounts are in {} or a multiple)", r.file_unit, r.fuel,
                                 standards::base_unit(fuel->dimension)));
    r.file_amount = f.number("amount");
    if (r.file_amount < 0 && fuel->kind == standards::EnergyKind::fossil)
      f.fail("amount", "a fuel's consumption cannot be negative (only net purchased electricity and heat can)");
    r.amount_base = r.file_amount * unit->per_base;
    r.source = f.text("source");
    const auto key = std::make_tuple(r.unit_code, r.year, r.fuel);
    if (const auto it = seen.find(key); it != seen.end())
      f.fail("fuel",
             fmt::format("{} {} {} is given again (first on line {})", r.unit_code, r.year, r.fuel, it->second));
    seen.emplace(key, r.line);
    out.push_back(std::move(r));
  }
  if (out.empty()) throw InputError(path + ": no energy rows");
  return out;
}

std::vector<GdpRecord> read_gdp_csv(const std::string& path, const ReadOptions& options) {
  ColumnFile f(path, options,
               {{"unit_code", "单位代码", "行政区划代码"},
                {"year", "年份"},
                {"gdp", "地区生产总值"},
                {"unit", "计量单位"},
                {"basis", "价格口径"}},
               {{"price_index", "价格指数"}, {"source", "来源"}});
  std::vector<GdpRecord> out;
  std::map<std::pair<std::string, int>, std::size_t> seen;
  while (f.next()) {
    GdpRecord r;
    r.line = f.line();
    r.unit_code = f.code("unit_code");
    r.year = f.year("year");
    double gdp = f.number("gdp");
    if (!(gdp > 0)) f.fail("gdp", "GDP must be positive");
    const std::string unit = f.text("unit");
    if (unit == "10^4 yuan" || unit == "万元")
      ;
    else if (unit == "10^8 yuan" || unit == "亿元")
      gdp *= 1e4;
    else
      f.fail("unit", "unknown unit \"" + unit + "\" (10^4 yuan, 10^8 yuan, 万元 or 亿元)");
    const std::string basis = f.text("basis");
    if (basis == "constant_2020") {
      if (!f.text("price_index").empty()) f.fail("price_index", "a price index goes with basis nominal only");
      r.gdp_10k_yuan_2020 = gdp;
      r.method = "constant 2020 prices as given";
    } else if (basis == "nominal") {
      if (f.text("price_index").empty()) f.fail("price_index", "nominal GDP needs its price index (2020 = 100)");
      const double index = f.number("price_index");
      if (!(index > 0)) f.fail("price_index", "the price index must be positive");
      r.gdp_10k_yuan_2020 = gdp * 100.0 / index;
      r.method = fmt::format("nominal x 100 / price index {} (2020 = 100)", f.text("price_index"));
    } else {
      f.fail("basis", "unknown basis \"" + basis + "\" (constant_2020 or nominal)");
    }
    r.source = f.text("source");
    const auto key = std::make_pair(r.unit_code, r.year);
    if (const auto it = seen.find(key); it != seen.end())
      f.fail("year", fmt::format("{} {} is given again (first on line {})", r.unit_code, r.year, it->second));
    seen.emplace(key, r.line);
    out.push_back(std::move(r));
  }
  if (out.empty()) throw InputError(path + ": no GDP rows");
  return out;
}

std::vector<CarbonTargetRecord> read_carbon_targets_csv(const std::string& path, const ReadOptions& options) {
  ColumnFile f(path, options,
               {{"unit_code", "单位代码"},
                {"indicator", "指标"},
                {"base_year", "基准年"},
                {"target_year", "目标年"},
                {"drop_pct", "下降率"},
                {"source", "来源"}},
               {});
  std::vector<CarbonTargetRecord> out;
  std::map<std::tuple<std::string, std::string, int>, std::size_t> seen;
  while (f.next()) {
    CarbonTargetRecord r;
    r.line = f.line();
    r.unit_code = f.code("unit_code");
    r.indicator = f.text("indicator");
    if (r.indicator != "energy_intensity" && r.indicator != "carbon_intensity")
      f.fail("indicator", "unknown indicator \"" + r.indicator + "\" (energy_intensity or carbon_intensity)");
    r.base_year = f.year("base_year");
    r.target_year = f.year("target_year");
    if (r.target_year <= r.base_year) f.fail("target_year", "the target year must come after the base year");
    r.drop_pct = f.number("drop_pct");
    if (!(r.drop_pct > -100 && r.drop_pct < 100)) f.fail("drop_pct", "a drop in per cent, between -100 and 100");
    r.source = f.text("source");
    if (r.source.empty()) f.fail("source", "every target names its source");
    const auto key = std::make_tuple(r.unit_code, r.indicator, r.target_year);
    if (const auto it = seen.find(key); it != seen.end())
      f.fail("indicator", fmt::format("{} {} {} is given again (first on line {})", r.unit_code, r.indicator,
                                      r.target_year, it->second));
    seen.emplace(key, r.line);
    out.push_back(std::move(r));
  }
  if (out.empty()) throw InputError(path + ": no targets");
  return out;
}

}  // namespace eb::io

// Long layout, one observation per line:
//   station,time,parameter,value[,unit][,flag][,averaging]
// Columns are found by name (any order, case-insensitive). time is ISO 8601; without an offset it is
// Beijing time. parameter is a canonical code, a CNEMC type (PM2.5_24h) or an HJ 212 code (a34004).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"
#include "io/layout_support.hpp"
#include "io/observation_layouts.hpp"
#include "standards/parameters.hpp"

namespace eb::io {

namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}
}  // namespace

ObservationBatch read_long_table(std::string_view text, const std::string& file, const ByteProgress& progress) {
  using namespace detail;
  ObservationBatch b;
  b.file = file;
  b.layout = "long";
  CsvReader csv(text, file);
  if (!csv.next()) throw InputError(file + ": empty file");
  int c_station = -1, c_time = -1, c_parameter = -1, c_value = -1, c_unit = -1, c_flag = -1, c_averaging = -1;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const std::string name = lower(trim(csv[i]));
    int* slot = name == "station"     ? &c_station
                : name == "time"      ? &c_time
                : name == "parameter" ? &c_parameter
                : name == "value"     ? &c_value
                : name == "unit"      ? &c_unit
                : name == "flag"      ? &c_flag
                : name == "averaging" ? &c_averaging
                                      : nullptr;
    if (!slot)
      throw InputError(header_error(file, 1, static_cast<std::uint32_t>(i + 1),
                                    fmt::format("unknown column \"{}\" (expected station,time,parameter,value"
                                                "[,unit][,flag][,averaging])",
                                                trim(csv[i]))));
    if (*slot >= 0)
      throw InputError(header_error(file, 1, static_cast<std::uint32_t>(i + 1),
                                    fmt::format("column \"{}\" appears twice", trim(csv[i]))));
    *slot = static_cast<int>(i);
  }
  for (auto [col, name] : {std::pair{c_station, "station"}, std::pair{c_time, "time"},
                           std::pair{c_parameter, "parameter"}, std::pair{c_value, "value"}})
    if (col < 0) throw InputError(header_error(file, 1, 1, fmt::format("required column \"{}\" is missing", name)));

  const std::size_t n_fields = csv.size();
  std::size_t rows = 0;
  auto col_of = [](int c) { return static_cast<std::uint16_t>(c + 1); };
  while (csv.next()) {
    ++rows;
    const auto line = static_cast<std::uint32_t>(csv.line());
    if (progress && (rows & 0x3ff) == 0) progress(csv.offset());
    if (csv.size() != n_fields) {
      reject_line(b.rejections, line, 0, csv.raw(),
                  fmt::format("expected {} fields as in the header, found {}", n_fields, csv.size()));
      continue;
    }
    const std::string_view station = trim(csv[static_cast<std::size_t>(c_station)]);
    if (station.empty()) {
      reject_line(b.rejections, line, col_of(c_station), csv.raw(), "empty station");
      continue;
    }
    const std::string_view time_text = trim(csv[static_cast<std::size_t>(c_time)]);
    const auto instant = parse_instant(time_text);
    if (!instant) {
      reject_line(b.rejections, line, col_of(c_time), csv.raw(),
                  fmt::format("impossible timestamp \"{}\" (expected ISO 8601, e.g. 2019-01-01T08:00+08:00)",
                              quote_input(time_text)));
      continue;
    }
    const std::string_view parameter_text = trim(csv[static_cast<std::size_t>(c_parameter)]);
    const ParameterInfo* parameter = standards::find_parameter(parameter_text);
    std::optional<Averaging> averaging;
    if (!parameter) {
      if (const auto kind = cnemc_type(parameter_text)) {
        parameter = kind->parameter;
        averaging = kind->averaging;
      } else if (const auto alias = standards::find_parameter(lower(parameter_text))) {
        parameter = alias;
      }
    }
    if (!parameter) {
      reject_line(b.rejections, line, col_of(c_parameter), csv.raw(),
                  fmt::format("unknown parameter \"{}\"", quote_input(parameter_text)));
      continue;
    }
    if (c_averaging >= 0) {
      const std::string_view avg_text = trim(csv[static_cast<std::size_t>(c_averaging)]);
      if (!avg_text.empty()) {
        const auto a = parse_averaging(avg_text);
        if (!a || (averaging && *a != *averaging)) {
          reject_line(b.rejections, line, col_of(c_averaging), csv.raw(),
                      fmt::format("unknown or contradictory averaging \"{}\"", quote_input(avg_text)));
          continue;
        }
        averaging = a;
      }
    }
    if (!averaging) averaging = instant->date_only ? Averaging::daily : Averaging::hour1;
    double factor = 1.0;
    if (c_unit >= 0) {
      const std::string_view unit_text = trim(csv[static_cast<std::size_t>(c_unit)]);
      const auto unit = parse_unit(unit_text);
      const auto f = unit ? unit_factor(*unit, parameter->unit) : std::nullopt;
      if (!f) {
        reject_line(
            b.rejections, line, col_of(c_unit), csv.raw(),
            fmt::format("wrong unit \"{}\" for {} (expected {})", unit_text, parameter->code,
                        parameter->unit == Unit::none ? std::string_view("no unit") : unit_symbol(parameter->unit)));
        continue;
      }
      factor = *f;
    }
    std::uint32_t flag = 0;
    if (c_flag >= 0) flag = b.flag_id(trim(csv[static_cast<std::size_t>(c_flag)]));
    const CellContext ctx{line, col_of(c_value), station, instant->epoch, parameter, averaging_code(*averaging)};
    double v = 0;
    if (parse_measurement(b, ctx, csv[static_cast<std::size_t>(c_value)], factor, v) != CellResult::value) {
      if (!b.rejections.empty() && b.rejections.back().line == line) b.rejections.back().raw = std::string(csv.raw());
      continue;
    }
    b.add(b.station_id(station), b.add_row(instant->epoch, line, flag),
          b.kind_id(*parameter, *averaging, col_of(c_value)), v);
  }
  b.rows_read = rows;
  if (progress) progress(text.size());
  return b;
}

}  // namespace eb::io

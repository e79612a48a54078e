// UCI "Beijing Multi-Site Air-Quality" files (PRSA_Data_<site>_20130301-20170228.csv[.gz]):
//   "No","year","month","day","hour","PM2.5","PM10","SO2","NO2","CO","O3","TEMP","PRES","DEWP","RAIN","wd","WSPM","station"
// Hourly values in Beijing time; CO is in µg/m³ there and is converted to mg/m³; NA = missing.
// Station keys are the UCI site names ("Dongsi"); the importer maps them to CNEMC codes.
#include <fmt/format.h>

#include <array>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "io/layout_support.hpp"
#include "io/observation_layouts.hpp"
#include "standards/parameters.hpp"

namespace eb::io {

ObservationBatch read_uci_beijing(std::string_view text, const std::string& file, const ByteProgress& progress) {
  using namespace detail;
  ObservationBatch b;
  b.file = file;
  b.layout = "uci-beijing";
  CsvReader csv(text, file);
  if (!csv.next()) throw InputError(file + ": empty file");
  static constexpr std::array<std::string_view, 18> kHeader = {"No",   "year", "month", "day", "hour", "PM2.5",
                                                               "PM10", "SO2",  "NO2",   "CO",  "O3",   "TEMP",
                                                               "PRES", "DEWP", "RAIN",  "wd",  "WSPM", "station"};
  if (csv.size() != kHeader.size())
    throw InputError(header_error(
        file, 1, 1, fmt::format("not a UCI Beijing file: expected {} columns, found {}", kHeader.size(), csv.size())));
  for (std::size_t i = 0; i < kHeader.size(); ++i)
    if (trim(csv[i]) != kHeader[i])
      throw InputError(header_error(file, 1, static_cast<std::uint32_t>(i + 1),
                                    fmt::format("expected column \"{}\", found \"{}\"", kHeader[i], trim(csv[i]))));
  struct Measure {
    std::size_t column;
    const ParameterInfo* parameter;
    double factor;
  };
  const std::array<Measure, 11> measures = {{
      {5, standards::find_parameter("PM2.5"), 1.0},
      {6, standards::find_parameter("PM10"), 1.0},
      {7, standards::find_parameter("SO2"), 1.0},
      {8, standards::find_parameter("NO2"), 1.0},
      {9, standards::find_parameter("CO"), 1e-3},  // µg/m³ in this data set
      {10, standards::find_parameter("O3"), 1.0},
      {11, standards::find_parameter("TEMP"), 1.0},
      {12, standards::find_parameter("PRES"), 1.0},
      {13, standards::find_parameter("DEWP"), 1.0},
      {14, standards::find_parameter("RAIN"), 1.0},
      {16, standards::find_parameter("WSPM"), 1.0},
  }};
  b.reserve(text.size() / 8);
  b.rows.reserve(text.size() / 80);
  std::size_t rows = 0;
  while (csv.next()) {
    ++rows;
    const auto line = static_cast<std::uint32_t>(csv.line());
    if (progress && (rows & 0x3ff) == 0) progress(csv.offset());
    if (csv.size() != kHeader.size()) {
      reject_line(b.rejections, line, 0, csv.raw(),
                  fmt::format("expected {} fields, found {}", kHeader.size(), csv.size()));
      continue;
    }
    int parts[4] = {};
    bool ok = true;
    for (int k = 0; k < 4 && ok; ++k) {
      const auto v = parse_number(csv[static_cast<std::size_t>(k + 1)]);
      const auto whole = v ? exact_int(*v) : std::nullopt;
      ok = whole.has_value();
      if (ok) parts[k] = *whole;
    }
    const CivilDateTime ct{{parts[0], parts[1], parts[2]}, parts[3], 0, 0};
    if (!ok || !is_valid(ct)) {
      reject_line(b.rejections, line, 2, csv.raw(),
                  fmt::format("impossible timestamp year={} month={} day={} hour={}", csv[1], csv[2], csv[3], csv[4]));
      continue;
    }
    const std::string_view station = trim(csv[17]);
    if (station.empty()) {
      reject_line(b.rejections, line, 18, csv.raw(), "empty station");
      continue;
    }
    const EpochSeconds t = beijing_to_epoch(ct);
    const std::uint32_t sid = b.station_id(station);
    const std::uint32_t row = b.add_row(t, line);
    for (const Measure& m : measures) {
      double v = 0;
      const auto col = static_cast<std::uint16_t>(m.column + 1);
      const CellContext ctx{line, col, station, t, m.parameter, averaging_code(Averaging::hour1)};
      if (parse_measurement(b, ctx, csv[m.column], m.factor, v) == CellResult::value)
        b.add(sid, row, b.kind_id(*m.parameter, Averaging::hour1, col), v);
    }
  }
  b.rows_read = rows;
  if (progress) progress(text.size());
  return b;
}

}  // namespace eb::io

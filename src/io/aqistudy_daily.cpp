// Daily city values scraped from aqistudy.cn:
//   city,date,aqi,aqi_range,quality_level,pm25,pm10,so2,co,no2,o3_8h,rank
// city is a short Chinese city name (the importer resolves it to an admin unit); date is YYYY-MM-DD.
// Concentrations are daily means (O3: daily maximum 8-hour mean); CO in mg/m³. aqi_range, quality_level
// and rank are derived by the site and not stored; its aqi is stored as published (source aqistudy).
#include <fmt/format.h>

#include <array>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"
#include "io/layout_support.hpp"
#include "io/observation_layouts.hpp"
#include "standards/parameters.hpp"

namespace eb::io {

ObservationBatch read_aqistudy_daily(std::string_view text, const std::string& file, const ByteProgress& progress) {
  using namespace detail;
  ObservationBatch b;
  b.file = file;
  b.layout = "aqistudy-daily";
  CsvReader csv(text, file);
  if (!csv.next()) throw InputError(file + ": empty file");
  static constexpr std::array<std::string_view, 12> kHeader = {
      "city", "date", "aqi", "aqi_range", "quality_level", "pm25", "pm10", "so2", "co", "no2", "o3_8h", "rank"};
  if (csv.size() != kHeader.size())
    throw InputError(header_error(
        file, 1, 1,
        fmt::format("not an aqistudy daily file: expected {} columns, found {}", kHeader.size(), csv.size())));
  for (std::size_t i = 0; i < kHeader.size(); ++i)
    if (trim(csv[i]) != kHeader[i])
      throw InputError(header_error(file, 1, static_cast<std::uint32_t>(i + 1),
                                    fmt::format("expected column \"{}\", found \"{}\"", kHeader[i], trim(csv[i]))));
  struct Measure {
    std::size_t column;
    const ParameterInfo* parameter;
    Averaging averaging;
  };
  const std::array<Measure, 7> measures = {{
      {2, standards::find_parameter("AQI"), Averaging::daily},
      {5, standards::find_parameter("PM2.5"), Averaging::daily},
      {6, standards::find_parameter("PM10"), Averaging::daily},
      {7, standards::find_parameter("SO2"), Averaging::daily},
      {8, standards::find_parameter("CO"), Averaging::daily},
      {9, standards::find_parameter("NO2"), Averaging::daily},
      {10, standards::find_parameter("O3"), Averaging::daily_max8h},
  }};
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
    const std::string_view city = trim(csv[0]);
    if (city.empty()) {
      reject_line(b.rejections, line, 1, csv.raw(), "empty city");
      continue;
    }
    const auto date = parse_iso_date(trim(csv[1]));
    if (!date) {
      reject_line(b.rejections, line, 2, csv.raw(),
                  fmt::format("impossible date \"{}\" (expected YYYY-MM-DD)", quote_input(csv[1])));
      continue;
    }
    const EpochSeconds t = beijing_to_epoch({*date, 0, 0, 0});
    const std::uint32_t sid = b.station_id(city);
    const std::uint32_t row = b.add_row(t, line);
    for (const Measure& m : measures) {
      double v = 0;
      const auto col = static_cast<std::uint16_t>(m.column + 1);
      const CellContext ctx{line, col, city, t, m.parameter, averaging_code(m.averaging)};
      if (parse_measurement(b, ctx, csv[m.column], 1.0, v) == CellResult::value)
        b.add(sid, row, b.kind_id(*m.parameter, m.averaging, col), v);
    }
  }
  b.rows_read = rows;
  if (progress) progress(text.size());
  return b;
}

}  // namespace eb::io

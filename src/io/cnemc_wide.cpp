// CNEMC national real-time publication, one file per day or many days joined:
//   date,hour,type,<station code>,<station code>,...
//   20190101,0,PM2.5,14,8,,11,...
// date is YYYYMMDD and hour 0-23 in Beijing time; each line holds one quantity for all stations.
#include <fmt/format.h>

#include <array>

#include "core/error.hpp"
#include "io/csv.hpp"
#include "io/layout_support.hpp"
#include "io/observation_layouts.hpp"

namespace eb::io {

std::optional<QuantityKind> cnemc_type(std::string_view type) {
  struct Entry {
    std::string_view type;
    std::string_view parameter;
    Averaging averaging;
  };
  static constexpr std::array<Entry, 15> kTypes = {{
      {"AQI", "AQI", Averaging::hour1},
      {"PM2.5", "PM2.5", Averaging::hour1},
      {"PM2.5_24h", "PM2.5", Averaging::moving24h},
      {"PM10", "PM10", Averaging::hour1},
      {"PM10_24h", "PM10", Averaging::moving24h},
      {"SO2", "SO2", Averaging::hour1},
      {"SO2_24h", "SO2", Averaging::moving24h},
      {"NO2", "NO2", Averaging::hour1},
      {"NO2_24h", "NO2", Averaging::moving24h},
      {"O3", "O3", Averaging::hour1},
      {"O3_24h", "O3", Averaging::max1h_24h},
      {"O3_8h", "O3", Averaging::moving8h},
      {"O3_8h_24h", "O3", Averaging::max8h_24h},
      {"CO", "CO", Averaging::hour1},
      {"CO_24h", "CO", Averaging::moving24h},
  }};
  for (const auto& e : kTypes)
    if (e.type == type) return QuantityKind{find_parameter(e.parameter), e.averaging};
  return std::nullopt;
}

ObservationBatch read_cnemc_wide(std::string_view text, const std::string& file, const ByteProgress& progress) {
  using namespace detail;
  ObservationBatch b;
  b.file = file;
  b.layout = "cnemc-wide";
  CsvReader csv(text);
  if (!csv.next()) throw InputError(file + ": empty file");
  if (csv.size() < 4 || trim(csv[0]) != "date" || trim(csv[1]) != "hour" || trim(csv[2]) != "type")
    throw InputError(header_error(file, 1, 1, "not a CNEMC wide file: the header must start with date,hour,type"));
  const std::size_t n_fields = csv.size();
  std::vector<std::uint32_t> station_of_column(n_fields, 0);
  for (std::size_t c = 3; c < n_fields; ++c) {
    const std::string_view code = trim(csv[c]);
    if (code.empty())
      throw InputError(header_error(file, 1, static_cast<std::uint32_t>(c + 1), "empty station code in header"));
    if (b.station_index.count(std::string(code)))
      throw InputError(header_error(file, 1, static_cast<std::uint32_t>(c + 1),
                                    fmt::format("station {} appears twice in the header", code)));
    station_of_column[c] = b.station_id(code);
  }
  // A rough size hint: about one value per two bytes of text once empty cells are allowed for.
  b.reserve(text.size() / 4);

  std::string_view last_date_text;
  std::int64_t day_epoch = 0;
  bool last_date_ok = false;
  std::size_t rows = 0;
  while (csv.next()) {
    ++rows;
    const auto line = static_cast<std::uint32_t>(csv.line());
    if (progress && (rows & 0x3ff) == 0) progress(csv.offset());
    if (csv.size() != n_fields) {
      reject_line(b.rejections, line, 0, csv.raw(),
                  fmt::format("expected {} fields as in the header, found {}", n_fields, csv.size()));
      continue;
    }
    const std::string_view date_text = csv[0];
    if (date_text != last_date_text) {
      last_date_text = date_text;
      const auto d = parse_compact_date(trim(date_text));
      last_date_ok = d.has_value();
      if (d) day_epoch = beijing_to_epoch({*d, 0, 0, 0});
    }
    if (!last_date_ok) {
      reject_line(b.rejections, line, 1, csv.raw(), fmt::format("impossible date \"{}\" (expected YYYYMMDD)", date_text));
      continue;
    }
    const auto hour = parse_number(csv[1]);
    if (!hour || *hour < 0 || *hour > 23 || *hour != static_cast<int>(*hour)) {
      reject_line(b.rejections, line, 2, csv.raw(), fmt::format("impossible hour \"{}\" (expected 0-23)", csv[1]));
      continue;
    }
    const auto kind = cnemc_type(trim(csv[2]));
    if (!kind) {
      reject_line(b.rejections, line, 3, csv.raw(), fmt::format("unknown type \"{}\"", csv[2]));
      continue;
    }
    const EpochSeconds t = day_epoch + static_cast<EpochSeconds>(*hour) * 3600;
    const std::uint8_t pid = parameter_id(*kind->parameter);
    for (std::size_t c = 3; c < n_fields; ++c) {
      const std::string_view cell = csv[c];
      if (cell.empty()) {
        ++b.missing;
        continue;
      }
      double v = 0;
      const CellContext ctx{line, static_cast<std::uint16_t>(c + 1), b.station_keys[station_of_column[c]], t,
                            kind->parameter};
      if (parse_measurement(b, ctx, cell, 1.0, v) == CellResult::value)
        b.add(station_of_column[c], pid, kind->averaging, t, v, 0, line, static_cast<std::uint16_t>(c + 1));
    }
  }
  b.rows_read = rows;
  if (progress) progress(text.size());
  return b;
}

}  // namespace eb::io

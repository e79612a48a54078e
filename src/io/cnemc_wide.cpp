// CNEMC national real-time publication, one file per day or many days joined:
//   date,hour,type,<station code>,<station code>,...
//   20190101,0,PM2.5,14,8,,11,...
// date is YYYYMMDD and hour 0-23 in Beijing time; each line holds one quantity for all stations.
#include <fmt/format.h>

#include <array>
#include <cstring>
#include <future>
#include <set>
#include <unordered_map>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"
#include "engine/air/station_hours.hpp"
#include "io/air_grid.hpp"
#include "io/layout_support.hpp"
#include "io/observation_layouts.hpp"
#include "standards/parameters.hpp"
#include "standards/plausibility.hpp"

namespace eb::io {

namespace {

struct CnemcType {
  std::string_view type;
  std::string_view parameter;
  Averaging averaging;
};
constexpr std::array<CnemcType, 15> kTypes = {{
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

int type_index(std::string_view type) {
  for (std::size_t i = 0; i < kTypes.size(); ++i)
    if (kTypes[i].type == type) return static_cast<int>(i);
  return -1;
}

// The reader's state; rows are handled the same way whether the fast splitter or the quoting-aware CSV
// reader produced the fields.
class WideReader {
 public:
  // Grid mode: values go straight to per-type hourly grids ([station * 24 + hour] from the day's midnight)
  // instead of the batch; types without a grid are validated and dropped.
  struct GridTarget {
    std::array<double*, kTypes.size()> grid_of_type{};
    EpochSeconds day_start = 0;
  };
  void set_grid(const GridTarget* g) { grid_ = g; }

  WideReader(ObservationBatch& b, std::size_t n_fields, std::vector<std::uint32_t> station_of_column)
      : b_(b),
        n_fields_(n_fields),
        station_of_column_(std::move(station_of_column)),
        kind_of_(kTypes.size() * n_fields, kNoKind) {}

  // Checks date, hour and type of a line; false (with a rejection) when the line cannot carry values.
  bool begin_row(std::uint32_t line, std::string_view raw, std::string_view date, std::string_view hour,
                 std::string_view type) {
    using detail::reject_line;
    line_ = line;
    values_at_start_ = n_;
    rejections_at_start_ = b_.rejections.size();
    if (date != last_date_text_) {
      last_date_text_ = date;
      const auto d = parse_compact_date(trim(date));
      last_date_ok_ = d.has_value();
      if (d) day_epoch_ = beijing_to_epoch({*d, 0, 0, 0});
    }
    if (!last_date_ok_) {
      reject_line(b_.rejections, line, 1, raw,
                  fmt::format("impossible date \"{}\" (expected YYYYMMDD)", quote_input(date)));
      return false;
    }
    double h = -1;
    if (!parse_plain_decimal(hour, h)) h = parse_number(hour).value_or(-1);
    if (h < 0 || h > 23 || h != static_cast<int>(h)) {
      reject_line(b_.rejections, line, 2, raw,
                  fmt::format("impossible hour \"{}\" (expected 0-23)", quote_input(hour)));
      return false;
    }
    type_ = type_index(trim(type));
    if (type_ < 0) {
      reject_line(b_.rejections, line, 3, raw, fmt::format("unknown type \"{}\"", quote_input(type)));
      return false;
    }
    const standards::PlausibleRange& range =
        standards::plausible_range(*standards::find_parameter(kTypes[static_cast<std::size_t>(type_)].parameter));
    plausible_min_ = range.min;
    plausible_max_ = range.max;
    time_ = day_epoch_ + static_cast<EpochSeconds>(h) * 3600;
    row_ = b_.add_row(time_, line);
    if (grid_) {
      const EpochSeconds slot = (time_ - grid_->day_start) / 3600;
      grid_row_ = slot >= 0 && slot < 24 ? grid_->grid_of_type[static_cast<std::size_t>(type_)] : nullptr;
      if (grid_row_) grid_row_ += slot;
    }
    // In this layout a value can only be repeated by a repeated (date, hour, type) line.
    repeated_lines_ |= !lines_seen_.insert({time_, type_}).second;
    return true;
  }

  // Columns are sized to `capacity` values up front and written through raw pointers (see BulkAllocator).
  void start(std::size_t capacity) {
    b_.truncate(capacity);
    value_ = b_.values.data();
    station_ = b_.value_station.data();
    row_of_ = b_.value_row.data();
    kind_ = b_.value_kind.data();
  }
  void finish() { b_.truncate(n_); }

  void put(std::size_t c, double v) {
    if (grid_) {
      if (grid_row_) grid_row_[(c - 3) * 24] = v;
      return;
    }
    value_[n_] = v;
    station_[n_] = station_of_column_[c];
    row_of_[n_] = row_;
    kind_[n_] = kind(c);
    ++n_;
  }
  void missing() { ++b_.missing; }
  bool repeated_lines() const { return repeated_lines_; }
  // A plain decimal inside the line's plausible range takes the fast path; any other goes to slow_cell, which
  // explains the rejection.
  bool plausible(double v) const { return v >= plausible_min_ && v <= plausible_max_; }

  // Any cell: missing, a plain decimal, or the general path that explains what is wrong with it.
  void cell(std::size_t c, std::string_view text) {
    if (text.empty()) {
      ++b_.missing;
      return;
    }
    double v;
    if (parse_plain_decimal(text, v) && plausible(v)) {
      put(c, v);
      return;
    }
    slow_cell(c, text);
  }
  void slow_cell(std::size_t c, std::string_view text) {
    const CnemcType& type = kTypes[static_cast<std::size_t>(type_)];
    const CellContext ctx{line_, static_cast<std::uint16_t>(c + 1),         b_.station_keys[station_of_column_[c]],
                          time_, standards::find_parameter(type.parameter), averaging_code(type.averaging)};
    double v;
    if (detail::parse_measurement(b_, ctx, text, 1.0, v) == detail::CellResult::value) put(c, v);
  }

  // A line with the wrong number of fields: whatever it produced is withdrawn and the line rejected.
  void reject_field_count(std::string_view raw, std::size_t found) {
    n_ = values_at_start_;
    if (grid_ && grid_row_)
      for (std::size_t c = 3; c < n_fields_; ++c) grid_row_[(c - 3) * 24] = engine::air::kMissing;
    b_.rejections.resize(rejections_at_start_);
    detail::reject_line(b_.rejections, line_, 0, raw,
                        fmt::format("expected {} fields as in the header, found {}", n_fields_, found));
  }
  void reject_field_count_early(std::uint32_t line, std::string_view raw, std::size_t found) {
    line_ = line;
    grid_row_ = nullptr;
    values_at_start_ = n_;
    rejections_at_start_ = b_.rejections.size();
    reject_field_count(raw, found);
  }

 private:
  using CellContext = detail::CellContext;
  static constexpr std::uint16_t kNoKind = 0xffff;

  std::uint16_t kind(std::size_t c) {
    std::uint16_t& k = kind_of_[static_cast<std::size_t>(type_) * n_fields_ + c];
    if (k == kNoKind) {
      const CnemcType& t = kTypes[static_cast<std::size_t>(type_)];
      k = b_.add_kind(*standards::find_parameter(t.parameter), t.averaging, static_cast<std::uint16_t>(c + 1));
    }
    return k;
  }

  ObservationBatch& b_;
  std::size_t n_fields_;
  std::vector<std::uint32_t> station_of_column_;
  std::vector<std::uint16_t> kind_of_;  // (type, column) -> kind id
  // A copy, not a view: a quoted record's fields live in the CSV reader's scratch space, freed by the next
  // record (found by fuzz_observation_layouts as a heap use-after-free). Assigned once per day, so cheap.
  std::string last_date_text_;
  bool last_date_ok_ = false;
  EpochSeconds day_epoch_ = 0, time_ = 0;
  int type_ = -1;
  double plausible_min_ = 0, plausible_max_ = 0;  // of the line's type
  std::uint32_t line_ = 0, row_ = 0;
  std::size_t values_at_start_ = 0, rejections_at_start_ = 0;
  std::set<std::pair<EpochSeconds, int>> lines_seen_;
  bool repeated_lines_ = false;
  std::size_t n_ = 0;  // values written
  double* value_ = nullptr;
  std::uint32_t* station_ = nullptr;
  std::uint32_t* row_of_ = nullptr;
  std::uint16_t* kind_ = nullptr;
  const GridTarget* grid_ = nullptr;
  double* grid_row_ = nullptr;  // this line's hour in its type's grid, station 0
};

}  // namespace

std::optional<QuantityKind> cnemc_type(std::string_view type) {
  const int i = type_index(type);
  if (i < 0) return std::nullopt;
  const auto& t = kTypes[static_cast<std::size_t>(i)];
  return QuantityKind{standards::find_parameter(t.parameter), t.averaging};
}

namespace {

// The header of a CNEMC wide file: station codes by column.
struct CnemcHeader {
  std::size_t n_fields = 0;
  std::vector<std::string> codes;  // per column; empty for date, hour, type
  std::size_t body_start = 0;      // byte offset of the first data line
  std::uint32_t line = 1;          // line number of the header
};

CnemcHeader read_header(std::string_view text, const std::string& file) {
  CsvReader csv(text, file);
  if (!csv.next()) throw InputError(file + ": empty file");
  if (csv.size() < 4 || trim(csv[0]) != "date" || trim(csv[1]) != "hour" || trim(csv[2]) != "type")
    throw InputError(
        detail::header_error(file, 1, 1, "not a CNEMC wide file: the header must start with date,hour,type"));
  CnemcHeader h;
  h.n_fields = csv.size();
  h.codes.resize(h.n_fields);
  h.line = static_cast<std::uint32_t>(csv.line());
  std::unordered_map<std::string_view, std::size_t> seen;
  for (std::size_t c = 3; c < h.n_fields; ++c) {
    const std::string_view code = trim(csv[c]);
    if (code.empty())
      throw InputError(
          detail::header_error(file, h.line, static_cast<std::uint32_t>(c + 1), "empty station code in header"));
    if (!seen.emplace(code, c).second)
      throw InputError(detail::header_error(file, h.line, static_cast<std::uint32_t>(c + 1),
                                            fmt::format("station {} appears twice in the header", code)));
    h.codes[c] = std::string(code);
  }
  h.body_start = csv.offset();
  return h;
}

// Parses data lines (`body`, whose first line follows line `line_before`) into a new batch.
// Parses data lines (`body`, whose first line follows line `line_before`) into `b`, which is emptied first but
// keeps its capacity and station keys: a day-by-day reader reuses one batch and allocates nothing after day one.
void parse_body(const CnemcHeader& header, std::string_view body, std::uint32_t line_before, const std::string& file,
                const ByteProgress& progress, std::size_t progress_base, ObservationBatch& b,
                bool* repeated_lines = nullptr, const WideReader::GridTarget* grid = nullptr) {
  const std::size_t n_fields = header.n_fields;
  if (b.station_keys.size() != n_fields - 3) {
    b = ObservationBatch();
    b.file = file;
    b.layout = "cnemc-wide";
    for (std::size_t c = 3; c < n_fields; ++c) b.station_id(header.codes[c]);
  }
  b.kinds.clear();
  b.rows.clear();
  b.rejections.clear();
  b.rows_read = b.missing = 0;
  std::vector<std::uint32_t> station_of_column(n_fields, 0);
  for (std::size_t c = 3; c < n_fields; ++c) station_of_column[c] = static_cast<std::uint32_t>(c - 3);

  // Size the columns once: lines x stations is an upper bound on the values.
  std::size_t lines = 1;
  for (const char* p = body.data(); (p = static_cast<const char*>(std::memchr(p, '\n', body.data() + body.size() - p)));
       ++p)
    ++lines;
  b.rows.reserve(lines);

  WideReader reader(b, n_fields, std::move(station_of_column));
  reader.set_grid(grid);
  reader.start(grid ? 0 : lines * (n_fields - 3));
  std::size_t rows = 0;
  if (std::memchr(body.data(), '"', body.size()) != nullptr) {
    // Quoted fields somewhere: take the general CSV reader for these lines.
    CsvReader csv(body, file);
    csv.set_first_line(line_before + 1);
    csv.allow_short_last();  // a short line is rejected below, with its line
    while (csv.next()) {
      ++rows;
      const auto line = static_cast<std::uint32_t>(csv.line());
      if (progress && (rows & 0x3ff) == 0) progress(progress_base + csv.offset());
      if (csv.size() != n_fields) {
        reader.reject_field_count_early(line, csv.raw(), csv.size());
        continue;
      }
      if (!reader.begin_row(line, csv.raw(), csv[0], csv[1], csv[2])) continue;
      for (std::size_t c = 3; c < n_fields; ++c) reader.cell(c, csv[c]);
    }
  } else {
    // Fast path: split each line in one pass and parse cells as they are found.
    const char* p = body.data();
    const char* const end = p + body.size();
    std::uint32_t line_no = line_before;
    while (p < end) {
      const char* eol = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      if (!eol) eol = end;
      const char* line_end = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
      ++line_no;
      const std::string_view raw(p, static_cast<std::size_t>(line_end - p));
      const char* next = eol < end ? eol + 1 : end;
      if (raw.empty()) {
        p = next;
        continue;
      }
      ++rows;
      if (progress && (rows & 0x3ff) == 0) progress(progress_base + static_cast<std::size_t>(p - body.data()));
      // date, hour and type; the header guarantees at least one station column after them.
      auto find_comma = [&](const char* from) {
        return static_cast<const char*>(std::memchr(from, ',', static_cast<std::size_t>(line_end - from)));
      };
      const char* c1 = find_comma(p);
      const char* c2 = c1 ? find_comma(c1 + 1) : nullptr;
      const char* c3 = c2 ? find_comma(c2 + 1) : nullptr;
      if (!c3) {
        std::size_t found = 1;
        for (char ch : raw) found += ch == ',';
        reader.reject_field_count_early(line_no, raw, found);
        p = next;
        continue;
      }
      const std::string_view lead[3] = {{p, static_cast<std::size_t>(c1 - p)},
                                        {c1 + 1, static_cast<std::size_t>(c2 - c1 - 1)},
                                        {c2 + 1, static_cast<std::size_t>(c3 - c2 - 1)}};
      const char* q = c3 + 1;
      if (!reader.begin_row(line_no, raw, lead[0], lead[1], lead[2])) {
        p = next;
        continue;
      }
      // Cells: digits are accumulated while looking for the comma; anything else takes the general path.
      std::size_t c = 3;
      for (const char* s = q;; ++s) {
        const char* cell = s;
        PlainDecimal d;
        s = scan_plain_decimal(s, line_end, d);
        if (c < n_fields) {
          if (s == cell)
            reader.missing();
          else if (d.ok() && reader.plausible(d.value()))
            reader.put(c, d.value());
          else
            reader.slow_cell(c, std::string_view(cell, static_cast<std::size_t>(s - cell)));
        }
        ++c;
        if (s == line_end) break;
      }
      if (c != n_fields) reader.reject_field_count(raw, c);
      p = next;
    }
  }
  reader.finish();
  b.rows_read = rows;
  if (repeated_lines) *repeated_lines = reader.repeated_lines();
}

}  // namespace

ObservationBatch read_cnemc_wide(std::string_view text, const std::string& file, const ByteProgress& progress) {
  const CnemcHeader header = read_header(text, file);
  ObservationBatch b;
  parse_body(header, text.substr(header.body_start), header.line, file, progress, header.body_start, b);
  if (progress) progress(text.size());
  return b;
}

namespace {

// A day's lines: consecutive lines whose first field (the date) is the same.
struct Chunk {
  std::string_view text;
  std::uint32_t line_before;
};

std::vector<Chunk> day_chunks(const CnemcHeader& header, std::string_view body) {
  std::vector<Chunk> chunks;
  std::uint32_t line = header.line;
  for (std::size_t start = 0; start < body.size();) {
    const std::size_t first_comma = body.find(',', start);
    const std::string_view date =
        body.substr(start, first_comma == std::string_view::npos ? 0 : first_comma - start + 1);
    std::size_t end = start;
    std::uint32_t lines = 0;
    while (end < body.size()) {
      if (end > start && (date.empty() || body.compare(end, date.size(), date) != 0)) break;
      const std::size_t eol = body.find('\n', end);
      end = eol == std::string_view::npos ? body.size() : eol + 1;
      ++lines;
    }
    chunks.push_back({body.substr(start, end - start), line});
    line += lines;
    start = end;
  }
  return chunks;
}

// Runs parse(k) for every chunk and then use(k) in order; with `prefetch`, parse(k + 1) runs on a second thread
// while use(k) runs. Two buffers (k % 2) suffice.
void pipeline(std::size_t n, bool prefetch, const std::function<void(std::size_t)>& parse,
              const std::function<void(std::size_t)>& use) {
  std::future<void> next;
  if (n > 0) parse(0);
  for (std::size_t k = 0; k < n; ++k) {
    if (next.valid()) next.get();  // chunk k is ready (rethrows a parse error)
    if (prefetch && k + 1 < n) next = std::async(std::launch::async, parse, k + 1);
    use(k);
    if (!prefetch && k + 1 < n) parse(k + 1);
  }
}

}  // namespace

void for_each_cnemc_day(std::string_view text, const std::string& file,
                        const std::function<void(ObservationBatch&)>& day, bool prefetch) {
  const CnemcHeader header = read_header(text, file);
  const std::vector<Chunk> chunks = day_chunks(header, text.substr(header.body_start));
  ObservationBatch batches[2];
  pipeline(
      chunks.size(), prefetch,
      [&](std::size_t k) {
        ObservationBatch& b = batches[k % 2];
        bool repeated = false;
        parse_body(header, chunks[k].text, chunks[k].line_before, file, {}, 0, b, &repeated);
        if (repeated) reject_conflicting_duplicates(b);
      },
      [&](std::size_t k) {
        ObservationBatch& b = batches[k % 2];
        if (b.rows_read > 0 || !b.rejections.empty()) day(b);
      });
}

void fill_day_grid(const ObservationBatch& b, DayGrid& g) {
  const EpochSeconds day_start = beijing_to_epoch({g.date, 0, 0, 0});
  for (std::size_t i = 0; i < b.size(); ++i) {
    const std::string_view code = b.parameter_info(i).code;
    const Averaging avg = b.averaging(i);
    double* grid = nullptr;
    for (std::size_t p = 0; p < engine::air::kPollutants; ++p)
      if (engine::air::kPollutantCodes[p] == code && avg == Averaging::hour1) grid = g.hourly[p].data();
    if (code == "SO2" && avg == Averaging::moving24h) grid = g.so2_24h.data();
    const EpochSeconds hour = (b.time(i) - day_start) / 3600;
    if (grid && hour >= 0 && hour < 24) grid[b.station(i) * 24 + static_cast<std::size_t>(hour)] = b.value(i);
  }
}

void for_each_cnemc_day_grid(std::string_view text, const std::string& file, const std::function<void(DayGrid&)>& day,
                             bool prefetch) {
  const CnemcHeader header = read_header(text, file);
  const std::vector<Chunk> chunks = day_chunks(header, text.substr(header.body_start));
  ObservationBatch batches[2];
  DayGrid grids[2];
  const std::size_t n_stations = header.n_fields - 3;
  pipeline(
      chunks.size(), prefetch,
      [&](std::size_t k) {
        DayGrid& g = grids[k % 2];
        ObservationBatch& b = batches[k % 2];
        if (g.stations.size() != n_stations) {
          g.stations.assign(header.codes.begin() + 3, header.codes.end());
          for (auto& h : g.hourly) h.resize(n_stations * 24);
          g.so2_24h.resize(n_stations * 24);
        }
        for (auto& h : g.hourly) std::fill(h.begin(), h.end(), engine::air::kMissing);
        std::fill(g.so2_24h.begin(), g.so2_24h.end(), engine::air::kMissing);
        const auto date = parse_compact_date(trim(chunks[k].text.substr(0, chunks[k].text.find(','))));
        g.date = date.value_or(CivilDate{});
        g.valid_date = date.has_value();
        WideReader::GridTarget target;
        target.day_start = g.valid_date ? beijing_to_epoch({g.date, 0, 0, 0}) : 0;
        if (g.valid_date)
          for (std::size_t t = 0; t < kTypes.size(); ++t) {
            const CnemcType& type = kTypes[t];
            for (std::size_t p = 0; p < engine::air::kPollutants; ++p)
              if (type.parameter == engine::air::kPollutantCodes[p] && type.averaging == Averaging::hour1)
                target.grid_of_type[t] = g.hourly[p].data();
            if (type.type == "SO2_24h") target.grid_of_type[t] = g.so2_24h.data();
          }
        bool repeated = false;
        parse_body(header, chunks[k].text, chunks[k].line_before, file, {}, 0, b, &repeated, &target);
        if (repeated) {
          // A repeated line: parse the day again into the batch, where conflicting repeats are found and rejected.
          parse_body(header, chunks[k].text, chunks[k].line_before, file, {}, 0, b, &repeated);
          reject_conflicting_duplicates(b);
          for (auto& h : g.hourly) std::fill(h.begin(), h.end(), engine::air::kMissing);
          std::fill(g.so2_24h.begin(), g.so2_24h.end(), engine::air::kMissing);
          fill_day_grid(b, g);
        }
        g.rejections = b.rejections;
        g.rows_read = b.rows_read;
        g.missing = b.missing;
      },
      [&](std::size_t k) {
        DayGrid& g = grids[k % 2];
        if (g.rows_read > 0 || !g.rejections.empty()) day(g);
      });
}

}  // namespace eb::io

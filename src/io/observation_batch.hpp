// Observations parsed from a file, in columns, before they meet the workspace.
//
// Values that share a line of the file share its time, line number and flag, so those live once per row;
// parameter, averaging and source column live in a small table of "kinds". Per value only the value, the
// station, the row and the kind are stored (18 bytes), which keeps ingest of large files memory-bound at a
// fraction of the bytes a flat record would take.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/bulk_allocator.hpp"
#include "core/civil_time.hpp"
#include "core/quantity.hpp"
#include "standards/parameters.hpp"

namespace eb::io {

// A record that was refused, with where it came from and why. The unit of rejection is one observation
// record: a line of the long layout, a cell of the wide layouts.
struct Rejection {
  std::uint32_t line = 0;
  std::uint32_t column = 0;  // 1-based CSV field number; 0 when the whole line is concerned
  std::string station;
  std::string time;  // ISO when known
  std::string parameter;
  std::string raw;  // the offending cell, or the whole line
  std::string reason;
};

struct ObservationBatch {
  std::string file;    // path as given by the user
  std::string layout;  // cnemc-wide, long, uci-beijing, aqistudy-daily

  // Station keys as written in the file (codes, names of UCI sites or cities); the importer resolves them.
  std::vector<std::string> station_keys;
  std::unordered_map<std::string, std::uint32_t> station_index;
  std::vector<std::string> flags{""};  // flag 0 = none

  struct Kind {
    std::uint8_t parameter;  // index into standards::parameters()
    Averaging averaging;
    std::uint16_t column;  // 1-based CSV field the values come from
  };
  std::vector<Kind> kinds;

  struct Row {
    EpochSeconds time;
    std::uint32_t line;
    std::uint32_t flag;
  };
  std::vector<Row> rows;

  template <class T>
  using Column = std::vector<T, BulkAllocator<T>>;
  // One entry per value, all the same length.
  Column<double> values;  // in the parameter's canonical unit
  Column<std::uint32_t> value_station;
  Column<std::uint32_t> value_row;
  Column<std::uint16_t> value_kind;

  std::vector<Rejection> rejections;
  std::size_t rows_read = 0;  // data lines seen (header excluded)
  std::size_t missing = 0;    // cells that held no measurement (empty, NA)

  std::size_t size() const { return values.size(); }
  double value(std::size_t i) const { return values[i]; }
  std::uint32_t station(std::size_t i) const { return value_station[i]; }
  const Kind& kind(std::size_t i) const { return kinds[value_kind[i]]; }
  std::uint8_t parameter(std::size_t i) const { return kind(i).parameter; }
  const ParameterInfo& parameter_info(std::size_t i) const { return standards::parameters()[kind(i).parameter]; }
  Averaging averaging(std::size_t i) const { return kind(i).averaging; }
  std::uint16_t column(std::size_t i) const { return kind(i).column; }
  const Row& row(std::size_t i) const { return rows[value_row[i]]; }
  EpochSeconds time(std::size_t i) const { return row(i).time; }
  std::uint32_t line(std::size_t i) const { return row(i).line; }
  const std::string& flag(std::size_t i) const { return flags[row(i).flag]; }

  std::uint32_t station_id(std::string_view key);
  std::uint32_t flag_id(std::string_view f);
  std::uint16_t kind_id(const ParameterInfo& p, Averaging a, std::uint16_t column);
  // A kind the caller knows is new (readers whose (quantity, column) pairs are unique by construction).
  std::uint16_t add_kind(const ParameterInfo& p, Averaging a, std::uint16_t column);
  std::uint32_t add_row(EpochSeconds t, std::uint32_t line, std::uint32_t flag = 0);
  void reserve(std::size_t n_values);
  void add(std::uint32_t station_id_, std::uint32_t row_id, std::uint16_t kind_id_, double v) {
    values.push_back(v);
    value_station.push_back(station_id_);
    value_row.push_back(row_id);
    value_kind.push_back(kind_id_);
  }
  // Sets the number of values: readers size the columns to an upper bound, write through data(), then
  // cut back to what they wrote (resize never clears memory, see BulkAllocator).
  void truncate(std::size_t n);
  // Removes the values whose index is marked in `drop` (keeps order of the rest).
  void erase_marked(const std::vector<bool>& drop);
  // A rejection describing value i.
  Rejection rejection(std::size_t i, std::string reason) const;
};

// Puts the values in (station, parameter, averaging, time) order, keeping file order among equal keys.
// Linear for files already in time order (a counting sort by series, then a check per series).
void sort_by_series_and_time(ObservationBatch& batch);

// Sorts the batch (above), then: the same station, parameter, averaging and time may appear twice only with
// the same value and flag (the repeat is dropped). Conflicting repeats are all rejected: neither can be trusted.
void reject_conflicting_duplicates(ObservationBatch& batch);

// True when values i and j belong to the same series (station, parameter, averaging).
inline bool same_series(const ObservationBatch& b, std::size_t i, std::size_t j) {
  return b.station(i) == b.station(j) && b.parameter(i) == b.parameter(j) && b.averaging(i) == b.averaging(j);
}

std::uint8_t parameter_id(const ParameterInfo& p);

}  // namespace eb::io

// Observations parsed from a file, in columns, before they meet the workspace.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/civil_time.hpp"
#include "core/quantity.hpp"

namespace eb::io {

// A record that was refused, with where it came from and why. The unit of rejection is one observation
// record: a line of the long layout, a cell of the wide layouts.
struct Rejection {
  std::uint32_t line = 0;
  std::uint32_t column = 0;  // 1-based CSV field number; 0 when the whole line is concerned
  std::string station;
  std::string time;       // as written in the file, or ISO when known
  std::string parameter;
  std::string raw;        // the offending cell, or the whole line
  std::string reason;
};

struct ObservationBatch {
  std::string file;    // path as given by the user
  std::string layout;  // cnemc-wide, long, uci-beijing, aqistudy-daily

  // Station keys as written in the file (codes, names of UCI sites or cities); the importer resolves them.
  std::vector<std::string> station_keys;
  std::unordered_map<std::string, std::uint32_t> station_index;
  std::vector<std::string> flags{""};  // flag 0 = none

  // One entry per value, all columns the same length.
  std::vector<std::uint32_t> station;
  std::vector<std::uint8_t> parameter;  // index into eb::parameters()
  std::vector<Averaging> averaging;
  std::vector<EpochSeconds> time;
  std::vector<double> value;  // in the parameter's canonical unit
  std::vector<std::uint32_t> flag;
  std::vector<std::uint32_t> line;
  std::vector<std::uint16_t> column;

  std::vector<Rejection> rejections;
  std::size_t rows_read = 0;  // data lines seen (header excluded)
  std::size_t missing = 0;    // cells that held no measurement (empty, NA)

  std::size_t size() const { return value.size(); }
  std::uint32_t station_id(std::string_view key);
  std::uint32_t flag_id(std::string_view f);
  void reserve(std::size_t n);
  void add(std::uint32_t station_id, std::uint8_t parameter_id, Averaging avg, EpochSeconds t, double v,
           std::uint32_t flag_id, std::uint32_t line_no, std::uint16_t col);
  // Removes the values whose index is marked in `drop` (keeps order of the rest).
  void erase_marked(const std::vector<bool>& drop);
};

// Within one file the same station, parameter, averaging and time may appear twice only with the same
// value and flag (the repeat is dropped). Conflicting repeats are all rejected: neither can be trusted.
void reject_conflicting_duplicates(ObservationBatch& batch);

std::uint8_t parameter_id(const ParameterInfo& p);

}  // namespace eb::io

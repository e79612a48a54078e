#include "io/observation_batch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "core/error.hpp"

namespace eb::io {

std::uint32_t ObservationBatch::station_id(std::string_view key) {
  auto it = station_index.find(std::string(key));
  if (it != station_index.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(station_keys.size());
  station_keys.emplace_back(key);
  station_index.emplace(std::string(key), id);
  return id;
}

std::uint32_t ObservationBatch::flag_id(std::string_view f) {
  for (std::uint32_t i = 0; i < flags.size(); ++i)
    if (flags[i] == f) return i;
  flags.emplace_back(f);
  return static_cast<std::uint32_t>(flags.size() - 1);
}

std::uint16_t ObservationBatch::kind_id(const ParameterInfo& p, Averaging a, std::uint16_t column) {
  const std::uint8_t pid = parameter_id(p);
  for (std::size_t i = 0; i < kinds.size(); ++i)
    if (kinds[i].parameter == pid && kinds[i].averaging == a && kinds[i].column == column)
      return static_cast<std::uint16_t>(i);
  if (kinds.size() >= 0xffff) throw InputError(file + ": too many distinct quantity columns");
  kinds.push_back({pid, a, column});
  return static_cast<std::uint16_t>(kinds.size() - 1);
}

std::uint32_t ObservationBatch::add_row(EpochSeconds t, std::uint32_t line, std::uint32_t flag) {
  rows.push_back({t, line, flag});
  return static_cast<std::uint32_t>(rows.size() - 1);
}

void ObservationBatch::reserve(std::size_t n) {
  values.reserve(n);
  value_station.reserve(n);
  value_row.reserve(n);
  value_kind.reserve(n);
}

void ObservationBatch::truncate(std::size_t n) {
  values.resize(n);
  value_station.resize(n);
  value_row.resize(n);
  value_kind.resize(n);
}

void ObservationBatch::erase_marked(const std::vector<bool>& drop) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (drop[i]) continue;
    values[out] = values[i];
    value_station[out] = value_station[i];
    value_row[out] = value_row[i];
    value_kind[out] = value_kind[i];
    ++out;
  }
  truncate(out);
}

Rejection ObservationBatch::rejection(std::size_t i, std::string reason) const {
  Rejection r;
  r.line = line(i);
  r.column = column(i);
  r.station = station_keys[station(i)];
  r.time = format_beijing_iso(time(i));
  r.parameter = std::string(parameter_info(i).code);
  r.raw = fmt::format("{}", value(i));
  r.reason = std::move(reason);
  return r;
}

std::uint8_t parameter_id(const ParameterInfo& p) { return static_cast<std::uint8_t>(&p - parameters().data()); }

void reject_conflicting_duplicates(ObservationBatch& b) {
  const std::size_t n = b.size();
  // Sort keys: station, parameter, averaging, time; ties by position in the file.
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  auto same_key = [&](std::uint32_t x, std::uint32_t y) {
    return b.station(x) == b.station(y) && b.parameter(x) == b.parameter(y) && b.averaging(x) == b.averaging(y) &&
           b.time(x) == b.time(y);
  };
  std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    if (b.station(x) != b.station(y)) return b.station(x) < b.station(y);
    if (b.parameter(x) != b.parameter(y)) return b.parameter(x) < b.parameter(y);
    if (b.averaging(x) != b.averaging(y)) return b.averaging(x) < b.averaging(y);
    if (b.time(x) != b.time(y)) return b.time(x) < b.time(y);
    return x < y;
  });
  std::vector<bool> drop(n, false);
  bool any = false;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && same_key(order[i], order[j])) ++j;
    if (j - i > 1) {
      any = true;
      const std::uint32_t first = order[i];
      bool conflict = false;
      for (std::size_t k = i + 1; k < j; ++k)
        conflict |= b.value(order[k]) != b.value(first) || b.flag(order[k]) != b.flag(first);
      for (std::size_t k = i; k < j; ++k) {
        const std::uint32_t idx = order[k];
        if (!conflict) {
          if (k > i) drop[idx] = true;  // exact repeat: keep the first
          continue;
        }
        drop[idx] = true;
        const std::uint32_t other = order[k == i ? i + 1 : i];
        b.rejections.push_back(b.rejection(
            idx, fmt::format("conflicting duplicate: {} {} {} at {} is also given on line {} with a different value",
                             b.station_keys[b.station(idx)], b.parameter_info(idx).code,
                             averaging_code(b.averaging(idx)), format_beijing_iso(b.time(idx)), b.line(other))));
      }
    }
    i = j;
  }
  if (any) b.erase_marked(drop);
}

}  // namespace eb::io

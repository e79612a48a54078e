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

std::uint16_t ObservationBatch::add_kind(const ParameterInfo& p, Averaging a, std::uint16_t column) {
  if (kinds.size() >= 0xffff) throw InputError(file + ": too many distinct quantity columns");
  kinds.push_back({parameter_id(p), a, column});
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

std::uint8_t parameter_id(const ParameterInfo& p) {
  return static_cast<std::uint8_t>(&p - standards::parameters().data());
}

void sort_by_series_and_time(ObservationBatch& b) {
  const std::size_t n = b.size();
  // Dense ids for the (parameter, averaging) pairs present, numbered in that order.
  std::vector<std::uint32_t> pair_of_kind(b.kinds.size());
  std::vector<std::uint16_t> pairs;  // parameter << 8 | averaging, sorted
  for (const auto& k : b.kinds)
    pairs.push_back(static_cast<std::uint16_t>(k.parameter << 8 | static_cast<int>(k.averaging)));
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  for (std::size_t k = 0; k < b.kinds.size(); ++k) {
    const auto key = static_cast<std::uint16_t>(b.kinds[k].parameter << 8 | static_cast<int>(b.kinds[k].averaging));
    pair_of_kind[k] = static_cast<std::uint32_t>(std::lower_bound(pairs.begin(), pairs.end(), key) - pairs.begin());
  }
  const std::size_t n_pairs = std::max<std::size_t>(pairs.size(), 1);
  auto series = [&](std::size_t i) { return b.value_station[i] * n_pairs + pair_of_kind[b.value_kind[i]]; };

  // Counting sort by series (stable): each value is written straight to its place in new columns. The
  // scatter writes to one open run per series, which stays cache-friendly even for thousands of series.
  std::vector<std::uint32_t> start(b.station_keys.size() * n_pairs + 1, 0);
  for (std::size_t i = 0; i < n; ++i) ++start[series(i) + 1];
  for (std::size_t s = 1; s < start.size(); ++s) start[s] += start[s - 1];
  {
    ObservationBatch::Column<double> values(n);
    ObservationBatch::Column<std::uint32_t> stations(n), rows(n);
    ObservationBatch::Column<std::uint16_t> kinds(n);
    std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t j = next[series(i)]++;
      values[j] = b.values[i];
      stations[j] = b.value_station[i];
      rows[j] = b.value_row[i];
      kinds[j] = b.value_kind[i];
    }
    b.values.swap(values);
    b.value_station.swap(stations);
    b.value_row.swap(rows);
    b.value_kind.swap(kinds);
  }
  // Within a series, values are usually in time order already (files are written in time order).
  auto earlier = [&](std::size_t x, std::size_t y) { return b.time(x) < b.time(y); };
  for (std::size_t s = 0; s + 1 < start.size(); ++s) {
    const std::size_t first = start[s], last = start[s + 1];
    bool sorted = true;
    for (std::size_t i = first + 1; i < last && sorted; ++i) sorted = !earlier(i, i - 1);
    if (sorted) continue;
    std::vector<std::uint32_t> order(last - first);
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(first + i);
    std::stable_sort(order.begin(), order.end(), earlier);
    auto permute = [&](auto& column) {
      std::vector<std::decay_t<decltype(column[0])>> part(order.size());
      for (std::size_t i = 0; i < order.size(); ++i) part[i] = column[order[i]];
      std::copy(part.begin(), part.end(), column.begin() + static_cast<std::ptrdiff_t>(first));
    };
    permute(b.values);
    permute(b.value_station);
    permute(b.value_row);
    permute(b.value_kind);
  }
}

void reject_conflicting_duplicates(ObservationBatch& b) {
  sort_by_series_and_time(b);
  const std::size_t n = b.size();
  auto same_key = [&](std::size_t x, std::size_t y) { return same_series(b, x, y) && b.time(x) == b.time(y); };
  std::vector<bool> drop(n, false);
  bool any = false;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && same_key(i, j)) ++j;
    if (j - i > 1) {
      any = true;
      bool conflict = false;
      for (std::size_t k = i + 1; k < j; ++k) conflict |= b.value(k) != b.value(i) || b.flag(k) != b.flag(i);
      for (std::size_t k = i; k < j; ++k) {
        if (!conflict) {
          if (k > i) drop[k] = true;  // exact repeat: keep the first
          continue;
        }
        drop[k] = true;
        const std::size_t other = k == i ? i + 1 : i;
        b.rejections.push_back(b.rejection(
            k, fmt::format("conflicting duplicate: {} {} {} at {} is also given on line {} with a different value",
                           b.station_keys[b.station(k)], b.parameter_info(k).code, averaging_code(b.averaging(k)),
                           format_beijing_iso(b.time(k)), b.line(other))));
      }
    }
    i = j;
  }
  if (any) b.erase_marked(drop);
}

}  // namespace eb::io

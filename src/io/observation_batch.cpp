#include "io/observation_batch.hpp"

#include <algorithm>
#include <numeric>

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

void ObservationBatch::reserve(std::size_t n) {
  station.reserve(n);
  parameter.reserve(n);
  averaging.reserve(n);
  time.reserve(n);
  value.reserve(n);
  flag.reserve(n);
  line.reserve(n);
  column.reserve(n);
}

void ObservationBatch::add(std::uint32_t station_id_, std::uint8_t parameter_id_, Averaging avg, EpochSeconds t,
                           double v, std::uint32_t flag_id_, std::uint32_t line_no, std::uint16_t col) {
  station.push_back(station_id_);
  parameter.push_back(parameter_id_);
  averaging.push_back(avg);
  time.push_back(t);
  value.push_back(v);
  flag.push_back(flag_id_);
  line.push_back(line_no);
  column.push_back(col);
}

void ObservationBatch::erase_marked(const std::vector<bool>& drop) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (drop[i]) continue;
    station[out] = station[i];
    parameter[out] = parameter[i];
    averaging[out] = averaging[i];
    time[out] = time[i];
    value[out] = value[i];
    flag[out] = flag[i];
    line[out] = line[i];
    column[out] = column[i];
    ++out;
  }
  station.resize(out);
  parameter.resize(out);
  averaging.resize(out);
  time.resize(out);
  value.resize(out);
  flag.resize(out);
  line.resize(out);
  column.resize(out);
}

std::uint8_t parameter_id(const ParameterInfo& p) {
  return static_cast<std::uint8_t>(&p - parameters().data());
}

void reject_conflicting_duplicates(ObservationBatch& b) {
  const std::size_t n = b.size();
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  auto key_less = [&](std::uint32_t x, std::uint32_t y) {
    if (b.station[x] != b.station[y]) return b.station[x] < b.station[y];
    if (b.parameter[x] != b.parameter[y]) return b.parameter[x] < b.parameter[y];
    if (b.averaging[x] != b.averaging[y]) return b.averaging[x] < b.averaging[y];
    if (b.time[x] != b.time[y]) return b.time[x] < b.time[y];
    return x < y;
  };
  auto same_key = [&](std::uint32_t x, std::uint32_t y) {
    return b.station[x] == b.station[y] && b.parameter[x] == b.parameter[y] && b.averaging[x] == b.averaging[y] &&
           b.time[x] == b.time[y];
  };
  // Files are usually written in key order already; sorting is then nearly free.
  std::sort(order.begin(), order.end(), key_less);
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
        conflict |= b.value[order[k]] != b.value[first] || b.flag[order[k]] != b.flag[first];
      for (std::size_t k = i; k < j; ++k) {
        const std::uint32_t idx = order[k];
        if (!conflict) {
          if (k > i) drop[idx] = true;  // exact repeat: keep the first
          continue;
        }
        drop[idx] = true;
        Rejection r;
        r.line = b.line[idx];
        r.column = b.column[idx];
        r.station = b.station_keys[b.station[idx]];
        r.time = format_beijing_iso(b.time[idx]);
        r.parameter = std::string(parameters()[b.parameter[idx]].code);
        r.raw = std::to_string(b.value[idx]);
        const std::uint32_t other = order[k == i ? i + 1 : i];
        r.reason = "conflicting duplicate: " + r.station + " " + r.parameter + " " +
                   std::string(averaging_code(b.averaging[idx])) + " at " + r.time + " is also given on line " +
                   std::to_string(b.line[other]) + " with a different value";
        b.rejections.push_back(std::move(r));
      }
    }
    i = j;
  }
  if (any) b.erase_marked(drop);
}

}  // namespace eb::io

#include "engine/raster/zonal_partial.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <type_traits>

#include "engine/raster/zone_traversal.hpp"

namespace eb::engine::raster {

namespace {

constexpr std::uint32_t kFormatVersion = 2;  // 2: zones covered
// Written as a native integer: a reader on a machine of the other byte order sees it reversed and refuses.
constexpr std::uint32_t kByteOrderMark = 0x01020304;

class ByteWriter {
 public:
  explicit ByteWriter(std::string_view magic) {
    out_.append(magic);
    put(kFormatVersion);
    put(kByteOrderMark);
  }
  template <class T>
  void put(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* p = reinterpret_cast<const char*>(&v);
    out_.append(p, sizeof(T));
  }
  template <class T>
  void put_array(const T* data, std::size_t n) {
    put<std::uint64_t>(n);
    out_.append(reinterpret_cast<const char*>(data), n * sizeof(T));
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class ByteReader {
 public:
  ByteReader(std::string_view bytes, std::string_view magic, const char* what) : bytes_(bytes), what_(what) {
    if (bytes_.substr(0, magic.size()) != magic) fail("not");
    at_ = magic.size();
    if (get<std::uint32_t>() != kFormatVersion) fail("another version of");
    if (get<std::uint32_t>() != kByteOrderMark) fail("the other byte order of");
  }
  template <class T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    need(sizeof(T));
    T v;
    std::memcpy(&v, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return v;
  }
  template <class T>
  void get_array(std::vector<T>& out) {
    const auto n = get<std::uint64_t>();
    if (n > (bytes_.size() - at_) / sizeof(T)) fail("truncated");
    out.resize(static_cast<std::size_t>(n));
    std::memcpy(out.data(), bytes_.data() + at_, out.size() * sizeof(T));
    at_ += out.size() * sizeof(T);
  }
  // A count of items at least `item_bytes` each: checked against what is left, so a damaged count cannot ask
  // for absurd memory.
  std::size_t count(std::size_t item_bytes) {
    const auto n = get<std::uint64_t>();
    if (n > (bytes_.size() - at_) / std::max<std::size_t>(1, item_bytes)) fail("truncated");
    return static_cast<std::size_t>(n);
  }
  void finish() const {
    if (at_ != bytes_.size()) fail("trailing bytes after");
  }
  [[noreturn]] void fail(const char* problem) const {
    throw std::invalid_argument(fmt::format("{} {}", problem, what_));
  }

 private:
  void need(std::size_t n) const {
    if (bytes_.size() - at_ < n) fail("truncated");
  }
  std::string_view bytes_;
  const char* what_;
  std::size_t at_ = 0;
};

// The runs of `zone` in rows [row_begin, row_end), with their fractions.
ZoneCoverage rows_of(const ZoneCoverage& zone, int row_begin, int row_end) {
  ZoneCoverage out;
  auto it = std::lower_bound(zone.runs.begin(), zone.runs.end(), row_begin,
                             [](const CoverageRun& run, int row) { return run.row < row; });
  for (; it != zone.runs.end() && it->row < row_end; ++it) {
    CoverageRun run = *it;
    if (!run.full) {
      run.first_fraction = out.fractions.size();
      const auto first = zone.fractions.begin() + static_cast<std::ptrdiff_t>(it->first_fraction);
      out.fractions.insert(out.fractions.end(), first, first + run.size());
    }
    out.runs.push_back(run);
  }
  return out;
}

}  // namespace

ZonalPartial::ZonalPartial(int rows, int leaf_rows, std::size_t zones, ZonalTracking tracking)
    : rows_(rows), leaf_rows_(leaf_rows), zones_(zones), tracking_(tracking) {
  if (rows < 0 || leaf_rows <= 0) throw std::invalid_argument("ZonalPartial: rows >= 0 and leaf rows > 0");
  zone_covered_.assign(zones, 0);
}

void ZonalPartial::mark_zone_covered(std::size_t zone) {
  if (zone >= zones_) throw std::invalid_argument("ZonalPartial: zone out of range");
  zone_covered_[zone] = 1;
}

std::size_t ZonalPartial::zones_without_cells() const {
  return static_cast<std::size_t>(std::count(zone_covered_.begin(), zone_covered_.end(), std::uint8_t{0}));
}

bool ZonalPartial::complete() const {
  return leaf_count() == 0 || (covered_.size() == 1 && covered_.front() == std::pair(0, leaf_count()));
}

void ZonalPartial::cover_leaves(int begin, int end) {
  if (begin < 0 || end > leaf_count() || begin >= end)
    throw std::invalid_argument(fmt::format("ZonalPartial: leaves {}..{} outside 0..{}", begin, end, leaf_count()));
  auto it = std::lower_bound(covered_.begin(), covered_.end(), std::pair(begin, end));
  const bool overlaps_next = it != covered_.end() && it->first < end;
  const bool overlaps_previous = it != covered_.begin() && std::prev(it)->second > begin;
  if (overlaps_next || overlaps_previous)
    throw std::invalid_argument(fmt::format("ZonalPartial: leaves {}..{} summed twice", begin, end));
  it = covered_.insert(it, {begin, end});
  // Coalesce with the neighbours it touches.
  if (std::next(it) != covered_.end() && std::next(it)->first == it->second) {
    it->second = std::next(it)->second;
    covered_.erase(std::next(it));
  }
  if (it != covered_.begin() && std::prev(it)->second == it->first) {
    std::prev(it)->second = it->second;
    covered_.erase(it);
  }
}

void ZonalPartial::add_leaf_state(std::size_t zone, int leaf, ZonalState state) {
  if (zone >= zones_ || leaf < 0 || leaf >= leaf_count())
    throw std::invalid_argument("ZonalPartial: zone or leaf out of range");
  if (state.empty()) return;  // adds nothing to the fold
  if (!states_.emplace(std::pair(zone, leaf), std::move(state)).second)
    throw std::invalid_argument(fmt::format("ZonalPartial: zone {} leaf {} summed twice", zone, leaf));
}

void ZonalPartial::merge(ZonalPartial&& other) {
  if (other.rows_ != rows_ || other.leaf_rows_ != leaf_rows_ || other.zones_ != zones_ ||
      !(other.tracking_ == tracking_)) {
    throw std::invalid_argument(fmt::format(
        "ZonalPartial: partials of different jobs ({} rows, {}-row leaves, {} zones vs {}, {}, {}, or other "
        "statistics)",
        rows_, leaf_rows_, zones_, other.rows_, other.leaf_rows_, other.zones_));
  }
  for (const auto& [begin, end] : other.covered_) cover_leaves(begin, end);
  // The leaves are disjoint (checked above), so no (zone, leaf) key can collide.
  states_.merge(other.states_);
  for (std::size_t z = 0; z < zones_; ++z) zone_covered_[z] |= other.zone_covered_[z];
}

std::vector<ZonalStats> ZonalPartial::finish(const std::vector<double>& quantiles) && {
  if (!complete()) {
    std::string have;
    for (const auto& [begin, end] : covered_) have += fmt::format("{}{}..{}", have.empty() ? "" : ", ", begin, end);
    throw std::logic_error(
        fmt::format("ZonalPartial: leaves missing (have {} of 0..{})", have.empty() ? "none" : have, leaf_count()));
  }
  if (tracking_.keep_values != !quantiles.empty())
    throw std::invalid_argument("ZonalPartial: quantiles asked for without the values kept, or the reverse");
  std::vector<ZonalState> totals(zones_);
  // Keys ascend by zone, then leaf: each zone's leaves are folded in row order, as zonal_statistics does.
  for (auto& [key, state] : states_) totals[key.first].merge(std::move(state));
  states_.clear();
  std::vector<ZonalStats> out;
  out.reserve(zones_);
  for (ZonalState& total : totals) out.push_back(total.result(tracking_, quantiles));
  return out;
}

std::string ZonalPartial::serialise() const {
  ByteWriter w("EBZP");
  w.put<std::int32_t>(rows_);
  w.put<std::int32_t>(leaf_rows_);
  w.put<std::uint64_t>(zones_);
  w.put<std::uint8_t>(tracking_.categorical);
  w.put<std::uint8_t>(tracking_.with_area);
  w.put<std::uint8_t>(tracking_.keep_values);
  w.put<std::uint64_t>(covered_.size());
  for (const auto& [begin, end] : covered_) {
    w.put<std::int32_t>(begin);
    w.put<std::int32_t>(end);
  }
  w.put_array(zone_covered_.data(), zone_covered_.size());
  w.put<std::uint64_t>(states_.size());
  for (const auto& [key, s] : states_) {
    w.put<std::uint64_t>(key.first);
    w.put<std::int32_t>(key.second);
    for (double v : {s.weight, s.sum, s.mean, s.m2, s.min, s.max, s.area, s.area_sum}) w.put(v);
    w.put<std::int64_t>(s.cells);
    w.put<std::uint64_t>(s.classes.size());
    for (const auto& [value, sums] : s.classes) {
      w.put(value);
      w.put(sums.weight);
      w.put(sums.area);
    }
    w.put_array(s.values.data(), s.values.size());
  }
  return w.take();
}

ZonalPartial ZonalPartial::deserialise(std::string_view bytes) {
  ByteReader r(bytes, "EBZP", "an ecobarrier zonal partial");
  const auto rows = r.get<std::int32_t>();
  const auto leaf_rows = r.get<std::int32_t>();
  const auto zones = r.get<std::uint64_t>();
  ZonalTracking tracking;
  tracking.categorical = r.get<std::uint8_t>() != 0;
  tracking.with_area = r.get<std::uint8_t>() != 0;
  tracking.keep_values = r.get<std::uint8_t>() != 0;
  if (rows < 0 || leaf_rows <= 0) r.fail("bad header in");
  ZonalPartial p(rows, leaf_rows, static_cast<std::size_t>(zones), tracking);
  for (std::size_t i = 0, n = r.count(8); i < n; ++i) {
    const auto begin = r.get<std::int32_t>();
    const auto end = r.get<std::int32_t>();
    p.cover_leaves(begin, end);
  }
  r.get_array(p.zone_covered_);
  if (p.zone_covered_.size() != p.zones_) r.fail("a bad zone count in");
  for (std::size_t i = 0, n = r.count(8 + 4 + 9 * 8 + 2 * 8); i < n; ++i) {
    const auto zone = r.get<std::uint64_t>();
    const auto leaf = r.get<std::int32_t>();
    ZonalState s;
    for (double* v : {&s.weight, &s.sum, &s.mean, &s.m2, &s.min, &s.max, &s.area, &s.area_sum}) *v = r.get<double>();
    s.cells = r.get<std::int64_t>();
    for (std::size_t c = 0, classes = r.count(3 * 8); c < classes; ++c) {
      const auto value = r.get<double>();
      ZonalState::ClassSums& sums = s.classes[value];
      sums.weight = r.get<double>();
      sums.area = r.get<double>();
    }
    r.get_array(s.values);
    if (zone >= zones || leaf < 0 || leaf >= p.leaf_count() || s.empty()) r.fail("a bad leaf state in");
    p.add_leaf_state(static_cast<std::size_t>(zone), leaf, std::move(s));
  }
  r.finish();
  return p;
}

ZonalPartial zonal_window(RasterSource& raster, std::span<const ZoneCoverage> zones, const ZonalOptions& options,
                          int row_begin, int row_end, StripBuffers* buffers) {
  const Grid& grid = raster.grid();
  const int leaf_rows = zonal_leaf_rows(options, raster.block_rows());
  if (row_begin < 0 || row_end > grid.rows || row_begin >= row_end || row_begin % leaf_rows != 0 ||
      (row_end % leaf_rows != 0 && row_end != grid.rows)) {
    throw std::invalid_argument(fmt::format("zonal_window: rows {}..{} are not whole {}-row leaves of 0..{}", row_begin,
                                            row_end, leaf_rows, grid.rows));
  }
  if (!options.row_area_m2.empty() && static_cast<int>(options.row_area_m2.size()) != grid.rows)
    throw std::invalid_argument("zonal_window: one cell area per grid row");
  const ZonalTracking tracking = ZonalTracking::of(options);
  ZonalPartial partial(grid.rows, leaf_rows, zones.size(), tracking);

  std::vector<ZoneCoverage> window_zones;
  window_zones.reserve(zones.size());
  for (const ZoneCoverage& zone : zones) {
    window_zones.push_back(rows_of(zone, row_begin, row_end));
    for (const CoverageRun& run : window_zones.back().runs) {
      if (run.col_begin < 0 || run.col_end > grid.cols)
        throw std::invalid_argument("zonal_window: a coverage run outside the grid (coverage of another grid?)");
    }
  }

  // Zones are summed on several threads at once (for_each_zone_run), each zone's runs in order: per zone, the
  // states of the leaves done and the one being summed.
  struct ZoneLeaves {
    std::vector<std::pair<int, ZonalState>> done;
    int leaf = -1;
    ZonalState current;
  };
  std::vector<ZoneLeaves> leaves(zones.size());
  RasterSource* const rasters[] = {&raster};
  for_each_zone_run(
      rasters, window_zones,
      [&](std::size_t z, const CoverageRun& run, const RunCells& cells) {
        ZoneLeaves& l = leaves[z];
        const int leaf = run.row / leaf_rows;
        if (leaf != l.leaf) {
          if (l.leaf >= 0) l.done.emplace_back(l.leaf, std::move(l.current));
          l.current = ZonalState();
          l.leaf = leaf;
        }
        const double cell_area =
            options.row_area_m2.empty() ? 0.0 : options.row_area_m2[static_cast<std::size_t>(run.row)];
        l.current.add_run(cells.values[0], cells.valid[0], cells.fractions, run.size(), cell_area, tracking);
      },
      {}, buffers);
  partial.cover_leaves(row_begin / leaf_rows, (row_end + leaf_rows - 1) / leaf_rows);
  for (std::size_t z = 0; z < window_zones.size(); ++z) {
    if (!window_zones[z].empty()) partial.mark_zone_covered(z);
  }
  for (std::size_t z = 0; z < leaves.size(); ++z) {
    ZoneLeaves& l = leaves[z];
    if (l.leaf >= 0) l.done.emplace_back(l.leaf, std::move(l.current));
    for (auto& [leaf, state] : l.done) partial.add_leaf_state(z, leaf, std::move(state));
  }
  return partial;
}

std::string serialise_zones(std::span<const Zone> zones) {
  ByteWriter w("EBZG");
  w.put<std::uint64_t>(zones.size());
  for (const Zone& zone : zones) {
    w.put<std::uint64_t>(zone.size());
    for (const Polygon& polygon : zone) {
      w.put_array(polygon.exterior.data(), polygon.exterior.size());
      w.put<std::uint64_t>(polygon.holes.size());
      for (const Ring& hole : polygon.holes) w.put_array(hole.data(), hole.size());
    }
  }
  return w.take();
}

std::vector<Zone> deserialise_zones(std::string_view bytes) {
  ByteReader r(bytes, "EBZG", "ecobarrier zone polygons");
  std::vector<Zone> zones(r.count(8));
  for (Zone& zone : zones) {
    zone.resize(r.count(2 * 8));
    for (Polygon& polygon : zone) {
      r.get_array(polygon.exterior);
      polygon.holes.resize(r.count(8));
      for (Ring& hole : polygon.holes) r.get_array(hole);
    }
  }
  r.finish();
  return zones;
}

}  // namespace eb::engine::raster

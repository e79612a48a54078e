// HJ 633 AQI over many station-hours or station-days at once. IAQIs come from per-edition lookup tables on
// the concentration grid the data use (1 µg/m³, 0.1 mg/m³ for CO); anything off the grid or above the table
// takes the exact path of standards::AqiEdition, so results are identical to it, only faster.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/bulk_allocator.hpp"
#include "engine/air/station_hours.hpp"
#include "standards/aqi.hpp"

namespace eb::engine::air {

// Sub-indices of a report, as bits: hourly reports use bits 0-5 (PM2.5 ... O3), daily reports bits 0-4 for the
// 24-hour means, 5 for O3_8h and 6 for O3_1h.
inline constexpr std::array<std::string_view, 6> kHourlyNames = {"PM2.5", "PM10", "SO2", "NO2", "CO", "O3"};
inline constexpr std::array<std::string_view, 7> kDailyNames = {"PM2.5", "PM10", "SO2", "NO2", "CO", "O3_8h", "O3_1h"};

struct AqiColumns {
  std::vector<std::int16_t> aqi;                  // -1: none, or not publishable (HJ 633-2026 §5.3.1)
  std::vector<std::uint8_t> primary;              // bit i: sub-index i is a primary pollutant
  std::vector<std::uint8_t> exceeding;            // bit i: sub-index i above 100
  std::vector<std::uint8_t> available;            // number of sub-indices computed
  std::vector<std::array<std::int16_t, 7>> iaqi;  // per sub-index, -1 = missing (when keep_subindices)
  bool keep_subindices = true;                    // false: AQI, primary and exceeding pollutants only
  void resize(std::size_t n);
};

class AqiKernel {
 public:
  explicit AqiKernel(const standards::AqiEdition& edition);
  // One shared kernel per edition (building the tables costs more than a station-year of reports).
  static const AqiKernel& of(const standards::AqiEdition& edition);
  const standards::AqiEdition& edition() const { return edition_; }

  // IAQI of one concentration (NaN = missing -> -1); `fallback` feeds the SO2 / O3 > 800 rules.
  int iaqi(standards::AqiItem item, double value, double fallback = kMissing) const {
    if (!(value >= 0)) return -1;
    const Table& t = tables_[static_cast<std::size_t>(item)];
    // On the grid of the table (whole µg/m³, tenths of mg/m³ for CO): a lookup. Data carry at most four
    // decimals, so a value within 1e-9 of a grid point is that grid point (as exact fixed point would say).
    const double x = value * t.per_unit;
    if (x < t.limit) {
      const auto k = static_cast<std::int64_t>(x + 0.5);
      const double d = x - static_cast<double>(k);
      if (d < 1e-9 && d > -1e-9) return t.iaqi[static_cast<std::size_t>(k)];
    }
    return exact_iaqi(item, value, fallback);
  }

  // Real-time report for every hour of a station (six 1-hour sub-indices).
  AqiColumns hourly(const StationHours& s) const;
  // The same for n consecutive station-hours given as columns (PM2.5, PM10, SO2, NO2, CO, O3) and the SO2
  // 24-hour values (may be null). `out` is resized to n.
  void hourly(const std::array<const double*, kPollutants>& conc, const double* so2_24h, std::size_t n,
              AqiColumns& out) const;
  // One row's sub-indices combined into AQI, primary and exceeding pollutants; writes every field of the row.
  void combine(const std::int16_t* iaqi, int n, std::size_t row, AqiColumns& out) const {
    int best = -1, available = 0;
    std::uint8_t exceeding = 0;
    for (int i = 0; i < n; ++i) {
      const int v = iaqi[i];
      available += v >= 0;
      best = v > best ? v : best;
      exceeding |= static_cast<std::uint8_t>((v > 100) << i);
    }
    const bool withheld = available < n && partial_over_100_ && best <= 100;
    std::uint8_t primary = 0;
    if (best > 50 && !withheld)
      for (int i = 0; i < n; ++i) primary |= static_cast<std::uint8_t>((iaqi[i] == best) << i);
    out.aqi[row] = static_cast<std::int16_t>(available == 0 || withheld ? -1 : best);
    out.primary[row] = primary;
    out.exceeding[row] = exceeding;
    out.available[row] = static_cast<std::uint8_t>(available);
  }

 private:
  int exact_iaqi(standards::AqiItem item, double value, double fallback) const;
  // The lookup of iaqi() for a known grid: whole µg/m³ (kTenths = false) or tenths of mg/m³ (CO).
  template <bool kTenths>
  int grid_iaqi(standards::AqiItem item, double value, double fallback = kMissing) const {
    if (!(value >= 0)) return -1;
    const Table& t = tables_[static_cast<std::size_t>(item)];
    if constexpr (kTenths) {
      const double x = value * 10;
      if (x < t.limit) {
        const auto k = static_cast<std::int64_t>(x + 0.5);
        const double d = x - static_cast<double>(k);
        if (d < 1e-9 && d > -1e-9) return t.iaqi[static_cast<std::size_t>(k)];
      }
    } else {
      const auto k = static_cast<std::int64_t>(value);
      if (value < t.limit && static_cast<double>(k) == value) return t.iaqi[static_cast<std::size_t>(k)];
    }
    return iaqi(item, value, fallback);
  }

  const standards::AqiEdition& edition_;
  bool partial_over_100_;
  struct Table {
    double per_unit;  // grid points per unit of the item (1, or 10 for CO)
    double limit;     // table size as a double: lookups only below it
    std::vector<std::int16_t> iaqi;
  };
  std::array<Table, standards::kAqiItems> tables_;
};

}  // namespace eb::engine::air

// HJ 633 Ambient Air Quality Index: IAQI breakpoints, levels, primary and exceeding pollutants, for the
// 2012 and 2026 editions. All arithmetic is exact: concentrations are fixed-point integers (1/10000 of
// the unit), and every IAQI is the ceiling of an exact rational (the CO 2.2 -> 55 trap cannot happen).
// Tables and rules are data (data/standards/iaqi_breakpoints.csv, aqi_editions.csv, aqi_levels.csv).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_time.hpp"

namespace eb::standards {

// Fixed-point concentration: value x 10^4 in the item's unit (µg/m³; mg/m³ for CO).
using ScaledConc = std::int64_t;
inline constexpr ScaledConc kConcScale = 10000;
// Nothing for NaN, negative or absurdly large values. Decimals beyond the 4th are rounded.
std::optional<ScaledConc> to_scaled(double value);
double from_scaled(ScaledConc c);

// GB/T 8170 rounding (round half to even) of a fixed-point value to `decimals` decimals (0..4).
ScaledConc round_half_even(ScaledConc c, int decimals);

// The columns of HJ 633 Table 1 (2012) / Table 3 (2026).
enum class AqiItem : std::uint8_t { SO2_24H, SO2_1H, NO2_24H, NO2_1H, PM10_24H, CO_24H, CO_1H, O3_1H, O3_8H, PM25_24H };
inline constexpr std::size_t kAqiItems = 10;
std::string_view item_code(AqiItem item);  // "SO2_24H", ...
std::optional<AqiItem> parse_item(std::string_view code);
bool item_is_co(AqiItem item);

class AqiEdition {
 public:
  // "hj633-2012" or "hj633-2026"; throws std::out_of_range for anything else.
  static const AqiEdition& get(std::string_view id);
  // The edition in force on a day: the latest one that started on or before it (the first for earlier days).
  static const AqiEdition& in_force(const CivilDate& day);
  static std::vector<std::string> ids();

  const std::string& id() const { return id_; }
  CivilDate in_force_from() const { return from_; }
  const std::string& source() const { return source_; }
  // 2026 rounds concentrations (GB/T 8170: µg/m³ to integers, CO to 0.1) before the IAQI; 2012 does not.
  bool rounds_concentrations() const { return rounds_; }
  // The 2012 daily report also uses the O3 daily maximum 1-hour value; 2026 does not.
  bool daily_uses_o3_1h() const { return daily_o3_1h_; }
  // 2026 §5.3.1: with a pollutant missing, an AQI of 100 or less is not published.
  bool partial_aqi_only_over_100() const { return partial_over_100_; }

  // The concentration the IAQI is computed from (rounded when the edition says so).
  ScaledConc prepare(AqiItem item, ScaledConc c) const;
  // IAQI of one item, rounded up. `fallback` is the other concentration some rules call for (SO2 24-h mean
  // when SO2 1-h > 800 in 2012; O3 1-h when O3 8-h > 800 in 2012). Nothing when it cannot be computed.
  std::optional<int> iaqi(AqiItem item, ScaledConc c, std::optional<ScaledConc> fallback = std::nullopt) const;

  // Breakpoints of an item: (concentration, IAQI) pairs ascending; for fast table builders.
  struct Breakpoint {
    ScaledConc conc;
    int iaqi;
  };
  std::span<const Breakpoint> breakpoints(AqiItem item) const { return table_[static_cast<std::size_t>(item)]; }
  struct Overflow {
    enum Kind { cap, iaqi_of, fixed } kind = cap;
    AqiItem other = AqiItem::SO2_24H;
    int value = 500;
  };
  // What happens above the last breakpoint of an item.
  const Overflow& overflow(AqiItem item) const { return overflow_[static_cast<std::size_t>(item)]; }

 private:
  std::string id_, source_;
  CivilDate from_;
  bool rounds_ = false, daily_o3_1h_ = true, partial_over_100_ = false;
  std::array<std::vector<Breakpoint>, kAqiItems> table_;
  std::array<Overflow, kAqiItems> overflow_;
  friend struct EditionLoader;
};

// Exact interpolation between two breakpoints, rounded up (HJ 633-2012 §6.2, HJ 633-2026 §4.2.6).
int interpolate_iaqi(const AqiEdition::Breakpoint& lo, const AqiEdition::Breakpoint& hi, ScaledConc c);

struct AqiLevel {
  int level;
  std::string name_zh, name_en, colour_zh, rgb_hex;
  int aqi_min;
  std::optional<int> aqi_max;  // none for the open top level
};
// The six levels in order (HJ 633 Table 2 / Appendix A, data/standards/aqi_levels.csv).
const std::vector<AqiLevel>& aqi_levels();
// Level 1-6 of an AQI (HJ 633 Table 2 / Appendix A).
const AqiLevel& aqi_level(int aqi);

// One sub-index of a report.
struct SubIndex {
  std::string_view name;  // PM2.5, PM10, SO2, NO2, CO, O3 (hourly) / O3_8h, O3_1h (daily)
  std::optional<int> iaqi;
};

struct AqiResult {
  std::optional<int> aqi;                   // nothing when no sub-index, or not publishable (2026 §5.3.1)
  std::vector<std::string_view> primary;    // AQI > 50: every pollutant whose IAQI equals the AQI (ties listed)
  std::vector<std::string_view> exceeding;  // IAQI > 100
  int available = 0;                        // sub-indices that could be computed
  int expected = 0;                         // sub-indices the report calls for
};
// Combines sub-indices into the AQI by the edition's rules. `subs` in reporting order.
AqiResult combine(std::span<const SubIndex> subs, const AqiEdition& edition);

// The concentrations of a report. Values are in the canonical units (µg/m³, CO mg/m³); missing = nullopt.
struct HourlyConcentrations {
  std::optional<double> pm25, pm10, so2, no2, co, o3;  // 1-hour means (PM through the 24-hour breakpoints)
  std::optional<double> so2_24h;                       // 24-hour moving mean, for the 2012 SO2 > 800 rule
};
struct DailyConcentrations {
  std::optional<double> pm25, pm10, so2, no2, co;  // 24-hour (daily) means
  std::optional<double> o3_8h_max, o3_1h_max;      // daily maximum 8-hour and 1-hour O3
};
// The real-time (hourly) report: six 1-hour sub-indices, as CNEMC publishes them (HJ 633-2026 §4.2.4 says so
// explicitly; the official 2012-era hourly AQI is reproduced exactly by the same rule).
std::vector<SubIndex> hourly_subindices(const HourlyConcentrations& c, const AqiEdition& edition);
// The daily report: 24-hour means and the O3 daily maxima (2012: 7 sub-indices; 2026: 6).
std::vector<SubIndex> daily_subindices(const DailyConcentrations& c, const AqiEdition& edition);

}  // namespace eb::standards

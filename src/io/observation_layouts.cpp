#include "io/observation_layouts.hpp"

#include "core/csv.hpp"
#include "io/water_samples.hpp"

namespace eb::io {

std::string_view layout_name(ObservationLayout l) {
  switch (l) {
    case ObservationLayout::cnemc_wide:
      return "cnemc-wide";
    case ObservationLayout::long_table:
      return "long";
    case ObservationLayout::uci_beijing:
      return "uci-beijing";
    case ObservationLayout::aqistudy_daily:
      return "aqistudy-daily";
    case ObservationLayout::water_samples:
      return "water";
  }
  return "?";
}

std::optional<ObservationLayout> parse_layout_name(std::string_view name) {
  for (auto l : {ObservationLayout::cnemc_wide, ObservationLayout::long_table, ObservationLayout::uci_beijing,
                 ObservationLayout::aqistudy_daily, ObservationLayout::water_samples})
    if (layout_name(l) == name) return l;
  return std::nullopt;
}

std::optional<ObservationLayout> detect_layout(std::string_view text) {
  CsvReader csv(text);
  if (!csv.next() || csv.size() < 2) return std::nullopt;
  const auto f0 = trim(csv[0]), f1 = trim(csv[1]);
  if (f0 == "date" && f1 == "hour") return ObservationLayout::cnemc_wide;
  if (f0 == "No" && f1 == "year") return ObservationLayout::uci_beijing;
  if (f0 == "city" && f1 == "date") return ObservationLayout::aqistudy_daily;
  for (const auto& f : csv.fields())
    if (trim(f) == "section" || trim(f) == "断面名称" || trim(f) == "断面") return ObservationLayout::water_samples;
  for (const auto& f : csv.fields())
    if (trim(f) == "station" || trim(f) == "Station") return ObservationLayout::long_table;
  return std::nullopt;
}

ObservationBatch read_observations(std::string_view text, const std::string& file, ObservationLayout layout,
                                   const ByteProgress& progress) {
  ObservationBatch b;
  switch (layout) {
    case ObservationLayout::cnemc_wide:
      b = read_cnemc_wide(text, file, progress);
      break;
    case ObservationLayout::long_table:
      b = read_long_table(text, file, progress);
      break;
    case ObservationLayout::uci_beijing:
      b = read_uci_beijing(text, file, progress);
      break;
    case ObservationLayout::aqistudy_daily:
      b = read_aqistudy_daily(text, file, progress);
      break;
    case ObservationLayout::water_samples:
      b = water_batch(read_water_samples(text, file, BelowDetection::limit));
      break;
  }
  reject_conflicting_duplicates(b);
  return b;
}

}  // namespace eb::io

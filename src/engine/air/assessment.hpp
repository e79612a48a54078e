// HJ 663 assessment of a period for one site, city or region from its daily values: period means and
// percentiles, data capture against the calendar, GB 3095 compliance and exceedance multiples, the composite
// index, good/heavy/severe days, and WHO 2021 levels. Every statistic says how many days entered it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/air/daily_values.hpp"
#include "standards/hj663.hpp"

namespace eb::engine::air {

struct AssessOptions {
  const standards::AqiEdition* aqi = nullptr;
  const standards::Gb3095* limits = nullptr;
  const standards::AssessmentRules* rules = nullptr;
  int zone_class = 2;
  bool exclude_dust = false;  // leave sand/dust days out of PM10/PM2.5 statistics and the day counts
};

struct Statistic {
  std::string pollutant;       // SO2, NO2, PM10, PM2.5, CO, O3
  std::string statistic;       // mean, p98, p95, p90 (O3: of the daily maximum 8-hour values)
  double value = kMissing;     // unrounded
  double reported = kMissing;  // GB/T 8170 at the reporting precision
  int n_days = 0;              // valid days that entered it
  int expected_days = 0;       // days of the period
  bool valid = false;          // capture rule met (324 days a year; 27 a month, 25 in February)
  std::string capture_note;    // why not, when not
  double limit = kMissing;     // GB 3095 limit compared against (annual for means, 24-h / 8-h for percentiles)
  std::string limit_averaging;
  std::optional<bool> compliant;  // reported <= limit; nothing without a value
  double exceedance = kMissing;   // (C - S) / S when above the limit
};

struct WhoLevel {
  std::string pollutant, statistic;
  double value = kMissing;
  std::string level;  // AQG, IT-4 ... IT-1, above IT-1
};

struct Assessment {
  std::vector<Statistic> statistics;
  std::optional<standards::CompositeIndex> composite;  // when all six inputs exist
  standards::DayCounts days;
  AqiColumns daily_aqi;
  int dust_days = 0;
  std::optional<bool> compliant;  // every statistic valid and within its limit; nothing if any is missing
  std::vector<WhoLevel> who;
};

Assessment assess(const DailyValues& d, const AssessOptions& options);

}  // namespace eb::engine::air

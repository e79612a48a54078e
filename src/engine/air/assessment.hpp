// HJ 663 assessment of a period for one site, city or region from its daily values: period means and
// percentiles, data capture against the calendar, GB 3095 compliance and exceedance multiples, the composite
// index, good/heavy/severe days, and WHO 2021 levels. Every statistic says how many days entered it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/air/daily_values.hpp"
#include "standards/air_rollup.hpp"
#include "standards/hj663.hpp"

namespace eb::engine::air {

struct AssessOptions {
  const standards::AqiEdition* aqi = nullptr;
  const standards::Gb3095* limits = nullptr;
  const standards::AssessmentRules* rules = nullptr;
  int zone_class = 2;
  // Sand/dust deduction (环办监测〔2016〕120号) of the days flagged in DailyValues::dust, as `dust` says: their
  // PM10/PM2.5 values (dust.unit day; with unit hour the caller removed the affected hours), their place in the
  // capture rule and in the day counts.
  bool deduct_dust = false;
  standards::DustRules dust{};
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
  int day_slots = 0;              // days a valid AQI could have been counted on (member-days for a roll-up)
  int dust_days = 0;              // days flagged as sand/dust-affected
  int deducted_days = 0;          // flagged days whose PM10/PM2.5 were deducted (with deduct_dust)
  int dropped_days = 0;           // flagged days left out of the day counts (with deduct_dust)
  std::optional<bool> compliant;  // every statistic valid and within its limit; nothing if any is missing
  std::vector<WhoLevel> who;
  // Whether the site reported over the period: its days with any valid daily value meet the capture rule (a
  // roll-up: all its expected members did). What makes a member count as valid in a roll-up's membership.
  bool reporting_valid = false;
};

Assessment assess(const DailyValues& d, const AssessOptions& options);

// A roll-up's assessment from its members' (HJ 663: a region's figure is the arithmetic mean of its cities'):
// each statistic is the mean of the members' valid figures (reported ones when `reported_figures`; when no member
// has a valid one, of the figures there are), valid only when all `expected` members have a valid one; day counts
// and WHO levels pool the members that reported over the period (member-days; all of them when none did); the
// composite index, limits and compliance follow from the means as for one site.
Assessment mean_of_assessments(const std::vector<const Assessment*>& members, int expected, std::size_t period_days,
                               const AssessOptions& options, bool reported_figures);

}  // namespace eb::engine::air

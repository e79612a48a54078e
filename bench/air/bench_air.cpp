// Air engine benchmark: a CNEMC wide file of a whole year (made by bench/air/make_national_year.py), streamed
// day by day: hourly AQI (real-time report) for every station-hour, daily values, then the annual HJ 663
// assessment of every station. Prints one line of JSON; bench/run_air_bench.sh compares it with the numpy
// baseline run on the same file.
#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <map>
#include <string>

#include "engine/air/aqi_kernel.hpp"
#include "engine/air/assessment.hpp"
#include "engine/air/daily_values.hpp"
#include "io/air_grid.hpp"
#include "io/file_buffer.hpp"
#include "io/observation_layouts.hpp"
#include "standards/aqi.hpp"
#include "standards/hj663.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace eb;
using engine::air::kMissing;
using engine::air::kPollutants;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Date of the first field of the first and the last data line.
std::pair<CivilDate, CivilDate> first_and_last_day(std::string_view text) {
  const std::size_t first_line = text.find('\n') + 1;
  std::size_t end = text.size();
  while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r')) --end;
  const std::size_t last_line = text.rfind('\n', end - 1) + 1;
  return {*parse_compact_date(text.substr(first_line, 8)), *parse_compact_date(text.substr(last_line, 8))};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bench_air FILE   (a CNEMC wide file; see bench/run_air_bench.sh)\n");
    return 2;
  }
  const std::string path = argv[1];
  const auto start = Clock::now();
  const io::FileBuffer file(path);
  const std::string_view text = file.text();
  const auto [first_day, last_day] = first_and_last_day(text);
  const auto n_days = static_cast<std::size_t>(days_from_civil(last_day) - days_from_civil(first_day) + 1);

  const auto& edition = standards::AqiEdition::get("hj633-2012");
  const engine::air::AqiKernel kernel(edition);
  const engine::air::AssessOptions options{&edition, &standards::Gb3095::get("gb3095-2012"),
                                           &standards::AssessmentRules::get("hj663-2013"), 2, false};
  const double o3_limit = options.limits->limit("O3", "8h", 2).value();

  std::size_t n_stations = 0;
  std::vector<engine::air::DailyValues> daily;
  engine::air::AqiColumns aqi;
  aqi.keep_subindices = false;  // AQI, level and primary/exceeding pollutants, as published
  double kernel_s = 0;
  std::size_t n_hourly_aqi = 0, station_hours = 0;
  long long sum_hourly_aqi = 0;

  // Each day is parsed straight into hourly grids; the next day is parsed on a second thread while this one
  // computes (EB_BENCH_SERIAL=1: one thread).
  const bool prefetch = std::getenv("EB_BENCH_SERIAL") == nullptr;
  io::for_each_cnemc_day_grid(
      text, path,
      [&](io::DayGrid& g) {
        if (n_stations == 0) {
          n_stations = g.stations.size();
          for (const auto& code : g.stations) daily.emplace_back(code, first_day, n_days);
        }
        if (!g.valid_date) return;
        const auto day = static_cast<std::size_t>(days_from_civil(g.date) - days_from_civil(first_day));
        std::array<const double*, kPollutants> conc{};
        for (std::size_t p = 0; p < kPollutants; ++p) conc[p] = g.hourly[p].data();
        const auto k0 = Clock::now();
        kernel.hourly(conc, g.so2_24h.data(), n_stations * 24, aqi);
        kernel_s += seconds_since(k0);
        station_hours += n_stations * 24;
        for (std::size_t h = 0; h < n_stations * 24; ++h)
          if (aqi.aqi[h] >= 0) {
            ++n_hourly_aqi;
            sum_hourly_aqi += aqi.aqi[h];
          }
        for (std::size_t s = 0; s < n_stations; ++s) {
          std::array<const double*, kPollutants> hours{};
          for (std::size_t p = 0; p < kPollutants; ++p) hours[p] = g.hourly[p].data() + s * 24;
          engine::air::daily_values_of_day(hours, o3_limit, daily[s], day);
        }
      },
      prefetch);

  std::map<std::string, std::pair<double, long>> stats;
  long n_valid_days_pm25 = 0;
  // The stations' annual assessments are independent: the second half runs on another thread.
  std::vector<engine::air::Assessment> assessments(daily.size());
  auto assess_range = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) assessments[i] = engine::air::assess(daily[i], options);
  };
  const std::size_t half = prefetch ? daily.size() / 2 : daily.size();
  auto second = std::async(std::launch::async, assess_range, half, daily.size());
  assess_range(0, half);
  second.get();
  for (const auto& a : assessments) {
    for (const auto& s : a.statistics) {
      if (!engine::air::present(s.value)) continue;
      auto& acc = stats[s.pollutant + "_" + s.statistic];
      acc.first += s.value;
      ++acc.second;
      if (s.pollutant == "PM2.5" && s.statistic == "mean") n_valid_days_pm25 += s.n_days;
    }
  }
  const double total = seconds_since(start);
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::string stats_json;
  for (const auto& [name, acc] : stats)
    stats_json += fmt::format("{}\"{}\":[{:.10g},{}]", stats_json.empty() ? "" : ",", name, acc.first, acc.second);
  fmt::print(
      "{{\"engine\":\"ecobarrier (stream by day: parse, hourly AQI, daily values, annual assessment)\","
      "\"file\":\"{}\",\"bytes\":{},\"stations\":{},\"station_hours\":{},\"total_s\":{:.4f},"
      "\"station_hours_per_s\":{:.0f},\"aqi_kernel_s\":{:.4f},\"aqi_kernel_station_hours_per_s\":{:.0f},"
      "\"peak_rss_mb\":{:.1f},\"n_hourly_aqi\":{},\"sum_hourly_aqi\":{},\"stats\":{{{}}},\"n_valid_days_pm25\":{}}}\n",
      path, text.size(), n_stations, station_hours, total, static_cast<double>(station_hours) / total, kernel_s,
      static_cast<double>(station_hours) / kernel_s, static_cast<double>(ru.ru_maxrss) / 1024.0, n_hourly_aqi,
      sum_hourly_aqi, stats_json, n_valid_days_pm25);
  return 0;
}

// ecobarrier hj212 send: N simulated HJ 212-2017 devices (stack CEMS and wastewater outlets) streaming minute
// (2051) and hourly (2061) data to a receiver over TCP, each asking for the 9014 answer; with reconnects, resends
// of every unacknowledged packet after a reconnect, and deliberately bad packets. For tests and the benchmark; with
// `hours`, a fixed run of hourly data only (the demo), where overrides put anomalies into chosen hours.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/civil_time.hpp"

namespace eb::app::receive {

struct SimDevice {
  std::string mn, password, kind;  // kind: gas or water
};

// A synthetic registry of `devices` outlets (one or two per enterprise, valid 统一社会信用代码, names marked
// SYNTHETIC) around (lon, lat), as the CSV `ecobarrier source import` reads.
std::string synthetic_registry_csv(int devices, double lon, double lat, std::uint64_t seed);

// Replaces what a device reports for one pollutant over hours [hour, hour + hours) of an hourly run: the Avg value
// (Min, Max and Cou follow it) and/or the data flag of the pollutant's values.
struct SimOverride {
  std::string mn, pollutant;  // device and HJ 212 code
  int hour = 0, hours = 1;    // hours since the run's start
  std::optional<double> value;
  char flag = 0;  // 0: as generated
};

struct SimulatorOptions {
  std::string host = "127.0.0.1";
  int port = 9212;
  std::vector<SimDevice> devices;
  double seconds = 10;        // sending new packets this long
  double drain_seconds = 5;   // then waiting this long at most for the answers still due
  double bad_rate = 0;        // share of sends followed by a bad packet (bad CRC, wrong length, garbage, wrong PW)
  double reconnect_rate = 0;  // share of answered packets after which the device drops and reopens its connection
  double rate = 0;            // packets per second per device; 0: as fast as the answers come
  int window = 4;             // packets a device may have unanswered
  CivilDateTime start{{2026, 1, 1}, 0, 0, 0};  // DataTime of the first minute (Beijing)
  std::uint64_t seed = 1;   // values depend on the seed, the device's position and the packet's time only
  double flag_rate = 0.01;  // share of generated values flagged M (maintenance)
  // > 0: each device sends exactly this many hourly (2061) packets from `start` (no minute data), then the run
  // ends once they are answered (`seconds` still caps the sending).
  int hours = 0;
  std::vector<SimOverride> overrides;
};

struct SimulatorResult {
  std::int64_t sent = 0, resent = 0, acked = 0, bad_sent = 0, values_acked = 0;
  std::int64_t reconnects = 0, connect_failures = 0, unacked_left = 0;
  double elapsed_s = 0;
  double latency_p50_ms = 0, latency_p99_ms = 0, latency_max_ms = 0;
};

struct SimulatorHooks {
  // Each acknowledged packet once: device MN, CN, DataTime, QN and its number of values.
  std::function<void(const std::string& mn, int cn, const std::string& data_time, const std::string& qn, int values)>
      on_acked;
};

SimulatorResult run_simulator(const SimulatorOptions& options, const SimulatorHooks& hooks);

}  // namespace eb::app::receive

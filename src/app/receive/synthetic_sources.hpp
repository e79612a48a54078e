// A SYNTHETIC set of enterprises with online monitoring for the demo: a seeded registry (4 enterprises, 6 outlets,
// valid 统一社会信用代码, names marked SYNTHETIC), hourly data with a few deliberate anomalies, streamed by the device
// simulator through the real HJ 212 receiver on a loopback port inside this process.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/receive/receiver.hpp"
#include "app/receive/simulator.hpp"
#include "core/civil_time.hpp"

namespace eb::app::receive {

struct SyntheticSourcesOptions {
  int hours = 48;                               // hourly packets per outlet
  CivilDateTime start{{2023, 12, 1}, 0, 0, 0};  // DataTime of the first hour (Beijing): in the bulletin's default year
  double lon = 111.75, lat = 40.84;             // around Hohhot
  std::uint64_t seed = 2029;
};

// One anomaly put into the stream, as the demo describes it.
struct SyntheticAnomaly {
  std::string outlet;  // "enterprise_id/outlet_id"
  SimOverride change;
  std::string what_zh, what_en;
};

struct SyntheticSources {
  std::string registry_csv;    // what `ecobarrier source import` reads (with the devices' clear-text passwords)
  SimulatorOptions simulator;  // the devices, hours, start, seed and anomalies; the port is set when streaming
  std::vector<SyntheticAnomaly> anomalies;
};
// The same registry, values and anomalies for the same options.
SyntheticSources synthetic_sources(const SyntheticSourcesOptions& options);

struct StreamResult {
  ReceiverCounters receiver;
  SimulatorResult simulator;
};
// Starts the receiver on 127.0.0.1 (a free port) for workspace `ws` in a thread, runs the simulator against it
// (its port is set here), then stops the receiver (it commits and answers what it holds) and returns both sides'
// counts. The workspace must hold the simulator's devices (source import).
StreamResult stream_through_receiver(const std::string& ws, SimulatorOptions simulator);

}  // namespace eb::app::receive

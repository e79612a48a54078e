#include "app/receive/synthetic_sources.hpp"

#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <exception>
#include <future>
#include <iterator>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>

#include "core/error.hpp"
#include "standards/uscc.hpp"

namespace eb::app::receive {

namespace {

struct EnterpriseSpec {
  const char* name_zh;
  const char* industry;
  const char* gas_standard;  // nullptr: no gas outlet
  bool water;
};
// Four kinds of key enterprises of the region (6 outlets), with the standard and source category that apply as
// standards::EmissionStandards::parse_outlet_standard reads them.
constexpr EnterpriseSpec kEnterprises[] = {
    {"SYNTHETIC 合成热电厂", "thermal_power", "GB 13223-2011:coal_boiler_existing", true},
    {"SYNTHETIC 合成供热锅炉房", "boiler", "GB 13271-2014:coal_boiler_new", false},
    {"SYNTHETIC 合成化工厂", "chemical", "GB 16297-1996:general_new", true},
    {"SYNTHETIC 合成污水处理厂", "sewage_plant", nullptr, true},
};

}  // namespace

SyntheticSources synthetic_sources(const SyntheticSourcesOptions& o) {
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> off(-0.3, 0.3);
  SyntheticSources out;
  out.registry_csv = "enterprise_id,enterprise_name,industry,outlet_id,outlet_kind,mn,password,standard,lon,lat\n";
  std::vector<std::string> keys;  // "enterprise_id/outlet_id" per device
  for (std::size_t e = 0; e < std::size(kEnterprises); ++e) {
    const EnterpriseSpec& spec = kEnterprises[e];
    // 9 (business) 1 (enterprise) 150100 (Hohhot) + a 9-character organisation code; the check character last.
    const std::string first17 = fmt::format("91150100MA{:07d}", 2029000 + e);
    const auto check = standards::uscc_check_char(first17);
    if (!check) throw std::logic_error("synthetic credit code outside the alphabet: " + first17);
    const std::string id = first17 + *check;
    const double lon = o.lon + off(rng), lat = o.lat + off(rng);
    const auto outlet = [&](const char* outlet_id, const char* kind, const char* standard, double dlon) {
      const std::string mn = fmt::format("SYN{:011d}{:02d}{:08d}", e + 1, keys.size() + 1, rng() % 100000000);
      const std::string password = fmt::format("{:06d}", rng() % 1000000);
      fmt::format_to(std::back_inserter(out.registry_csv), "{},{},{},{},{},{},{},{},{:.5f},{:.5f}\n", id, spec.name_zh,
                     spec.industry, outlet_id, kind, mn, password, standard, lon + dlon, lat);
      out.simulator.devices.push_back({mn, password, kind});
      keys.push_back(id + "/" + outlet_id);
    };
    if (spec.gas_standard) outlet("DA001", "gas", spec.gas_standard, 0);
    if (spec.water) outlet("DW001", "water", "GB 8978-1996:class1_new", 0.002);
  }
  // Devices: 0 power DA001, 1 power DW001, 2 boiler DA001, 3 chemical DA001, 4 chemical DW001, 5 sewage DW001.
  const auto anomaly = [&](std::size_t device, const char* pollutant, int hour, int hours, std::optional<double> value,
                           char flag, std::string zh, std::string en) {
    SimOverride x{out.simulator.devices[device].mn, pollutant, hour, hours, value, flag};
    out.simulator.overrides.push_back(x);
    out.anomalies.push_back({keys[device], x, std::move(zh), std::move(en)});
  };
  anomaly(0, "a21026", 10, 8, 18.5, 0, "二氧化硫小时均值连续 8 小时恒为 18.5（分析仪卡滞）",
          "SO2 hourly average stuck at 18.5 for 8 hours (analyser stuck)");
  anomaly(2, "a34013", 20, 1, std::nullopt, 'D', "颗粒物 1 小时标记 D（仪器故障）",
          "particulate matter flagged D (instrument fault) for 1 hour");
  anomaly(4, "w01018", 25, 1, 260.0, 0, "化学需氧量 1 小时突变至 260（平常 35 ± 10）",
          "COD jumps to 260 for 1 hour (usually 35 ± 10)");
  anomaly(2, "a21002", 30, 3, 420.0, 0, "氮氧化物连续 3 小时 420（超过 GB 13271-2014 新建燃煤锅炉限值 300）",
          "NOx at 420 for 3 hours (above the 300 of GB 13271-2014 for new coal boilers)");
  out.simulator.hours = o.hours;
  out.simulator.start = o.start;
  out.simulator.seed = o.seed;
  out.simulator.flag_rate = 0;  // only the anomalies above carry flags
  out.simulator.window = 16;
  out.simulator.seconds = 60;  // a cap: the run ends when every hour is answered (well under a second)
  out.simulator.drain_seconds = 10;
  return out;
}

StreamResult stream_through_receiver(const std::string& ws, SimulatorOptions simulator) {
  ReceiverOptions options;
  options.ws = ws;
  options.bind = "127.0.0.1";
  options.port = 0;
  std::promise<int> listening;
  std::future<int> port = listening.get_future();
  ReceiverHooks hooks;
  hooks.on_listening = [&](const std::string&, int p) { listening.set_value(p); };
  StreamResult result;
  std::exception_ptr receiver_error;
  std::thread receiver([&] {
    try {
      result.receiver = run_receiver(options, hooks);
    } catch (...) {
      receiver_error = std::current_exception();
      try {
        listening.set_exception(std::current_exception());
      } catch (const std::future_error&) {  // it was listening already
      }
    }
  });
  std::exception_ptr simulator_error;
  bool listened = false;
  try {
    simulator.host = "127.0.0.1";
    simulator.port = port.get();
    listened = true;
    result.simulator = run_simulator(simulator, {});
  } catch (...) {
    simulator_error = std::current_exception();
  }
  // The receiver takes SIGTERM through a signalfd in its own thread, where the signal is blocked from before
  // on_listening: a signal sent to that thread stops it cleanly (it commits and answers first), as `kill` stops
  // `ecobarrier receive`. Nothing is sent when it never listened (it has returned already).
  if (listened) ::pthread_kill(receiver.native_handle(), SIGTERM);
  receiver.join();
  if (receiver_error) std::rethrow_exception(receiver_error);
  if (simulator_error) std::rethrow_exception(simulator_error);
  return result;
}

}  // namespace eb::app::receive

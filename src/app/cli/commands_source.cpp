// ecobarrier source import|list|exceedances|loads, ecobarrier receive, ecobarrier hj212 send|registry: pollution
// sources and the HJ 212 receiver (docs/sources.md).
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "app/cli/context.hpp"
#include "app/receive/receiver.hpp"
#include "app/receive/simulator.hpp"
#include "app/runs/record_file.hpp"
#include "app/runs/source/emission.hpp"
#include "app/runs/source/source.hpp"
#include "core/error.hpp"
#include "io/atomic_file.hpp"

namespace eb::app {

namespace {

std::string counters_line(const receive::ReceiverCounters& c) {
  return fmt::format(
      "connections {} open / {} accepted · packets {} · values {} new, {} repeated · answers {} · commits {} ({:.1f} "
      "s, largest {}) · "
      "refused: "
      "MN {} password {} malformed {} (crc {} length {} trailer {} oversized {} garbage {} segment {} truncated {}) · "
      "closed: slow {} idle {}",
      c.connections_open, c.connections_accepted, c.packets, c.values_new, c.values_duplicate, c.answers, c.commits,
      c.commit_seconds, c.largest_batch, c.unknown_mn, c.wrong_password, c.malformed(), c.bad_crc, c.bad_length,
      c.bad_trailer, c.oversized, c.garbage, c.bad_segment, c.truncated, c.slow_closed, c.idle_closed);
}

void run_receive(Context& ctx, const receive::ReceiverOptions& o) {
  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  receive::ReceiverHooks hooks;
  hooks.on_listening = [&](const std::string& address, int port) {
    // Always printed (tests and scripts read the port from it when --port 0).
    std::cerr << fmt::format("receive: listening on {}:{}", address, port) << std::endl;
  };
  hooks.log = [&](const std::string& line) {
    if (terminal) std::cerr << "\r\033[K";
    std::cerr << "receive: " << line << '\n';
  };
  if (terminal && !ctx.quiet)
    hooks.on_tick = [](const receive::ReceiverCounters& c) {
      std::cerr << "\r\033[K" << counters_line(c) << std::flush;
    };
  const auto c = receive::run_receiver(o, hooks);
  if (terminal) std::cerr << "\r\033[K";
  std::cerr << "receive: stopped · " << counters_line(c) << std::endl;
}

std::vector<receive::SimDevice> read_devices(const std::string& path) {
  runs::RecordFile rows(path, {"mn", "password", "outlet_kind"});
  std::vector<receive::SimDevice> out;
  while (rows.next()) out.push_back({rows["mn"], rows["password"], rows["outlet_kind"]});
  rows.refuse_if_failed();
  return out;
}

struct SendOptions {
  receive::SimulatorOptions sim;
  std::string registry, acked_log, start;
  int devices = 0;
};

void run_send(Context& ctx, SendOptions& so) {
  auto all = read_devices(so.registry);
  if (so.devices > 0 && static_cast<std::size_t>(so.devices) < all.size())
    all.resize(static_cast<std::size_t>(so.devices));
  so.sim.devices = std::move(all);
  if (!so.start.empty()) {
    const auto t = parse_instant(so.start);
    if (!t) throw UsageError("--start: a time such as 2026-01-01T00:00");
    so.sim.start = epoch_to_beijing(t->epoch);
  }
  std::unique_ptr<std::ofstream> log;
  receive::SimulatorHooks hooks;
  if (!so.acked_log.empty()) {
    log = std::make_unique<std::ofstream>(so.acked_log);
    if (!*log) throw IoError(so.acked_log + ": cannot write");
    *log << "mn,cn,data_time,qn,values\n";
    hooks.on_acked = [&](const std::string& mn, int cn, const std::string& t, const std::string& qn, int values) {
      *log << mn << ',' << cn << ',' << t << ',' << qn << ',' << values << '\n';
    };
  }
  const auto r = receive::run_simulator(so.sim, hooks);
  if (log) log->flush();
  Table t;
  t.title_zh = "HJ 212 模拟发送";
  t.title_en = "HJ 212 simulated devices";
  t.columns = {{"devices", "设备", "devices"},
               {"seconds", "秒", "seconds", 2},
               {"sent", "发送", "sent"},
               {"resent", "重发", "resent"},
               {"acked", "已应答", "acked"},
               {"unacked", "未应答", "unacked"},
               {"bad_sent", "坏包", "bad sent"},
               {"values_acked", "已应答数值", "values acked"},
               {"packets_per_s", "包/秒", "packets/s", 0},
               {"values_per_s", "数值/秒", "values/s", 0},
               {"p50_ms", "应答p50(ms)", "ack p50 (ms)", 2},
               {"p99_ms", "应答p99(ms)", "ack p99 (ms)", 2},
               {"reconnects", "重连", "reconnects"},
               {"connect_failures", "连接失败", "connect failures"}};
  const double s = r.elapsed_s > 0 ? r.elapsed_s : 1;
  t.add({Cell(so.sim.devices.size()), Cell(r.elapsed_s), Cell(r.sent), Cell(r.resent), Cell(r.acked),
         Cell(r.unacked_left), Cell(r.bad_sent), Cell(r.values_acked), Cell(static_cast<double>(r.acked) / s),
         Cell(static_cast<double>(r.values_acked) / s), Cell(r.latency_p50_ms), Cell(r.latency_p99_ms),
         Cell(r.reconnects), Cell(r.connect_failures)});
  ctx.present(Document(std::move(t)));
}

}  // namespace

void add_source_commands(CLI::App& app, Context& ctx) {
  auto* source = app.add_subcommand("source", "Pollution sources: enterprises and outlets with online monitoring");
  source->require_subcommand(1);
  struct Files {
    std::string ws, file;
  };
  auto fi = std::make_shared<Files>();
  auto* imp = source->add_subcommand(
      "import",
      "Import enterprises and outlets (CSV: enterprise_id,enterprise_name,outlet_id,outlet_kind,mn,password,"
      "standard,lon,lat[,industry,outlet_name])");
  imp->add_option("WS", fi->ws, "Workspace")->required();
  imp->add_option("FILE", fi->file, "Registry CSV; the MN and password are what the receiver accepts")->required();
  imp->callback([fi, &ctx] {
    ctx.present(runs::source_import_document(runs::run_source_import({fi->ws, fi->file}, ctx.run_env()), ctx.lang()));
  });
  auto li = std::make_shared<Files>();
  auto* list = source->add_subcommand("list", "Outlets with their device (MN), standard and the values received");
  list->add_option("WS", li->ws, "Workspace")->required();
  list->callback([li, &ctx] {
    ctx.present(runs::source_list_document(runs::run_source_list(li->ws, ctx.run_env()), ctx.lang()));
  });

  struct FigureOptions {
    std::string ws, period, by = "outlet";
    std::vector<std::string> outlets;
  };
  auto eo = std::make_shared<FigureOptions>();
  auto* exc = source->add_subcommand("exceedances", "Hourly exceedances of the emission limits per outlet");
  exc->add_option("WS", eo->ws, "Workspace")->required();
  exc->add_option("--period", eo->period, "2026, 2026-03, 2026Q1 or FROM..TO")->required();
  exc->add_option("--outlet", eo->outlets, "ENTERPRISE_ID/OUTLET_ID, outlet id or MN (repeatable; default: all)");
  exc->footer(
      "Hourly data (CN 2061): each pollutant's Avg, converted to the standard's reference O2 with the hour's\n"
      "measured O2 where the limit names one, against the limit in force that day. Hours the device flagged\n"
      "(F, M, S, D, C, B, unknown) are left out and counted. Parts: exceedances, outlets, pollutants.\n"
      "See docs/sources.md.\n\n"
      "Example:\n  ecobarrier source exceedances ws.gpkg --period 2026-03 --format csv -o exceedances.csv");
  exc->callback([eo, &ctx] {
    runs::SourceExceedancesRequest req{eo->ws, period_option(eo->period), eo->outlets};
    ctx.present(runs::source_exceedances_document(runs::run_source_exceedances(req, ctx.run_env()), ctx.lang()));
  });
  auto lo = std::make_shared<FigureOptions>();
  auto* loads = source->add_subcommand("loads", "Emission loads (t) per outlet, enterprise, league/city or county");
  loads->add_option("WS", lo->ws, "Workspace")->required();
  loads->add_option("--period", lo->period, "2026, 2026-03, 2026Q1 or FROM..TO")->required();
  loads->add_option("--by", lo->by, "outlet, enterprise, unit (league/city) or county (banner/county)")
      ->capture_default_str()
      ->check(CLI::IsMember({"outlet", "enterprise", "unit", "county"}));
  loads->add_option("--outlet", lo->outlets, "ENTERPRISE_ID/OUTLET_ID, outlet id or MN (repeatable; default: all)");
  loads->footer(
      "Load = sum over the hours of the Avg concentration x the hour's flow, the Cou of a00000 (gas) or w00000\n"
      "(water) in the hourly data; flagged and incomplete hours add nothing and are counted. See docs/sources.md.");
  loads->callback([lo, &ctx] {
    runs::SourceLoadsRequest req{lo->ws, period_option(lo->period), *runs::parse_source_load_by(lo->by), lo->outlets};
    ctx.present(runs::source_loads_document(runs::run_source_loads(req, ctx.run_env()), ctx.lang()));
  });

  auto ro = std::make_shared<receive::ReceiverOptions>();
  auto* recv = app.add_subcommand("receive", "HJ 212-2017/2005 receiver: store what registered devices send");
  recv->add_option("WS", ro->ws, "Workspace (with outlets from `source import`)")->required();
  recv->add_option("--bind", ro->bind, "IPv4 address to listen on")->capture_default_str();
  recv->add_option("--port", ro->port, "TCP port (0: any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  recv->add_option("--max-connections", ro->max_connections, "Connections open at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  recv->add_option("--max-packet", ro->max_packet, "Largest data segment in bytes (the standard: 1024)")
      ->capture_default_str()
      ->check(CLI::Range(16, 9999));
  recv->add_option("--packet-timeout", ro->packet_timeout_s, "Seconds a begun packet may take (slow senders)")
      ->capture_default_str();
  recv->add_option("--idle-timeout", ro->idle_timeout_s, "Seconds a silent connection stays open")
      ->capture_default_str();
  recv->add_option("--max-batch", ro->max_batch,
                   "Packets in one commit at most; a full batch waits for the commit before it (bounded memory)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  recv->footer(
      "Answers (9014) are sent only after the packet's values are committed to the workspace. SIGINT/SIGTERM stop\n"
      "it cleanly. Refusals are logged on stderr with the peer; counters are shown on a terminal.");
  recv->callback([ro, &ctx] { run_receive(ctx, *ro); });

  auto* hj = app.add_subcommand("hj212", "HJ 212 tools: a device simulator and a synthetic registry");
  hj->require_subcommand(1);
  auto so = std::make_shared<SendOptions>();
  auto* send = hj->add_subcommand("send", "Simulate devices sending minute and hourly data to a receiver");
  send->add_option("--host", so->sim.host, "Receiver address")->capture_default_str();
  send->add_option("--port", so->sim.port, "Receiver port")->capture_default_str()->check(CLI::Range(1, 65535));
  send->add_option("--registry", so->registry,
                   "Registry CSV with mn,password,outlet_kind (the file given to `source import`; the workspace "
                   "keeps only password hashes)")
      ->required();
  send->add_option("--devices", so->devices, "Use the first N devices of the registry (default: all)")
      ->check(CLI::Range(1, 1000000));
  send->add_option("--seconds", so->sim.seconds, "Seconds of sending")->capture_default_str();
  send->add_option("--drain", so->sim.drain_seconds, "Seconds to wait for outstanding answers")->capture_default_str();
  send->add_option("--bad-rate", so->sim.bad_rate, "Share of sends followed by a bad packet")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  send->add_option("--reconnect-rate", so->sim.reconnect_rate, "Share of answers after which a device reconnects")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  send->add_option("--rate", so->sim.rate, "Packets per second per device (0: as fast as answers come)")
      ->capture_default_str();
  send->add_option("--window", so->sim.window, "Unanswered packets per device")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  send->add_option("--hours", so->sim.hours,
                   "Send exactly N hourly (2061) packets per device from --start and no minute data, then stop once "
                   "they are answered")
      ->check(CLI::Range(1, 100000));
  send->add_option("--flag-rate", so->sim.flag_rate, "Share of values flagged M (maintenance)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  send->add_option("--start", so->start, "DataTime of the first minute (Beijing), e.g. 2026-01-01T00:00");
  send->add_option("--seed", so->sim.seed, "Random seed")->capture_default_str();
  send->add_option("--acked-log", so->acked_log, "Write every acknowledged packet (mn,cn,data_time,qn,values) here");
  send->callback([so, &ctx] { run_send(ctx, *so); });

  struct RegistryOptions {
    std::string file;
    int devices = 100;
    double lon = 111.75, lat = 40.84;
    std::uint64_t seed = 1;
  };
  auto rg = std::make_shared<RegistryOptions>();
  auto* reg = hj->add_subcommand("registry", "Write a SYNTHETIC registry CSV of enterprises and outlets");
  reg->add_option("FILE", rg->file, "CSV to write")->required();
  reg->add_option("--devices", rg->devices, "Outlets (devices)")->capture_default_str()->check(CLI::Range(1, 1000000));
  reg->add_option("--lon", rg->lon, "Centre longitude")->capture_default_str();
  reg->add_option("--lat", rg->lat, "Centre latitude")->capture_default_str();
  reg->add_option("--seed", rg->seed, "Random seed")->capture_default_str();
  reg->callback([rg, &ctx] {
    io::AtomicFile::write(rg->file, receive::synthetic_registry_csv(rg->devices, rg->lon, rg->lat, rg->seed));
    ctx.note(fmt::format("{}: {} SYNTHETIC outlets", rg->file, rg->devices));
  });
}

}  // namespace eb::app

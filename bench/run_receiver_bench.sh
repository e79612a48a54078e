#!/usr/bin/env bash
# HJ 212 receiver benchmark: the device simulator (ecobarrier hj212 send) against the receiver (ecobarrier
# receive) on loopback, in the same run, with durable acknowledgement (every answer follows a committed,
# fsynced transaction; group commit).
#
#   bench/run_receiver_bench.sh [--devices N] [--seconds S] [--window W] [--bad-rate R]
#
# Defaults: 5000 devices, 20 seconds, 4 unanswered packets per device, no bad packets. Each device sends
# minute data (2051) and, every 60 minutes of data, hourly data (2061), as fast as the answers come.
# Reports packets/s and values/s acknowledged, p50/p99 acknowledgement latency (seen by the devices), the peak
# memory (RSS) of the receiver and of the simulator, the CPU seconds each used (receiver: from /proc, per packet
# too) and the machine's load average before and after. No external baseline exists for this (no other HJ 212
# receiver is installed here), so there is no ratio: the report compares with the issue's goal of 50,000
# packets/s. Simulator and receiver share this machine's cores. Exits non-zero when a run fails or when an
# acknowledged packet is missing from the workspace.
#
# Environment: ECOBARRIER_BIN  the binary to measure (default: build/src/ecobarrier, built if needed), so two
#                              builds can be compared in one session, one after the other;
#              SIMULATOR_BIN   the binary whose `hj212 send` loads it (default: the same), so two receivers
#                              can be measured against the same simulator;
#              PERF_OUT        also write the figures as one JSON object to this file;
#              BUILD_DIR       build tree (default build/).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${BUILD_DIR:-$repo/build}"
devices=5000 seconds=20 window=4 bad_rate=0
while [ $# -gt 0 ]; do
  case "$1" in
    --devices) devices="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --window) window="$2"; shift 2 ;;
    --bad-rate) bad_rate="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run_receiver_bench: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -x /usr/bin/time ] || { echo "run_receiver_bench: /usr/bin/time is missing (Debian package time)" >&2; exit 2; }
if [ -n "${ECOBARRIER_BIN:-}" ]; then
  eb="$ECOBARRIER_BIN"
  [ -x "$eb" ] || { echo "run_receiver_bench: ECOBARRIER_BIN=$eb is not an executable" >&2; exit 2; }
else
  if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    cmake -S "$repo" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  cmake --build "$build_dir" --target ecobarrier >/dev/null
  eb="$build_dir/src/ecobarrier"
fi
sim_bin="${SIMULATOR_BIN:-$eb}"
[ -x "$sim_bin" ] || { echo "run_receiver_bench: SIMULATOR_BIN=$sim_bin is not an executable" >&2; exit 2; }
ulimit -n "$(( devices * 2 + 1024 ))" 2>/dev/null || true

tmp="$(mktemp -d)"
recv_pid=""
cleanup() { [ -n "$recv_pid" ] && kill "$recv_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

"$eb" -q init "$tmp/ws.gpkg"
"$eb" -q hj212 registry "$tmp/reg.csv" --devices "$devices"
"$eb" -q source import "$tmp/ws.gpkg" "$tmp/reg.csv"
"$eb" -q receive "$tmp/ws.gpkg" --port 0 \
  --max-connections "$(( devices + 100 ))" 2>"$tmp/recv.log" &
recv_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$tmp/recv.log" 2>/dev/null && break; sleep 0.1; done
port="$(grep -o 'listening on [0-9.]*:[0-9]*' "$tmp/recv.log" | cut -d: -f2)"
[ -n "$port" ] || { echo "run_receiver_bench: receiver did not start" >&2; cat "$tmp/recv.log" >&2; exit 1; }

cut -d' ' -f1-3 /proc/loadavg >"$tmp/load.before"
/usr/bin/time -f '%M %U %S' -o "$tmp/sim.rss" "$sim_bin" -q hj212 send --port "$port" --registry "$tmp/reg.csv" \
  --seconds "$seconds" --window "$window" --bad-rate "$bad_rate" --acked-log "$tmp/acked.csv" --format csv \
  >"$tmp/sim.csv"
cut -d' ' -f1-3 /proc/loadavg >"$tmp/load.after"
# The receiver's peak RSS (VmHWM) and its CPU time (utime + stime, clock ticks; fields 14 and 15 of stat, counted
# after the command name, which has no spaces here) before it stops.
awk '/VmHWM/ {print $2}' "/proc/$recv_pid/status" >"$tmp/recv.rss"
awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$recv_pid/stat" >"$tmp/recv.cpu"
kill -TERM "$recv_pid"
wait "$recv_pid" || { echo "run_receiver_bench: receiver failed" >&2; tail "$tmp/recv.log" >&2; exit 1; }
recv_pid=""

/usr/bin/python3 - "$tmp" "$devices" "$seconds" "$window" "$eb" "${PERF_OUT:-}" "$sim_bin" <<'PY'
import csv, json, sqlite3, sys
tmp, devices, seconds, window, binary, perf_out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
simulator = sys.argv[7]
sim = next(csv.DictReader(open(f"{tmp}/sim.csv", encoding="utf-8-sig")))
recv_rss = int(open(f"{tmp}/recv.rss").read().split()[-1]) / 1024
sim_rss_kb, sim_user, sim_sys = open(f"{tmp}/sim.rss").read().split()[-3:]
sim_rss, sim_cpu = int(sim_rss_kb) / 1024, float(sim_user) + float(sim_sys)
recv_cpu = float(open(f"{tmp}/recv.cpu").read())
load_before = [float(x) for x in open(f"{tmp}/load.before").read().split()]
load_after = [float(x) for x in open(f"{tmp}/load.after").read().split()]
con = sqlite3.connect(f"{tmp}/ws.gpkg")
# Values per packet as stored: from the one row per packet where the workspace has them (schema 12), else from the
# one row per value of older schemas (ECOBARRIER_BIN may be an older build).
if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'source_record'").fetchone():
    query = ("SELECT o.mn, r.cn, strftime('%Y%m%d%H%M%S', r.data_time + 28800, 'unixepoch'), "
             "sum(json_array_length(r.values_json)) FROM source_record r JOIN outlet o ON o.fid = r.outlet GROUP BY 1, 2, 3")
else:
    query = ("SELECT o.mn, v.cn, strftime('%Y%m%d%H%M%S', v.data_time + 28800, 'unixepoch'), count(*) "
             "FROM source_value v JOIN outlet o ON o.fid = v.outlet GROUP BY 1, 2, 3")
stored = dict(((mn, cn, t), n) for mn, cn, t, n in con.execute(query))
acked = list(csv.DictReader(open(f"{tmp}/acked.csv", encoding="utf-8")))
missing = sum(1 for p in acked if stored.get((p["mn"], int(p["cn"]), p["data_time"])) != int(p["values"]))
pps = float(sim["packets_per_s"])
acked_n = int(sim["acked"])
recv_cpu_us = recv_cpu / acked_n * 1e6 if acked_n else float("nan")
print(f"receiver {binary}, simulator {simulator}: devices {devices}, {seconds} s of sending, window {window} unanswered packets per device (loopback)")
print(f"{'packets acked':>14} {'values acked':>13} {'packets/s':>10} {'values/s':>10} {'ack p50 ms':>11} "
      f"{'ack p99 ms':>11} {'recv peak MiB':>14} {'sim peak MiB':>13}")
print(f"{sim['acked']:>14} {sim['values_acked']:>13} {pps:>10.0f} {float(sim['values_per_s']):>10.0f} "
      f"{float(sim['p50_ms']):>11.2f} {float(sim['p99_ms']):>11.2f} {recv_rss:>14.1f} {sim_rss:>13.1f}")
print(f"CPU: receiver {recv_cpu:.1f} s ({recv_cpu_us:.1f} us per acked packet), simulator {sim_cpu:.1f} s; "
      f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
      f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
print(f"goal 50,000 packets/s: {pps / 50000:.2f} of it (no external baseline: no other HJ 212 receiver here)")
print(f"acknowledged packets missing from the workspace: {missing} of {len(acked)}")
if perf_out:
    with open(perf_out, "w", encoding="utf-8") as f:
        json.dump({"binary": binary, "simulator": simulator, "devices": devices, "seconds": float(seconds), "window": int(window),
                   "packets_acked": acked_n, "values_acked": int(sim["values_acked"]), "packets_per_s": pps,
                   "values_per_s": float(sim["values_per_s"]), "ack_p50_ms": float(sim["p50_ms"]),
                   "ack_p99_ms": float(sim["p99_ms"]), "receiver_peak_rss_mib": recv_rss,
                   "simulator_peak_rss_mib": sim_rss, "receiver_cpu_s": recv_cpu,
                   "receiver_cpu_us_per_packet": recv_cpu_us, "simulator_cpu_s": sim_cpu,
                   "load_before": load_before, "load_after": load_after, "missing": missing,
                   "goal_share": pps / 50000}, f, indent=1)
        f.write("\n")
sys.exit(1 if missing else 0)
PY

#!/usr/bin/env bash
# HJ 212 receiver benchmark: the device simulator (ecobarrier hj212 send) against the receiver (ecobarrier
# receive) on loopback, in the same run, with durable acknowledgement (every answer follows a committed,
# fsynced transaction; group commit).
#
#   bench/run_receiver_bench.sh [--devices N] [--seconds S] [--window W] [--bad-rate R]
#
# Defaults: 5000 devices, 20 seconds, 4 unanswered packets per device, no bad packets. Each device sends
# minute data (2051) and, every 60 minutes of data, hourly data (2061), as fast as the answers come.
# Reports packets/s and values/s acknowledged, p50/p99 acknowledgement latency (seen by the devices) and
# the peak memory (RSS) of the receiver and of the simulator. No external baseline exists for this (no other
# HJ 212 receiver is installed here), so there is no ratio: the report compares with the issue's goal of
# 50,000 packets/s. Simulator and receiver share this machine's cores. Exits non-zero when a run fails or
# when an acknowledged packet is missing from the workspace.
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
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S "$repo" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build_dir" --target ecobarrier >/dev/null
eb="$build_dir/src/ecobarrier"
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

/usr/bin/time -f '%M' -o "$tmp/sim.rss" "$eb" -q hj212 send --port "$port" --registry "$tmp/reg.csv" \
  --seconds "$seconds" --window "$window" --bad-rate "$bad_rate" --acked-log "$tmp/acked.csv" --format csv \
  >"$tmp/sim.csv"
# The receiver's peak RSS (VmHWM) before it stops.
awk '/VmHWM/ {print $2}' "/proc/$recv_pid/status" >"$tmp/recv.rss"
kill -TERM "$recv_pid"
wait "$recv_pid" || { echo "run_receiver_bench: receiver failed" >&2; tail "$tmp/recv.log" >&2; exit 1; }
recv_pid=""

/usr/bin/python3 - "$tmp" "$devices" "$seconds" "$window" <<'PY'
import csv, sqlite3, sys
tmp, devices, seconds, window = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
sim = next(csv.DictReader(open(f"{tmp}/sim.csv", encoding="utf-8-sig")))
recv_rss = int(open(f"{tmp}/recv.rss").read().split()[-1]) / 1024
sim_rss = int(open(f"{tmp}/sim.rss").read().split()[-1]) / 1024
con = sqlite3.connect(f"{tmp}/ws.gpkg")
stored = dict(((mn, cn, t), n) for mn, cn, t, n in con.execute(
    "SELECT o.mn, v.cn, strftime('%Y%m%d%H%M%S', v.data_time + 28800, 'unixepoch'), count(*) "
    "FROM source_value v JOIN outlet o ON o.fid = v.outlet GROUP BY 1, 2, 3"))
acked = list(csv.DictReader(open(f"{tmp}/acked.csv", encoding="utf-8")))
missing = sum(1 for p in acked if stored.get((p["mn"], int(p["cn"]), p["data_time"])) != int(p["values"]))
pps = float(sim["packets_per_s"])
print(f"devices {devices}, {seconds} s of sending, window {window} unanswered packets per device (loopback)")
print(f"{'packets acked':>14} {'values acked':>13} {'packets/s':>10} {'values/s':>10} {'ack p50 ms':>11} "
      f"{'ack p99 ms':>11} {'recv peak MiB':>14} {'sim peak MiB':>13}")
print(f"{sim['acked']:>14} {sim['values_acked']:>13} {pps:>10.0f} {float(sim['values_per_s']):>10.0f} "
      f"{float(sim['p50_ms']):>11.2f} {float(sim['p99_ms']):>11.2f} {recv_rss:>14.1f} {sim_rss:>13.1f}")
print(f"goal 50,000 packets/s: {pps / 50000:.2f} of it (no external baseline: no other HJ 212 receiver here)")
print(f"acknowledged packets missing from the workspace: {missing} of {len(acked)}")
sys.exit(1 if missing else 0)
PY

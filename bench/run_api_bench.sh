#!/usr/bin/env bash
# API load bench: the dashboard's calls (bench/api/paths.txt) from 200 concurrent keep-alive connections for
# 10 s (wrk, loopback only) against `ecobarrier serve` on the demo workspace, and in the same run against a
# baseline serving the same answers (fetched from ecobarrier, saved as files) with Python's ThreadingHTTPServer.
# Prints p50/p90/p99 latency and requests/s of both; the goal is ecobarrier's p99 under 20 ms.
# Usage: bench/run_api_bench.sh [--connections N] [--seconds S]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
connections=200 seconds=10
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    *) echo "usage: $0 [--connections N] [--seconds S]" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: run scripts/setup" >&2; exit 1; }
build="${BUILD_DIR:-$repo/build}"
[ -f "$build/CMakeCache.txt" ] || cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target ecobarrier >/dev/null
eco="$build/src/ecobarrier"
tmp="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
mkdir -p "$build/bench-data"
ws="$build/bench-data/api-demo.gpkg"
[ -f "$ws" ] || "$eco" -q demo --workspace "$ws" >/dev/null
# All the load comes from one address (wrk on loopback): the per-client connection and rate limits are off.
"$eco" -q serve "$ws" --port 0 --max-connections-per-client 0 --rate-limit 0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pids+=($!)
for _ in $(seq 1 600); do grep -q '^serving ' "$tmp/serve.out" && break; sleep 0.1; done
url="$(sed -n 's/^serving \(http:[^ ]*\)\/$/\1/p' "$tmp/serve.out")"
[ -n "$url" ] || { cat "$tmp/serve.err" >&2; exit 1; }
paths="$repo/bench/api/paths.txt"
mkdir -p "$tmp/base"
cp "$paths" "$tmp/base/paths.txt"
i=0
while read -r p; do
  [ -n "$p" ] || continue
  code=$(curl -s -o "$tmp/base/$i.json" -w '%{http_code}' "$url$p")
  [ "$code" = 200 ] || { echo "bench: $p answered $code" >&2; exit 1; }
  i=$((i + 1))
done <"$paths"
base_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
/usr/bin/python3 "$repo/bench/api/baseline_server.py" "$tmp/base" "$base_port" 2>/dev/null &
pids+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$base_port$(head -1 "$paths")" && break; sleep 0.1; done
load() { ECOBARRIER_BENCH_PATHS="$paths" wrk -t2 -c"$connections" -d"${seconds}s" --timeout 5s -s "$repo/bench/api/dashboard_calls.lua" "$1" | grep '^RESULT'; }
eco_result=$(load "$url")
base_result=$(load "http://127.0.0.1:$base_port")
/usr/bin/python3 - "$eco_result" "$base_result" "$connections" "$seconds" "$i" <<'PY'
import sys
def parse(line):
    return {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
eco, base = parse(sys.argv[1]), parse(sys.argv[2])
print(f"API load: {sys.argv[5]} dashboard calls in turn, {sys.argv[3]} connections, {sys.argv[4]} s, loopback, gzip")
print(f"{'server':<34}{'requests/s':>12}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}")
for name, r in (("ecobarrier serve", eco), ("python ThreadingHTTPServer (files)", base)):
    print(f"{name:<34}{r['rps']:>12.0f}{r['p50_ms']:>9.2f}{r['p90_ms']:>9.2f}{r['p99_ms']:>9.2f}{r['max_ms']:>9.2f}"
          f"{r['errors_status'] + r['errors_socket']:>8.0f}")
print(f"ratio: {eco['rps'] / base['rps']:.1f}x the requests/s, p99 {base['p99_ms'] / eco['p99_ms']:.1f}x lower; "
      f"goal p99 < 20 ms: {'met' if eco['p99_ms'] < 20 else 'NOT met'} ({eco['p99_ms']:.2f} ms)")
PY

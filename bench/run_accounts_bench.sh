#!/usr/bin/env bash
# Accounts load bench (issue 17, "Speed"): N signed-in clients (default 200, one keep-alive connection each) against
# `ecobarrier serve` on a copy of the demo workspace for S seconds; each client makes four reads in five (the
# dashboard's published calls, GET auth/me, GET submissions?mine=1) and one durable submission (POST submissions,
# a project with a unique code for its reporter's banner) with its own bearer token, as fast as answered or, with
# --rate R, R requests a second each; an approver approves submissions meanwhile (one every --approve-every S
# seconds, default 1; 0: none; each approval changes published data, so the server drops its cache). Then the same load against a baseline (Python ThreadingHTTPServer +
# sqlite3 doing the same work, bench/api/accounts_baseline_server.py) in the same run.
# Prints p50/p90/p99/max latency of reads and of writes, requests/s and errors of both, and the ratio; checks that
# every 201 is stored exactly once (and every approval written), and that `ecobarrier audit verify` passes.
# Goal: p99 < 50 ms for reads, < 200 ms for durable writes. Exit 1 when a check fails (not on a missed goal).
# Usage: bench/run_accounts_bench.sh [--clients N] [--seconds S] [--reporters R] [--account-threads T]
#                                    [--approve-every S] [--rate R] [--no-baseline]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
clients=200 seconds=20 reporters=10 account_threads="" baseline=1 approve_every=1 rate=0
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --reporters) reporters="$2"; shift 2 ;;
    --account-threads) account_threads="$2"; shift 2 ;;
    --approve-every) approve_every="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --no-baseline) baseline=0; shift ;;
    *) echo "usage: $0 [--clients N] [--seconds S] [--reporters R] [--account-threads T] [--approve-every S] [--rate R] [--no-baseline]" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: run scripts/setup" >&2; exit 1; }
build="${BUILD_DIR:-$repo/build}"
[ -f "$build/CMakeCache.txt" ] || cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# ECOBARRIER_BIN=path measures another build's server (the workspace and accounts are made by it too).
if [ -n "${ECOBARRIER_BIN:-}" ]; then
  eco="$ECOBARRIER_BIN"
else
  cmake --build "$build" --target ecobarrier >/dev/null
  eco="$build/src/ecobarrier"
fi
py=/usr/bin/python3
helper="$repo/bench/api/accounts_client.py"
tmp="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
mkdir -p "$build/bench-data"
demo="$build/bench-data/api-demo.gpkg"
[ -f "$demo" ] || "$eco" -q demo --workspace "$demo" >/dev/null
ws="$tmp/ws.gpkg"
cp "$demo" "$ws"
password="load bench password (not secret)"
league=150100
# SYNTHETIC accounts: reporters in the league's banners (in turn), an approver at the league.
mapfile -t banners < <("$py" "$helper" banners "$ws" "$league" 9)
[ "${#banners[@]}" -gt 0 ] || { echo "bench: no banners under $league in $ws" >&2; exit 1; }
accounts=()
for i in $(seq 1 "$reporters"); do
  unit="${banners[$(((i - 1) % ${#banners[@]}))]}"
  printf '%s\n' "$password" | "$eco" -q user add "$ws" "bench-reporter-$i" --role reporter --unit "$unit" \
    --password-stdin >/dev/null 2>"$tmp/user.err" || { cat "$tmp/user.err" >&2; exit 1; }
  accounts+=("bench-reporter-$i:$unit")
done
printf '%s\n' "$password" | "$eco" -q user add "$ws" bench-approver --role approver --unit "$league" \
  --password-stdin >/dev/null 2>"$tmp/user.err" || { cat "$tmp/user.err" >&2; exit 1; }

start_server() {  # $@: the command; sets url
  "$@" >"$tmp/server.out" 2>"$tmp/server.err" &
  pids+=($!)
  server_pid=$!
  for _ in $(seq 1 600); do grep -q '^serving ' "$tmp/server.out" && break; sleep 0.1; done
  url="$(sed -n 's/^serving \(http:[^ ]*\)\/$/\1/p' "$tmp/server.out")"
  [ -n "$url" ] || { cat "$tmp/server.err" >&2; exit 1; }
}
stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }

# All the load comes from one address (loopback): the per-client limits are off.
extra=()
[ -z "$account_threads" ] || extra=(--account-threads "$account_threads")
start_server "$eco" -q serve "$ws" --port 0 --rate-limit 0 --write-rate-limit 0 --login-rate 0 \
  --max-connections-per-client 0 "${extra[@]}"
"$py" "$helper" tokens "$url" "$password" "$tmp/tokens.txt" "$clients" "${accounts[@]}"
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

load() {  # $1: url, $2: run prefix; prints the RESULT lines
  # wrk runs 5 s longer than the clients make requests: every request made is answered and counted (and the
  # connections, idle from then on, are not yet closed by the server's 10 s header timeout).
  ECOBARRIER_BENCH_PATHS="$paths" ECOBARRIER_BENCH_TOKENS="$tmp/tokens.txt" ECOBARRIER_BENCH_RUN="$2" \
    ECOBARRIER_BENCH_SECONDS="$seconds" ECOBARRIER_BENCH_RATE="$rate" wrk -t"$clients" -c"$clients" -d"$((seconds + 5))s" --timeout 60s \
    -s "$repo/bench/api/accounts_mix.lua" "$1" | grep '^RESULT\|^STATUS\|^SOCKET\|^SLOW'
}
field() { sed -n "s/.*kind=$2 .*\b$3=\([^ ]*\).*/\1/p" <<<"$1"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
"$py" "$helper" approve "$url" "$password" bench-approver "$seconds" "$approve_every" \
  "$tmp/approvals.txt" &
approver=$!
eco_result=$(load "$url" LOADTEST-ECO)
wait "$approver"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
stop_server
cp "$tmp/server.err" "$tmp/eco-server.err"
approved=$(sed -n 's/.*approved=\([0-9]*\).*/\1/p' "$tmp/approvals.txt")
status=0
eco_check=$("$py" "$helper" check "$ws" LOADTEST-ECO "$(field "$eco_result" write created)" "$approved") || status=1
audit=$("$eco" -q audit verify "$ws" 2>&1) && audit_ok=passes || { audit_ok="FAILS: $audit"; status=1; }

base_result="" base_check=""
if [ "$baseline" = 1 ]; then
  base_port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  start_server "$py" "$repo/bench/api/accounts_baseline_server.py" "$tmp/base" "$base_port" "$tmp/base.db" \
    "$tmp/tokens.txt"
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$base_port$(head -1 "$paths")" && break; sleep 0.1; done
  url="http://127.0.0.1:$base_port"
  base_result=$(load "$url" LOADTEST-BASE)
  stop_server
  base_check=$("$py" "$helper" check "$tmp/base.db" LOADTEST-BASE "$(field "$base_result" write created)" -1 \
    --baseline) || status=1
fi

"$py" - "$eco_result" "$base_result" "$clients" "$seconds" "$reporters" "$rate" "$approve_every" <<PY
import sys
def parse(text):
    out = {}
    for line in text.splitlines():
        if not line.startswith("RESULT"):
            continue
        kv = dict(item.split("=") for item in line.split()[1:])
        kind = kv.pop("kind")
        out[kind] = {k: float(v) for k, v in kv.items()}
    return out
eco, base = parse(sys.argv[1]), parse(sys.argv[2])
print(f"Accounts load: {sys.argv[3]} signed-in clients (one keep-alive connection and bearer token each, "
      f"{sys.argv[5]} reporter accounts), {sys.argv[4]} s, loopback; 4 reads : 1 submission per client, "
      + (f"{sys.argv[6]} requests/s per client" if float(sys.argv[6]) > 0 else "as fast as answered (no pause)")
      + (f"; an approval every {sys.argv[7]} s" if float(sys.argv[7]) > 0 else ""))
print(f"{'server':<30}{'kind':<11}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}"
      f"{'errors':>8}")
for name, r in (("ecobarrier serve", eco), ("python baseline", base)):
    for kind in ("read", "write", "published", "me", "mine"):
        if kind not in r:
            continue
        x = r[kind]
        print(f"{name:<30}{kind:<11}{x['count']:>9.0f}{x['rps']:>9.0f}{x['p50_ms']:>9.2f}{x['p90_ms']:>9.2f}"
              f"{x['p99_ms']:>9.2f}{x['max_ms']:>9.2f}{x['bad_status'] + x['socket_errors']:>8.0f}")
goal = {"read": 50, "write": 200}
for kind in ("read", "write"):
    x = eco[kind]
    line = f"{kind}s: goal p99 < {goal[kind]} ms {'met' if x['p99_ms'] < goal[kind] else 'NOT met'} ({x['p99_ms']:.2f} ms)"
    if kind in base:
        b = base[kind]
        line += f"; {x['rps'] / b['rps']:.1f}x the baseline's requests/s, p99 {b['p99_ms'] / x['p99_ms']:.1f}x lower"
    print(line)
PY
statuses() { grep '^STATUS\|^SOCKET' <<<"$1" | tr '\n' ' '; }
slow() { grep '^SLOW' <<<"$1" || true; }
echo "ecobarrier errors (STATUS kind_status=count, SOCKET: wrk's socket errors): $(statuses "$eco_result")"
[ -z "$base_result" ] || echo "baseline errors: $(statuses "$base_result")"
echo "ecobarrier $(slow "$eco_result")"
[ -z "$base_result" ] || echo "baseline $(slow "$base_result")"
[ ! -s "$tmp/eco-server.err" ] || { echo "ecobarrier serve's messages (last 5):"; tail -5 "$tmp/eco-server.err"; }
echo "approver during the load: $(cat "$tmp/approvals.txt")"
echo "ecobarrier workspace: $eco_check; audit verify $audit_ok"
[ -z "$base_check" ] || echo "baseline database: $base_check"
echo "load average (1, 5, 15 min) before: $load_before, after: $load_after ($(nproc) cores)"
exit $status

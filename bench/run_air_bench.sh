#!/usr/bin/env bash
# Air engine benchmark: a national-scale year (hourly AQI, daily values, annual assessment) in ecobarrier's
# bench_air against a numpy/pandas baseline, on the same generated file in the same run.
#
#   bench/run_air_bench.sh [--copies N] [--repeat R]
#
# Generates (or reuses) BUILD_DIR/bench-data/cnemc_national_2019_xN.csv from the bundled CNEMC file
# (48*N stations x 8,760 hours, 7 types; N defaults to 32: 1,536 stations), builds bench_air (BUILD_DIR,
# default build/), runs it and bench/air/baseline_numpy.py on that file, both pinned to core 0 with
# taskset when it exists (R times each, alternately, default 1; the run with the best total time counts),
# and prints a report: time, station-hours/s and peak memory of each, the ratio, the AQI kernel rate and
# the goals. Without a bench_air target (not written yet), only the baseline runs. Exits non-zero when a
# run fails or when the two engines disagree on a result; no timing goal makes it fail.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${BUILD_DIR:-$repo/build}"
python=/usr/bin/python3
src="$repo/data/demo/air/cnemc_hourly_2019H1_innermongolia.csv"
copies=32
repeat=1

while [ $# -gt 0 ]; do
  case "$1" in
    --copies) [ $# -ge 2 ] || { echo "run_air_bench: --copies needs a number" >&2; exit 2; }
              copies="$2"; shift 2 ;;
    --repeat) [ $# -ge 2 ] || { echo "run_air_bench: --repeat needs a number" >&2; exit 2; }
              repeat="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run_air_bench: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$copies" in ''|*[!0-9]*|0) echo "run_air_bench: --copies must be a positive integer" >&2; exit 2 ;; esac
case "$repeat" in ''|*[!0-9]*|0) echo "run_air_bench: --repeat must be a positive integer" >&2; exit 2 ;; esac
[ -x "$python" ] || { echo "run_air_bench: $python is missing (Debian python3 with python3-pandas)" >&2; exit 2; }

file="$build_dir/bench-data/cnemc_national_2019_x$copies.csv"
"$python" "$repo/bench/air/make_national_year.py" "$src" "$file" --copies "$copies" --year 2019

# Build bench_air. A tree without the target (the program is not written yet) runs the baseline alone.
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S "$repo" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
bench="$build_dir/bench/bench_air"
have_bench=1
if ! grep -qs 'bench_air' "$repo/bench/CMakeLists.txt"; then
  have_bench=0
else
  log="$(mktemp)"
  if ! cmake --build "$build_dir" --target bench_air >"$log" 2>&1; then
    if grep -qE "unknown target 'bench_air'|No rule to make target '?bench_air" "$log"; then
      have_bench=0
    else
      cat "$log" >&2; rm -f "$log"
      echo "run_air_bench: building bench_air failed" >&2; exit 1
    fi
  fi
  rm -f "$log"
fi
if [ "$have_bench" = 0 ]; then
  echo "run_air_bench: there is no bench_air target yet (bench/air/bench_air.cpp in bench/CMakeLists.txt);" \
       "running the numpy baseline only" >&2
elif [ ! -x "$bench" ]; then
  echo "run_air_bench: $bench was not built" >&2; exit 1
fi

pin=()
pin2=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c 0); pin2=(taskset -c 0,1); fi
# bench_air parses the next day on a second thread while it computes: it runs once on core 0 alone (the
# same single core as the baseline) and once on two cores when the machine has them.
two_cores=0
if [ "$(nproc)" -ge 2 ]; then two_cores=1; fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cat "$file" >/dev/null  # both engines read the file from the page cache
echo "file: $file ($(( $(stat -c %s "$file") / 1000000 )) MB, $((48 * copies)) stations)"
echo "runs: $repeat of each, alternately${pin:+, pinned with ${pin[*]}}; the best total time counts"
for r in $(seq "$repeat"); do
  if [ "$have_bench" = 1 ]; then
    "${pin[@]}" "$bench" "$file" >"$tmp/eco.$r.json" || { echo "run_air_bench: bench_air failed" >&2; exit 1; }
    if [ "$two_cores" = 1 ]; then
      "${pin2[@]}" "$bench" "$file" >"$tmp/eco2.$r.json" || { echo "run_air_bench: bench_air failed" >&2; exit 1; }
    fi
  fi
  "${pin[@]}" "$python" "$repo/bench/air/baseline_numpy.py" "$file" >"$tmp/numpy.$r.json" \
    || { echo "run_air_bench: baseline_numpy.py failed" >&2; exit 1; }
done

"$python" - "$tmp" "$repeat" "$have_bench" "$two_cores" <<'PY'
import json, os, sys

tmp, repeat, have_bench, two_cores = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4] == "1"

def best(prefix):
    runs = [json.load(open(os.path.join(tmp, f"{prefix}.{r}.json"))) for r in range(1, repeat + 1)]
    b = min(runs, key=lambda j: j["total_s"])
    b["all_total_s"] = [j["total_s"] for j in runs]
    return b

base = best("numpy")
eco = best("eco") if have_bench else None
eco2 = best("eco2") if have_bench and two_cores else None
engines = [("numpy/pandas baseline", base)]
if eco:
    engines.insert(0, ("ecobarrier, 1 core", eco))
if eco2:
    engines.insert(1, ("ecobarrier, 2 cores", eco2))

print()
print(f"{'engine':<24} {'station-hours':>14} {'total s':>9} {'read s':>8} {'compute s':>10} "
      f"{'M st-h/s':>9} {'peak MiB':>9}")
num = lambda r, key, fmt: format(r[key], fmt) if isinstance(r.get(key), (int, float)) else "-"
for label, r in engines:
    print(f"{label:<24} {r['station_hours']:>14,} {r['total_s']:>9.3f} {num(r, 'read_s', '.3f'):>8} "
          f"{num(r, 'compute_s', '.3f'):>10} {r['station_hours_per_s'] / 1e6:>9.2f} {r['peak_rss_mb']:>9.1f}")
if repeat > 1:
    for label, r in engines:
        print(f"  {label} total times: {', '.join(f'{t:.3f}' for t in r['all_total_s'])} s")
print()
print(f"baseline results: {base['n_hourly_aqi']:,} hourly AQI (sum {base['sum_hourly_aqi']:,}), "
      f"{base['n_valid_days_pm25']:,} valid PM2.5 station-days")
if eco is None:
    print("bench_air was not run: no comparison, no goals")
    sys.exit(0)

# Agreement: the hourly AQI exactly, every annual statistic within 1e-6 relative, the same counts.
problems = []
for run in [e for e in (eco, eco2) if e]:
    for key in ("n_hourly_aqi", "sum_hourly_aqi", "n_valid_days_pm25"):
        if run.get(key) != base[key]:
            problems.append(f"{key}: ecobarrier {run.get(key)}, baseline {base[key]}")
    eco_stats = run.get("stats", {})
    for name, (total, count) in base["stats"].items():
        if name not in eco_stats:
            problems.append(f"stats[{name}]: missing in ecobarrier")
            continue
        e_total, e_count = eco_stats[name]
        if e_count != count:
            problems.append(f"stats[{name}] count: ecobarrier {e_count}, baseline {count}")
        if abs(e_total - total) > 1e-6 * max(abs(total), abs(e_total)):
            problems.append(f"stats[{name}] sum: ecobarrier {e_total!r}, baseline {total!r}")
if "o3_1h_max" in eco:  # optional extra check
    (e_total, e_count), (total, count) = eco["o3_1h_max"], base["o3_1h_max"]
    if e_count != count or abs(e_total - total) > 1e-6 * max(abs(total), abs(e_total)):
        problems.append(f"o3_1h_max: ecobarrier {eco['o3_1h_max']}, baseline {base['o3_1h_max']}")
if eco.get("station_hours") != base["station_hours"]:
    print(f"note: station_hours differ (ecobarrier {eco.get('station_hours')}, baseline {base['station_hours']})")

ratio = base["total_s"] / eco["total_s"]
kernel = eco.get("aqi_kernel_station_hours_per_s")
goal = lambda ok: "met" if ok else "NOT met"
parts = ""
if isinstance(eco.get("read_s"), (int, float)) and isinstance(eco.get("compute_s"), (int, float)):
    parts = (f" (read {base['read_s'] / max(eco['read_s'], 1e-9):.2f}x, "
             f"compute {base['compute_s'] / max(eco['compute_s'], 1e-9):.2f}x)")
print(f"ratio end to end, 1 core each (baseline total / ecobarrier total): {ratio:.2f}x{parts}")
best_ratio = ratio
if eco2:
    ratio2 = base["total_s"] / eco2["total_s"]
    best_ratio = max(ratio, ratio2)
    print(f"ratio end to end, ecobarrier on 2 cores (the baseline cannot use a second): {ratio2:.2f}x")
print(f"goal >= 10x the baseline end to end:          {goal(best_ratio >= 10)} ({best_ratio:.2f}x)")
if kernel is None:
    print("goal >= 50 M station-hours/s, AQI kernel:     unknown (bench_air printed no aqi_kernel_station_hours_per_s)")
else:
    print(f"goal >= 50 M station-hours/s, AQI kernel:     {goal(kernel >= 50e6)} ({kernel / 1e6:.1f} M/s)")
print(f"goal peak memory < 2 GiB (2048 MiB):          {goal(eco['peak_rss_mb'] < 2048)} "
      f"({eco['peak_rss_mb']:.1f} MiB)")
print()
if problems:
    print("RESULTS DISAGREE:")
    for p in problems:
        print("  " + p)
    sys.exit(1)
print(f"results agree: n_hourly_aqi, sum_hourly_aqi, n_valid_days_pm25 equal; {len(base['stats'])} annual "
      f"statistics equal counts, sums within 1e-6 relative")
PY

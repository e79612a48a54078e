#!/usr/bin/env bash
# Ingest benchmark: ecobarrier's read_cnemc_wide against a pandas baseline, on the same file in the same run.
#
#   bench/run_ingest_bench.sh [FILE] [--repeat N]
#
# FILE defaults to the bundled CNEMC wide demo file. Builds bench_ingest if needed (BUILD_DIR, default
# build/, must be configured; it is configured here when it is not). Both engines are pinned to one core
# with taskset when it exists. Prints a short report; exits non-zero when a run fails or when the two
# engines did not find the same number of values. No timing goal makes it fail: it only reports them.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${BUILD_DIR:-$repo/build}"
python=/usr/bin/python3
file="$repo/data/demo/air/cnemc_hourly_2019H1_innermongolia.csv"
repeat=7

while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) [ $# -ge 2 ] || { echo "run_ingest_bench: --repeat needs a number" >&2; exit 2; }
              repeat="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run_ingest_bench: unknown option $1" >&2; exit 2 ;;
    *) file="$1"; shift ;;
  esac
done
[ -r "$file" ] || { echo "run_ingest_bench: cannot read $file" >&2; exit 2; }
[ -x "$python" ] || { echo "run_ingest_bench: $python is missing (Debian python3 with python3-pandas)" >&2; exit 2; }

if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S "$repo" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build_dir" --target bench_ingest >/dev/null
bench="$build_dir/bench/bench_ingest"
[ -x "$bench" ] || { echo "run_ingest_bench: $bench was not built" >&2; exit 1; }

pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c 0); fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "file: $file"
echo "repeat: $repeat (best and median wall time)${pin:+, pinned with ${pin[*]}}"
"${pin[@]}" "$bench" "$file" --repeat "$repeat" >"$tmp/ecobarrier.json"
"${pin[@]}" "$bench" "$file" --repeat "$repeat" --validate >"$tmp/validated.json"
"${pin[@]}" "$python" "$repo/bench/ingest/baseline_pandas.py" "$file" --repeat "$repeat" >"$tmp/pandas.json"

"$python" - "$tmp/ecobarrier.json" "$tmp/pandas.json" "$tmp/validated.json" <<'PY'
import json, sys

eco, pd, val = (json.load(open(p)) for p in sys.argv[1:4])
print()
print(f"{'engine':<54} {'values':>10} {'MB':>7} {'best s':>9} {'median s':>9} {'M values/s':>11} {'MB/s':>8}")
for r in (eco, val, pd):
    print(f"{r['engine']:<54} {r['values']:>10} {r['bytes'] / 1e6:>7.2f} {r['best_s']:>9.4f} {r['median_s']:>9.4f} "
          f"{r['values_per_s'] / 1e6:>11.2f} {r['mb_per_s']:>8.1f}")
print()
if eco["values"] != pd["values"]:
    print(f"MISMATCH: ecobarrier found {eco['values']} values ({eco.get('rejections', 0)} cells or lines rejected), "
          f"pandas {pd['values']}")
    sys.exit(1)
print(f"same number of values in both engines: {eco['values']}")
ratio = pd["best_s"] / eco["best_s"]
print(f"ratio (pandas best / ecobarrier best): {ratio:.2f}x")
goal = lambda ok: "met" if ok else "NOT met"
print(f"goal >= 10x the pandas baseline:        {goal(ratio >= 10)} ({ratio:.2f}x)")
print(f"ratio with ordering and duplicate check (read_observations): {pd['best_s'] / val['best_s']:.2f}x")
print(f"goal >= 5 M values/s on one core:       {goal(eco['values_per_s'] >= 5e6)} "
      f"({eco['values_per_s'] / 1e6:.2f} M values/s)")
PY

#!/usr/bin/env bash
# Groundwater classification benchmark (GB/T 14848-2017): 10 million samples (10 items each), ecobarrier's column
# kernel against a
# vectorised numpy baseline on the same columns in the same run, both on core 0. Prints the ratio; exits
# non-zero if the class histograms differ. Usage: bench/run_groundwater_bench.sh [--n N] [--repeat R]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
n=10000000
repeat=3
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    *) echo "usage: $0 [--n N] [--repeat R]" >&2; exit 2 ;;
  esac
done
build="${BUILD_DIR:-$repo/build}"
python=/usr/bin/python3
[ -f "$build/CMakeCache.txt" ] || cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target bench_groundwater >/dev/null
data_dir="$build/bench-data"
"$python" "$repo/bench/groundwater/make_samples.py" "$data_dir" --n "$n" >/dev/null
file="$data_dir/groundwater_samples_$n.f64"
pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c 0); fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for r in $(seq "$repeat"); do
  "${pin[@]}" "$build/bench/bench_groundwater" "$file" >"$tmp/eco.$r.json"
  "${pin[@]}" "$python" "$repo/bench/groundwater/baseline_numpy.py" "$file" >"$tmp/np.$r.json"
done
"$python" - "$tmp" "$repeat" <<'PY'
import json, os, sys
tmp, repeat = sys.argv[1], int(sys.argv[2])
def best(p):
    runs = [json.load(open(os.path.join(tmp, f"{p}.{r}.json"))) for r in range(1, repeat + 1)]
    return min(runs, key=lambda j: j["seconds"]), [j["seconds"] for j in runs]
eco, eco_all = best("eco")
np_, np_all = best("np")
print(f"samples: {eco['n']:,} x {eco['items']} items; best of {repeat}, core 0")
for label, r, all_s in (("ecobarrier groundwater kernel", eco, eco_all), (np_["engine"], np_, np_all)):
    print(f"{label:<24} {r['seconds']:8.4f} s  {r['samples_per_s'] / 1e6:8.1f} M samples/s   "
          f"(runs: {', '.join(f'{s:.4f}' for s in all_s)})")
ratio = np_["seconds"] / eco["seconds"]
print(f"ratio (numpy / ecobarrier): {ratio:.1f}x   goal >= 20x: {'met' if ratio >= 20 else 'NOT met'}")
if eco["class_histogram"] != np_["class_histogram"]:
    print(f"CLASS HISTOGRAMS DIFFER: ecobarrier {eco['class_histogram']}, numpy {np_['class_histogram']}")
    sys.exit(1)
print(f"same classes in both: histogram (missing, I..V) {eco['class_histogram']}")
PY

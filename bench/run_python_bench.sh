#!/usr/bin/env bash
# The Python module against the CLI on the same zonal and AQI jobs, in one run (bench/python/bench_module.py):
# zonal statistics of a SYNTHETIC raster (bench/raster/make_raster.py, --size N, default 4000) over the 103 counties,
# and the HJ 633 hourly report of the bundled CNEMC file. Goal (issue 21): the binding's overhead <= 5 %.
#   bench/run_python_bench.sh [--size N] [--repeat R]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
size=4000
repeat=5
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    *) echo "usage: $0 [--size N] [--repeat R]" >&2; exit 2 ;;
  esac
done
build="${BUILD_DIR:-$repo/build}"
python=/usr/bin/python3
[ -f "$build/CMakeCache.txt" ] || cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target ecobarrier eb_python_core >/dev/null
raster="$("$python" "$repo/bench/raster/make_raster.py" "$build/bench-data" --size "$size")"
export GDAL_CACHEMAX=64
cat "$raster" >/dev/null  # warm the page cache once so neither side pays the first read
PYTHONPATH="$build/python" "$python" "$repo/bench/python/bench_module.py" --bin "$build/src/ecobarrier" \
  --raster "$raster" --zones "$repo/data/demo/boundaries/150000_counties_merged.json" \
  --observations "$repo/data/demo/air/cnemc_hourly_2019H1_innermongolia.csv" --repeat "$repeat"

#!/usr/bin/env bash
# ecobarrier.dask scaling bench (bench/README.md, docs/scale.md): builds the Python module if needed, then runs
# bench_dask_zonal.py (1 vs 2 workers on a 20000 x 20000 raster, four times the zonal bench's cells).
# Usage: bench/dask/run_dask_bench.sh [--size N] [--repeat N] [--window-rows N]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
build="${BUILD_DIR:-$repo/build}"
[ -f "$build/CMakeCache.txt" ] || cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target eb_python_core >/dev/null
export GDAL_CACHEMAX=64
PYTHONPATH="$build/python" exec /usr/bin/python3 "$repo/bench/dask/bench_dask_zonal.py" \
  --data-dir "$build/bench-data" "$@"

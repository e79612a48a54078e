#!/usr/bin/env bash
# Zonal statistics benchmark: a SYNTHETIC 10000 x 10000 Float32 raster over Inner Mongolia (tiled GeoTIFF)
# summarised over the 103 counties by `ecobarrier raster zonal` (exact coverage weighting) and by the common
# baseline (gdal_rasterize of the counties onto the grid + numpy bincount, cell centres only), in the same run,
# GDAL_CACHEMAX=64 for both. Prints the ratio and how far the two disagree. Usage: bench/run_raster_bench.sh [--size N]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
size=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    *) echo "usage: $0 [--size N]" >&2; exit 2 ;;
  esac
done
build="${BUILD_DIR:-$repo/build}"
python=/usr/bin/python3
[ -f "$build/CMakeCache.txt" ] || cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target ecobarrier >/dev/null
raster="$("$python" "$repo/bench/raster/make_raster.py" "$build/bench-data" --size "$size")"
zones="$repo/data/demo/boundaries/150000_counties_merged.json"
export GDAL_CACHEMAX=64
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Warm the page cache once so neither side pays the first read.
cat "$raster" >/dev/null
for r in 1 2 3; do
  s=$(date +%s.%N)
  "$build/src/ecobarrier" -q raster zonal "$raster" "$zones" --id-field adcode --make-valid \
    --stats count,sum,mean --format csv >"$tmp/eco.$r.csv"
  e=$(date +%s.%N)
  echo "$s $e" >"$tmp/eco.$r.time"
  "$python" "$repo/bench/raster/baseline_zonal.py" "$raster" "$zones" adcode >"$tmp/base.$r.json"
done
"$python" - "$tmp" "$raster" <<'PY'
import csv, json, os, sys
tmp, raster = sys.argv[1], sys.argv[2]
eco_s, base_s = [], []
for r in (1, 2, 3):
    s, e = map(float, open(os.path.join(tmp, f"eco.{r}.time")).read().split())
    eco_s.append(e - s)
    base_s.append(json.load(open(os.path.join(tmp, f"base.{r}.json")))["seconds"])
eco = {row["id"]: row for row in csv.DictReader(open(os.path.join(tmp, "eco.1.csv"), encoding="utf-8-sig"))}
base = json.load(open(os.path.join(tmp, "base.1.json")))["zones"]
size = os.path.getsize(raster)
print(f"raster: {os.path.basename(raster)} ({size / 2**20:.0f} MiB), zones: {len(eco)} counties; best of 3")
print(f"ecobarrier raster zonal (exact)      {min(eco_s):8.3f} s   (runs: {', '.join(f'{x:.3f}' for x in eco_s)})")
print(f"gdal_rasterize + numpy (centres)     {min(base_s):8.3f} s   (runs: {', '.join(f'{x:.3f}' for x in base_s)})")
ratio = min(base_s) / min(eco_s)
print(f"ratio (baseline / ecobarrier): {ratio:.1f}x   goal >= 10x: {'met' if ratio >= 10 else 'NOT met'}")
print(f"ecobarrier throughput: {size / min(eco_s) / 1e9:.2f} GB/s of raster")
dev = sorted((abs(float(eco[k]["count"]) - v[0]) / max(v[0], 1), k) for k, v in base.items())
print(f"centre-sampling error of the baseline in count: median {dev[len(dev) // 2][0] * 100:.3f} %, "
      f"max {dev[-1][0] * 100:.3f} % ({dev[-1][1]})")
PY

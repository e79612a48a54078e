#!/usr/bin/env bash
# NDVI + FVC + grading benchmark: SYNTHETIC 10000 x 10000 Float32 red/NIR rasters over Inner Mongolia.
# ecobarrier two ways — in one pass (`raster fvc --red --nir --ndvi-out --grades`, reading each band once) and in
# two commands (`raster ndvi`, then `raster fvc NDVI`) — against gdal_calc.py doing the same three steps (NDVI, FVC
# clipped to 0..1, 5 grades), all writing the same three files (tiled, DEFLATE, predictor), in the same run,
# GDAL_CACHEMAX=64 for all. Then the in-memory kernels against the machine's memory bandwidth (GB/s). Fixed NDVI_soil/NDVI_veg for both (gdal_calc.py has no percentiles). The baseline marks nodata -9999:
# gdal_calc.py 3.6 mishandles NaN as an input nodata value (every cell of the next step becomes nodata). Usage: bench/run_vegetation_bench.sh [--size N]
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
cmake --build "$build" --target ecobarrier bench_vegetation_kernel >/dev/null
read -r red nir < <("$python" "$repo/bench/raster/make_bands.py" "$build/bench-data" --size "$size")
export GDAL_CACHEMAX=64
tmp="$(mktemp -d "$build/bench-data/veg.XXXXXX")"
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$tmp"' EXIT; else echo "keeping $tmp" >&2; fi
cat "$red" "$nir" >/dev/null
co=(--co TILED=YES --co BLOCKXSIZE=256 --co BLOCKYSIZE=256 --co COMPRESS=DEFLATE)
now() { date +%s.%N; }
s=$(now)
"$build/src/ecobarrier" -q raster fvc --red "$red" --nir "$nir" --ndvi-out "$tmp/ndvi1.tif" --out "$tmp/fvc1.tif" \
  --grades "$tmp/grades1.tif" --soil 0.05 --veg 0.85 --format csv >"$tmp/eco_areas1.csv"
e=$(now)
fused=$(echo "$e - $s" | bc)
s=$(now)
"$build/src/ecobarrier" -q raster ndvi "$red" "$nir" --out "$tmp/ndvi.tif"
"$build/src/ecobarrier" -q raster fvc "$tmp/ndvi.tif" --out "$tmp/fvc.tif" --grades "$tmp/grades.tif" \
  --soil 0.05 --veg 0.85 --format csv >"$tmp/eco_areas.csv"
e=$(now)
eco=$(echo "$e - $s" | bc)
s=$(now)
gdal_calc.py --quiet -A "$red" -B "$nir" --outfile "$tmp/g_ndvi.tif" --type Float32 "${co[@]}" --co PREDICTOR=3 \
  --calc "(B.astype(float32) - A) / (B.astype(float32) + A)" --NoDataValue -9999 >/dev/null
gdal_calc.py --quiet -A "$tmp/g_ndvi.tif" --outfile "$tmp/g_fvc.tif" --type Float32 "${co[@]}" --co PREDICTOR=3 \
  --calc "clip((A - 0.05) / (0.85 - 0.05), 0, 1)" --NoDataValue -9999 >/dev/null
gdal_calc.py --quiet -A "$tmp/g_fvc.tif" --outfile "$tmp/g_grades.tif" --type Byte "${co[@]}" --co PREDICTOR=2 \
  --calc "1 + (A >= 0.1).astype(uint8) + (A >= 0.3).astype(uint8) + (A >= 0.5).astype(uint8) + (A >= 0.7).astype(uint8)" \
  --NoDataValue 255 >/dev/null
e=$(now)
base=$(echo "$e - $s" | bc)
"$python" - "$tmp" "$fused" "$eco" "$base" "$size" <<'PY'
import sys
import numpy as np
from osgeo import gdal
tmp, fused, eco, base, size = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
cells = size * size
print(f"input: 2 x {size} x {size} Float32 ({2 * cells * 4 / 2**20:.0f} MiB), outputs NDVI, FVC, grades (tiled, DEFLATE)")
print(f"ecobarrier raster fvc --red --nir (one pass) {fused:8.2f} s   {cells / fused / 1e6:7.1f} M cells/s")
print(f"ecobarrier raster ndvi, then raster fvc      {eco:8.2f} s   {cells / eco / 1e6:7.1f} M cells/s")
print(f"gdal_calc.py x 3 (same steps)                {base:8.2f} s   {cells / base / 1e6:7.1f} M cells/s")
print(f"ratio one pass (gdal_calc / ecobarrier):     {base / fused:.1f}x   goal >= 5x: {'met' if base / fused >= 5 else 'NOT met'}")
print(f"ratio two commands:                          {base / eco:.1f}x")
b = gdal.Open(f"{tmp}/g_grades.tif").ReadAsArray()
for name in ("grades1", "grades"):
    a = gdal.Open(f"{tmp}/{name}.tif").ReadAsArray()
    print(f"grades differing ({name}.tif vs gdal_calc): {(a != b).sum()} of {cells} cells")
PY
echo
"$build/bench/bench_vegetation_kernel" --size 4096

#!/usr/bin/env bash
# Screening benchmark: SYNTHETIC 10,000 complex polygons (100-400 vertices) as a protected layer, 1,000,000 points
# and 100,000 small polygons over Inner Mongolia. ecobarrier (`layer import` once, then `screen --no-distance`
# writing CSV) against GeoPandas 0.12 / Shapely 1.8 / rtree from Debian (sjoin "intersects", and each overlap's
# area in an Albers projection for the polygons), in the same run. Checks that both find the same sites touching.
# Usage: bench/run_spatial_bench.sh [--points N] [--sites N] [--polygons N]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
points=1000000 sites=100000 polygons=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --points) points="$2"; shift 2 ;;
    --sites) sites="$2"; shift 2 ;;
    --polygons) polygons="$2"; shift 2 ;;
    *) echo "usage: $0 [--points N] [--sites N] [--polygons N]" >&2; exit 2 ;;
  esac
done
build="${BUILD_DIR:-$repo/build}"
python=/usr/bin/python3
[ -f "$build/CMakeCache.txt" ] || cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target ecobarrier >/dev/null
read -r layer points_csv points_gpkg sites_gpkg < <("$python" "$repo/bench/spatial/make_screening_data.py" \
  "$build/bench-data" --polygons "$polygons" --points "$points" --sites "$sites" 2>/dev/null)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
eco="$build/src/ecobarrier"
now() { date +%s.%N; }
cat "$layer" "$points_csv" "$points_gpkg" "$sites_gpkg" >/dev/null
"$eco" -q init "$tmp/ws.gpkg" >/dev/null
s=$(now); "$eco" -q layer import "$tmp/ws.gpkg" "$layer" --kind red_line --name-field name >/dev/null; e=$(now)
import_s=$(echo "$e - $s" | bc)
s=$(now); "$eco" -q screen "$tmp/ws.gpkg" "$points_gpkg" --no-distance --format csv -o "$tmp/eco_points.csv"; e=$(now)
points_s=$(echo "$e - $s" | bc)
s=$(now); "$eco" -q screen "$tmp/ws.gpkg" "$sites_gpkg" --no-distance --format csv -o "$tmp/eco_sites.csv"; e=$(now)
sites_s=$(echo "$e - $s" | bc)
"$python" "$repo/bench/spatial/baseline_screen.py" "$layer" "$points_csv" "$sites_gpkg" "$tmp" >"$tmp/base.json"
"$python" - "$tmp" "$import_s" "$points_s" "$sites_s" "$points" "$sites" "$polygons" <<'PY'
import json, sys
import pandas as pd
tmp, import_s, points_s, sites_s = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
n_points, n_sites, n_polygons = int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
base = json.load(open(f"{tmp}/base.json"))
bp, bs = base["read_layer"] + base["points"], base["read_layer"] + base["sites"]
print(f"protected layer: {n_polygons} polygons of 100-400 vertices; {n_points} points; {n_sites} polygon sites")
print(f"ecobarrier layer import (once)          {import_s:8.2f} s")
print(f"points   ecobarrier screen   {points_s:8.2f} s  ({n_points / points_s / 1e6:.2f} M points/s, goal >= 1: "
      f"{'met' if n_points / points_s >= 1e6 else 'NOT met'})")
print(f"points   GeoPandas sjoin     {bp:8.2f} s   ratio {bp / points_s:5.1f}x  goal >= 10x: "
      f"{'met' if bp / points_s >= 10 else 'NOT met'}")
print(f"polygons ecobarrier screen   {sites_s:8.2f} s  (ellipsoidal overlap areas)")
print(f"polygons GeoPandas + areas   {bs:8.2f} s   ratio {bs / sites_s:5.1f}x  goal >= 10x: "
      f"{'met' if bs / sites_s >= 10 else 'NOT met'}")
e = pd.read_csv(f"{tmp}/eco_points.csv")
b = pd.read_csv(f"{tmp}/baseline_points.csv")
print(f"points touching a polygon: ecobarrier {e[e.layer.notna()].site.nunique()}, GeoPandas "
      f"{b.dropna().id.nunique()}")
e = pd.read_csv(f"{tmp}/eco_sites.csv")
b = pd.read_csv(f"{tmp}/baseline_sites.csv")
print(f"polygon sites touching: ecobarrier {e[e.layer.notna()].site.nunique()}, GeoPandas "
      f"{b.dropna(subset=['feature']).id.nunique()}")
PY

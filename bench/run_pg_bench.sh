#!/usr/bin/env bash
# Workspace backend benchmark: a national-scale year (1,536 stations x 8,760 h, the air bench's file) imported into
# a PostgreSQL/PostGIS workspace (COPY binary) and into a GeoPackage, and the annual assessment read from each, in
# the same run on the same machine.
#
#   bench/run_pg_bench.sh [--copies N] [--level city|station|region]
#
# Generates (or reuses) BUILD_DIR/bench-data/cnemc_national_2019_xN.csv (bench/air/make_national_year.py) and
# its station list, starts a throwaway PostgreSQL cluster (scripts/pg-cluster), runs `init`, `unit import`,
# `station import`, then times `obs import` and `air assess --period 2019` on both backends. Prints values/s of
# each import, the assessment times and their ratio, and the goals (>= 1 M values/s into PostgreSQL; the
# assessment on PostgreSQL within 2x of the GeoPackage). Exits non-zero when a step fails or when the two
# assessments differ in any figure; no timing goal makes it fail.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${BUILD_DIR:-$repo/build}"
python=/usr/bin/python3
copies=32
level=city
while [ $# -gt 0 ]; do
  case "$1" in
    --copies) copies="$2"; shift 2 ;;
    --level) level="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run_pg_bench: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$copies" in ''|*[!0-9]*|0) echo "run_pg_bench: --copies must be a positive integer" >&2; exit 2 ;; esac

src="$repo/data/demo/air/cnemc_hourly_2019H1_innermongolia.csv"
list="$repo/data/demo/air/cnemc_station_list_2022-02-13_innermongolia.csv"
file="$build_dir/bench-data/cnemc_national_2019_x$copies.csv"
stations="$build_dir/bench-data/cnemc_national_stations_x$copies.csv"
mkdir -p "$build_dir/bench-data"
"$python" "$repo/bench/air/make_national_year.py" "$src" "$file" --copies "$copies" --year 2019
"$python" "$repo/bench/pg/make_station_list.py" "$src" "$list" "$stations" --copies "$copies"
cmake --build "$build_dir" --target ecobarrier >/dev/null
bin="$build_dir/src/ecobarrier"

tmp="$(mktemp -d)"
cluster="$tmp/pg"
cleanup() { "$repo/scripts/pg-cluster" stop "$cluster" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
"$repo/scripts/pg-cluster" start "$cluster" >/dev/null
server="$(cat "$cluster/conninfo")"
export ECOBARRIER_LANG=en

# seconds VAR CMD...: runs CMD, stores its wall time in VAR (stdout to $tmp/out).
seconds() {
  local var="$1"; shift
  local start=$EPOCHREALTIME
  "$@" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err" >&2; echo "run_pg_bench: failed: $*" >&2; exit 1; }
  printf -v "$var" '%s' "$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')"
}

run_backend() {  # name workspace
  local name="$1" ws="$2"
  "$bin" init "$ws" >/dev/null
  "$bin" unit import "$ws" "$repo/data/demo/boundaries/150000.json" \
    "$repo/data/demo/boundaries/150000_counties_merged.json" >/dev/null 2>&1
  "$bin" station import "$ws" "$stations" >/dev/null
  seconds import_s "$bin" obs import "$ws" "$file" --format csv
  added=$("$python" -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); print(sum(int(x["added"]) for x in r))' "$tmp/out")
  seconds assess_s "$bin" air assess "$ws" --period 2019 --level "$level" --format csv
  cp "$tmp/out" "$tmp/assess-$name.csv"
  eval "${name}_import=$import_s ${name}_added=$added ${name}_assess=$assess_s"
}

echo "run_pg_bench: $(( $(wc -l < "$stations") - 1 )) stations, file $(du -h "$file" | cut -f1), level $level" >&2
run_backend gpkg "$tmp/bench.gpkg"
run_backend pg "$server/eb_bench"

if ! cmp -s "$tmp/assess-gpkg.csv" "$tmp/assess-pg.csv"; then
  diff "$tmp/assess-gpkg.csv" "$tmp/assess-pg.csv" | head -20 >&2
  echo "run_pg_bench: the two backends' assessments differ" >&2
  exit 1
fi
[ "$gpkg_added" = "$pg_added" ] || { echo "run_pg_bench: imported $gpkg_added vs $pg_added values" >&2; exit 1; }

"$python" - "$gpkg_added" "$gpkg_import" "$pg_import" "$gpkg_assess" "$pg_assess" <<'PY'
import sys
n, gi, pi, ga, pa = int(sys.argv[1]), *map(float, sys.argv[2:])
print(f"values imported            {n:,}")
print(f"import   GeoPackage        {gi:8.1f} s   {n / gi / 1e6:6.2f} M values/s")
print(f"import   PostgreSQL (COPY) {pi:8.1f} s   {n / pi / 1e6:6.2f} M values/s   goal >= 1 M/s: {'met' if n / pi >= 1e6 else 'NOT met'}")
print(f"assess   GeoPackage        {ga:8.1f} s")
print(f"assess   PostgreSQL        {pa:8.1f} s   {pa / ga:5.2f} x the GeoPackage   goal <= 2x: {'met' if pa <= 2 * ga else 'NOT met'}")
print("assessments identical: yes")
PY

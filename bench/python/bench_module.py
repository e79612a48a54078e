"""The Python module against the CLI on the same jobs, in one run (bench/run_python_bench.sh).

Zonal: exact zonal statistics (count, sum, mean) of a SYNTHETIC Float32 raster (bench/raster/make_raster.py) over the
103 real counties of Inner Mongolia — `ecobarrier -q raster zonal ... --format csv` (a process: start, work, CSV on a
pipe) against `ecobarrier.zonal_stats(path, path)` (in process: the same run, its result as a DataFrame) and against
`zonal_stats(array, ...)` on the raster already in memory (read in place).
AQI: the HJ 633-2012 real-time report of the bundled CNEMC file (real data, 48 stations, 2019 H1) — `ecobarrier -q
air aqi FILE --format csv` against `ecobarrier.aqi(ecobarrier.read_observations(FILE), dropna=True)`.

Each job runs REPEAT times, CLI and module alternately; the best time of each counts. The binding's overhead is
module / CLI - 1 (negative: the module is faster, e.g. no CSV text to format). Prints a report and one JSON line.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--bin", required=True)
ap.add_argument("--raster", required=True)
ap.add_argument("--zones", required=True)
ap.add_argument("--observations", required=True)
ap.add_argument("--repeat", type=int, default=5)
a = ap.parse_args()

import numpy as np  # noqa: E402
import rasterio  # noqa: E402

import ecobarrier as eb  # noqa: E402


def cli(*args):
    start = time.perf_counter()
    p = subprocess.run([a.bin, "-q", *args, "--format", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       check=True)
    return time.perf_counter() - start, p.stdout


def timed(f):
    start = time.perf_counter()
    result = f()
    return time.perf_counter() - start, result


def best(jobs):
    """Runs each named job `repeat` times, alternately; the best time per job and its last result."""
    times = {name: [] for name in jobs}
    results = {}
    for _ in range(a.repeat):
        for name, job in jobs.items():
            seconds, results[name] = job()
            times[name].append(seconds)
    return {name: min(t) for name, t in times.items()}, times, results


with rasterio.open(a.raster) as ds:
    array, transform, crs, nodata = ds.read(1), ds.transform, ds.crs, ds.nodata
stats = "count,sum,mean"
zonal_best, zonal_times, zonal_results = best({
    "cli": lambda: cli("raster", "zonal", a.raster, a.zones, "--id-field", "adcode", "--make-valid", "--stats", stats),
    "module_path": lambda: timed(lambda: eb.zonal_stats(a.raster, a.zones, "adcode", stats, make_valid=True)),
    "module_array": lambda: timed(lambda: eb.zonal_stats(array, a.zones, "adcode", stats, transform=transform,
                                                         crs=crs, nodata=nodata, make_valid=True)),
})
# The same figures: the module's means equal the CLI's (CSV: shortest exact form).
cli_lines = zonal_results["cli"].decode().lstrip("\ufeff").splitlines()[1:]
cli_mean = {line.split(",")[0]: line.split(",")[3] for line in cli_lines}
for frame in (zonal_results["module_path"], zonal_results["module_array"]):
    for zone, mean in zip(frame["id"], frame["mean"]):
        text = repr(float(mean))
        text = text[:-2] if text.endswith(".0") else text
        if cli_mean[zone] != ("" if np.isnan(mean) else text):
            sys.exit(f"zonal: zone {zone}: module {text}, CLI {cli_mean[zone]}")

aqi_best, aqi_times, aqi_results = best({
    "cli": lambda: cli("air", "aqi", a.observations, "--standard", "hj633-2012"),
    "module": lambda: timed(lambda: eb.aqi(eb.read_observations(a.observations), standard="hj633-2012",
                                           dropna=True)),
})
cli_rows = aqi_results["cli"].count(b"\n") - 1
if cli_rows != len(aqi_results["module"]):
    sys.exit(f"aqi: the CLI reported {cli_rows} rows, the module {len(aqi_results['module'])}")
# Where the module's time goes: the kernel call alone (arrays in, arrays out) on the observations in memory.
observations = eb.read_observations(a.observations)
columns = [observations[n].to_numpy() for n in eb.HOURLY_ITEMS]
kernel_s = min(timed(lambda: eb._core.aqi_hourly(columns, observations["SO2_24h"].to_numpy(), "hj633-2012"))[0]
               for _ in range(a.repeat))
read_s = min(timed(lambda: eb.read_observations(a.observations))[0] for _ in range(a.repeat))


def overhead(module, base):
    return module / base - 1


print(f"raster: {os.path.basename(a.raster)} ({os.path.getsize(a.raster) / 2**20:.0f} MiB), zones: "
      f"{len(cli_lines)} counties; best of {a.repeat}")
print(f"  CLI raster zonal (process, CSV)           {zonal_best['cli']:8.3f} s")
print(f"  zonal_stats(path, path) -> DataFrame      {zonal_best['module_path']:8.3f} s   overhead "
      f"{overhead(zonal_best['module_path'], zonal_best['cli']) * 100:+.1f} %")
print(f"  zonal_stats(array in memory, path)        {zonal_best['module_array']:8.3f} s   "
      f"({zonal_best['module_array'] / zonal_best['cli']:.2f} x the CLI)")
print(f"observations: {os.path.basename(a.observations)}, {cli_rows} station-hours reported; best of {a.repeat}")
print(f"  CLI air aqi (process, CSV)                {aqi_best['cli']:8.3f} s")
print(f"  aqi(read_observations(path)) -> DataFrame {aqi_best['module']:8.3f} s   overhead "
      f"{overhead(aqi_best['module'], aqi_best['cli']) * 100:+.1f} %")
print(f"    of which read_observations {read_s:.3f} s, the AQI kernel call {kernel_s:.3f} s, DataFrame "
      f"{max(aqi_best['module'] - read_s - kernel_s, 0):.3f} s")
worst = max(overhead(zonal_best["module_path"], zonal_best["cli"]), overhead(aqi_best["module"], aqi_best["cli"]))
print(f"goal: binding overhead <= 5 %: {'met' if worst <= 0.05 else 'NOT met'} (worst {worst * 100:+.1f} %)")
print(json.dumps({"zonal_s": zonal_best, "aqi_s": aqi_best, "aqi_kernel_s": kernel_s, "read_observations_s": read_s,
                  "zonal_times": zonal_times, "aqi_times": aqi_times, "repeat": a.repeat}))

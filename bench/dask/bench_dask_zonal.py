"""ecobarrier.dask scaling: exact zonal statistics (count, sum, mean) of the SYNTHETIC benchmark raster at twice the
zonal bench's side (20000 x 20000 Float32, tiled 256 x 256: four times its cells) over the 103 Inner Mongolia
counties, on a LocalCluster of 1 and then 2 worker processes (one thread each, each pinned to its own core), in one
run. Prints wall times (best of --repeat), the speed-up, the peak RSS of every worker (sampled every 20 ms from
outside), and checks that both results equal the single-process `raster zonal` bit for bit.

Usage: PYTHONPATH=build/python /usr/bin/python3 bench/dask/bench_dask_zonal.py [--size 20000] [--repeat 3]
       [--window-rows 0]   (bench/dask/run_dask_bench.sh builds what it needs and runs this)"""
import argparse
import os
import struct
import subprocess
import sys
import threading
import time

import psutil

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
ZONES = os.path.join(REPO, "data/demo/boundaries/150000_counties_merged.json")
STATS = "count,sum,mean"


def peak_rss_sampler(pids, stop, peaks):
    procs = {pid: psutil.Process(pid) for pid in pids}
    while not stop.is_set():
        for pid, p in procs.items():
            try:
                peaks[pid] = max(peaks.get(pid, 0), p.memory_info().rss)
            except psutil.Error:
                pass
        time.sleep(0.02)


def pin_to_core(core):
    """Pins every thread of the worker process (the event loop, the task executor) to `core`; threads started
    later (oneTBB's) inherit it. sched_setaffinity(pid) alone would pin only the main thread, not the executor
    thread that runs the tasks."""
    for tid in os.listdir("/proc/self/task"):
        os.sched_setaffinity(int(tid), {core})
    return core


def run_on_cluster(n_workers, raster, repeat, window_rows):
    from distributed import Client, LocalCluster

    import ecobarrier.dask as ebd

    cores = sorted(psutil.Process().cpu_affinity())
    with LocalCluster(n_workers=n_workers, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        addresses = sorted(client.scheduler_info()["workers"])
        # One core per worker: the kernels' own threads (oneTBB) then stay on it, so n workers use n cores.
        for i, address in enumerate(addresses):
            client.run(pin_to_core, cores[i % len(cores)], workers=[address])
        pids = list(client.run(os.getpid).values())
        baseline = {pid: psutil.Process(pid).memory_info().rss for pid in pids}
        times, result = [], None
        stop, peaks = threading.Event(), {}
        sampler = threading.Thread(target=peak_rss_sampler, args=(pids, stop, peaks), daemon=True)
        sampler.start()
        for _ in range(repeat):
            t0 = time.perf_counter()  # the whole job: zones read and covered on the client, windows, merge, finish
            plan = ebd.zonal_plan(raster, ZONES, "adcode", STATS, make_valid=True, window_rows=window_rows)
            future = client.compute(ebd.zonal_graph(plan, client=client))
            result = ebd.zonal_finish(plan, future.result(), as_frame=False)
            times.append(time.perf_counter() - t0)
            del future  # released: the next repetition computes every window again
        stop.set()
        sampler.join()
    return {"times": times, "result": result, "peaks": [peaks.get(p, 0) for p in pids],
            "idle": [baseline[p] for p in pids], "windows": len(plan.windows), "window_rows":
            plan.windows[0][1] - plan.windows[0][0], "cols": plan.cols}


def same_bits(a, b):
    for key in a:
        for x, y in zip(a[key], b[key]):
            if isinstance(x, float) and isinstance(y, float):
                if struct.pack("<d", x) != struct.pack("<d", y):
                    return False
            elif x != y:
                return False
    return list(a) == list(b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--window-rows", type=int, default=0)
    ap.add_argument("--data-dir", default=os.path.join(REPO, "build", "bench-data"))
    a = ap.parse_args()
    raster = subprocess.run([sys.executable, os.path.join(REPO, "bench/raster/make_raster.py"), a.data_dir,
                             "--size", str(a.size)], check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run(["cat", raster], stdout=subprocess.DEVNULL, check=True)  # page cache warm for every run

    from ecobarrier import _core

    t0 = time.perf_counter()
    whole = _core.zonal_whole(raster, ZONES, "adcode", STATS, make_valid=True)
    whole_s = time.perf_counter() - t0
    runs = {n: run_on_cluster(n, raster, a.repeat, a.window_rows) for n in (1, 2)}
    mib = 2 ** 20
    size = os.path.getsize(raster)
    r1 = runs[1]
    print(f"raster: {os.path.basename(raster)} ({size / mib:.0f} MiB, {a.size} x {a.size} Float32, tiled 256), "
          f"zones: {len(whole['id'])} counties, stats {STATS}")
    print(f"windows: {r1['windows']} of {r1['window_rows']} rows x {r1['cols']} columns; cores here: "
          f"{psutil.cpu_count()} (load average {os.getloadavg()[0]:.1f} at the end)")
    print(f"one process, all cores (raster zonal):     {whole_s:8.3f} s (one run)")
    for n, r in runs.items():
        print(f"dask, {n} worker(s) x 1 thread, pinned:    {min(r['times']):8.3f} s best of {len(r['times'])} "
              f"({', '.join(f'{t:.3f}' for t in r['times'])})")
        print("   peak RSS per worker: " + ", ".join(f"{p / mib:.0f} MiB (idle {i / mib:.0f})"
                                                  for p, i in zip(r["peaks"], r["idle"])))
    speedup = min(runs[1]["times"]) / min(runs[2]["times"])
    print(f"speed-up 2 vs 1 worker: {speedup:.2f}x   goal >= 1.7x: {'met' if speedup >= 1.7 else 'NOT met'}")
    exact = all(same_bits(runs[n]["result"], whole) for n in (1, 2))
    print(f"results equal to the single-process run bit for bit: {'yes' if exact else 'NO'}")
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main())

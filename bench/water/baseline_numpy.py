#!/usr/bin/python3
"""numpy baseline: the GB 3838 class of every sample (worst class of its items), vectorised per item."""
import json
import resource
import sys
import time

import numpy as np

# GB 3838-2002 Table 1, rivers (the same numbers as data/standards/gb3838_limits.csv).
LIMITS = {
    "DO": ("min", [7.5, 6, 5, 3, 2]),
    "CODMn": ("max", [2, 4, 6, 10, 15]),
    "COD": ("max", [15, 15, 20, 30, 40]),
    "BOD5": ("max", [3, 3, 4, 6, 10]),
    "NH3N": ("max", [0.15, 0.5, 1.0, 1.5, 2.0]),
    "TP": ("max", [0.02, 0.1, 0.2, 0.3, 0.4]),
    "F": ("max", [1.0, 1.0, 1.0, 1.5, 1.5]),
    "Hg": ("max", [0.00005, 0.00005, 0.0001, 0.001, 0.001]),
}


def main():
    data, meta_path = sys.argv[1], sys.argv[1][:-4] + ".json"
    meta = json.load(open(meta_path))
    n, items = meta["n"], meta["items"]
    columns = np.fromfile(data, dtype="<f8").reshape(len(items), n)
    t0 = time.perf_counter()
    section = np.zeros(n, dtype=np.uint8)
    for k, item in enumerate(items):
        v = columns[k]
        if item == "pH":
            cls = np.where((v >= 6) & (v <= 9), 1, 6).astype(np.uint8)
        else:
            rule, limits = LIMITS[item]
            lim = np.array(limits, dtype=np.float64)
            if rule == "max":  # class = 1 + number of limits strictly below the value
                cls = (np.searchsorted(lim, v, side="left") + 1).astype(np.uint8)
            else:  # DO: class = 1 + number of limits strictly above the value
                cls = (np.searchsorted(-lim, -v, side="left") + 1).astype(np.uint8)
        cls[np.isnan(v)] = 0
        np.maximum(section, cls, out=section)
    elapsed = time.perf_counter() - t0
    hist = np.bincount(section, minlength=7).tolist()
    print(json.dumps({"engine": f"numpy {np.__version__}", "n": n, "items": len(items), "seconds": elapsed,
                      "samples_per_s": n / elapsed, "class_histogram": hist,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""numpy baseline: the GB/T 14848-2017 class of every sample (worst class of its items), vectorised per item."""
import json
import resource
import sys
import time

import numpy as np

# GB/T 14848-2017 Table 1, classes I..IV (the same numbers as data/standards/gb14848.csv); V is above IV.
LIMITS = {
    "TDS": [300, 500, 1000, 2000],
    "hardness": [150, 300, 450, 650],
    "F": [1.0, 1.0, 1.0, 2.0],
    "As": [0.001, 0.001, 0.01, 0.05],
    "Fe": [0.1, 0.2, 0.3, 2.0],
    "Mn": [0.05, 0.05, 0.10, 1.50],
    "NH3N": [0.02, 0.10, 0.50, 1.50],
    "NO3N": [2.0, 5.0, 20.0, 30.0],
    "CODMn": [1.0, 2.0, 3.0, 10.0],
}


def main():
    data, meta_path = sys.argv[1], sys.argv[1][:-4] + ".json"
    meta = json.load(open(meta_path))
    n, items = meta["n"], meta["items"]
    columns = np.fromfile(data, dtype="<f8").reshape(len(items), n)
    t0 = time.perf_counter()
    sample = np.zeros(n, dtype=np.uint8)
    for k, item in enumerate(items):
        v = columns[k]
        if item == "pH":  # I-III 6.5..8.5, IV 5.5..9.0 outside that, V outside IV
            cls = np.where((v >= 6.5) & (v <= 8.5), 1, np.where((v >= 5.5) & (v <= 9.0), 4, 5)).astype(np.uint8)
        else:  # class = 1 + number of limits strictly below the value
            cls = (np.searchsorted(np.array(LIMITS[item], dtype=np.float64), v, side="left") + 1).astype(np.uint8)
        cls[np.isnan(v)] = 0
        np.maximum(sample, cls, out=sample)
    elapsed = time.perf_counter() - t0
    hist = np.bincount(sample, minlength=6).tolist()
    print(json.dumps({"engine": f"numpy {np.__version__}", "n": n, "items": len(items), "seconds": elapsed,
                      "samples_per_s": n / elapsed, "class_histogram": hist,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()

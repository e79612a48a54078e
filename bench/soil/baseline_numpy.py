#!/usr/bin/python3
"""numpy baseline: the GB 15618 category of every farmland sample, vectorised per item: the pH band and the
(land use, band) key once, then per item the screening and control values taken by key (np.take), the level
(value > screening) + (value > control) folded by np.maximum; 0 where a sample has no value."""
import json
import resource
import sys
import time

import numpy as np

INF = np.inf
# GB 15618-2018 (the same numbers as data/standards/gb15618.csv): per item, screening values for paddy, other,
# orchard and rotation (the stricter of paddy and other) by pH band, and the control values by band.
PADDY_OTHER = {
    "Cd": ([0.3, 0.4, 0.6, 0.8], [0.3, 0.3, 0.3, 0.6], [1.5, 2.0, 3.0, 4.0]),
    "Hg": ([0.5, 0.5, 0.6, 1.0], [1.3, 1.8, 2.4, 3.4], [2.0, 2.5, 4.0, 6.0]),
    "As": ([30, 30, 25, 20], [40, 40, 30, 25], [200, 150, 120, 100]),
    "Pb": ([80, 100, 140, 240], [70, 90, 120, 170], [400, 500, 700, 1000]),
    "Cr": ([250, 250, 300, 350], [150, 150, 200, 250], [800, 850, 1000, 1300]),
}


def tables(item):
    if item in PADDY_OTHER:
        paddy, other, control = PADDY_OTHER[item]
        orchard = other
    elif item == "Cu":
        paddy = other = [50, 50, 100, 100]
        orchard, control = [150, 150, 200, 200], [INF] * 4
    else:
        paddy = other = orchard = {"Ni": [60, 70, 100, 190], "Zn": [200, 200, 250, 300]}[item]
        control = [INF] * 4
    rotation = np.minimum(paddy, other)
    screening = np.array([paddy, other, orchard, rotation], dtype=np.float64).reshape(16)
    return screening, np.tile(np.array(control, dtype=np.float64), 4)


def main():
    data = sys.argv[1]
    meta = json.load(open(data[:-4] + ".json"))
    n, items = meta["n"], meta["items"]
    columns = np.fromfile(data, dtype="<f8").reshape(len(items) + 1, n)
    use = np.fromfile(data[:-4] + ".u8", dtype=np.uint8)
    limits = [tables(item) for item in items]
    t0 = time.perf_counter()
    ph = columns[0]
    key = use.astype(np.intp) * 4 + (ph > 5.5) + (ph > 6.5) + (ph > 7.5)
    worst = np.zeros(n, dtype=np.uint8)
    present = np.zeros(n, dtype=bool)
    for k, (screening, control) in enumerate(limits):
        v = columns[k + 1]
        level = (v > np.take(screening, key)).view(np.uint8) + (v > np.take(control, key)).view(np.uint8)
        np.maximum(worst, level, out=worst)
        present |= ~np.isnan(v)
    category = np.where(present, worst + 1, 0).astype(np.uint8)
    elapsed = time.perf_counter() - t0
    hist = np.bincount(category, minlength=4).tolist()
    print(json.dumps({"engine": f"numpy {np.__version__}", "n": n, "items": len(items), "seconds": elapsed,
                      "samples_per_s": n / elapsed, "category_histogram": hist,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Writes N synthetic groundwater samples for the classification benchmark: one float64 column per item (raw
little-endian, item after item) and a JSON description. Seeded: the same arguments give the same bytes.
Values spread over all classes (log-normal around class III), 3 % exactly on a class limit, 2 % missing (NaN)."""
import argparse
import json
import os
import sys

import numpy as np

# item, typical value, spread, limits on which a share of values is placed exactly (GB/T 14848-2017 Table 1)
ITEMS = [
    ("pH", 7.8, 0.08, [5.5, 6.5, 8.5, 9.0]),
    ("TDS", 800.0, 0.6, [300, 500, 1000, 2000]),
    ("hardness", 350.0, 0.5, [150, 300, 450, 650]),
    ("F", 0.9, 0.6, [1.0, 2.0]),
    ("As", 0.006, 1.0, [0.001, 0.01, 0.05]),
    ("Fe", 0.25, 1.0, [0.1, 0.2, 0.3, 2.0]),
    ("Mn", 0.08, 1.0, [0.05, 0.10, 1.50]),
    ("NH3N", 0.2, 1.0, [0.02, 0.10, 0.50, 1.50]),
    ("NO3N", 8.0, 0.8, [2.0, 5.0, 20.0, 30.0]),
    ("CODMn", 1.8, 0.6, [1.0, 2.0, 3.0, 10.0]),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=14848)
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    data = os.path.join(a.out_dir, f"groundwater_samples_{a.n}.f64")
    meta = os.path.join(a.out_dir, f"groundwater_samples_{a.n}.json")
    if os.path.exists(data) and os.path.exists(meta):
        print(f"make_samples: {data} exists; not regenerated", file=sys.stderr)
        return
    rng = np.random.default_rng(a.seed)
    with open(data, "wb") as f:
        for name, typical, spread, limits in ITEMS:
            v = typical * np.exp(spread * rng.standard_normal(a.n))
            on_limit = rng.random(a.n) < 0.03
            v[on_limit] = rng.choice(np.array(limits, dtype=np.float64), size=int(on_limit.sum()))
            v[rng.random(a.n) < 0.02] = np.nan
            np.round(v, 6 if name == "As" else 3).astype("<f8").tofile(f)
    with open(meta, "w") as f:
        json.dump({"n": a.n, "items": [i[0] for i in ITEMS], "seed": a.seed}, f)
    print(data)


if __name__ == "__main__":
    main()

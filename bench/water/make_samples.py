#!/usr/bin/python3
"""Writes N synthetic water samples for the classification benchmark: one float64 column per item (raw
little-endian, item after item) and a JSON description. Seeded: the same arguments give the same bytes.
Values spread over all classes, about 2 % missing (NaN) and some exactly on class limits."""
import argparse
import json
import os
import sys

import numpy as np

# item, typical value (near class III), spread; limits on which a share of values is placed exactly
ITEMS = [
    ("pH", 7.8, 0.08, [6.0, 9.0]),
    ("DO", 6.5, 0.35, [7.5, 6.0, 5.0, 3.0, 2.0]),
    ("CODMn", 5.0, 0.5, [2, 4, 6, 10, 15]),
    ("COD", 18.0, 0.45, [15, 20, 30, 40]),
    ("BOD5", 3.5, 0.5, [3, 4, 6, 10]),
    ("NH3N", 0.6, 0.8, [0.15, 0.5, 1.0, 1.5, 2.0]),
    ("TP", 0.12, 0.7, [0.02, 0.1, 0.2, 0.3, 0.4]),
    ("F", 0.8, 0.4, [1.0, 1.5]),
    ("Hg", 0.00006, 0.9, [0.00005, 0.0001, 0.001]),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    data = os.path.join(a.out_dir, f"water_samples_{a.n}.f64")
    meta = os.path.join(a.out_dir, f"water_samples_{a.n}.json")
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
            np.round(v, 6 if name == "Hg" else 3).astype("<f8").tofile(f)
    with open(meta, "w") as f:
        json.dump({"n": a.n, "items": [i[0] for i in ITEMS], "waterbody": "river", "seed": a.seed}, f)
    print(data)


if __name__ == "__main__":
    main()

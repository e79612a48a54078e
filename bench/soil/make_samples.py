#!/usr/bin/python3
"""Writes N SYNTHETIC farmland soil samples for the GB 15618 classification benchmark: one float64 column for pH
and one per item (raw little-endian, column after column, in a .f64 file), the land use of each sample as a byte
(0 paddy, 1 other, 2 orchard, 3 rotation; a .u8 file) and a JSON description. Seeded: the same arguments give the
same bytes. Values spread over the three categories, about 2 % missing (NaN), 3 % below detection (stored as
minus the detection limit) and 3 % exactly on a screening or control value."""
import argparse
import json
import os
import sys

import numpy as np

# item, typical value (mg/kg), log spread, detection limit; the limits of GB 15618 (data/standards/gb15618.csv)
# on which a share of values is placed exactly
ITEMS = [
    ("Cd", 0.25, 0.8, 0.01, [0.3, 0.4, 0.6, 0.8, 1.5, 2.0, 3.0, 4.0]),
    ("Hg", 0.15, 1.0, 0.002, [0.5, 0.6, 1.0, 1.3, 1.8, 2.4, 3.4, 2.0, 2.5, 4.0, 6.0]),
    ("As", 15.0, 0.6, 0.01, [20, 25, 30, 40, 100, 120, 150, 200]),
    ("Pb", 35.0, 0.6, 0.1, [70, 80, 90, 100, 120, 140, 170, 240, 400, 500, 700, 1000]),
    ("Cr", 80.0, 0.5, 4, [150, 200, 250, 300, 350, 800, 850, 1000, 1300]),
    ("Cu", 30.0, 0.6, 1, [50, 100, 150, 200]),
    ("Ni", 40.0, 0.5, 3, [60, 70, 100, 190]),
    ("Zn", 90.0, 0.5, 1, [200, 250, 300]),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    base = os.path.join(a.out_dir, f"soil_samples_{a.n}")
    if all(os.path.exists(base + ext) for ext in (".f64", ".u8", ".json")):
        print(f"make_samples: {base}.f64 exists; not regenerated", file=sys.stderr)
        return
    rng = np.random.default_rng(a.seed)
    ph = np.round(rng.normal(7.6, 0.9, a.n), 2)
    on_band = rng.random(a.n) < 0.03
    ph[on_band] = rng.choice(np.array([5.5, 6.5, 7.5]), size=int(on_band.sum()))
    use = rng.choice(np.arange(4, dtype=np.uint8), size=a.n, p=[0.2, 0.6, 0.1, 0.1])
    with open(base + ".f64", "wb") as f:
        ph.astype("<f8").tofile(f)
        for name, typical, spread, dl, limits in ITEMS:
            v = np.round(typical * np.exp(spread * rng.standard_normal(a.n)), 3)
            on_limit = rng.random(a.n) < 0.03
            v[on_limit] = rng.choice(np.array(limits, dtype=np.float64), size=int(on_limit.sum()))
            v[rng.random(a.n) < 0.03] = -dl
            v[rng.random(a.n) < 0.02] = np.nan
            v.astype("<f8").tofile(f)
    use.tofile(base + ".u8")
    with open(base + ".json", "w") as f:
        json.dump({"n": a.n, "items": [i[0] for i in ITEMS], "seed": a.seed, "synthetic": True}, f)
    print(base + ".f64")


if __name__ == "__main__":
    main()

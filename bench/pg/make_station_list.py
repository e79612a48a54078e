#!/usr/bin/python3
"""The station list for a national-scale year made by bench/air/make_national_year.py.

    make_station_list.py SRC_DATA SRC_LIST OUT [--copies 32]

Station column i of the generated file (named f"{i:05d}N") repeats source column i % 48 of SRC_DATA, so its
station sits where that source station sits (its row of SRC_LIST, the CNEMC station list), with a name
saying which copy it is. Written in SRC_LIST's layout, so `ecobarrier station import` reads it as it is.
"""

import argparse
import csv


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src_data")
    ap.add_argument("src_list")
    ap.add_argument("out")
    ap.add_argument("--copies", type=int, default=32)
    args = ap.parse_args()
    with open(args.src_data, encoding="utf-8") as f:
        columns = next(csv.reader(f))[3:]
    with open(args.src_list, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    header, by_code = rows[0], {r[0]: r for r in rows[1:]}
    missing = [c for c in columns if c not in by_code]
    if missing:
        raise SystemExit(f"make_station_list: {args.src_list} lacks stations {missing}")
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for i in range(len(columns) * args.copies):
            src = by_code[columns[i % len(columns)]]
            w.writerow([f"{i:05d}N", f"{src[1]}#{i // len(columns)}", *src[2:]])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/python3
"""Make a national-scale year of CNEMC wide data from the real half-year file (air engine benchmark).

    make_national_year.py SRC OUT [--copies 32] [--year 2019] [--force]

Writes OUT in the CNEMC wide layout (date,hour,type,<station>,...) for every day of YEAR (365 days for
2019), all 24 hours, and only the 7 types PM2.5, PM10, SO2, NO2, CO, O3, SO2_24h, in that order within
each hour. There are 48*copies station columns named f"{i:05d}N" (i = 0 .. 48*copies-1); column i takes
the values of source station column i % 48.

Day d of the year (0-based) takes the values of source day number d % n, where the n source days are the
distinct dates of SRC in ascending order (the real file has 180: 2019-01-01 .. 2019-06-30 without
2019-04-08, which is simply not a source day). An hour or a type that SRC lacks for that day (SRC has a
few incomplete days) is written as a row of empty cells, so OUT always has 24 x 7 rows per day. Cells are
copied as text, so values are exactly those of SRC.

OUT is not regenerated when it exists and is newer than both SRC and this script (a note says so), unless
--force. It is written to OUT.tmp and renamed, so an interrupted run leaves no partial OUT.
"""

import argparse
import csv
import datetime as dt
import os
import sys
import time

TYPES = ("PM2.5", "PM10", "SO2", "NO2", "CO", "O3", "SO2_24h")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--copies", type=int, default=32)
    ap.add_argument("--year", type=int, default=2019)
    ap.add_argument("--force", action="store_true", help="regenerate even when OUT is up to date")
    args = ap.parse_args()
    if args.copies < 1:
        ap.error("--copies must be >= 1")

    if not args.force and os.path.exists(args.out):
        out_m = os.path.getmtime(args.out)
        if out_m > os.path.getmtime(args.src) and out_m > os.path.getmtime(os.path.abspath(__file__)):
            print(f"make_national_year: {args.out} is up to date (newer than the source and this script); "
                  f"not regenerated", file=sys.stderr)
            return 0

    t0 = time.perf_counter()
    # (date, hour, type) -> the 48 source cells joined with commas
    chunks = {}
    with open(args.src, newline="", encoding="utf-8-sig") as f:
        rows = csv.reader(f)
        header = next(rows)
        if header[:3] != ["date", "hour", "type"]:
            print(f"make_national_year: {args.src} does not start with date,hour,type", file=sys.stderr)
            return 1
        n_src = len(header) - 3
        wanted = set(TYPES)
        dates = set()
        for row in rows:
            if len(row) < 3:
                continue
            dates.add(row[0])
            if row[2] in wanted:
                cells = row[3:3 + n_src]
                cells += [""] * (n_src - len(cells))
                chunks[(row[0], int(row[1]), row[2])] = ",".join(c.strip() for c in cells)
    src_days = sorted(dates)
    if not src_days:
        print(f"make_national_year: {args.src} has no data rows", file=sys.stderr)
        return 1

    n_out = n_src * args.copies
    empty = "," * (n_src - 1)
    first = dt.date(args.year, 1, 1)
    n_days = (dt.date(args.year + 1, 1, 1) - first).days

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    size = 0
    with open(tmp, "w", encoding="ascii", newline="\n", buffering=1 << 22) as out:
        out.write("date,hour,type," + ",".join(f"{i:05d}N" for i in range(n_out)) + "\n")
        for d in range(n_days):
            sd = src_days[d % len(src_days)]
            day = (first + dt.timedelta(days=d)).strftime("%Y%m%d")
            lines = []
            for h in range(24):
                for t in TYPES:
                    chunk = chunks.get((sd, h, t), empty)
                    lines.append(f"{day},{h},{t}," + ",".join([chunk] * args.copies) + "\n")
            out.writelines(lines)
        size = out.tell()
    os.replace(tmp, args.out)
    print(f"make_national_year: wrote {args.out}: {n_out} stations x {n_days * 24} hours x {len(TYPES)} types, "
          f"{size / 1e6:.1f} MB from {len(src_days)} source days in {time.perf_counter() - t0:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

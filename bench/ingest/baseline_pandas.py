#!/usr/bin/python3
"""pandas baseline for the ingest benchmark (run with /usr/bin/python3 and Debian's python3-pandas).

    baseline_pandas.py FILE [--repeat N]

Reads a CNEMC wide file (date,hour,type,<station>,<station>,...) into the same long table that
eb::io::read_cnemc_wide produces: one row per non-empty station cell, with columns
    station (code as in the header), time (datetime64, Beijing local: date YYYYMMDD + hour hours),
    type (the CNEMC type such as PM2.5 or PM2.5_24h), value (float64).

The bytes are read from disk once; every repetition parses them from memory (as bench_ingest does with
its FileBuffer), so both engines are timed on parsing and reshaping only. Prints one line of JSON with the
same fields as bench_ingest. The idiomatic fast path is used: the C parser of read_csv, the time built on
the wide rows with to_datetime(format=...) + to_timedelta(unit='h'), then melt + dropna.
"""

import argparse
import csv
import io
import json
import statistics
import sys
import time

import pandas as pd


def to_long(data: bytes) -> pd.DataFrame:
    wide = pd.read_csv(io.BytesIO(data), dtype={"date": str, "type": str})
    wide["time"] = pd.to_datetime(wide["date"], format="%Y%m%d") + pd.to_timedelta(wide["hour"], unit="h")
    stations = [c for c in wide.columns if c not in ("date", "hour", "type", "time")]
    long = wide.melt(id_vars=["time", "type"], value_vars=stations, var_name="station", value_name="value")
    long = long.dropna(subset=["value"])
    long["value"] = long["value"].astype("float64", copy=False)
    return long[["station", "time", "type", "value"]].reset_index(drop=True)


def expected_values(data: bytes) -> int:
    """Non-empty station cells (fields after date,hour,type), counted with the csv module."""
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    next(rows)
    return sum(1 for row in rows for cell in row[3:] if cell.strip() != "")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be >= 1")

    with open(args.file, "rb") as f:
        data = f.read()

    seconds = []
    values = None
    checksum = 0.0
    for r in range(args.repeat):
        t0 = time.perf_counter()
        long = to_long(data)
        t1 = time.perf_counter()
        seconds.append(t1 - t0)
        checksum += float(long["value"].sum())
        if values is None:
            values = len(long)
            first = long
        elif len(long) != values:
            print(f"baseline_pandas: repetition {r + 1} found {len(long)} values, the first found {values}",
                  file=sys.stderr)
            return 1
        del long

    expected = expected_values(data)
    if values != expected:
        print(f"baseline_pandas: the long table has {values} values but the file has {expected} non-empty "
              f"station cells", file=sys.stderr)
        return 1
    dtypes = {c: str(t) for c, t in first.dtypes.items()}
    if dtypes["time"] != "datetime64[ns]" or dtypes["value"] != "float64":
        print(f"baseline_pandas: unexpected column types {dtypes}", file=sys.stderr)
        return 1

    best = min(seconds)
    print(json.dumps({
        "engine": f"pandas {pd.__version__} read_csv+melt",
        "file": args.file,
        "bytes": len(data),
        "values": values,
        "repeat": args.repeat,
        "best_s": round(best, 6),
        "median_s": round(statistics.median(seconds), 6),
        "values_per_s": round(values / best),
        "mb_per_s": round(len(data) / 1e6 / best, 2),
        "times_s": [round(s, 6) for s in seconds],
        "checksum": checksum / args.repeat,
    }, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())

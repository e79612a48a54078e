#!/usr/bin/python3
"""numpy/pandas baseline for the air engine benchmark (run with /usr/bin/python3, Debian numpy and pandas).

    baseline_numpy.py FILE

Reads a CNEMC wide file (date,hour,type,<station>,...) and computes, the idiomatic fast numpy way
(vectorised over stations and hours; the only Python loops are over pollutants, breakpoint tables and
the 8 hours of an O3 window), what bench_air computes on the same file:

  a. hourly AQI per station-hour (HJ 633-2012): the IAQI of PM2.5, PM10, SO2 1-h, NO2 1-h, CO 1-h and
     O3 1-h, each the ceiling of the linear interpolation between breakpoints, done exactly in integers
     on concentrations scaled by 10^4 (round(C * 10000)); above the last breakpoint 500, except SO2 1-h
     above 800, which takes the IAQI of that hour's SO2_24h value on the 24-h breakpoints (none when
     SO2_24h is missing). AQI = the largest available sub-index; no sub-index, no AQI.
  b. daily values per station and date (hours 0-23): mean of PM2.5, PM10, SO2, NO2, CO with >= 20 valid
     hours; O3 daily max 8-h over the 17 windows starting at hours 0..16 (a window needs >= 6 valid hours;
     the day needs >= 14 valid windows, or >= 1 valid window with a maximum > 160); O3 daily max 1-h
     with >= 20 valid hours.
  c. annual statistics per station over its valid days (HJ 663): means of SO2, NO2, PM10, PM2.5;
     percentiles (numpy's 'linear' method, which is HJ 663's k = 1 + (n-1)p/100) p98 of SO2 and NO2,
     p95 of PM10, PM2.5 and CO, p90 of O3 daily max 8-h.

Types other than PM2.5, PM10, SO2, NO2, CO, O3 and SO2_24h are ignored. Dates are the distinct dates of
the file (a date that is absent has no valid day, so it changes no result); a (date, hour, type) row that
is absent is all missing. station_hours = stations x the distinct (date, hour) rows of the file.

Prints one line of JSON: engine, file, bytes, stations, station_hours, total_s, read_s (read_csv and the
per-type arrays), compute_s (a + b + c), station_hours_per_s (station_hours / total_s), values_per_s
(station cells of the file / total_s), peak_rss_mb (ru_maxrss), n_hourly_aqi, sum_hourly_aqi,
stats {name: [sum over stations, stations]}, n_valid_days_pm25, and o3_1h_max [sum over valid
station-days, their number] as an extra check of the O3 daily max 1-h.
"""

import json
import os
import resource
import sys
import time

import numpy as np
import pandas as pd

TYPES = ("PM2.5", "PM10", "SO2", "NO2", "CO", "O3", "SO2_24h")
IAQI = np.array([0, 50, 100, 150, 200, 300, 400, 500], dtype=np.int64)
# 1-hour (and PM 24-hour) concentration breakpoints of HJ 633-2012 Table 1, in µg/m³ (CO in mg/m³)
BREAKPOINTS = {
    "PM2.5": [0, 35, 75, 115, 150, 250, 350, 500],
    "PM10": [0, 50, 150, 250, 350, 420, 500, 600],
    "SO2": [0, 150, 500, 650, 800],
    "NO2": [0, 100, 200, 700, 1200, 2340, 3090, 3840],
    "CO": [0, 5, 10, 35, 60, 90, 120, 150],
    "O3": [0, 160, 200, 300, 400, 800, 1000, 1200],
}
SO2_24H = [0, 50, 150, 475, 800, 1600, 2100, 2620]
SCALE = 10000
SO2_1H_LIMIT = 800 * SCALE  # above this the SO2 1-h IAQI is replaced by the SO2 24-h one

# annual statistics: name -> (daily series, percentile or None for the mean)
STATS = (("SO2_mean", "SO2", None), ("SO2_p98", "SO2", 98),
         ("NO2_mean", "NO2", None), ("NO2_p98", "NO2", 98),
         ("PM10_mean", "PM10", None), ("PM10_p95", "PM10", 95),
         ("PM2.5_mean", "PM2.5", None), ("PM2.5_p95", "PM2.5", 95),
         ("CO_p95", "CO", 95), ("O3_p90", "O3_8h", 90))


def read(path):
    """read_csv, then one (hours x stations) float64 array per type in time order, NaN = missing."""
    with open(path, encoding="utf-8-sig") as f:
        header = f.readline().rstrip("\r\n").split(",")
    if header[:3] != ["date", "hour", "type"]:
        raise SystemExit(f"baseline_numpy: {path} does not start with date,hour,type")
    stations = header[3:]
    dtype = {"date": np.int64, "hour": np.int64, "type": str}
    dtype.update({s: np.float64 for s in stations})
    # Only the empty cell means missing (keep_default_na=False): the same cells, and 20-40 % faster.
    df = pd.read_csv(path, engine="c", dtype=dtype, keep_default_na=False, na_values=[""])
    date = df.pop("date").to_numpy()
    hour = df.pop("hour").to_numpy()
    kind = df.pop("type").to_numpy()
    values = df.to_numpy()  # (rows, stations): a view of pandas' float block, no copy
    del df

    days, day_index = np.unique(date, return_inverse=True)
    t = day_index * 24 + hour
    n_hours = len(days) * 24
    present = np.zeros(n_hours, dtype=bool)
    present[t] = True
    arrays = {}
    for name in TYPES:
        # row of the file for each hour of this type (-1: none); one gather, then the absent hours NaN
        rows = np.flatnonzero(kind == name)
        row_of = np.full(n_hours, -1, dtype=np.intp)
        row_of[t[rows]] = rows
        have = row_of >= 0
        if not have.any():
            arrays[name] = np.full((n_hours, len(stations)), np.nan)
            continue
        # (hours, stations), C order: the fastest gather from pandas' station-major block
        a = np.ascontiguousarray(values.T[:, np.where(have, row_of, 0)].T)
        if not have.all():
            a[~have] = np.nan
        arrays[name] = a
    return stations, len(days), int(present.sum()), values.size, arrays


class Iaqi:
    """Exact IAQI on one breakpoint table, on concentrations already scaled: c = rint(C * 10^4).

    On segment k (BP_k <= c <= BP_k+1) the IAQI is IAQI_k + (c - BP_k) / W_k with W_k = (BP_k+1 - BP_k) /
    (IAQI_k+1 - IAQI_k), an integer for every table once scaled by 10^4, so ceil(IAQI) = ceil((c - B_k) / W_k)
    with the integer B_k = BP_k - IAQI_k * W_k. c - B_k is an integer below 2^53, hence exact in float64,
    and its quotient by W_k is correctly rounded: a true quotient that is not an integer is at least 1/W_k
    (> 8e-6) away from one, far above the rounding error (< 1e-13 at 500), so the ceiling is exact, as in
    integer arithmetic. The segment is the number of inner breakpoints <= c (a few compares, much faster
    than np.searchsorted); the last segment extrapolated beyond the last breakpoint exceeds the top IAQI,
    so np.minimum with it gives 500 (HJ 633: above the table, 500). NaN (missing) stays NaN.
    """

    def __init__(self, breakpoints):
        bp = np.array(breakpoints, dtype=np.float64) * SCALE
        iq = IAQI[:len(bp)].astype(np.float64)
        w = np.diff(bp) / np.diff(iq)
        assert np.array_equal(w, np.rint(w))
        self.inner = bp[1:-1]
        self.w = w
        self.b = bp[:-1] - iq[:-1] * w
        self.top = iq[-1]

    def __call__(self, c):
        seg = np.greater_equal(c, self.inner[0]).view(np.int8)
        ge = np.empty(c.shape, dtype=bool)
        for v in self.inner[1:]:
            np.greater_equal(c, v, out=ge)
            seg += ge.view(np.int8)
        seg = seg.astype(np.intp)
        q = c - np.take(self.b, seg)
        q /= np.take(self.w, seg)
        np.ceil(q, out=q)
        return np.minimum(q, self.top, out=q)


SUB_INDICES = [(name, Iaqi(bp)) for name, bp in BREAKPOINTS.items()]
SO2_24H_IAQI = Iaqi(SO2_24H)
BLOCK = 1 << 15  # station-hours per block: the temporaries of a block stay in the CPU cache


def hourly_aqi(a):
    """Number of station-hours with an AQI and the sum of their AQI (the AQI is the largest IAQI)."""
    flat = {name: x.reshape(-1) for name, x in a.items()}  # (stations, hours) C-contiguous: views
    size = flat["PM2.5"].size
    n = 0
    total = 0
    for i in range(0, size, BLOCK):
        aqi = None
        for name, sub_index in SUB_INDICES:
            c = np.rint(flat[name][i:i + BLOCK] * SCALE)
            sub = sub_index(c)
            if name == "SO2":
                high = c > SO2_1H_LIMIT  # SO2 1-h above 800: the IAQI of the hour's SO2 24-h value
                if high.any():
                    sub[high] = SO2_24H_IAQI(np.rint(flat["SO2_24h"][i:i + BLOCK][high] * SCALE))
            aqi = sub if aqi is None else np.fmax(aqi, sub, out=aqi)  # fmax: a missing IAQI is skipped
        have = ~np.isnan(aqi)
        n += int(np.count_nonzero(have))
        total += int(np.sum(aqi, where=have))
    return n, total


DAILY_MEANS = ("PM2.5", "PM10", "SO2", "NO2", "CO")


def daily_values(a, n_days):
    """Daily values, each (stations, days), NaN = not valid: the 24-h means of DAILY_MEANS, "O3_8h" (daily
    max 8-h) and "O3_1h" (daily max 1-h). Vectorised over stations, hours and the days of a block."""
    n_st = a["PM2.5"].shape[1]
    out = {name: np.empty((n_days, n_st)) for name in DAILY_MEANS + ("O3_8h", "O3_1h")}
    step = max(1, BLOCK // (24 * n_st))  # days per block
    with np.errstate(invalid="ignore", divide="ignore"):
        for d0 in range(0, n_days, step):
            d1 = min(n_days, d0 + step)
            rows = slice(d0 * 24, d1 * 24)
            for name in DAILY_MEANS:
                x = a[name][rows].reshape(d1 - d0, 24, n_st)
                valid = ~np.isnan(x)
                n = np.count_nonzero(valid, axis=1)
                mean = np.sum(x, axis=1, where=valid) / n
                out[name][d0:d1] = np.where(n >= 20, mean, np.nan)

            x = a["O3"][rows].reshape(d1 - d0, 24, n_st)
            valid = ~np.isnan(x)
            z = np.where(valid, x, 0.0)
            v = valid.view(np.int8)
            wsum = z[:, 0:17].copy()  # window s covers hours s .. s+7, s = 0 .. 16
            wcnt = v[:, 0:17].copy()
            for k in range(1, 8):
                wsum += z[:, k:k + 17]
                wcnt += v[:, k:k + 17]
            wok = wcnt >= 6
            wsum /= wcnt
            nw = np.count_nonzero(wok, axis=1)
            mx = np.max(wsum, axis=1, where=wok, initial=-np.inf)
            out["O3_8h"][d0:d1] = np.where((nw >= 14) | ((nw >= 1) & (mx > 160)), mx, np.nan)
            n = np.count_nonzero(valid, axis=1)
            mx1 = np.max(x, axis=1, where=valid, initial=-np.inf)
            out["O3_1h"][d0:d1] = np.where(n >= 20, mx1, np.nan)
    return {name: np.ascontiguousarray(x.T) for name, x in out.items()}


def percentile_per_station(daily, p):
    """numpy.percentile(method='linear') of each station's valid days, vectorised; NaN when none."""
    s = np.sort(daily, axis=1)  # NaN sort last
    n = (~np.isnan(daily)).sum(axis=1)
    vi = (n - 1) * (p / 100)  # numpy's virtual index for 'linear'
    lo = np.floor(vi)
    gamma = vi - lo
    lo = np.clip(lo.astype(np.int64), 0, None)
    hi = np.minimum(lo + 1, np.maximum(n - 1, 0))
    a = np.take_along_axis(s, lo[:, None], axis=1)[:, 0]
    b = np.take_along_axis(s, hi[:, None], axis=1)[:, 0]
    diff = b - a  # numpy's _lerp, so that the result is bit-identical to np.percentile
    r = np.where(gamma >= 0.5, b - diff * (1 - gamma), a + diff * gamma)
    return np.where(n > 0, r, np.nan)


def annual(daily):
    out = {}
    for name, series, p in STATS:
        x = daily[series]
        if p is None:
            n = (~np.isnan(x)).sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                r = np.where(n > 0, np.where(np.isnan(x), 0.0, x).sum(axis=1) / n, np.nan)
        else:
            r = percentile_per_station(x, p)
        ok = ~np.isnan(r)
        out[name] = [float(r[ok].sum()), int(ok.sum())]
    return out


def main() -> int:
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    path = sys.argv[1]

    t0 = time.perf_counter()
    stations, n_days, n_hours_present, cells, a = read(path)
    t1 = time.perf_counter()

    n_aqi, sum_aqi = hourly_aqi(a)
    daily = daily_values(a, n_days)
    stats = annual(daily)
    n_valid_pm25 = int((~np.isnan(daily["PM2.5"])).sum())
    t2 = time.perf_counter()

    total = t2 - t0
    station_hours = len(stations) * n_hours_present
    o3_1h = daily["O3_1h"]
    o3_1h_ok = ~np.isnan(o3_1h)
    print(json.dumps({
        "engine": f"numpy {np.__version__} + pandas {pd.__version__}",
        "file": path,
        "bytes": os.path.getsize(path),
        "stations": len(stations),
        "station_hours": station_hours,
        "total_s": round(total, 6),
        "read_s": round(t1 - t0, 6),
        "compute_s": round(t2 - t1, 6),
        "station_hours_per_s": round(station_hours / total),
        "values_per_s": round(cells / total),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "n_hourly_aqi": n_aqi,
        "sum_hourly_aqi": sum_aqi,
        "stats": stats,
        "n_valid_days_pm25": n_valid_pm25,
        "o3_1h_max": [float(o3_1h[o3_1h_ok].sum()), int(o3_1h_ok.sum())],
    }, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())

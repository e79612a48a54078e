#!/usr/bin/python3
"""numpy/pandas baseline for the air engine benchmark (run with /usr/bin/python3, Debian numpy and pandas).

    baseline_numpy.py FILE

Reads a CNEMC wide file (date,hour,type,<station>,...) with pandas.read_csv and computes, the fast numpy
way, what bench_air computes on the same file:

  a. hourly AQI per station-hour (HJ 633-2012): the IAQI of PM2.5, PM10, SO2 1-h, NO2 1-h, CO 1-h and
     O3 1-h, each the ceiling of the linear interpolation between breakpoints, exact (concentrations
     scaled to integers, round(C * 10^4); see Iaqi); above the last breakpoint 500, except SO2 1-h above
     800, which takes the IAQI of that hour's SO2_24h value on the 24-h breakpoints (none when SO2_24h is
     missing). AQI = the largest available sub-index; an hour without any has no AQI.
  b. daily values per station and date (hours 0-23): mean of PM2.5, PM10, SO2, NO2, CO with >= 20 valid
     hours; O3 daily max 8-h over the 17 windows starting at hours 0..16 (a window needs >= 6 valid hours;
     the day needs >= 14 valid windows, or >= 1 valid window with a maximum > 160); O3 daily max 1-h
     with >= 20 valid hours.
  c. annual statistics per station over its valid days (HJ 663): means of SO2, NO2, PM10, PM2.5;
     percentiles (numpy's 'linear' method, which is HJ 663's k = 1 + (n-1)p/100, bit for bit) p98 of SO2
     and NO2, p95 of PM10, PM2.5 and CO, p90 of O3 daily max 8-h.

How: one read_csv (C engine, float64 station columns, only the empty cell is missing), then per type a
(stations x hours) float64 array in time order (NaN = missing) gathered from pandas' own float block,
and ufuncs and reductions over stations and hours. There are no Python loops over station-hours; the
arrays are built and processed in blocks of a few stations (BLOCK station-hours), which keeps numpy's
temporaries in the CPU cache and avoids faulting in GBs of fresh pages: about 3x faster than whole-array
passes on the national file. Types other than PM2.5, PM10, SO2, NO2, CO, O3 and SO2_24h are ignored.
Days are the distinct dates of the file (an absent date has no valid day, so it changes no result); an
absent (date, hour, type) row is all missing. station_hours = stations x days x 24 (the hour grid).

Prints one line of JSON: engine, file, bytes, stations, station_hours, total_s, read_s (read_csv and the
per-type arrays), compute_s (a + b + c), station_hours_per_s (station_hours / total_s), values_per_s
(station cells of the file / total_s), peak_rss_mb (ru_maxrss), n_hourly_aqi, sum_hourly_aqi,
stats {name: [sum over stations, stations]} (a station without a valid day is left out),
n_valid_days_pm25, and o3_1h_max [sum over valid station-days, their number] as a check of the O3 daily
max 1-h.
"""

import json
import os
import resource
import sys
import time

import numpy as np
import pandas as pd

TYPES = ("PM2.5", "PM10", "SO2", "NO2", "CO", "O3", "SO2_24h")
IAQI = np.array([0, 50, 100, 150, 200, 300, 400, 500], dtype=np.float64)
# 1-hour (PM: 24-hour) concentration breakpoints of HJ 633-2012 Table 1, µg/m³ (CO mg/m³)
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
DAILY_MEANS = ("PM2.5", "PM10", "SO2", "NO2", "CO")
# annual statistics: name -> (daily series, percentile or None for the mean)
STATS = (("SO2_mean", "SO2", None), ("SO2_p98", "SO2", 98),
         ("NO2_mean", "NO2", None), ("NO2_p98", "NO2", 98),
         ("PM10_mean", "PM10", None), ("PM10_p95", "PM10", 95),
         ("PM2.5_mean", "PM2.5", None), ("PM2.5_p95", "PM2.5", 95),
         ("CO_p95", "CO", 95), ("O3_p90", "O3_8h", 90))
BLOCK = 1 << 16  # station-hours per block (whole stations, at least one)


class Iaqi:
    """Exact IAQI on one breakpoint table, on concentrations already scaled: c = rint(C * 10^4).

    On segment k (BP_k <= c <= BP_k+1) the IAQI is IAQI_k + (c - BP_k) / W_k with W_k = (BP_k+1 - BP_k) /
    (IAQI_k+1 - IAQI_k), an integer for every table once scaled by 10^4, so ceil(IAQI) = ceil((c - B_k) / W_k)
    with the integer B_k = BP_k - IAQI_k * W_k. c - B_k is an integer below 2^53, hence exact in float64,
    and its quotient by W_k is correctly rounded: a true quotient that is not an integer is at least 1/W_k
    (> 8e-6) away from one, far above the rounding error (< 1e-13 at 500), so the ceiling is that of the
    exact rational, as with integer ceil-division. The segment is the number of inner breakpoints <= c (a
    few compares; np.searchsorted is 10x slower here); the last segment extrapolated beyond the last
    breakpoint exceeds the top IAQI, so np.minimum with it gives 500 (HJ 633: above the table, 500).
    NaN (missing) stays NaN.
    """

    def __init__(self, breakpoints):
        bp = np.array(breakpoints, dtype=np.float64) * SCALE
        iq = IAQI[:len(bp)]
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


def read(path):
    """pandas.read_csv of the wide file; the per-type arrays are gathered later (gather)."""
    with open(path, encoding="utf-8-sig") as f:
        header = f.readline().rstrip("\r\n").split(",")
    if header[:3] != ["date", "hour", "type"]:
        raise SystemExit(f"baseline_numpy: {path} does not start with date,hour,type")
    stations = header[3:]
    dtype = {"date": np.int64, "hour": np.int64, "type": str}
    dtype.update({s: np.float64 for s in stations})
    # Only the empty cell means missing (keep_default_na=False): the same cells here, and faster.
    df = pd.read_csv(path, engine="c", dtype=dtype, keep_default_na=False, na_values=[""])
    date = df.pop("date").to_numpy()
    hour = df.pop("hour").to_numpy()
    kind = df.pop("type").to_numpy()
    by_station = df.to_numpy().T  # (stations, rows), C order: pandas' float block itself, no copy
    del df

    days, day_index = np.unique(date, return_inverse=True)
    t = day_index * 24 + hour
    n_hours = len(days) * 24
    rows_of = {}  # type -> (the file row of each hour, 0 where none; the hours it has none, or None)
    for name in TYPES:
        rows = np.flatnonzero(kind == name)
        row_of = np.full(n_hours, -1, dtype=np.intp)
        row_of[t[rows]] = rows
        absent = row_of < 0
        rows_of[name] = (np.where(absent, 0, row_of), absent if absent.any() else None)
    return stations, by_station, len(days), rows_of


def gather(by_station, rows_of, s0, s1):
    """Per type, the (stations s0..s1-1 x hours) float64 array in time order, NaN = missing."""
    block = by_station[s0:s1]
    out = {}
    for name, (row_of, absent) in rows_of.items():
        if by_station.shape[1] == 0:
            a = np.full((s1 - s0, len(row_of)), np.nan)
        else:
            a = np.take(block, row_of, axis=1)
        if absent is not None:
            a[:, absent] = np.nan
        out[name] = a
    return out


def hourly_aqi(a):
    """Number of station-hours with an AQI and the sum of their AQI (the AQI is the largest IAQI)."""
    aqi = None
    for name, sub_index in SUB_INDICES:
        c = np.rint(a[name] * SCALE)
        sub = sub_index(c)
        if name == "SO2":
            high = c > SO2_1H_LIMIT  # SO2 1-h above 800: the IAQI of the hour's SO2 24-h value
            if high.any():
                sub[high] = SO2_24H_IAQI(np.rint(a["SO2_24h"][high] * SCALE))
        aqi = sub if aqi is None else np.fmax(aqi, sub, out=aqi)  # fmax: a missing IAQI is skipped
    have = ~np.isnan(aqi)
    return int(np.count_nonzero(have)), int(np.sum(aqi, where=have))


def day_sum(x):
    """Sum over the 24 hours of (stations, days, 24): einsum is about 2x faster than sum(axis=2) here."""
    return np.einsum("ijk->ij", x)


def daily_values(a, n_days, out, s0, s1):
    """Daily values of stations s0..s1-1 into out[name][s0:s1, :] (NaN = not valid): the 24-h means of
    DAILY_MEANS, "O3_8h" (daily max 8-h) and "O3_1h" (daily max 1-h)."""
    n_st = s1 - s0
    for name in DAILY_MEANS:
        x = a[name].reshape(n_st, n_days, 24)
        missing = np.isnan(x)
        n = 24 - day_sum(missing.view(np.int8))
        z = x.copy()
        np.putmask(z, missing, 0.0)
        out[name][s0:s1] = np.where(n >= 20, day_sum(z) / n, np.nan)

    x = a["O3"].reshape(n_st, n_days, 24)
    valid = ~np.isnan(x)
    z = x.copy()
    np.putmask(z, ~valid, 0.0)
    v = valid.view(np.int8)
    wsum = z[:, :, 0:17].copy()  # window s covers hours s .. s+7, s = 0 .. 16
    wcnt = v[:, :, 0:17].copy()
    for k in range(1, 8):
        wsum += z[:, :, k:k + 17]
        wcnt += v[:, :, k:k + 17]
    wok = wcnt >= 6
    wsum /= wcnt
    np.putmask(wsum, ~wok, -np.inf)
    nw = day_sum(wok.view(np.int8))
    mx = wsum.max(axis=2)
    out["O3_8h"][s0:s1] = np.where((nw >= 14) | ((nw >= 1) & (mx > 160)), mx, np.nan)
    n = day_sum(v)
    out["O3_1h"][s0:s1] = np.where(n >= 20, np.fmax.reduce(x, axis=2), np.nan)


def percentile_per_station(daily, p):
    """numpy.percentile(method='linear') of each station's valid days, vectorised; NaN when none."""
    s = np.sort(daily, axis=1)  # NaN sort last
    n = np.count_nonzero(~np.isnan(daily), axis=1)
    vi = (n - 1) * (p / 100)  # numpy's virtual index for 'linear'
    lo = np.floor(vi)
    gamma = vi - lo
    lo = np.clip(lo.astype(np.intp), 0, None)
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
            valid = ~np.isnan(x)
            r = np.sum(x, axis=1, where=valid) / np.count_nonzero(valid, axis=1)
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
    np.seterr(invalid="ignore", divide="ignore")  # 0/0 -> NaN marks a value without valid data

    t0 = time.perf_counter()
    stations, by_station, n_days, rows_of = read(path)
    read_s = time.perf_counter() - t0

    n_st = len(stations)
    n_hours = n_days * 24
    step = max(1, BLOCK // max(1, n_hours))  # stations per block
    daily = {name: np.empty((n_st, n_days)) for name in DAILY_MEANS + ("O3_8h", "O3_1h")}
    n_aqi = 0
    sum_aqi = 0
    for s0 in range(0, n_st, step):
        s1 = min(n_st, s0 + step)
        tg = time.perf_counter()
        a = gather(by_station, rows_of, s0, s1)
        read_s += time.perf_counter() - tg
        n, s = hourly_aqi(a)
        n_aqi += n
        sum_aqi += s
        daily_values(a, n_days, daily, s0, s1)
    stats = annual(daily)
    n_valid_pm25 = int(np.count_nonzero(~np.isnan(daily["PM2.5"])))
    total = time.perf_counter() - t0

    station_hours = n_st * n_hours
    o3_1h = daily["O3_1h"]
    o3_1h_ok = ~np.isnan(o3_1h)
    print(json.dumps({
        "engine": f"numpy {np.__version__} + pandas {pd.__version__}",
        "file": path,
        "bytes": os.path.getsize(path),
        "stations": n_st,
        "station_hours": station_hours,
        "total_s": round(total, 6),
        "read_s": round(read_s, 6),
        "compute_s": round(total - read_s, 6),
        "station_hours_per_s": round(station_hours / total),
        "values_per_s": round(by_station.size / total),
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

"""HJ 633 AQI and HJ 663 daily values on columns of concentrations (the kernels of ``ecobarrier air aqi``)."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import _core

HOURLY_ITEMS = list(_core.HOURLY_ITEMS)  # PM2.5, PM10, SO2, NO2, CO, O3 (1-hour means; CO in mg/m³)
DAILY_ITEMS = list(_core.DAILY_ITEMS)  # PM2.5, PM10, SO2, NO2, CO (24-hour means), O3_8h, O3_1h (daily maxima)
_BEIJING = "Asia/Shanghai"
_DAY = 86400
_BEIJING_OFFSET = 8 * 3600


def _key(name) -> str:
    return re.sub(r"[^0-9a-z]", "", str(name).lower())


def _lookup(data, name, required=False):
    """Column `name` of a DataFrame, dict or keyword set, by exact name or loosely (pm25 for PM2.5, c_PM2.5)."""
    if data is None:
        return None
    keys = list(data.keys())
    for candidate in (name, f"c_{name}"):
        if candidate in keys:
            return data[candidate]
    wanted = _key(name)
    for k in keys:
        if _key(k) in (wanted, "c" + wanted):
            return data[k]
    if required:
        raise _core.UsageError(f"no column {name}")
    return None


def _as_float(values):
    if values is None:
        return None
    return np.asarray(values, dtype=np.float64)


def _beijing_days(times) -> np.ndarray:
    """Days since 1970-01-01 of the Beijing date of each time (naive times are Beijing time, as in ecobarrier)."""
    t = pd.DatetimeIndex(pd.to_datetime(times))
    if t.tz is None:
        seconds = t.asi8 // 10**9
    else:
        seconds = t.tz_convert("UTC").asi8 // 10**9 + _BEIJING_OFFSET
    return np.floor_divide(seconds, _DAY).astype(np.int64)


def _times_of(data):
    if data is None:
        return None
    if isinstance(data, pd.DataFrame) and isinstance(data.index, pd.DatetimeIndex):
        return data.index
    for name in ("time", "date", "datetime"):
        if name in data.keys():
            return data[name]
    return None


def _names(bits: np.ndarray, items) -> np.ndarray:
    """'PM2.5|O3' for the bits of every row (the CLI's separator)."""
    table = np.array(["|".join(items[i] for i in range(len(items)) if b & (1 << i)) for b in range(256)], dtype=object)
    return table[bits.astype(np.intp)]


def _nullable(values: np.ndarray, missing: np.ndarray):
    """Whole numbers with gaps as pandas' nullable Int64, without a pass over Python objects."""
    return pd.arrays.IntegerArray(values.astype(np.int64), missing.copy())


def _levels(aqi: np.ndarray, lang: str):
    levels = _core.aqi_levels()
    lower = np.array([lv["aqi_min"] for lv in levels])
    k = np.searchsorted(lower, aqi, side="right") - 1
    ok = aqi >= 0
    k = np.where(ok, k, 0)
    number = _nullable(np.array([lv["level"] for lv in levels])[k], ~ok)
    name = np.array([lv["name_en" if lang == "en" else "name_zh"] for lv in levels], dtype=object)[k]
    colour = np.array([lv["rgb_hex"] for lv in levels], dtype=object)[k]
    name[~ok] = None
    colour[~ok] = None
    return number, name, colour


def _report_frame(report, items, index, lang, passthrough, daily_values=None, dropna=False) -> pd.DataFrame:
    if dropna:  # the rows with a sub-index, as the CLI writes them; selected before the frame is built
        rows = np.flatnonzero(report["available"] > 0)
        report = {k: (v[rows] if isinstance(v, np.ndarray) else v) for k, v in report.items()}
        passthrough = {k: v[rows] for k, v in passthrough.items()}
        daily_values = None if daily_values is None else [None if v is None else v[rows] for v in daily_values]
        index = index[rows]
    aqi = report["aqi"].astype(np.int64)
    level, category, colour = _levels(aqi, lang)
    primary = _names(report["primary"], items)
    primary[aqi <= 50] = None
    exceeding = _names(report["exceeding"], items)
    exceeding[report["exceeding"] == 0] = None
    columns = dict(passthrough)
    columns["aqi"] = _nullable(np.where(aqi >= 0, aqi, 0), aqi < 0)
    columns.update({"level": level, "category": category, "colour": colour, "primary_pollutants": primary,
                    "exceeding_pollutants": exceeding})
    if daily_values is not None:
        for name, values in zip(items, daily_values):
            columns[f"c_{name}"] = values if values is not None else np.full(len(aqi), np.nan)
    iaqi = report["iaqi"]
    for i, name in enumerate(items):
        columns[f"iaqi_{name}"] = _nullable(iaqi[:, i], iaqi[:, i] < 0)
    editions = np.array(report["editions"], dtype=object)
    columns["standard"] = editions[report["edition"].astype(np.intp)]
    return pd.DataFrame(columns, index=index)


def aqi(data=None, *, mode: str = "hourly", standard: str = "auto", lang: str = "en", dropna: bool = False,
        **columns) -> pd.DataFrame:
    """HJ 633 AQI of every row: the real-time (hourly) or daily report, as ``ecobarrier air aqi`` computes it.

    data: a DataFrame (or dict of arrays) with the concentrations as columns — hourly: PM2.5, PM10, SO2, NO2, CO
    (mg/m³), O3, optionally SO2_24h (for the 2012 rule SO2 1-h > 800); daily: PM2.5, PM10, SO2, NO2, CO (24-hour
    means), O3_8h, O3_1h (daily maxima), e.g. the frame of `daily_values`. Columns may also be given as keywords
    (pm25=..., o3_8h=...); a missing column counts as missing throughout, NaN as a missing value.
    standard: auto (the edition in force on each row's day, which needs a `time` column or a DatetimeIndex),
    hj633-2012 / 2012, hj633-2026 / 2026, or any bundle `air aqi --standard` accepts.
    Returns a DataFrame on the input's index: station and time when given, aqi, level, category, colour,
    primary_pollutants (AQI > 50), exceeding_pollutants (IAQI > 100), c_* (daily), iaqi_* and standard. With
    dropna=True only the rows with at least one sub-index are kept, as the CLI writes them.
    """
    if mode not in ("hourly", "daily"):
        raise _core.UsageError(f"mode: expected hourly or daily, got {mode}")
    source = data if data is not None else columns
    if data is not None and columns:
        source = {**{k: data[k] for k in data.keys()}, **columns}
    items = HOURLY_ITEMS if mode == "hourly" else DAILY_ITEMS
    values = [_as_float(_lookup(source, name)) for name in items]
    present = [v for v in values if v is not None]
    if not present:
        raise _core.UsageError(f"aqi: none of the columns {', '.join(items)}")
    n = len(present[0])
    times = _times_of(source)
    days = _beijing_days(times) if times is not None and standard == "auto" else None
    if mode == "hourly":
        so2_24h = _as_float(_lookup(source, "SO2_24h"))
        report = _core.aqi_hourly(values, so2_24h, standard, days)
    else:
        report = _core.aqi_daily(values, standard, days)
    index = data.index if isinstance(data, pd.DataFrame) else pd.RangeIndex(n)
    passthrough = {}
    for name in ("station", "time"):
        if name in source.keys():
            column = source[name]
            # A Series keeps its dtype (tz-aware times stay a DatetimeArray, not a Python object per row).
            passthrough[name] = column.array if isinstance(column, pd.Series) else np.asarray(column)
    return _report_frame(report, items, index, lang, passthrough, values if mode == "daily" else None, dropna)


def read_observations(path: str, layout: str = "auto") -> pd.DataFrame:
    """An observation file (CNEMC wide, long or UCI Beijing layout) as ``ecobarrier air aqi`` reads it: a row per
    station and hour of whole Beijing days, columns station, time (Asia/Shanghai), PM2.5, PM10, SO2, NO2, CO (mg/m³),
    O3 and SO2_24h; NaN where a value is missing. Rejected records raise InputError with the CLI's message."""
    stations = _core.read_observations(str(path), layout)
    if not stations:
        return pd.DataFrame(columns=["station", "time", *HOURLY_ITEMS, "SO2_24h"])
    hours = np.array([s["days"] * 24 for s in stations], dtype=np.int64)
    # Stations as a categorical column (one code per row, not one Python string per row).
    station = pd.Categorical.from_codes(np.repeat(np.arange(len(stations)), hours),
                                        categories=pd.Index([s["station"] for s in stations]))
    epoch = np.concatenate([s["first_day"] * _DAY - _BEIJING_OFFSET + np.arange(h, dtype=np.int64) * 3600
                            for s, h in zip(stations, hours)])
    columns = {"station": station, "time": pd.to_datetime(epoch, unit="s", utc=True).tz_convert(_BEIJING)}
    for i, name in enumerate(HOURLY_ITEMS):
        columns[name] = np.concatenate([s["hourly"][i] for s in stations])
    columns["SO2_24h"] = np.concatenate([s["so2_24h"] if s["so2_24h"] is not None else np.full(h, np.nan)
                                         for s, h in zip(stations, hours)])
    return pd.DataFrame(columns)


def _station_grid(group: pd.DataFrame, times: pd.Series):
    """One station's rows on whole Beijing days of hours: (first day, float columns of days x 24)."""
    days = _beijing_days(times)
    first, last = int(days.min()), int(days.max())
    t = pd.DatetimeIndex(pd.to_datetime(times))
    seconds = (t.asi8 // 10**9) if t.tz is None else (t.tz_convert("UTC").asi8 // 10**9 + _BEIJING_OFFSET)
    if np.any(seconds % 3600 != 0):
        raise _core.InputError("daily_values: every time must be on the hour")
    slot = (seconds - first * _DAY) // 3600
    n = (last - first + 1) * 24
    if len(np.unique(slot)) != len(slot):
        raise _core.InputError("daily_values: a station has two rows for one hour")
    columns = []
    for name in HOURLY_ITEMS:
        values = _lookup(group, name)
        column = np.full(n, np.nan)
        if values is not None:
            column[slot] = np.asarray(values, dtype=np.float64)
        columns.append(column)
    return first, columns


def daily_values(hourly, *, standard: str = "auto", zone_class: int = 2) -> pd.DataFrame:
    """HJ 663 / GB 3095 daily values from hourly concentrations, as ``air aqi --mode daily`` and ``air daily``
    compute them: a 24-hour mean needs 20 hourly values, the O3 daily maximum 8-hour mean 14 of its 17 windows
    (unless it exceeds the limit anyway), each window 6 of its 8 hours.

    hourly: a DataFrame with columns station (optional), time (or a DatetimeIndex; naive times are Beijing time) and
    PM2.5, PM10, SO2, NO2, CO, O3 — e.g. `read_observations`. Returns a row per station and day: station, time
    (00:00 of the day, Beijing), PM2.5 ... CO (24-hour means), O3_8h, O3_1h (NaN when not valid) and n_<item>, the
    hours (windows for O3_8h) behind each. The O3 8-hour limit of the exception is that of `standard` on the first
    day and `zone_class`.
    """
    frame = hourly if isinstance(hourly, pd.DataFrame) else pd.DataFrame(hourly)
    times = _times_of(frame)
    if times is None:
        raise _core.UsageError("daily_values: the rows need a time column (or a DatetimeIndex)")
    times = pd.Series(np.asarray(times), index=frame.index) if not isinstance(times, pd.Series) else times
    groups = frame.groupby("station", sort=False, observed=True) if "station" in frame.columns else [(None, frame)]
    out = []
    for station, group in groups:
        first, columns = _station_grid(group, times.loc[group.index])
        limit = _core.air_rules(standard, first, zone_class)["o3_8h_limit"]
        result = _core.daily_values(columns, limit)
        days = len(result["values"][0])
        epoch = (first + np.arange(days, dtype=np.int64)) * _DAY - _BEIJING_OFFSET
        part = {}
        if station is not None:
            part["station"] = np.full(days, station, dtype=object)
        part["time"] = pd.to_datetime(epoch, unit="s", utc=True).tz_convert(_BEIJING)
        for name, values in zip(DAILY_ITEMS, result["values"]):
            part[name] = values
        for name, counts in zip(DAILY_ITEMS, result["counts"]):
            part[f"n_{name}"] = counts
        out.append(pd.DataFrame(part))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame()

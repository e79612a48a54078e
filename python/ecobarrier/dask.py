"""ecobarrier on Dask: raster jobs split into windows aligned to the file's blocks, run as tasks on any
``distributed.Client`` (or Dask's local schedulers), with the same results as one process.

Zonal statistics (:func:`zonal_stats`): the client reads the zones (as ``ecobarrier raster zonal`` does) and
cuts the raster into windows of whole *leaves* (full width, whole block rows; a leaf is the smallest multiple of
the block height of at least 256 rows). Each task opens the raster itself (a path on shared storage, or a GDAL
virtual file system path such as ``/vsis3/...``), computes the exact coverage of its window's rows (the very
fractions of the whole coverage), sums its window into a partial -- per zone and leaf: count, sum, mean and M2,
min, max, cells, areas, per-class sums, and the covered values when quantiles are asked for -- and returns it as
bytes. Partials are merged in a tree, in any
order and grouping; the root is finished on the client. The single-process run sums the same leaves and folds
them in the same row order, so every statistic is **bit for bit** the one ``ecobarrier raster zonal`` gives
(tested: tests/python/test_dask.py). A window lost with a worker is recomputed by Dask on the survivors; a
window missing or counted twice is refused when the partials are merged or finished, never silently summed.

Per-cell rasters (:func:`ndvi`, :func:`trend`, :func:`fvc`): tasks write full-width windows as GeoTIFF tiles with the
CLI's kernels, assembled into VRTs, equal to the CLI's outputs value for value (FVC's percentiles in two exact
passes over all windows). Air quality (:func:`air_hourly`, :func:`air_daily`, :func:`air_assess`): a task per
observation file; the assessment and the city/region roll-ups run on the client with the CLI's own code, equal to
``air assess`` on a workspace holding the same data. docs/scale.md says what runs where and why it is exact.
"""
from __future__ import annotations

import hashlib
from typing import Any, Optional, Sequence, Union

import dask
from dask.base import tokenize
from dask.delayed import Delayed, delayed

from . import _core

DEFAULT_STATS = ("count", "sum", "mean", "min", "max")


def _sum_window(raster: str, band: int, stats: str, zones: bytes, row_begin: int, row_end: int,
                keep_buffers: bool = False) -> bytes:
    return _core.zonal_sum_window(raster, band, stats, zones, row_begin, row_end, keep_buffers)


def _merge(*partials: bytes) -> bytes:
    return _core.zonal_merge(list(partials))


def _stats_list(stats: Union[str, Sequence[str]]) -> str:
    return stats if isinstance(stats, str) else ",".join(stats)


def zonal_plan(raster: str, zones: str, id_field: Optional[str] = None,
               stats: Union[str, Sequence[str]] = DEFAULT_STATS, *, band: int = 1, layer: Optional[str] = None,
               where: Optional[str] = None, make_valid: bool = False, window_rows: int = 0) -> "_core.ZonalWindowPlan":
    """Reads the zones (reprojected to the raster's CRS, repaired with ``make_valid``) and cuts the job into
    windows, on the calling process. The coverage is left to the tasks: each covers its window's rows."""
    return _core.zonal_plan(raster, zones, id_field or "", _stats_list(stats), band, layer or "", where or "",
                            make_valid, window_rows)


def zonal_graph(plan: "_core.ZonalWindowPlan", split_every: int = 8, client: Any = None) -> Delayed:
    """The tasks of a planned job: one per window, then merges of at most ``split_every`` partials each; the
    result is the merged partial (bytes) that :func:`zonal_finish` turns into the statistics. Every window task
    takes the zones' polygons (``plan.zones``, a few hundred KB for a province's counties); with ``client`` they
    are scattered to every worker once (``broadcast``), not shipped with each task, and outlive any one worker;
    and each worker keeps its strip buffers from one window to the next (without ``client``, in this process's
    thread pool, they are freed after each window)."""
    if split_every < 2:
        raise ValueError("split_every: at least 2")
    zones = plan.zones
    token = tokenize(plan.raster, plan.band, plan.stats, plan.zone_ids, plan.windows,
                     hashlib.blake2b(zones, digest_size=16).hexdigest())
    if client is not None:
        zones = client.scatter(zones, broadcast=True, hash=False)
    level = [
        delayed(_sum_window, pure=True)(plan.raster, plan.band, plan.stats, zones, begin, end, client is not None,
                                        dask_key_name=f"ecobarrier-zonal-window-{token}-{begin}")
        for begin, end in plan.windows
    ]
    depth = 0
    while len(level) > 1:
        depth += 1
        level = [
            delayed(_merge, pure=True)(*level[j:j + split_every],
                                       dask_key_name=f"ecobarrier-zonal-merge-{token}-{depth}-{j // split_every}")
            for j in range(0, len(level), split_every)
        ]
    return level[0]


def zonal_finish(plan: "_core.ZonalWindowPlan", merged: bytes, as_frame: bool = True) -> Any:
    columns = _core.zonal_finish(plan, merged)
    if not as_frame:
        return columns
    import pandas as pd

    return pd.DataFrame(columns)


def zonal_stats(raster: str, zones: str, id_field: Optional[str] = None,
                stats: Union[str, Sequence[str]] = DEFAULT_STATS, *, client: Any = None, band: int = 1,
                layer: Optional[str] = None, where: Optional[str] = None, make_valid: bool = False,
                window_rows: int = 0, split_every: int = 8, as_frame: bool = True) -> Any:
    """Exact (coverage-weighted) zonal statistics of ``raster`` over the polygons of ``zones``, computed window by
    window on ``client`` (a ``distributed.Client``; None: Dask's default scheduler).

    ``stats``: the names ``ecobarrier raster zonal --stats`` takes (count, sum, mean, min, max, stdev, majority,
    minority, variety, cells, area_m2, area_km2, area_weighted_mean, median, pNN, class_areas).
    ``window_rows``: rows per task, rounded to whole leaves (0: about 16 M cells). The raster path must be
    readable by every worker. Returns a pandas DataFrame (``as_frame=False``: {column: list}) with the columns of
    ``ecobarrier raster zonal``, equal to it bit for bit.
    """
    plan = zonal_plan(raster, zones, id_field, stats, band=band, layer=layer, where=where, make_valid=make_valid,
                      window_rows=window_rows)
    graph = zonal_graph(plan, split_every, client)
    if client is None:
        (merged,) = dask.compute(graph)
    else:
        merged = client.compute(graph).result()
    return zonal_finish(plan, merged, as_frame)


# --- per-cell rasters: NDVI tiles assembled into a VRT (and a COG) ---


def _ndvi_window(red: str, nir: str, row_begin: int, row_end: int, tile: str, red_band: int, nir_band: int) -> int:
    return _core.ndvi_window(red, nir, row_begin, row_end, tile, red_band, nir_band)


def ndvi(red: str, nir: str, output: str, *, client: Any = None, red_band: int = 1, nir_band: int = 1,
         window_rows: int = 0, cog: Optional[str] = None) -> dict:
    """``ecobarrier raster ndvi`` as tasks: full-width windows of whole block rows (``window_rows`` rounded up to
    whole blocks; 0: about 16 M cells), each written by a task as a GeoTIFF tile ``<output stem>_tiles/r<row>.tif``
    next to ``output``, then assembled on the client into the VRT ``output`` (and, with ``cog=PATH``, a
    Cloud-Optimized GeoTIFF by GDAL's COG driver). Cells are independent, so the result equals ``raster ndvi``'s
    output value for value. Returns {"output", "tiles", "valid_cells"}."""
    import os

    from osgeo import gdal

    info = gdal.Open(red)
    rows, cols = info.RasterYSize, info.RasterXSize
    block_rows = max(1, info.GetRasterBand(red_band).GetBlockSize()[1])
    info = None
    if window_rows <= 0:
        window_rows = max(1, (1 << 24) // max(1, cols))
    window_rows = -(-window_rows // block_rows) * block_rows
    stem, _ = os.path.splitext(os.path.abspath(output))
    tile_dir = stem + "_tiles"
    os.makedirs(tile_dir, exist_ok=True)
    token = tokenize(red, nir, red_band, nir_band, window_rows, output)
    tiles, tasks = [], []
    for begin in range(0, rows, window_rows):
        tile = os.path.join(tile_dir, f"r{begin:07d}.tif")
        tiles.append(tile)
        tasks.append(delayed(_ndvi_window, pure=True)(red, nir, begin, min(rows, begin + window_rows), tile,
                                                      red_band, nir_band,
                                                      dask_key_name=f"ecobarrier-ndvi-window-{token}-{begin}"))
    counts = dask.compute(*tasks) if client is None else client.gather(client.compute(tasks))
    gdal.UseExceptions()
    vrt = gdal.BuildVRT(output, tiles)
    vrt = None  # noqa: F841 -- closing writes the VRT
    if cog:
        gdal.Translate(cog, output, format="COG", creationOptions=["COMPRESS=DEFLATE", "PREDICTOR=3"])
    return {"output": output, "tiles": tiles, "valid_cells": int(sum(counts))}


def _window_rows(raster: str, band: int, window_rows: int) -> tuple:
    """(rows, window rows rounded up to whole blocks of the raster; 0: about 16 M cells)."""
    from osgeo import gdal

    info = gdal.Open(raster)
    rows, cols = info.RasterYSize, info.RasterXSize
    block_rows = max(1, info.GetRasterBand(band).GetBlockSize()[1])
    info = None
    if window_rows <= 0:
        window_rows = max(1, (1 << 24) // max(1, cols))
    return rows, -(-window_rows // block_rows) * block_rows


def _trend_window(years: list, row_begin: int, row_end: int, slope: str, z: str, classes: str, confidence: float,
                  min_years: int) -> list:
    return list(_core.trend_window(years, row_begin, row_end, slope, z, classes, confidence, min_years))


def trend(rasters: Sequence[str], output: Optional[str] = None, *, z: Optional[str] = None,
          classes: Optional[str] = None, client: Any = None, confidence: float = 0.95, min_years: int = 3,
          window_rows: int = 0) -> dict:
    """``ecobarrier raster trend`` as tasks: per cell, the Theil-Sen slope, the Mann-Kendall Z and the trajectory
    class (1 degrading, 2 stable, 3 improving at ``confidence``) over ``rasters`` (one per year, oldest first, on
    one grid). Full-width windows of whole block rows of the first raster (``window_rows`` rounded up; 0: about
    16 M cells), each task running the CLI's kernel on its rows of every year and writing its tiles
    (``<stem>_tiles/r<row>.tif`` next to each output); the client assembles each output's tiles into the VRT
    ``output`` (the slope), ``z``, ``classes``. Cells are independent, so every output equals the CLI's value for
    value. Returns {"slope", "z", "classes" (the VRTs or None), "tiles" ({output: tiles}), "class_area_m2"
    ([_, degrading, stable, improving], the windows' sums: equal to the CLI's up to the order of the additions)}."""
    import os

    from osgeo import gdal

    rasters = [os.fspath(r) for r in rasters]
    if not rasters:
        raise _core.UsageError("raster trend: give at least 3 rasters, one per year, oldest first")
    outputs = {"slope": output, "z": z, "classes": classes}
    if not any(outputs.values()):
        raise _core.UsageError("raster trend: give at least one output (slope, z or classes)")
    rows, window_rows = _window_rows(rasters[0], 1, window_rows)
    tile_dirs = {}
    for key, path in outputs.items():
        if path:
            stem, _ = os.path.splitext(os.path.abspath(path))
            tile_dirs[key] = stem + "_tiles"
            os.makedirs(tile_dirs[key], exist_ok=True)
    token = tokenize(rasters, outputs, confidence, min_years, window_rows)
    tiles = {key: [] for key in tile_dirs}
    tasks = []
    for begin in range(0, rows, window_rows):
        paths = {key: os.path.join(d, f"r{begin:07d}.tif") for key, d in tile_dirs.items()}
        for key, path in paths.items():
            tiles[key].append(path)
        tasks.append(delayed(_trend_window, pure=True)(rasters, begin, min(rows, begin + window_rows),
                                                       paths.get("slope", ""), paths.get("z", ""),
                                                       paths.get("classes", ""), confidence, min_years,
                                                       dask_key_name=f"ecobarrier-trend-window-{token}-{begin}"))
    areas = _compute(tasks, client)
    gdal.UseExceptions()
    for key, path in outputs.items():
        if path:
            vrt = gdal.BuildVRT(path, tiles[key])
            vrt = None  # noqa: F841 -- closing writes the VRT
    class_area = [sum(a[c] for a in areas) for c in range(4)]
    return {**{k: (v if v else None) for k, v in outputs.items()}, "tiles": tiles, "class_area_m2": class_area}


def _fvc_request(fields: dict) -> "_core.FvcRequest":
    request = _core.FvcRequest()
    for key, value in fields.items():
        setattr(request, key, value)
    return request


def _fvc_count(fields: dict, row_begin: int, row_end: int) -> bytes:
    return _core.fvc_count_window(_fvc_request(fields), row_begin, row_end)


def _fvc_merge_counts(*partials: bytes) -> bytes:
    return _core.merge_fvc_counts(list(partials))


def _fvc_collect(fields: dict, counts: bytes, row_begin: int, row_end: int) -> bytes:
    return _core.fvc_collect_window(_fvc_request(fields), counts, row_begin, row_end)


def _fvc_window(fields: dict, soil: float, veg: float, row_begin: int, row_end: int) -> dict:
    return _core.fvc_window(_fvc_request(fields), soil, veg, row_begin, row_end)


def fvc(ndvi: Optional[str], output: str, *, grades: Optional[str] = None, red: Optional[str] = None,
        nir: Optional[str] = None, red_band: int = 1, nir_band: int = 1, ndvi_output: Optional[str] = None,
        mask: Optional[str] = None, scheme: Optional[str] = None, soil: Optional[float] = None,
        veg: Optional[float] = None, percentiles: Sequence[float] = (5, 95), client: Any = None,
        window_rows: int = 0) -> dict:
    """``ecobarrier raster fvc`` as tasks, in full-width windows of whole block rows (as :func:`ndvi`).

    Without ``soil``/``veg`` the endpoints are the CLI's exact cumulative-frequency percentiles, in two passes over
    all windows: each task counts its window's NDVI into the CLI's histogram, the histograms are summed, each task
    then keeps its values of the bins that hold the percentiles, and the client sorts those (the same order
    statistics as ``raster fvc``: equal, not approximate). Then each task writes its window's FVC (``grades``, and
    ``ndvi_output`` when NDVI comes from ``red``/``nir``) as tiles, assembled into VRTs. The rasters equal the
    CLI's value for value. Returns {"output", "grades", "ndvi_output", "tiles", "soil", "veg",
    "percentile_cells", "grade_area_m2" ({grade: m²}), "mean_cover"}; the areas are the windows' sums (equal to the
    CLI's up to the order of the additions)."""
    import os

    from osgeo import gdal

    fields = {"ndvi": ndvi or "", "red": red or "", "nir": nir or "", "red_band": red_band, "nir_band": nir_band,
              "mask": mask or "", "percentiles": [float(p) for p in percentiles]}
    if scheme:
        fields["scheme"] = scheme
    if soil is not None or veg is not None:
        fields["soil"], fields["veg"] = soil, veg
    first, band = (ndvi, 1) if ndvi else (red or "", red_band)
    rows, window_rows = _window_rows(first, band, window_rows)
    windows = [(b, min(rows, b + window_rows)) for b in range(0, rows, window_rows)]
    token = tokenize(fields, window_rows)
    if soil is None and veg is None:
        counts = [delayed(_fvc_count, pure=True)(fields, b, e, dask_key_name=f"ecobarrier-fvc-count-{token}-{b}")
                  for b, e in windows]
        merged = delayed(_fvc_merge_counts, pure=True)(*counts, dask_key_name=f"ecobarrier-fvc-counts-{token}")
        kept = [delayed(_fvc_collect, pure=True)(fields, merged, b, e, dask_key_name=f"ecobarrier-fvc-kept-{token}-{b}")
                for b, e in windows]
        merged_counts, *kept_values = _compute([merged, *kept], client)
    else:
        merged_counts, kept_values = b"", []
    ends = _core.fvc_endpoints(_fvc_request(fields), merged_counts, kept_values)
    outputs = {"output": output, "grades_output": grades, "ndvi_output": ndvi_output}
    tile_dirs = {}
    for key, path in outputs.items():
        if path:
            stem, _ = os.path.splitext(os.path.abspath(path))
            tile_dirs[key] = stem + "_tiles"
            os.makedirs(tile_dirs[key], exist_ok=True)
    tiles = {key: [] for key in tile_dirs}
    tasks = []
    for b, e in windows:
        window_fields = dict(fields)
        for key, d in tile_dirs.items():
            window_fields[key] = os.path.join(d, f"r{b:07d}.tif")
            tiles[key].append(window_fields[key])
        tasks.append(delayed(_fvc_window, pure=True)(window_fields, ends["soil"], ends["veg"], b, e,
                                                     dask_key_name=f"ecobarrier-fvc-window-{token}-{b}"))
    sums = _compute(tasks, client)
    gdal.UseExceptions()
    for key, path in outputs.items():
        if path:
            vrt = gdal.BuildVRT(path, tiles[key])
            vrt = None  # noqa: F841 -- closing writes the VRT
    area = [sum(s["grade_area_m2"][g] for s in sums) for g in range(255)]
    total_area = sum(s["area_m2"] for s in sums)
    fvc_area = sum(s["fvc_area_sum"] for s in sums)
    return {"output": output, "grades": grades, "ndvi_output": ndvi_output,
            "tiles": {("grades" if k == "grades_output" else k): v for k, v in tiles.items()},
            "soil": ends["soil"], "veg": ends["veg"], "percentile_cells": ends["percentile_cells"],
            "grade_area_m2": {g: a for g, a in enumerate(area) if a > 0},
            "mean_cover": fvc_area / total_area if total_area > 0 else float("nan")}


# --- air quality over many observation files: a task per file, the assessment and roll-ups on the client ---


def _compute(tasks: list, client: Any) -> list:
    if not tasks:
        return []
    return list(dask.compute(*tasks)) if client is None else client.gather(client.compute(tasks))


def _file_tasks(function, files: Sequence[str], name: str, *args) -> list:
    import os

    if isinstance(files, (str, os.PathLike)):  # one path, not a sequence of its characters
        files = [files]
    files = [os.fspath(f) for f in files]
    if not files:
        raise _core.UsageError("give at least one observation file")
    token = tokenize(name, files, *args)
    return [delayed(function, pure=True)(path, *args, dask_key_name=f"ecobarrier-air-{name}-{token}-{i}")
            for i, path in enumerate(files)]


def _concat(frames: list):
    import pandas as pd

    frames = [f for f in frames if len(f.columns) > 0]
    if not frames:
        return pd.DataFrame()
    # A station column is categorical per file; across files the categories differ, so it becomes plain text.
    for f in frames:
        if "station" in f.columns and isinstance(f["station"].dtype, pd.CategoricalDtype):
            f["station"] = f["station"].astype(object)
    return pd.concat(frames, ignore_index=True)


def _hourly_of_file(path: str, layout: str, standard: str, lang: str, dropna: bool):
    from . import _air

    return _air.aqi(_air.read_observations(path, layout), standard=standard, lang=lang, dropna=dropna)


def air_hourly(files: Sequence[str], *, client: Any = None, layout: str = "auto", standard: str = "auto",
               lang: str = "en", dropna: bool = True):
    """``ecobarrier air aqi FILE...``: the HJ 633 real-time AQI of every station-hour of every observation file, a
    task per file (:func:`ecobarrier.read_observations` then :func:`ecobarrier.aqi`), the frames concatenated in
    the order of ``files``. Every row depends on its own hour only, so the result is the single-process one row
    for row (``dropna=True``: only the rows with a sub-index, as the CLI writes them)."""
    return _concat(_compute(_file_tasks(_hourly_of_file, files, "hourly", layout, standard, lang, dropna), client))


def _daily_of_file(path: str, layout: str, standard: str, zone_class: int, with_aqi: bool, lang: str):
    from . import _air

    days = _air.daily_values(_air.read_observations(path, layout), standard=standard, zone_class=zone_class)
    if not with_aqi or len(days) == 0:
        return days
    return _air.aqi(days, mode="daily", standard=standard, lang=lang)


def air_daily(files: Sequence[str], *, client: Any = None, layout: str = "auto", standard: str = "auto",
              zone_class: int = 2, aqi: bool = False, lang: str = "en"):
    """HJ 663 daily values of every station and day of every observation file (:func:`ecobarrier.daily_values`), a
    task per file, concatenated in the order of ``files``; ``aqi=True``: the daily AQI report of those values
    (``ecobarrier air aqi --mode daily``) instead. A station's days are computed from the hours of one file, so a
    station whose days are spread over several files gets a row per file and day, each equal to the single-process
    value of that day as long as every day's hours lie in one file."""
    return _concat(_compute(_file_tasks(_daily_of_file, files, "daily", layout, standard, zone_class, aqi, lang),
                            client))


def _station_days(path: str, layout: str, period: str, standard: str, zone_class: int, composite: str) -> bytes:
    return _core.air_station_days(path, layout, period, standard, zone_class, composite)


def air_assess(files: Sequence[str], workspace: str, *, period: str, level: str = "city", client: Any = None,
               layout: str = "auto", standard: str = "auto", what_if: Optional[str] = None, zone_class: int = 2,
               composite: str = "auto", dust: str = "raw", wide: bool = False, daily: bool = False,
               lang: str = "en"):
    """``ecobarrier air assess WS --period P --level L`` with the hourly data read from observation files instead
    of the workspace: a task per file computes the HJ 663 daily values of its stations over the period
    (``_core.air_station_days``: the kernel and the period grid the workspace's hourly data go through); the client
    merges them day by day (a station-day with data in two files is refused) and runs the CLI's assessment on them:
    stations, counties, cities (the daily mean of their stations, HJ 663) and the region (the mean of its cities'
    figures), with the sites, units and dust periods of ``workspace`` (the stations the workspace knows as air
    stations count). ``daily=True``: the table of ``air daily`` instead.

    Returns the DataFrame :meth:`ecobarrier.Workspace.air_assess` (``air_daily``) returns once the same files are
    imported into the workspace (``obs import``), figure for figure. Refused: review marks and dust deducted by
    hour (they need the hours), and a what-if standard with another O3 8-hour limit (other daily values)."""
    from ._frames import document_frame

    tasks = _file_tasks(_station_days, files, "station-days", layout, period, standard, zone_class, composite)
    partials = _compute(tasks, client)
    return document_frame(_core.air_assess_station_days(str(workspace), partials, period, level, standard,
                                                        what_if or "", zone_class, composite, dust, wide, daily,
                                                        lang))

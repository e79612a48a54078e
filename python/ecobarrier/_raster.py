"""Raster ecology on arrays, xarray/rioxarray objects and files: NDVI, FVC and grades (the kernels of
``ecobarrier raster ndvi | fvc | classify``), exact coverage fractions, and ``raster zonal``'s exact zonal statistics
over polygon files or GeoPandas frames."""
from __future__ import annotations

import json
import os
from typing import NamedTuple

import numpy as np
import pandas as pd

from . import _core
from ._frames import document_frame

DEFAULT_STATS = ("count", "sum", "mean", "min", "max")
_FRAME_ZONES = "<GeoDataFrame>"
_ID_PROPERTY = "__ecobarrier_id"


# --- arrays and their grids ---


def _is_dataarray(obj) -> bool:
    return type(obj).__name__ == "DataArray" and hasattr(obj, "dims") and hasattr(obj, "coords")


def _gdal_transform(transform):
    """A GDAL geotransform from an affine.Affine (rasterio, rioxarray) or a GDAL 6-tuple."""
    if hasattr(transform, "to_gdal"):
        return tuple(float(v) for v in transform.to_gdal())
    values = tuple(float(v) for v in transform)
    if len(values) != 6:
        raise _core.UsageError("transform: expected an affine.Affine or a GDAL geotransform of 6 numbers")
    return values


def _crs_text(crs) -> str:
    if crs is None:
        return ""
    if hasattr(crs, "to_wkt"):
        return crs.to_wkt()
    return str(crs)


def _north_up(values: np.ndarray, gt):
    """A south-up grid (positive pixel height) as a flipped view: no copy."""
    if gt[5] > 0:
        rows = values.shape[0]
        return values[::-1], (gt[0], gt[1], gt[2], gt[3] + gt[5] * rows, gt[4], -gt[5])
    return values, gt


def _dataarray_grid(da, band: int):
    """The 2-D values (a view), geotransform, CRS and nodata of an xarray DataArray: from rioxarray's ``.rio`` when
    it is there, otherwise from regular x/y coordinates (cell centres) and CF attributes."""
    if "band" in da.dims:
        da = da.isel(band=band - 1)
    da = da.squeeze(drop=True)
    if da.ndim != 2:
        raise _core.UsageError(f"raster: expected a 2-D DataArray (y, x), got dimensions {da.dims}")
    rio = None
    try:
        rio = da.rio  # only when rioxarray was imported
    except AttributeError:
        rio = None
    if rio is not None:
        gt = _gdal_transform(rio.transform())
        crs = _crs_text(rio.crs)
        nodata = rio.nodata if rio.nodata is not None else rio.encoded_nodata
    else:
        ydim, xdim = da.dims
        x = np.asarray(da[xdim].values, dtype=np.float64)
        y = np.asarray(da[ydim].values, dtype=np.float64)
        if len(x) < 2 or len(y) < 2:
            raise _core.UsageError("raster: x and y need two coordinates each to give the cell size (or use rioxarray)")
        dx, dy = x[1] - x[0], y[1] - y[0]
        gt = (x[0] - dx / 2, dx, 0.0, y[0] - dy / 2, 0.0, dy)
        crs = da.attrs.get("crs", "")
        if not crs and "spatial_ref" in da.coords:
            ref = da.coords["spatial_ref"].attrs
            crs = ref.get("crs_wkt", ref.get("spatial_ref", ""))
        crs = _crs_text(crs) if crs else ""
        nodata = da.attrs.get("_FillValue", da.attrs.get("nodata"))
    return np.asarray(da.values), gt, crs, nodata


def _raster_input(raster, transform, crs, nodata, band):
    """("path", path) for a file or rasterio dataset; ("array", values, geotransform, crs, nodata) otherwise."""
    if isinstance(raster, (str, os.PathLike)):
        return ("path", os.fspath(raster))
    if hasattr(raster, "name") and hasattr(raster, "transform") and hasattr(raster, "read"):  # rasterio dataset
        return ("path", raster.name)
    if _is_dataarray(raster):
        values, gt, da_crs, da_nodata = _dataarray_grid(raster, band)
        if transform is not None:
            gt = _gdal_transform(transform)
        crs_text = _crs_text(crs) if crs is not None else da_crs
        nd = nodata if nodata is not None else da_nodata
    else:
        values = np.asarray(raster)
        if values.ndim == 3:
            values = values[band - 1]
        if transform is None:
            raise _core.UsageError("raster: a numpy array needs transform= (affine.Affine or a GDAL geotransform)")
        gt = _gdal_transform(transform)
        crs_text = _crs_text(crs)
        nd = nodata
    values, gt = _north_up(values, gt)
    return ("array", values, gt, crs_text, None if nd is None else float(nd))


def _like(template, values):
    """`values` as a DataArray on the template's coordinates when the template is one; else the array."""
    if _is_dataarray(template):
        out = template.copy(data=values)
        out.attrs = {k: v for k, v in template.attrs.items() if k not in ("_FillValue", "nodata", "scale_factor",
                                                                           "add_offset")}
        return out
    return values


def _values(obj) -> np.ndarray:
    return np.asarray(obj.values if _is_dataarray(obj) else obj)


def ndvi(red, nir):
    """NDVI = (NIR - Red) / (NIR + Red) cell by cell (``raster ndvi``'s kernel, on every core, without the GIL).

    red, nir: arrays or DataArrays of one shape (physical reflectances; NaN = no data). Returns float64 NDVI, NaN
    where a band is NaN or NIR + Red = 0, as a DataArray on red's coordinates when red is one.
    """
    return _like(red, _core.ndvi(_values(red), _values(nir)))


class FvcResult(NamedTuple):
    fvc: object  # float64 FVC in 0..1, NaN where no NDVI (or masked)
    grade: object  # uint8 grade code of the scheme, 255 where no FVC
    soil: float  # NDVI_soil used
    veg: float  # NDVI_veg used


def fvc(ndvi, *, soil: float | None = None, veg: float | None = None, percentiles=(5, 95),
        scheme: str = "desertification_fvc5", mask=None) -> FvcResult:
    """Fractional vegetation cover by the dimidiate pixel model, FVC = (NDVI - soil) / (veg - soil) clipped to 0..1,
    and its grades (``raster fvc``). Without soil and veg they are the exact PERCENTILE.INC percentiles of the valid
    (unmasked) cells, as the CLI takes them. mask: cells that are non-zero are left out. Returns (fvc, grade, soil,
    veg); arrays as DataArrays when ndvi is one."""
    result = _core.fvc(_values(ndvi), soil, veg, list(percentiles), scheme,
                       None if mask is None else _values(mask))
    return FvcResult(_like(ndvi, result["fvc"]), _like(ndvi, result["grade"]), result["soil"], result["veg"])


def grades(values, *, scheme: str | None = None, breaks=None):
    """The grade of every cell by a scheme of data/standards/grade_schemes.csv (``raster classify --scheme``) or by
    ascending breaks (``--breaks``: 1 below the first break ... n+1 from the last); uint8, 255 where NaN."""
    return _like(values, _core.grades(_values(values), scheme or "", list(breaks or [])))


def grade_schemes() -> dict:
    """The grading schemes by id, each a list of grades (code, names, lower bound inclusive, upper exclusive)."""
    return _core.grade_schemes()


# --- polygons ---


def _rings(geometry):
    """[[exterior, holes...], ...] of a shapely (Multi)Polygon or a GeoJSON-like mapping, as n x 2 arrays."""
    if hasattr(geometry, "__geo_interface__"):
        geometry = geometry.__geo_interface__
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry["geometry"]
    if isinstance(geometry, dict) and geometry.get("type") == "FeatureCollection":
        polygons = []
        for f in geometry["features"]:
            polygons.extend(_rings(f["geometry"]))
        return polygons
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if kind == "Polygon":
        return [[np.asarray(r, dtype=np.float64)[:, :2] for r in coords]]
    if kind == "MultiPolygon":
        return [[np.asarray(r, dtype=np.float64)[:, :2] for r in p] for p in coords]
    raise _core.UsageError("polygon: expected a Polygon or MultiPolygon (shapely, GeoJSON or a GeoSeries)")


def _grid_of(grid, transform=None, shape=None):
    """(geotransform, rows, cols) of a raster path, a rasterio dataset, a DataArray, an array with transform=, or
    a (transform, (rows, cols)) pair."""
    if isinstance(grid, tuple) and len(grid) == 2 and not isinstance(grid[0], (int, float)):
        transform, shape = grid
        return _gdal_transform(transform), int(shape[0]), int(shape[1])
    if isinstance(grid, (str, os.PathLike)):
        import rasterio

        with rasterio.open(os.fspath(grid)) as ds:
            return _gdal_transform(ds.transform), ds.height, ds.width
    if hasattr(grid, "transform") and hasattr(grid, "height") and hasattr(grid, "width"):
        return _gdal_transform(grid.transform), grid.height, grid.width
    kind = _raster_input(grid, transform, None, None, 1)
    if kind[0] == "path":
        return _grid_of(kind[1])
    values, gt = kind[1], kind[2]
    return gt, values.shape[0], values.shape[1]


def coverage(polygon, grid, *, transform=None) -> pd.DataFrame:
    """The exact fraction of every cell of `grid` that `polygon` covers (holes and multipolygons included), as
    ``raster zonal`` weights cells. polygon: shapely geometry, GeoJSON mapping or a GeoSeries/GeoDataFrame (all its
    polygons as one zone), in the grid's CRS. grid: a raster path, rasterio dataset, DataArray, array with
    transform=, or (transform, (rows, cols)). Returns row, col, fraction in (0, 1], and x, y of the cell centres."""
    if hasattr(polygon, "geometry") and hasattr(polygon.geometry, "values"):  # GeoDataFrame / GeoSeries
        polygons = []
        for g in polygon.geometry.values:
            if g is not None and not g.is_empty:
                polygons.extend(_rings(g))
    else:
        polygons = _rings(polygon)
    gt, rows, cols = _grid_of(grid, transform)
    if gt[5] > 0:
        raise _core.UsageError("grid: south-up grids (positive pixel height) are not supported; flip the rows first")
    c = _core.coverage(polygons, list(gt), rows, cols)
    frame = pd.DataFrame({"row": c["row"], "col": c["col"], "fraction": c["fraction"]})
    frame["x"] = gt[0] + (frame["col"] + 0.5) * gt[1]
    frame["y"] = gt[3] + (frame["row"] + 0.5) * gt[5]
    return frame


# --- zonal statistics ---


def _json_value(v):
    return v.item() if hasattr(v, "item") else v


def _zones_geojson(zones, id_field):
    """A GeoDataFrame (or GeoSeries) as GeoJSON bytes with its CRS, only the id property kept."""
    geometry = zones.geometry if hasattr(zones, "geometry") else zones
    if id_field is None:
        ids, field = [str(_json_value(i)) for i in zones.index], _ID_PROPERTY
    else:
        if id_field not in zones.columns:
            raise _core.InputError(f"{_FRAME_ZONES}: no field \"{id_field}\" (--id-field)")
        ids, field = [_json_value(v) for v in zones[id_field]], id_field
    features = []
    for i, g in zip(ids, geometry.values):
        features.append({"type": "Feature", "properties": {field: i},
                         "geometry": None if g is None else g.__geo_interface__})
    collection = {"type": "FeatureCollection", "features": features}
    if zones.crs is not None:
        collection["crs"] = {"type": "name", "properties": {"name": zones.crs.to_wkt()}}
    return json.dumps(collection).encode("utf-8"), field


def zonal_stats(raster, zones, id_field: str | None = None, stats=DEFAULT_STATS, *, band: int = 1, transform=None,
                crs=None, nodata=None, make_valid: bool = False, layer: str | None = None,
                where: str | None = None) -> pd.DataFrame:
    """Exact zonal statistics (``ecobarrier raster zonal``): every cell weighted by the fraction of it each polygon
    covers; count = Σ fraction, sum = Σ fraction x value, mean = sum / count (exactextract's definitions).

    raster: a path GDAL reads, a rasterio dataset, an xarray/rioxarray DataArray, a 2-D numpy array with
    transform= (and crs=, nodata=), or a list of those on one grid (a stack: columns <name>_<stat>). Arrays are read
    in place, without copies.
    zones: a polygon file (GeoJSON, GeoPackage, Shapefile...; layer=, where= pick features) or a GeoDataFrame, in
    any CRS (reprojected to the raster's with PROJ).
    id_field: the field naming each zone (default: the feature id, or the frame's index).
    stats: names as --stats takes them (count, sum, mean, min, max, stdev, majority, minority, variety, cells,
    area_m2, area_km2, area_weighted_mean, median, pNN, class_areas), a list or a comma-separated string.
    Returns a row per zone: id, then the statistics (NaN where a zone has no valid cell); attrs["notes"] holds the
    CLI's notes (zones outside the raster).
    """
    stats_text = stats if isinstance(stats, str) else ",".join(stats)
    rasters = list(raster) if isinstance(raster, (list, tuple)) else [raster]
    inputs = [_raster_input(r, transform, crs, nodata, band) for r in rasters]
    memory_path = None
    if isinstance(zones, (str, os.PathLike)):
        zones_path, field = os.fspath(zones), id_field or ""
    elif hasattr(zones, "geometry") or type(zones).__name__ == "GeoSeries":
        content, field = _zones_geojson(zones, id_field)
        memory_path = zones_path = _core.memory_file(content, ".geojson")
    else:
        raise _core.UsageError("zones: expected a path or a GeoDataFrame")
    try:
        if all(i[0] == "path" for i in inputs):
            doc = _core.zonal_files([i[1] for i in inputs], zones_path, field, stats_text, band, make_valid,
                                    layer or "", where or "")
        elif all(i[0] == "array" for i in inputs):
            first = inputs[0]
            names = [getattr(r, "name", None) or f"raster{k + 1}" for k, r in enumerate(rasters)]
            names = [str(n) if len(rasters) > 1 else "raster" for n in names]
            doc = _core.zonal_arrays([i[1] for i in inputs], names, list(first[2]), zones_path, first[3], first[4],
                                     field, stats_text, make_valid, layer or "", where or "")
        else:
            raise _core.UsageError("raster: a stack is all files or all arrays")
    except _core.Error as e:
        if memory_path is None:
            raise
        error = type(e)(str(e).replace(memory_path, _FRAME_ZONES))
        error.exit_code = getattr(e, "exit_code", 1)
        raise error from None
    finally:
        if memory_path is not None:
            _core.unlink_memory_file(memory_path)
    return document_frame(doc)


def carbon_sink(before, after, *, from_year: int, to_year: int, zones, id_field: str = "adcode",
                scheme: str = "clcd", lang: str = "en") -> pd.DataFrame:
    """``ecobarrier carbon sink --from BEFORE --to AFTER --from-year Y0 --to-year Y1 --zones Z --format csv``: an
    ESTIMATE of the forest and grassland carbon sink per zone by the stock-difference method, from two land-cover
    rasters on one grid (class codes of ``scheme``, data/standards/carbon_landcover_classes.csv) and the zones (a
    path); a row per zone and the total, in t CO2 per year (positive = uptake), as the CLI computes it."""
    return document_frame(_core.carbon_sink(os.fspath(before), os.fspath(after), from_year, to_year,
                                            os.fspath(zones), id_field, scheme, lang))

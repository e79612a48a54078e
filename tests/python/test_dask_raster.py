"""ecobarrier.dask's per-cell raster jobs beyond NDVI on a LocalCluster of two worker processes: the per-pixel trend
over a stack of years, tiles assembled into VRTs, equal to `ecobarrier raster trend` value for value.

The stack is the real Sentinel-2 NDVI of tile 29RKH (2020-02-19, the bundled B04/B08) carried over six years with
a SYNTHETIC per-cell drift and noise (and gaps), so that the three trajectory classes and the min-years rule all
occur. Run by ctest (python_dask_raster) with PYTHONPATH=build/python."""
import csv
import io
import os
import sys

import numpy as np
import pytest
from osgeo import gdal

import ecobarrier.dask as ebd
from conftest import S2_NIR, S2_RED, run_cli

gdal.UseExceptions()
YEARS = 6


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    os.environ["PYTHONPATH"] = os.pathsep.join(sys.path)
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    out = tmp_path_factory.mktemp("stack")
    red = gdal.Open(S2_RED)
    nir = gdal.Open(S2_NIR)
    r = red.ReadAsArray().astype(np.float64)
    n = nir.ReadAsArray().astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        ndvi = np.where(r + n > 0, (n - r) / (n + r), np.nan)
    rows, cols = ndvi.shape
    rng = np.random.default_rng(21)
    drift = rng.normal(0, 0.02, (rows, cols)) * (np.arange(cols)[None, :] / cols - 0.5) * 4  # SYNTHETIC
    paths = []
    for y in range(YEARS):
        v = (ndvi + drift * y + rng.normal(0, 0.01, (rows, cols))).astype(np.float32)
        gap = rng.random((rows, cols)) < 0.15  # SYNTHETIC gaps: some cells short of --min-years
        v[gap & (np.arange(rows)[:, None] < rows // 3)] = -9999
        v[np.isnan(v)] = -9999
        path = str(out / f"ndvi_{2015 + y}.tif")
        ds = gdal.GetDriverByName("GTiff").Create(path, cols, rows, 1, gdal.GDT_Float32,
                                                  ["TILED=YES", "BLOCKXSIZE=128", "BLOCKYSIZE=128"])
        ds.SetGeoTransform(red.GetGeoTransform())
        ds.SetProjection(red.GetProjection())
        band = ds.GetRasterBand(1)
        band.SetNoDataValue(-9999)
        band.WriteArray(v)
        ds = band = None
        paths.append(path)
    return paths


def read(path):
    ds = gdal.Open(path)
    band = ds.GetRasterBand(1)
    return band.ReadAsArray(), band.GetNoDataValue(), ds.GetGeoTransform(), ds.GetProjection()


def assert_same_raster(ours, cli):
    a, a_nodata, a_transform, a_crs = read(ours)
    b, b_nodata, b_transform, b_crs = read(cli)
    assert a.dtype == b.dtype and a.shape == b.shape
    assert a_transform == b_transform and a_crs == b_crs
    a_missing = np.isnan(a) if a_nodata is None or np.isnan(a_nodata) else a == a_nodata
    b_missing = np.isnan(b) if b_nodata is None or np.isnan(b_nodata) else b == b_nodata
    assert np.array_equal(a_missing, b_missing)
    assert np.array_equal(a[~a_missing], b[~b_missing])  # value for value, bit for bit in float32
    return (~a_missing).sum()


@pytest.mark.parametrize("window_rows", [128, 300])
def test_trend_in_windows_equals_the_cli(client, stack, tmp_path, window_rows):
    cli_dir = tmp_path / "cli"
    cli_dir.mkdir()
    p = run_cli("raster", "trend", *stack, "--slope", cli_dir / "slope.tif", "--z", cli_dir / "z.tif", "--classes",
                cli_dir / "classes.tif", "--min-years", 5, "--format", "csv")
    cli_areas = {int(r["class"]): float(r["area_km2"]) for r in csv.DictReader(io.StringIO(p.stdout.lstrip("\ufeff")))}
    ours = ebd.trend(stack, str(tmp_path / "slope.vrt"), z=str(tmp_path / "z.vrt"),
                     classes=str(tmp_path / "classes.vrt"), client=client, min_years=5, window_rows=window_rows)
    assert len(ours["tiles"]["slope"]) > 1
    cells = assert_same_raster(ours["slope"], str(cli_dir / "slope.tif"))
    assert cells > 100000
    assert_same_raster(ours["z"], str(cli_dir / "z.tif"))
    assert_same_raster(ours["classes"], str(cli_dir / "classes.tif"))
    classes, _, _, _ = read(ours["classes"])
    assert {1, 2, 3} <= set(np.unique(classes).tolist())
    for c in (1, 2, 3):  # the CLI rounds km² to 3 decimals; the sums differ at most in their last bits
        assert round(ours["class_area_m2"][c] / 1e6, 3) == pytest.approx(cli_areas[c], abs=1e-3)


def cli_fvc(tmp_path, *args):
    cli_dir = tmp_path / "cli"
    cli_dir.mkdir(exist_ok=True)
    p = run_cli("raster", "fvc", *args, "--out", cli_dir / "fvc.tif", "--grades", cli_dir / "grades.tif", "--format",
                "csv")
    rows = list(csv.DictReader(io.StringIO(p.stdout.lstrip("\ufeff"))))
    return cli_dir, {int(r["grade"]): float(r["area_km2"]) for r in rows}, p.stderr


@pytest.mark.parametrize("window_rows", [128, 500])
def test_fvc_with_percentiles_in_windows_equals_the_cli(client, stack, tmp_path, window_rows):
    ndvi = stack[0]  # real Sentinel-2 NDVI with SYNTHETIC gaps, 128-row tiles: 9 windows of 128 rows, or 3
    cli_dir, cli_areas, stderr = cli_fvc(tmp_path, ndvi, "--percentiles", "2,98")
    ours = ebd.fvc(ndvi, str(tmp_path / "fvc.vrt"), grades=str(tmp_path / "grades.vrt"), percentiles=(2, 98),
                   client=client, window_rows=window_rows)
    assert len(ours["tiles"]["output"]) > 2
    assert f"NDVI_soil = {ours['soil']:.6f}, NDVI_veg = {ours['veg']:.6f}" in stderr
    values, _, _, _ = read(ndvi)
    valid = values != -9999
    assert (ours["soil"], ours["veg"]) == tuple(np.percentile(values[valid].astype(np.float64), [2, 98]))
    assert ours["percentile_cells"] == valid.sum()
    assert assert_same_raster(ours["output"], str(cli_dir / "fvc.tif")) == valid.sum()
    assert_same_raster(ours["grades"], str(cli_dir / "grades.tif"))
    for grade, km2 in cli_areas.items():
        assert round(ours["grade_area_m2"].get(grade, 0.0) / 1e6, 3) == pytest.approx(km2, abs=1e-3)


def test_fvc_from_bands_with_given_endpoints_equals_the_cli(client, tmp_path):
    cli_dir = tmp_path / "cli"
    cli_dir.mkdir()
    run_cli("raster", "fvc", "--red", S2_RED, "--nir", S2_NIR, "--ndvi-out", cli_dir / "ndvi.tif", "--out",
            cli_dir / "fvc.tif", "--grades", cli_dir / "grades.tif", "--soil", 0.08, "--veg", 0.6)
    ours = ebd.fvc(None, str(tmp_path / "fvc.vrt"), red=S2_RED, nir=S2_NIR, ndvi_output=str(tmp_path / "ndvi.vrt"),
                   grades=str(tmp_path / "grades.vrt"), soil=0.08, veg=0.6, client=client, window_rows=300)
    assert len(ours["tiles"]["output"]) > 1
    for name in ("ndvi", "fvc", "grades"):
        assert assert_same_raster(str(tmp_path / f"{name}.vrt"), str(cli_dir / f"{name}.tif")) > 100000

"""ecobarrier.dask on a LocalCluster of two worker processes: zonal statistics split into windows equal the
single-process `raster zonal` bit for bit, whatever the window size and the merge tree, and a worker killed in
the middle of a job costs a recomputation, not a wrong or missing result.

Run by ctest (python_dask) with PYTHONPATH=build/python; Debian's python3-distributed and python3-pytest."""
import math
import os
import struct
import sys

import numpy as np
import pytest
from osgeo import gdal

import ecobarrier.dask as ebd
from ecobarrier import _core

gdal.UseExceptions()
SOURCE = os.environ.get("ECOBARRIER_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
COUNTIES = os.path.join(SOURCE, "data/demo/boundaries/150000_counties_merged.json")
CROPLAND = os.path.join(SOURCE, "data/demo/raster/cropland_hyde_2016_10km_innermongolia_bbox.tif")
CONTINUOUS_STATS = "count,sum,mean,min,max,stdev,cells,area_m2,area_weighted_mean,median,p10,p99"
CATEGORICAL_STATS = "count,cells,majority,minority,variety,area_km2,class_areas"


def same_columns(a, b):
    """Column by column, value by value, floats compared bit for bit (NaN equal to NaN, one ulp a difference)."""
    assert list(a) == list(b)
    for key in a:
        assert len(a[key]) == len(b[key]), key
        for i, (x, y) in enumerate(zip(a[key], b[key])):
            if isinstance(x, float) and isinstance(y, float):
                assert struct.pack("<d", x) == struct.pack("<d", y), f"{key}[{i}]: {x!r} != {y!r}"
            else:
                assert x == y, f"{key}[{i}]: {x!r} != {y!r}"


@pytest.fixture(scope="module")
def rasters(tmp_path_factory):
    """A continuous Float32 raster (noise over a gradient, a nodata band) in small tiles, and the real HYDE
    cropland classes resampled 4x finer, both over the Inner Mongolia counties: several leaves and windows."""
    out = tmp_path_factory.mktemp("rasters")
    continuous = str(out / "continuous.tif")
    rows, cols = 1300, 900
    ds = gdal.GetDriverByName("GTiff").Create(continuous, cols, rows, 1, gdal.GDT_Float32,
                                              ["TILED=YES", "BLOCKXSIZE=64", "BLOCKYSIZE=64"])
    ds.SetGeoTransform((97.0, 29.2 / cols, 0, 53.5, 0, -16.2 / rows))
    srs = gdal.osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds.SetProjection(srs.ExportToWkt())
    rng = np.random.default_rng(7)
    v = (np.linspace(-0.1, 0.9, cols)[None, :] + rng.normal(0, 0.05, (rows, cols))).astype(np.float32)
    v[np.abs(np.arange(rows)[:, None] - np.arange(cols)[None, :]) < 4] = -9999
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(-9999)
    band.WriteArray(v)
    ds.FlushCache()
    del band, ds
    categorical = str(out / "cropland_x4.tif")
    gdal.Warp(categorical, CROPLAND, xRes=1 / 48, yRes=1 / 48, resampleAlg="near",
              creationOptions=["TILED=YES", "BLOCKXSIZE=32", "BLOCKYSIZE=32"])
    return {"continuous": continuous, "categorical": categorical}


@pytest.fixture(scope="module")
def cluster_env():
    # Workers are fresh processes: they find ecobarrier (and this directory, for the plugin below) on PYTHONPATH.
    os.environ["PYTHONPATH"] = os.pathsep.join([os.path.dirname(__file__)] + sys.path)
    yield


@pytest.fixture(scope="module")
def client(cluster_env):
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


def whole(raster, stats):
    return _core.zonal_whole(raster, COUNTIES, "adcode", stats, make_valid=True)


@pytest.mark.parametrize("kind,stats", [("continuous", CONTINUOUS_STATS), ("categorical", CATEGORICAL_STATS)])
@pytest.mark.parametrize("window_rows,split_every", [(256, 2), (512, 8), (0, 8)])
def test_cluster_equals_one_process_bit_for_bit(client, rasters, kind, stats, window_rows, split_every):
    raster = rasters[kind]
    plan = ebd.zonal_plan(raster, COUNTIES, "adcode", stats, make_valid=True, window_rows=window_rows)
    if window_rows:
        assert len(plan.windows) > 1
    got = ebd.zonal_stats(raster, COUNTIES, "adcode", stats, client=client, make_valid=True,
                          window_rows=window_rows, split_every=split_every, as_frame=False)
    same_columns(got, whole(raster, stats))
    assert len(got["id"]) == 103


def test_default_scheduler_and_data_frame(rasters):
    raster = rasters["continuous"]
    frame = ebd.zonal_stats(raster, COUNTIES, "adcode", ["count", "mean", "p99"], make_valid=True, window_rows=256)
    expected = whole(raster, "count,mean,p99")
    assert list(frame.columns) == ["id", "count", "mean", "p99"]
    same_columns({k: [None if isinstance(x, float) and math.isnan(x) else x for x in frame[k].tolist()]
                  for k in frame.columns}, expected)


def test_windows_are_whole_leaves_of_whole_blocks(rasters):
    plan = ebd.zonal_plan(rasters["continuous"], COUNTIES, "adcode", "count", make_valid=True, window_rows=300)
    assert plan.block_rows == 64 and plan.leaf_rows == 256
    assert plan.windows[0] == (0, 256)  # 300 rounded to one leaf
    assert all(b % plan.leaf_rows == 0 for b, _ in plan.windows)
    assert plan.windows[-1][1] == plan.rows
    assert [e for _, e in plan.windows[:-1]] == [b for b, _ in plan.windows[1:]]


def test_a_missing_or_repeated_window_is_refused(rasters):
    plan = ebd.zonal_plan(rasters["continuous"], COUNTIES, "adcode", "count,sum", make_valid=True, window_rows=256)
    parts = [_core.zonal_sum_window(plan.raster, plan.band, plan.stats, plan.zones, b, e)
             for i, (b, e) in enumerate(plan.windows)]
    with pytest.raises(Exception, match="leaves missing"):
        _core.zonal_finish(plan, _core.zonal_merge(parts[:-1]))
    with pytest.raises(Exception, match="summed twice"):
        _core.zonal_merge(parts + parts[:1])
    same_columns(_core.zonal_finish(plan, _core.zonal_merge(parts[::-1])), whole(plan.raster, "count,sum"))


def test_a_worker_killed_mid_job_leaves_the_result_exact(cluster_env, rasters, tmp_path):
    from distributed import Client, LocalCluster

    from worker_killer import KillOnFirstWindow

    raster = rasters["continuous"]
    marker = str(tmp_path / "killed")
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        c.register_worker_plugin(KillOnFirstWindow(marker))
        pids_before = set(c.run(os.getpid).values())
        got = ebd.zonal_stats(raster, COUNTIES, "adcode", CONTINUOUS_STATS, client=c, make_valid=True,
                              window_rows=256, split_every=2, as_frame=False)
        pids_after = set(c.run(os.getpid).values())
    assert os.path.exists(marker), "no worker was killed: the test did not test anything"
    with open(marker) as f:
        killed = int(f.read())
    assert killed in pids_before and killed not in pids_after
    same_columns(got, whole(raster, CONTINUOUS_STATS))


def test_ndvi_tiles_assemble_into_the_cli_raster(client, tmp_path):
    red = os.path.join(SOURCE, "data/demo/raster/sentinel2_29RKH_20200219/B04.tif")
    nir = os.path.join(SOURCE, "data/demo/raster/sentinel2_29RKH_20200219/B08.tif")
    whole = str(tmp_path / "whole.tif")
    valid = _core.ndvi_whole(red, nir, whole)
    got = ebd.ndvi(red, nir, str(tmp_path / "ndvi.vrt"), client=client, window_rows=512, cog=str(tmp_path / "cog.tif"))
    assert len(got["tiles"]) == 3 and got["valid_cells"] == valid  # 1098 rows in 512-row blocks
    expected = gdal.Open(whole).ReadAsArray()
    for path in (got["output"], str(tmp_path / "cog.tif")):
        values = gdal.Open(path).ReadAsArray()
        assert values.dtype == np.float32
        assert np.array_equal(values, expected, equal_nan=True), path

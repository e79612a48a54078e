"""NDVI, FVC, grades, coverage and zonal statistics of ecobarrier against `ecobarrier raster ...` on the bundled real
rasters (Sentinel-2 bands, HYDE cropland over Inner Mongolia) and boundaries, with every input form the module takes:
paths, numpy arrays with a transform, rasterio datasets, xarray and rioxarray objects, GeoDataFrames."""
import os

import numpy as np
import pytest
import rasterio

import ecobarrier as eb
from conftest import (COUNTIES, CROPLAND, LEAGUES, S2_NIR, S2_RED, assert_same_rows, cli_error, cli_rows, cli_tables,
                      frame_rows, run_cli)

STATS = "count,sum,mean,min,max,stdev,cells,area_km2,area_weighted_mean,median,p90,majority,variety"


def physical(path):
    """A band as the CLI reads it: scale and offset applied, nodata as NaN."""
    with rasterio.open(path) as ds:
        values = ds.read(1, masked=True).astype(np.float64)
        values = values * ds.scales[0] + ds.offsets[0]
        return values.filled(np.nan), ds.transform, ds.crs


def read(path):
    with rasterio.open(path) as ds:
        return ds.read(1)


@pytest.fixture(scope="module")
def cli_ndvi(tmp_path_factory):
    out = tmp_path_factory.mktemp("raster") / "ndvi.tif"
    cli_rows("raster", "ndvi", S2_RED, S2_NIR, "--out", out)
    return str(out)


def test_ndvi_equals_the_cli(cli_ndvi):
    red, _, _ = physical(S2_RED)
    nir, _, _ = physical(S2_NIR)
    ours = eb.ndvi(red, nir).astype(np.float32)  # the CLI writes Float32
    theirs = read(cli_ndvi)
    assert np.array_equal(np.isnan(ours), np.isnan(theirs))
    assert np.array_equal(ours[~np.isnan(ours)], theirs[~np.isnan(theirs)])


def test_fvc_and_grades_equal_the_cli(cli_ndvi, tmp_path):
    fvc_out, grades_out = tmp_path / "fvc.tif", tmp_path / "grades.tif"
    rows = cli_rows("raster", "fvc", cli_ndvi, "--out", fvc_out, "--grades", grades_out)
    ndvi = read(cli_ndvi).astype(np.float64)
    result = eb.fvc(ndvi)
    theirs_fvc = read(fvc_out)
    ours_fvc = result.fvc.astype(np.float32)
    assert np.array_equal(np.isnan(ours_fvc), np.isnan(theirs_fvc))
    assert np.array_equal(ours_fvc[~np.isnan(ours_fvc)], theirs_fvc[~np.isnan(theirs_fvc)])
    assert np.array_equal(result.grade, read(grades_out))
    assert len(rows) > 0 and result.veg > result.soil
    given = eb.fvc(ndvi, soil=0.05, veg=0.85)
    assert (given.soil, given.veg) == (0.05, 0.85)


def test_grades_by_breaks_equal_the_cli(cli_ndvi, tmp_path):
    out = tmp_path / "classes.tif"
    cli_rows("raster", "classify", cli_ndvi, "--breaks", "0.1,0.3,0.5", "--out", out)
    ours = eb.grades(read(cli_ndvi).astype(np.float64), breaks=[0.1, 0.3, 0.5])
    assert np.array_equal(ours, read(out))
    assert set(np.unique(ours)) <= {1, 2, 3, 4, 255}


def zonal_columns(frame):
    return list(frame.columns)


@pytest.fixture(scope="module")
def cli_zonal():
    return cli_rows("raster", "zonal", CROPLAND, LEAGUES, "--id-field", "adcode", "--stats", STATS, "--make-valid")


def check_zonal(frame, expected):
    columns = ["id", *STATS.split(",")]
    assert list(frame.columns) == columns
    assert_same_rows(frame_rows(frame, columns), expected, columns)


def test_zonal_on_paths_equals_the_cli(cli_zonal):
    frame = eb.zonal_stats(CROPLAND, LEAGUES, id_field="adcode", stats=STATS.split(","), make_valid=True)
    assert len(frame) == 12
    check_zonal(frame, cli_zonal)


def test_zonal_on_a_numpy_array_equals_the_cli(cli_zonal):
    with rasterio.open(CROPLAND) as ds:
        values, transform, crs, nodata = ds.read(1), ds.transform, ds.crs, ds.nodata
    frame = eb.zonal_stats(values, LEAGUES, id_field="adcode", stats=STATS, transform=transform, crs=crs,
                           nodata=nodata, make_valid=True)
    check_zonal(frame, cli_zonal)
    # A float64 copy and a Fortran-ordered view give the same figures (read in place, any layout).
    frame = eb.zonal_stats(np.asfortranarray(values.astype(np.float64)), LEAGUES, id_field="adcode", stats=STATS,
                           transform=transform.to_gdal(), crs=crs.to_wkt(), nodata=nodata, make_valid=True)
    check_zonal(frame, cli_zonal)


def test_zonal_on_a_rasterio_dataset_and_a_geodataframe_equals_the_cli(cli_zonal):
    geopandas = pytest.importorskip("geopandas")
    leagues = geopandas.read_file(LEAGUES)
    with rasterio.open(CROPLAND) as ds:
        frame = eb.zonal_stats(ds, leagues, id_field="adcode", stats=STATS, make_valid=True)
    check_zonal(frame, cli_zonal)
    # Reprojected in GeoPandas first: the module reprojects back to the raster's CRS with PROJ.
    web = leagues.to_crs(3857)
    frame = eb.zonal_stats(CROPLAND, web, id_field="adcode", stats="count,mean", make_valid=True)
    theirs = {r["id"]: r for r in cli_zonal}
    for row in frame.itertuples():
        assert row.count == pytest.approx(float(theirs[row.id]["count"]), rel=1e-6)


def test_zonal_on_xarray_equals_the_cli(cli_zonal):
    rioxarray = pytest.importorskip("rioxarray")
    da = rioxarray.open_rasterio(CROPLAND)
    check_zonal(eb.zonal_stats(da, LEAGUES, id_field="adcode", stats=STATS, make_valid=True), cli_zonal)
    # Plain xarray: the grid from the cell-centre coordinates (their last bits differ from the file's transform, so
    # the figures agree to 1e-12), the CRS and nodata from attributes.
    import xarray

    plain = xarray.DataArray(da.values[0], dims=("y", "x"), coords={"y": da.y.values, "x": da.x.values},
                             attrs={"crs": da.rio.crs.to_wkt(), "nodata": da.rio.nodata})
    # South-up (y ascending) too: flipped as a view.
    for grid in (plain, plain.isel(y=slice(None, None, -1))):
        frame = eb.zonal_stats(grid, LEAGUES, id_field="adcode", stats=STATS, make_valid=True)
        assert frame["id"].tolist() == [r["id"] for r in cli_zonal]
        for column in STATS.split(","):
            theirs = np.array([float(r[column]) if r[column] else np.nan for r in cli_zonal])
            np.testing.assert_allclose(frame[column].to_numpy(dtype=float), theirs, rtol=1e-12, equal_nan=True)


def test_zonal_stack_of_two_rasters(cli_zonal, tmp_path):
    frame = eb.zonal_stats([CROPLAND, CROPLAND], COUNTIES, id_field="adcode", stats="mean", make_valid=True)
    expected = cli_rows("raster", "zonal", CROPLAND, CROPLAND, COUNTIES, "--id-field", "adcode", "--stats", "mean",
                        "--make-valid")
    columns = list(expected[0].keys())
    assert list(frame.columns) == columns
    assert_same_rows(frame_rows(frame, columns), expected, columns)


def test_coverage_weights_cells_as_zonal_does():
    geopandas = pytest.importorskip("geopandas")
    leagues = geopandas.read_file(LEAGUES).to_crs(rasterio.open(CROPLAND).crs)
    values, _, _ = physical(CROPLAND)
    zonal = eb.zonal_stats(CROPLAND, LEAGUES, id_field="adcode", stats="count,sum", make_valid=True)
    for k in (0, 5):
        league = leagues.iloc[[k]]
        cover = eb.coverage(league.geometry.make_valid().iloc[0], CROPLAND)
        assert cover["fraction"].between(0, 1, inclusive="right").all()
        cell = values[cover["row"], cover["col"]]
        ok = ~np.isnan(cell)
        row = zonal[zonal["id"] == str(league["adcode"].iloc[0])].iloc[0]
        assert cover["fraction"][ok].sum() == pytest.approx(row["count"], rel=1e-9)
        assert (cover["fraction"][ok] * cell[ok]).sum() == pytest.approx(row["sum"], rel=1e-9)


def test_coverage_of_a_unit_square_on_a_unit_grid():
    # SYNTHETIC: a square from (0.5, 0.5) to (2.5, 2.5) on a 3 x 3 grid of unit cells with its origin at (0, 3).
    square = {"type": "Polygon", "coordinates": [[[0.5, 0.5], [2.5, 0.5], [2.5, 2.5], [0.5, 2.5], [0.5, 0.5]]]}
    cover = eb.coverage(square, ((0, 1, 0, 3, 0, -1), (3, 3)))
    assert cover["fraction"].sum() == pytest.approx(4.0)
    assert cover.set_index(["row", "col"])["fraction"][(1, 1)] == 1.0
    assert cover.set_index(["row", "col"])["fraction"][(0, 0)] == 0.25


def test_zonal_errors_carry_the_cli_message():
    message = cli_error("raster", "zonal", CROPLAND, LEAGUES, "--stats", "mean,bogus", status=2)
    with pytest.raises(eb.UsageError) as raised:
        eb.zonal_stats(CROPLAND, LEAGUES, stats="mean,bogus")
    assert str(raised.value) == message
    message = cli_error("raster", "zonal", CROPLAND, LEAGUES, "--id-field", "nope", "--make-valid", status=3)
    with pytest.raises(eb.InputError) as raised:
        eb.zonal_stats(CROPLAND, LEAGUES, id_field="nope", make_valid=True)
    assert str(raised.value) == message
    with pytest.raises(eb.UsageError, match="transform"):
        eb.zonal_stats(np.zeros((3, 3)), LEAGUES)


def test_a_long_run_stops_on_keyboard_interrupt():
    import _thread
    import threading
    import time

    # SYNTHETIC values on a 4000 x 4000 grid over the region: the counties' statistics with exact medians take over
    # a second; the interrupt (Ctrl-C, Jupyter's button) comes after 10 ms and must stop the run between strips,
    # not after it (a KeyboardInterrupt that waited for the end would arrive too, but late).
    values = np.random.default_rng(7).random((4000, 4000), dtype=np.float32)
    transform = (97.0, 29.2 / 4000, 0, 53.5, 0, -16.2 / 4000)
    run = dict(transform=transform, crs="EPSG:4326", make_valid=True)
    start = time.perf_counter()
    assert len(eb.zonal_stats(values, COUNTIES, "adcode", "count,mean,median", **run)) == 103
    whole = time.perf_counter() - start
    timer = threading.Timer(0.01, _thread.interrupt_main)
    start = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        eb.zonal_stats(values, COUNTIES, "adcode", "count,mean,median", **run)
    stopped = time.perf_counter() - start
    timer.join()
    assert stopped < whole / 3, (stopped, whole)


def test_carbon_sink_equals_the_cli(tmp_path):
    syn = str(tmp_path / "syn")
    run_cli("carbon", "synthetic", syn, "--cell-degrees", "0.1")
    before = os.path.join(syn, "raster", "landcover_2015_synthetic.tif")
    after = os.path.join(syn, "raster", "landcover_2025_synthetic.tif")
    frame = eb.carbon_sink(before, after, from_year=2015, to_year=2025, zones=LEAGUES)
    tables = cli_tables("carbon", "sink", "--from", before, "--to", after, "--from-year", "2015", "--to-year", "2025",
                        "--zones", LEAGUES)
    frames = [frame, *frame.attrs.get("parts", {}).values()]
    assert len(frames) == len(tables) and len(tables[0]) == 13  # 12 leagues and the total; then the classes
    for module, expected in zip(frames, tables):
        columns = list(expected[0].keys())
        assert list(module.columns) == columns
        assert_same_rows(frame_rows(module), expected, columns)
    assert any("ESTIMATE" in note for note in frame.attrs["notes"])
    message = cli_error("carbon", "sink", "--from", before, "--to", after, "--from-year", "2025", "--to-year", "2015",
                        "--zones", LEAGUES, status=2)
    with pytest.raises(eb.UsageError) as raised:
        eb.carbon_sink(before, after, from_year=2025, to_year=2015, zones=LEAGUES)
    assert str(raised.value) == message

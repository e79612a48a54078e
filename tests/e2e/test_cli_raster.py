"""ecobarrier raster zonal: exact zonal statistics of the real HYDE cropland raster over the 103 Inner Mongolia
counties, checked against an independent estimate (GDAL rasterization on a 10x finer grid, numpy sums)."""
import csv
import json
import math
import os
import unittest

from osgeo import gdal, ogr, osr
import numpy as np

from support import COUNTIES, CROPLAND, S2_NIR, S2_RED, WorkspaceCase, run

gdal.UseExceptions()


def zonal(*args, check=0):
    p = run("raster", "zonal", CROPLAND, *args, "--format", "csv", check=check)
    return {r["id"]: r for r in csv.DictReader(p.stdout.lstrip("\ufeff").splitlines())}, p


def fine_estimate(factor=10):
    """Per county: (Σ coverage, Σ coverage x value) from rasterizing on a grid `factor` times finer."""
    src = gdal.Open(CROPLAND)
    gt, nx, ny = src.GetGeoTransform(), src.RasterXSize, src.RasterYSize
    values = src.GetRasterBand(1).ReadAsArray().astype(np.float64)
    valid = values != src.GetRasterBand(1).GetNoDataValue()
    fine = gdal.GetDriverByName("MEM").Create("", nx * factor, ny * factor, 1, gdal.GDT_Int16)
    fine.SetGeoTransform((gt[0], gt[1] / factor, 0, gt[3], 0, gt[5] / factor))
    fine.SetProjection(src.GetProjection())
    fine.GetRasterBand(1).Fill(-1)
    # Repaired geometries, burnt with the feature's index.
    ds = ogr.Open(COUNTIES)
    layer = ds.GetLayer(0)
    mem = ogr.GetDriverByName("Memory").CreateDataSource("")
    out = mem.CreateLayer("z", layer.GetSpatialRef(), ogr.wkbMultiPolygon)
    out.CreateField(ogr.FieldDefn("idx", ogr.OFTInteger))
    ids = []
    for i, f in enumerate(layer):
        g = f.GetGeometryRef()
        if not g.IsValid():
            g = g.MakeValid()
        nf = ogr.Feature(out.GetLayerDefn())
        nf.SetField("idx", i)
        nf.SetGeometry(g)
        out.CreateFeature(nf)
        ids.append(str(f.GetField("adcode")))
    gdal.RasterizeLayer(fine, [1], out, options=["ATTRIBUTE=idx"])
    zone = fine.GetRasterBand(1).ReadAsArray().astype(np.int64)
    coarse = (np.arange(ny * factor)[:, None] // factor) * nx + (np.arange(nx * factor)[None, :] // factor)
    inside = zone >= 0
    fraction = np.bincount(zone[inside] * (nx * ny) + coarse[inside], minlength=len(ids) * nx * ny)
    fraction = fraction.reshape(len(ids), nx * ny) / factor ** 2
    w = fraction * valid.reshape(-1)[None, :]
    return {ids[i]: (w[i].sum(), (w[i] * values.reshape(-1)).sum()) for i in range(len(ids))}


class ZonalTest(WorkspaceCase):
    def test_invalid_polygon_is_named_with_its_feature_and_point(self):
        p = run("raster", "zonal", CROPLAND, COUNTIES, "--id-field", "adcode", check=3)
        self.assertIn("feature 17 (adcode = 150223): invalid polygon: Self-intersection", p.stderr)
        self.assertIn("--make-valid", p.stderr)

    def test_counties_match_an_independent_fine_rasterization(self):
        rows, _ = zonal(COUNTIES, "--id-field", "adcode", "--make-valid", "--stats", "count,sum,mean,min,max")
        self.assertEqual(len(rows), 103)
        expected = fine_estimate()
        checked = 0
        for code, (count, total) in expected.items():
            r = rows[code]
            self.assertEqual(list(r)[:6], ["id", "count", "sum", "mean", "min", "max"])
            self.assertAlmostEqual(float(r["mean"]), float(r["sum"]) / float(r["count"]), places=9)
            if count < 30:  # small urban districts: the 10x estimate itself is too coarse
                continue
            checked += 1
            self.assertLess(abs(float(r["count"]) - count) / count, 0.01, code)
            self.assertLess(abs(float(r["sum"]) - total) / max(total, 1.0), 0.02, code)
        self.assertGreater(checked, 70)
        # Coverage of the whole region: Σ count equals the region's area in cells (all cells valid there).
        total_cells = sum(float(r["count"]) for r in rows.values())
        self.assertAlmostEqual(total_cells, sum(c for c, _ in expected.values()), delta=total_cells * 0.002)

    def test_area_statistics_add_up_to_the_region_geodesic_area(self):
        rows, _ = zonal(COUNTIES, "--id-field", "adcode", "--make-valid", "--stats", "area_km2,mean,area_weighted_mean")
        total = sum(float(r["area_km2"]) for r in rows.values())
        # Inner Mongolia: about 1.18 million km² (official figure 118.3万 km²); DataV outlines are generalised.
        self.assertGreater(total, 1.14e6)
        self.assertLess(total, 1.22e6)
        for r in rows.values():  # on 5' cells over ~10° of latitude the two means stay close
            if r["mean"]:
                self.assertAlmostEqual(float(r["area_weighted_mean"]), float(r["mean"]), delta=1.0)

    def test_class_areas_add_up_to_the_zone_area(self):
        leagues = os.path.join(os.path.dirname(COUNTIES), "150000.json")
        rows, _ = zonal(leagues, "--id-field", "adcode", "--make-valid", "--stats", "area_km2,class_areas,majority")
        self.assertEqual(len(rows), 12)
        for r in rows.values():
            classes = {k: float(v) for k, v in r.items() if k.startswith("area_km2_class_")}
            self.assertGreater(len(classes), 10)  # cropland shares 0..~60 %
            self.assertAlmostEqual(sum(classes.values()), float(r["area_km2"]), delta=1e-6 * float(r["area_km2"]))
            self.assertGreater(classes["area_km2_class_" + r["majority"].split(".")[0]], 0)

    def test_a_stack_of_rasters_reuses_the_coverage(self):
        # A second raster on the same grid: the cropland share doubled, written under another name.
        src = gdal.Open(CROPLAND)
        doubled = self.path("doubled.tif")
        gdal.Translate(doubled, src, scaleParams=[[0, 1, 0, 2]], outputType=gdal.GDT_Float32, noData=-1)
        p = run("raster", "zonal", CROPLAND, doubled, COUNTIES, "--id-field", "adcode", "--make-valid",
                "--stats", "count,sum", "--format", "csv", check=0)
        rows = {r["id"]: r for r in csv.DictReader(p.stdout.lstrip("\ufeff").splitlines())}
        single, _ = zonal(COUNTIES, "--id-field", "adcode", "--make-valid", "--stats", "count,sum")
        stem = os.path.splitext(os.path.basename(CROPLAND))[0]
        self.assertEqual(list(next(iter(rows.values())))[:5],
                         ["id", stem + "_count", stem + "_sum", "doubled_count", "doubled_sum"])
        for code, r in rows.items():
            self.assertEqual(r[stem + "_sum"], single[code]["sum"])
            self.assertAlmostEqual(float(r["doubled_sum"]), 2 * float(single[code]["sum"]), delta=1e-6)

    def test_weighted_quantiles_match_an_independent_calculation(self):
        rows, _ = zonal(COUNTIES, "--id-field", "adcode", "--make-valid", "--stats", "count,median,p10,p98")
        self.assertEqual(list(next(iter(rows.values())))[:5], ["id", "count", "median", "p10", "p98"])
        for code, r in rows.items():
            self.assertLessEqual(float(r["p10"]), float(r["median"]))
            self.assertLessEqual(float(r["median"]), float(r["p98"]))
        p = run("raster", "zonal", CROPLAND, COUNTIES, "--stats", "p101", check=2)
        self.assertIn("p0 .. p100", p.stderr)

    def test_zones_in_another_crs_are_reprojected(self):
        albers = self.path("counties_albers.gpkg")
        gdal.VectorTranslate(albers, COUNTIES, dstSRS="+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +ellps=krass",
                             format="GPKG", makeValid=True, selectFields=["adcode"], geometryType="MULTIPOLYGON")
        a, _ = zonal(albers, "--id-field", "adcode", "--make-valid")
        b, _ = zonal(COUNTIES, "--id-field", "adcode", "--make-valid")
        self.assertEqual(a.keys(), b.keys())
        for code in a:
            self.assertAlmostEqual(float(a[code]["count"]), float(b[code]["count"]), delta=1e-3)
            self.assertAlmostEqual(float(a[code]["sum"]), float(b[code]["sum"]), delta=1e-2)

    def test_zones_outside_the_raster_are_an_error(self):
        far = self.write("far.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
                         '{"name":"x"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}')
        p = run("raster", "zonal", CROPLAND, far, check=3)
        self.assertIn("no zone", p.stderr)

    def test_unknown_statistic_is_a_usage_error(self):
        p = run("raster", "zonal", CROPLAND, COUNTIES, "--stats", "mean,mode", check=2)
        self.assertIn('unknown statistic "mode"', p.stderr)

    def test_missing_id_field_is_named(self):
        p = run("raster", "zonal", CROPLAND, COUNTIES, "--id-field", "code", check=3)
        self.assertIn('no field "code"', p.stderr)


class VegetationTest(WorkspaceCase):
    """raster ndvi / fvc on real Sentinel-2 L2A bands, checked against numpy on the same files."""

    def ndvi(self):
        out = self.path("ndvi.tif")
        run("raster", "ndvi", S2_RED, S2_NIR, "--out", out, check=0)
        return out

    def test_ndvi_matches_numpy(self):
        out = gdal.Open(self.ndvi())
        red = gdal.Open(S2_RED).ReadAsArray().astype(np.float64)
        nir = gdal.Open(S2_NIR).ReadAsArray().astype(np.float64)
        with np.errstate(all="ignore"):
            expected = (nir - red) / (nir + red)
        got = out.ReadAsArray()
        ok = np.isfinite(expected)
        self.assertTrue(np.array_equal(np.isnan(got), ~ok))
        self.assertLess(np.abs(got[ok] - expected[ok]).max(), 1e-7)  # Float32 output
        info = gdal.Info(out)
        self.assertIn("COMPRESSION=DEFLATE", info)
        self.assertIn("Block=256x256", info)

    def test_fvc_percentiles_grades_and_areas(self):
        ndvi_path = self.ndvi()
        fvc_path, grades_path = self.path("fvc.tif"), self.path("grades.tif")
        p = run("raster", "fvc", ndvi_path, "--out", fvc_path, "--grades", grades_path, "--format", "csv", check=0)
        ndvi = gdal.Open(ndvi_path).ReadAsArray().astype(np.float64)
        valid = np.isfinite(ndvi)
        soil, veg = np.percentile(ndvi[valid], [5, 95])  # PERCENTILE.INC: numpy's default
        self.assertIn(f"NDVI_soil = {soil:.6f}, NDVI_veg = {veg:.6f}", p.stderr)
        expected = np.clip((ndvi - soil) / (veg - soil), 0, 1)
        fvc = gdal.Open(fvc_path).ReadAsArray()
        self.assertLess(np.abs(fvc[valid] - expected[valid]).max(), 1e-6)
        grades = gdal.Open(grades_path).ReadAsArray()
        expected_grades = np.digitize(expected, [0.1, 0.3, 0.5, 0.7]) + 1
        # Cells within float rounding of a class limit may fall either side; there are none or a handful.
        self.assertLess((grades[valid] != expected_grades[valid]).sum(), 10)
        self.assertTrue((grades[~valid] == 255).all())
        rows = list(csv.DictReader(p.stdout.lstrip("\ufeff").splitlines()))
        self.assertEqual([r["grade"] for r in rows], ["1", "2", "3", "4", "5"])
        # UTM grid of 100 m cells: each cell is exactly one hectare and 15 mu.
        for r in rows:
            cells = (grades[valid] == int(r["grade"])).sum()
            self.assertAlmostEqual(float(r["area_ha"]), cells, delta=10)
            self.assertAlmostEqual(float(r["area_mu"]), float(r["area_ha"]) * 15, delta=0.5)
        self.assertAlmostEqual(sum(float(r["share_pct"]) for r in rows), 100, delta=0.05)

    def test_given_endpoints_and_unknown_scheme(self):
        ndvi_path = self.ndvi()
        p = run("raster", "fvc", ndvi_path, "--out", self.path("f.tif"), "--soil", "0.05", "--veg", "0.85", check=0)
        self.assertIn("NDVI_soil = 0.050000, NDVI_veg = 0.850000 (given)", p.stderr)
        p = run("raster", "fvc", ndvi_path, "--out", self.path("g.tif"), "--scheme", "nope", check=2)
        self.assertIn("desertification_fvc5", p.stderr)

    def test_one_pass_from_bands_equals_two_commands(self):
        ndvi_path = self.ndvi()
        two = self.path("fvc2.tif"), self.path("g2.tif")
        p2 = run("raster", "fvc", ndvi_path, "--out", two[0], "--grades", two[1], "--format", "csv", check=0)
        one = self.path("n1.tif"), self.path("fvc1.tif"), self.path("g1.tif")
        p1 = run("raster", "fvc", "--red", S2_RED, "--nir", S2_NIR, "--ndvi-out", one[0], "--out", one[1],
                 "--grades", one[2], "--format", "csv", "--threads", "1", check=0)
        self.assertEqual(p1.stdout, p2.stdout)  # same percentiles, same areas
        for a, b in ((one[0], ndvi_path), (one[1], two[0]), (one[2], two[1])):
            x, y = gdal.Open(a).ReadAsArray(), gdal.Open(b).ReadAsArray()
            self.assertTrue(np.array_equal(x, y, equal_nan=True), a)
        self.assertIn("go together", run("raster", "fvc", "--red", S2_RED, "--out", self.path("x.tif"),
                                         check=2).stderr)
        self.assertIn("NDVI, or --red", run("raster", "fvc", ndvi_path, "--red", S2_RED, "--nir", S2_NIR,
                                            "--out", self.path("x.tif"), check=2).stderr)

    def test_memory_limit_is_checked_before_anything_is_written(self):
        out = self.path("n.tif")
        p = run("--memory-limit", "20M", "raster", "ndvi", S2_RED, S2_NIR, "--out", out, check=3)
        self.assertIn("more than the memory limit of 20.0 MiB (--memory-limit)", p.stderr)
        p = run("--memory-limit", "50M", "raster", "zonal", CROPLAND, COUNTIES, "--make-valid", check=3)
        self.assertIn("raster zonal needs about", p.stderr)
        self.assertFalse(os.path.exists(out))
        self.assertFalse(os.path.exists(out + ".part"))
        self.assertIn("--memory-limit", run("--memory-limit", "lots", "raster", "ndvi", S2_RED, S2_NIR, "--out", out,
                                            check=2).stderr)
        run("--memory-limit", "2G", "raster", "ndvi", S2_RED, S2_NIR, "--out", out, check=0)

    def test_cloud_optimized_output_with_overviews(self):
        from osgeo_utils.samples import validate_cloud_optimized_geotiff as cog
        ndvi_path = self.ndvi()
        tiled, grades_tiled = self.path("f.tif"), self.path("g.tif")
        # What a --cog run killed during its conversion leaves: removed by the next run writing the same file.
        for stale in (tiled + ".part", tiled + ".tiled.part"):
            with open(stale, "wb") as f:
                f.write(b"II*\0half a raster of a killed run")
        run("raster", "fvc", ndvi_path, "--out", tiled, "--grades", grades_tiled, check=0)
        self.assertEqual([n for n in os.listdir(self.path("")) if n.startswith("f.tif")], ["f.tif"])
        fvc, grades = self.path("f_cog.tif"), self.path("g_cog.tif")
        run("--cog", "raster", "fvc", ndvi_path, "--out", fvc, "--grades", grades, check=0)
        for path, plain in ((fvc, tiled), (grades, grades_tiled)):
            errors, warnings, _ = cog.validate(path, full_check=True)
            self.assertEqual((errors, warnings), ([], []), path)
            ds = gdal.Open(path)
            band = ds.GetRasterBand(1)
            self.assertGreater(band.GetOverviewCount(), 0)
            self.assertTrue(np.array_equal(ds.ReadAsArray(), gdal.Open(plain).ReadAsArray(), equal_nan=True))
            self.assertFalse(os.path.exists(path + ".part") or os.path.exists(path + ".tiled.part"))
        # Class codes are not averaged: every overview value is a grade (or nodata).
        ds = gdal.Open(grades)
        overview = ds.GetRasterBand(1).GetOverview(0).ReadAsArray()
        self.assertTrue(set(np.unique(overview)) <= {1, 2, 3, 4, 5, 255})

    def test_change_matrix_between_two_gradings(self):
        ndvi_path = self.ndvi()
        a, b = self.path("a.tif"), self.path("b.tif")
        run("raster", "fvc", ndvi_path, "--out", self.path("fa.tif"), "--grades", a, check=0)
        run("raster", "fvc", ndvi_path, "--out", self.path("fb.tif"), "--grades", b, "--soil", "0.03", "--veg", "0.12",
            check=0)
        change = self.path("change.tif")
        p = run("raster", "change", a, b, "--out", change, "--scheme", "desertification_fvc5", "--format", "csv",
                check=0)
        rows = list(csv.DictReader(p.stdout.lstrip("\ufeff").splitlines()))
        ga, gb = gdal.Open(a).ReadAsArray(), gdal.Open(b).ReadAsArray()
        ok = (ga != 255) & (gb != 255)
        pairs, counts = np.unique(ga[ok].astype(int) * 10 + gb[ok], return_counts=True)
        self.assertEqual({(int(r["from"]), int(r["to"])): int(r["cells"]) for r in rows},
                         {(int(k) // 10, int(k) % 10): int(c) for k, c in zip(pairs, counts)})
        for r in rows:  # 100 m UTM cells: 1 ha each
            self.assertAlmostEqual(float(r["area_ha"]), int(r["cells"]), places=1)
        self.assertIn("extremely severe (bare)", {r["from_name"] for r in rows} | {r["to_name"] for r in rows})
        codes = gdal.Open(change).ReadAsArray()
        self.assertTrue(np.array_equal(codes[ok], ga[ok].astype(int) * 10 + gb[ok]))

    def test_change_refuses_non_class_values(self):
        ndvi_path = self.ndvi()
        p = run("raster", "change", ndvi_path, ndvi_path, check=3)
        self.assertIn("are not class codes", p.stderr)

    def test_grids_that_do_not_align_are_refused_and_nothing_is_written(self):
        out = self.path("bad.tif")
        p = run("raster", "ndvi", S2_RED, CROPLAND, "--out", out, check=3)
        self.assertIn("different CRS", p.stderr)
        self.assertFalse(os.path.exists(out))
        self.assertFalse(os.path.exists(out + ".part"))


def write_tif(path, array, nodata=None):
    ds = gdal.GetDriverByName("GTiff").Create(path, array.shape[1], array.shape[0], 1, gdal.GDT_Float32)
    ds.SetGeoTransform((500000, 30, 0, 4500000, 0, -30))
    srs = gdal.osr.SpatialReference()
    srs.ImportFromEPSG(32649)
    ds.SetProjection(srs.ExportToWkt())
    if nodata is not None:
        ds.GetRasterBand(1).SetNoDataValue(nodata)
    ds.GetRasterBand(1).WriteArray(array)
    ds.FlushCache()
    ds = None


def reference_trend(y):
    """Independent Mann-Kendall (tie-corrected, continuity-corrected Z) and Theil-Sen on one series."""
    pts = [(i, float(v)) for i, v in enumerate(y) if not math.isnan(v)]
    s, slopes = 0, []
    for a in range(len(pts)):
        for b in range(a + 1, len(pts)):
            d = pts[b][1] - pts[a][1]
            s += (d > 0) - (d < 0)
            slopes.append(d / (pts[b][0] - pts[a][0]))
    n = len(pts)
    _, counts = np.unique([v for _, v in pts], return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - sum(c * (c - 1) * (2 * c + 5) for c in counts)) / 18
    z = 0.0 if s == 0 or var <= 0 else (s - (1 if s > 0 else -1)) / math.sqrt(var)
    return float(np.median(slopes)), z


class TrendTest(WorkspaceCase):
    def test_per_pixel_trend_matches_an_independent_calculation(self):
        rng = np.random.default_rng(7)
        years, rows, cols = 8, 12, 15
        base = rng.uniform(0.1, 0.6, (rows, cols))
        slope = np.zeros((rows, cols))
        slope[:4] = 0.02    # greening rows
        slope[4:8] = -0.015  # browning rows
        stack = [base + slope * t + rng.normal(0, 0.004, (rows, cols)) for t in range(years)]
        stack[3][0, 0] = -9999  # one missing year: left out, its year kept for slopes
        paths = []
        for t, a in enumerate(stack):
            paths.append(self.path(f"y{t}.tif"))
            write_tif(paths[-1], a.astype(np.float32), nodata=-9999)
        out_s, out_z, out_c = self.path("s.tif"), self.path("z.tif"), self.path("c.tif")
        p = run("raster", "trend", *paths, "--slope", out_s, "--z", out_z, "--classes", out_c, "--format", "csv",
                check=0)
        got_s, got_z = gdal.Open(out_s).ReadAsArray(), gdal.Open(out_z).ReadAsArray()
        got_c = gdal.Open(out_c).ReadAsArray()
        values = np.stack([gdal.Open(q).ReadAsArray().astype(np.float64) for q in paths])
        values[values == -9999] = np.nan
        for r in range(rows):
            for c in range(cols):
                s, z = reference_trend(values[:, r, c])
                self.assertAlmostEqual(float(got_s[r, c]), s, places=6)
                self.assertAlmostEqual(float(got_z[r, c]), z, places=5)
                self.assertEqual(int(got_c[r, c]), 1 if z <= -1.959964 else (3 if z >= 1.959964 else 2))
        self.assertTrue((got_c[:4] == 3).all())
        self.assertTrue((got_c[4:8] == 1).all())
        rows_out = {r["name"]: r for r in csv.DictReader(p.stdout.lstrip("\ufeff").splitlines())}
        cell_ha = 30 * 30 / 10000
        self.assertAlmostEqual(float(rows_out["improving"]["area_ha"]), (got_c == 3).sum() * cell_ha, places=2)
        self.assertAlmostEqual(float(rows_out["degrading"]["area_ha"]), (got_c == 1).sum() * cell_ha, places=2)

    def test_too_few_years_and_bad_confidence(self):
        a = self.path("a.tif")
        write_tif(a, np.zeros((2, 2), np.float32))
        self.assertIn("at least 3", run("raster", "trend", a, a, check=2).stderr)
        self.assertIn("--confidence", run("raster", "trend", a, a, a, "--confidence", "0.8", check=2).stderr)


class RseiTest(WorkspaceCase):
    """raster rsei from six reflectance bands and LST, against an independent numpy PCA (np.linalg.eigh)."""

    def bands(self, rows=40, cols=50):
        rng = np.random.default_rng(11)
        veg = np.clip(np.linspace(0, 1, cols)[None, :] + rng.normal(0, 0.08, (rows, cols)), 0, 1)
        red = 0.04 + 0.16 * (1 - veg) + rng.normal(0, 0.005, (rows, cols))
        nir = 0.18 + 0.22 * veg + rng.normal(0, 0.005, (rows, cols))
        blue, green = red * 0.7, red * 0.9 + 0.02
        swir1, swir2 = 0.12 + 0.2 * (1 - veg), 0.08 + 0.15 * (1 - veg)
        lst = 38 - 14 * veg + rng.normal(0, 0.5, (rows, cols))
        green[:3, :4], swir1[:3, :4] = 0.3, 0.05  # a pond: MNDWI > 0, left out
        red[5, 5] = -9999  # nodata in one band
        paths = []
        for name, a in zip(("b", "g", "r", "n", "s1", "s2", "lst"), (blue, green, red, nir, swir1, swir2, lst)):
            paths.append(self.path(name + ".tif"))
            write_tif(paths[-1], a.astype(np.float32), nodata=-9999)
        return paths

    def test_rsei_matches_an_independent_pca(self):
        paths = self.bands()
        out, grades = self.path("rsei.tif"), self.path("grades.tif")
        p = run("raster", "rsei", "--bands", ",".join(paths[:6]), "--lst", paths[6], "--out", out, "--grades", grades,
                "--format", "json", check=0)
        b, g, r, n, s1, s2, lst = (gdal.Open(q).ReadAsArray().astype(np.float64) for q in paths)
        valid = (r != -9999) & ~((g - s1) / (g + s1) > 0)
        ndvi = (n - r) / (n + r)
        wet = 0.1511 * b + 0.1973 * g + 0.3283 * r + 0.3407 * n - 0.7117 * s1 - 0.4559 * s2
        si = ((s1 + r) - (b + n)) / ((s1 + r) + (b + n))
        built = 2 * s1 / (s1 + n)
        greenish = n / (n + r) + g / (g + s1)
        ndbsi = (si + (built - greenish) / (built + greenish)) / 2
        x = np.stack([ndvi[valid], wet[valid], lst[valid], ndbsi[valid]], axis=1)
        norm = (x - x.min(0)) / (x.max(0) - x.min(0))
        w, v = np.linalg.eigh(np.cov(norm.T))
        load = v[:, -1] * np.sign(v[0, -1])
        pc1 = norm @ load
        expected = (pc1 - pc1.min()) / (pc1.max() - pc1.min())
        doc = json.loads(p.stdout)
        got_load = [row["pc1_loading"] for row in doc["loadings"]]
        np.testing.assert_allclose(got_load, load, atol=1e-9)
        share = w[-1] / w.sum()
        self.assertAlmostEqual(doc["components"][0]["contribution_pct"], 100 * share, places=6)
        got = gdal.Open(out).ReadAsArray()
        self.assertTrue(np.isnan(got[~valid]).all())
        self.assertLess(np.abs(got[valid] - expected).max(), 1e-6)  # Float32 output
        self.assertIn("12 water cells (MNDWI > 0) left out", p.stderr)
        codes = gdal.Open(grades).ReadAsArray()
        want = np.digitize(expected, [0.2, 0.4, 0.6, 0.8]) + 1
        self.assertLess((codes[valid] != want).sum(), 3)
        self.assertTrue((codes[~valid] == 255).all())
        cell_ha = 30 * 30 / 10000
        areas = {row["grade"]: row["area_ha"] for row in doc["grades"]}
        for k in range(1, 6):
            self.assertAlmostEqual(areas[k], (codes == k).sum() * cell_ha, places=6)

    def test_layers_given_directly_and_bad_arguments(self):
        paths = self.bands(10, 12)
        rng = np.random.default_rng(3)
        layers = []
        for name in ("ndvi", "wet", "ndbsi"):
            layers.append(self.path(name + ".tif"))
            write_tif(layers[-1], rng.uniform(-0.5, 0.9, (10, 12)).astype(np.float32))
        run("raster", "rsei", "--ndvi", layers[0], "--wet", layers[1], "--ndbsi", layers[2], "--lst", paths[6],
            "--out", self.path("o.tif"), check=0)
        p = run("raster", "rsei", "--ndvi", layers[0], "--lst", paths[6], "--out", self.path("x.tif"), check=2)
        self.assertIn("go together", p.stderr)
        p = run("raster", "rsei", "--bands", ",".join(paths[:6]), "--ndvi", layers[0], "--wet", layers[1],
                "--ndbsi", layers[2], "--lst", paths[6], "--out", self.path("x.tif"), check=2)
        self.assertIn("either --bands", p.stderr)
        flat = self.path("flat.tif")
        write_tif(flat, np.full((10, 12), 25, np.float32))
        p = run("raster", "rsei", "--ndvi", layers[0], "--wet", layers[1], "--ndbsi", layers[2], "--lst", flat,
                "--out", self.path("y.tif"), check=3)
        self.assertIn("LST is constant", p.stderr)
        self.assertFalse(os.path.exists(self.path("y.tif")))


class ClassifyTest(WorkspaceCase):
    def test_breaks_and_schemes(self):
        a = self.path("a.tif")
        values = np.array([[0.05, 0.1, 0.29], [0.3, 0.69, 0.75], [1.0, -9999, 0.5]], np.float32)
        write_tif(a, values, nodata=-9999)
        out = self.path("c.tif")
        p = run("raster", "classify", a, "--scheme", "desertification_fvc5", "--out", out, "--format", "csv", check=0)
        self.assertEqual(gdal.Open(out).ReadAsArray().tolist(), [[1, 2, 2], [3, 4, 5], [5, 255, 4]])
        rows = {r["grade"]: r for r in csv.DictReader(p.stdout.lstrip("\ufeff").splitlines())}
        self.assertAlmostEqual(float(rows["2"]["area_ha"]), 2 * 0.09, places=6)
        self.assertAlmostEqual(float(rows["5"]["area_mu"]), 2 * 900 * 15 / 10000, places=6)
        run("raster", "classify", a, "--breaks", "0.2,0.6", "--out", out, check=0)
        self.assertEqual(gdal.Open(out).ReadAsArray().tolist(), [[1, 1, 2], [2, 3, 3], [3, 255, 2]])
        self.assertIn("strictly ascending", run("raster", "classify", a, "--breaks", "0.6,0.2", "--out", out,
                                                 check=2).stderr)
        self.assertIn("one", run("raster", "classify", a, "--out", out, check=2).stderr)


class ZonalChangeTest(WorkspaceCase):
    def test_transitions_per_zone_are_weighted_by_coverage(self):
        before = np.ones((10, 10), np.float32)
        after = np.ones((10, 10), np.float32)
        after[:, 4] = 2   # column 4 goes 1 -> 2
        after[:2, :] = 3  # rows 0-1 go to 3
        before[9, 9] = 255  # nodata
        a, b = self.path("a.tif"), self.path("b.tif")
        write_tif(a, before, nodata=255)
        write_tif(b, after, nodata=255)
        x0, y0 = 500000, 4500000
        west = [[x0, y0 - 300], [x0 + 135, y0 - 300], [x0 + 135, y0], [x0, y0], [x0, y0 - 300]]  # 4.5 columns
        east = [[x0 + 135, y0 - 300], [x0 + 300, y0 - 300], [x0 + 300, y0], [x0 + 135, y0], [x0 + 135, y0 - 300]]
        zones = {"type": "FeatureCollection",
                 "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32649"}},
                 "features": [{"type": "Feature", "properties": {"name": n},
                               "geometry": {"type": "Polygon", "coordinates": [ring]}}
                              for n, ring in (("west", west), ("east", east))]}
        path = self.write("zones.geojson", json.dumps(zones))
        p = run("raster", "change", a, b, "--zones", path, "--id-field", "name", "--format", "csv", check=0)
        rows = {(r["zone"], int(r["from"]), int(r["to"])): r
                for r in csv.DictReader(p.stdout.lstrip("\ufeff").splitlines())}
        ha = 900 / 10000
        # west: rows 2-9, columns 0-3 stay 1 (32 cells), half of column 4 goes 1 -> 2 (8 half cells), rows 0-1 -> 3
        self.assertAlmostEqual(float(rows[("west", 1, 1)]["area_ha"]), 32 * ha, places=9)
        self.assertAlmostEqual(float(rows[("west", 1, 2)]["area_ha"]), 4 * ha, places=9)
        self.assertEqual(int(rows[("west", 1, 2)]["cells_touched"]), 8)
        self.assertAlmostEqual(float(rows[("west", 1, 3)]["area_ha"]), 9 * ha, places=9)
        # east: columns 5-9 of rows 2-9 stay 1 except the nodata cell (39), the other half of column 4
        self.assertAlmostEqual(float(rows[("east", 1, 1)]["area_ha"]), 39 * ha, places=9)
        self.assertAlmostEqual(float(rows[("east", 1, 2)]["area_ha"]), 4 * ha, places=9)
        self.assertAlmostEqual(float(rows[("east", 1, 3)]["area_ha"]), 11 * ha, places=9)
        shares = sum(float(r["share_pct"]) for (z, _, _), r in rows.items() if z == "east")
        self.assertAlmostEqual(shares, 100, places=2)
        p = run("raster", "change", a, b, "--zones", path, "--out", self.path("m.tif"), check=2)
        self.assertIn("without --zones", p.stderr)


def reference_weighted_quantile(values, weights, p):
    """The weighted percentile (Wikipedia, as exactextract): S_k = (k-1) w_k + (n-1) sum_{i<k} w_i, interpolated."""
    order = np.argsort(values, kind="stable")
    v, w = np.asarray(values, float)[order], np.asarray(weights, float)[order]
    n = len(v)
    s = np.arange(n) * w + (n - 1) * np.concatenate([[0.0], np.cumsum(w)[:-1]])
    return float(np.interp(p * s[-1], s, v))


class ZonalQuantileTest(WorkspaceCase):
    def test_quantiles_of_half_covered_cells(self):
        rng = np.random.default_rng(5)
        values = rng.uniform(0, 100, (10, 10)).astype(np.float32)
        values[3, 2] = -9999  # nodata inside the zone
        a = self.path("a.tif")
        write_tif(a, values, nodata=-9999)
        x0, y0 = 500000, 4500000
        ring = [[x0, y0 - 300], [x0 + 135, y0 - 300], [x0 + 135, y0], [x0, y0], [x0, y0 - 300]]  # 4.5 columns
        zones = {"type": "FeatureCollection",
                 "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32649"}},
                 "features": [{"type": "Feature", "properties": {"name": "west"},
                               "geometry": {"type": "Polygon", "coordinates": [ring]}}]}
        path = self.write("zones.geojson", json.dumps(zones))
        p = run("raster", "zonal", a, path, "--id-field", "name", "--stats", "count,p10,median,p90", "--format",
                "csv", check=0)
        row = next(csv.DictReader(p.stdout.lstrip("\ufeff").splitlines()))
        v = values.astype(np.float64)
        weights = np.zeros((10, 10))
        weights[:, :4] = 1
        weights[:, 4] = 0.5
        keep = (weights > 0) & (v != -9999)
        self.assertAlmostEqual(float(row["count"]), weights[keep].sum(), places=9)
        for name, q in (("p10", 0.1), ("median", 0.5), ("p90", 0.9)):
            self.assertAlmostEqual(float(row[name]), reference_weighted_quantile(v[keep], weights[keep], q), places=6)


if __name__ == "__main__":
    unittest.main()

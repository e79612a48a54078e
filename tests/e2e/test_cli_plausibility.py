"""Impossible values, coordinates and raster sizes through the CLI (issue 15, must-haves 3 and 5): an import with
1e308 µg/m³, latitude 100 or ±1e308 polygon corners fails naming file, line/feature and rule, and leaves the
workspace unchanged; a 200000 x 200000 raster is refused in well under a second; Ctrl-C stops a raster job cleanly."""
import csv
import os
import signal
import subprocess
import time
import unittest

from osgeo import gdal, osr

from support import BIN, WorkspaceCase, content_digest, run

gdal.UseExceptions()


def sparse_raster(path, size, value=None):
    """A tiled Float32 GeoTIFF of size x size cells in UTM 49N with no block written (cheap whatever the size)."""
    ds = gdal.GetDriverByName("GTiff").Create(path, size, size, 1, gdal.GDT_Float32,
                                              ["TILED=YES", "SPARSE_OK=TRUE", "BIGTIFF=YES"])
    ds.SetGeoTransform((400000, 30, 0, 4600000, 0, -30))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32649)
    ds.SetProjection(srs.ExportToWkt())
    ds = None
    return path


class PlausibleValues(WorkspaceCase):
    def test_an_impossible_concentration_refuses_the_import_naming_the_rule(self):
        ws = self.fresh_workspace()
        before = content_digest(ws)
        f = self.write("bad.csv", "date,hour,type,1090A,1091A\n"
                                  "20190101,0,PM2.5,14,15\n"
                                  "20190101,1,PM2.5,1e308,15\n")
        p = run("obs", "import", ws, f, check=3)
        self.assertIn("bad.csv:3:4: PM2.5 1h 1e+308 µg/m³ outside plausible range 0–10000 µg/m³ "
                      "(data/standards/plausibility.csv)", p.stderr)
        self.assertEqual(content_digest(ws), before)
        # With --quarantine the good values land and the refused one is written out with its rule.
        q = self.path("q.csv")
        run("obs", "import", ws, f, "--quarantine", q, check=0)
        with open(q, encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
        self.assertEqual(len(rows), 1)
        self.assertIn("outside plausible range", rows[0]["reason"])

    def test_a_polygon_with_huge_corners_is_refused_with_its_feature(self):
        # Before: `unit import` stored this polygon (it contains every point) and a unit at latitude 99-100.
        ws = self.fresh_workspace()
        before = content_digest(ws)
        f = self.write("huge.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
                       '{"adcode":"150100","name":"everything","parent":"150000"},"geometry":{"type":"Polygon",'
                       '"coordinates":[[[-1e308,-1e308],[1e308,-1e308],[1e308,1e308],[-1e308,1e308],'
                       '[-1e308,-1e308]]]}}]}')
        p = run("unit", "import", ws, f, check=3)
        self.assertIn("huge.geojson: feature 0 (code 150100): longitude -1e+308 outside -180–180", p.stderr)
        p = run("layer", "import", ws, f, "--kind", "red_line", check=3)
        self.assertIn("huge.geojson: feature 0: longitude -1e+308 outside -180–180", p.stderr)
        north = self.write("north.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
                           '{"adcode":"150100","name":"north","parent":"150000"},"geometry":{"type":"Polygon",'
                           '"coordinates":[[[111,99],[112,99],[112,100],[111,100],[111,99]]]}}]}')
        p = run("unit", "import", ws, north, check=3)
        self.assertIn("north.geojson: feature 0 (code 150100): latitude 99 outside -90–90", p.stderr)
        self.assertEqual(content_digest(ws), before)

    def test_a_water_section_at_latitude_100_is_refused(self):
        ws = self.fresh_workspace()
        before = content_digest(ws)
        f = self.write("sections.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
                       '{"code":"S1","name":"A","waterbody":"river"},"geometry":{"type":"Point",'
                       '"coordinates":[111.6,100]}}]}')
        p = run("water", "section", "import", ws, f, check=3)
        self.assertIn("feature 0: latitude 100 outside -90–90", p.stderr)
        self.assertEqual(content_digest(ws), before)


class RasterLimits(WorkspaceCase):
    def test_a_huge_sparse_raster_is_refused_up_front(self):
        ndvi = sparse_raster(self.path("huge.tif"), 200000)
        out = self.path("fvc.tif")
        start = time.monotonic()
        p = run("raster", "fvc", ndvi, "--out", out, check=3)
        elapsed = time.monotonic() - start
        self.assertLess(elapsed, 5.0)
        self.assertIn("200000 x 200000 = 4e+10 cells, more than the limit of 1e+10 cells (--max-pixels)", p.stderr)
        self.assertFalse(os.path.exists(out))
        self.assertFalse(os.path.exists(out + ".part"))
        # The limit is an option: a small one refuses a small raster too.
        small = sparse_raster(self.path("small.tif"), 100)
        p = run("raster", "fvc", small, "--soil", "0.1", "--veg", "0.8", "--out", out, "--max-pixels", "5000",
                check=3)
        self.assertIn("--max-pixels", p.stderr)

    def test_sigint_stops_a_raster_job_cleanly(self):
        ndvi = sparse_raster(self.path("big.tif"), 40000)  # 1.6e9 cells: minutes of work, under the default limit
        out, grades = self.path("fvc.tif"), self.path("grades.tif")
        cmd = [BIN, "raster", "fvc", ndvi, "--soil", "0.1", "--veg", "0.8", "--out", out, "--grades", grades]
        proc = subprocess.Popen(cmd,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "ECOBARRIER_LANG": "en"})
        time.sleep(2.0)
        self.assertIsNone(proc.poll(), "the job ended before it could be interrupted")
        start = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 130, err)
        self.assertLess(time.monotonic() - start, 30)
        self.assertIn("interrupted", err)
        for f in (out, grades, out + ".part", grades + ".part"):
            self.assertFalse(os.path.exists(f), f)


if __name__ == "__main__":
    unittest.main()

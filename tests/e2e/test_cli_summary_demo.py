"""ecobarrier summary (capture against the calendar) and the demo command (the README's first command)."""
import csv
import json
import os
import unittest

from osgeo import gdal

gdal.UseExceptions()

from support import WorkspaceCase, run, query, CNEMC, AQISTUDY, DEMO, gpkg_only

# The demo command lays out a directory: the workspace file with raster/ and synthetic/ beside it. On PostgreSQL the
# demo's workspace is checked by test_golden_outputs (the demo's file copied into a database, every output compared).
DEMO_IS_A_DIRECTORY = ("the demo lays out a directory (the workspace file, raster/ and synthetic/ beside it); on "
                       "PostgreSQL its workspace is checked by test_golden_outputs")


class SummaryTest(WorkspaceCase):
    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.dir = tempfile.mkdtemp(prefix="ebe2e-summary-")
        cls.ws = cls.class_workspace(cls.dir)
        run("obs", "import", cls.ws, CNEMC, AQISTUDY, check=0)

    def capture(self, *extra):
        p = run("summary", self.ws, "--part", "capture", "--format", "csv", *extra, check=0)
        return list(csv.DictReader(p.stdout.splitlines()))

    def test_capture_is_judged_against_the_calendar(self):
        rows = self.capture("--period", "2019-01-01..2019-06-30", "--averaging", "1h")
        by = {(r["station"], r["parameter"]): r for r in rows}
        r = by[("1090A", "PM2.5")]
        self.assertEqual(r["expected"], str(181 * 24))
        present = query(self.ws, "SELECT count(*) FROM observation_v WHERE station='1090A' AND parameter='PM2.5' "
                                 "AND averaging='1h'")[0][0]
        self.assertEqual(int(r["present"]), present)
        self.assertAlmostEqual(float(r["capture_pct"]), round(100 * present / 4344, 1), places=6)
        # 2019-04-08 is missing from the source: a gap of at least the whole day.
        self.assertGreaterEqual(int(r["longest_gap"]), 24)
        # A listed station with no data at all: nothing present, the whole calendar is one gap.
        none = by[("1747A", "PM2.5")]
        self.assertEqual((none["present"], none["longest_gap"]), ("0", "4344"))
        self.assertEqual(none["gap_start"], "2019-01-01T00:00:00+08:00")

    def test_a_longer_period_lowers_capture_rather_than_ignoring_missing_months(self):
        rows = self.capture("--period", "2019", "--averaging", "1h")
        r = next(r for r in rows if r["station"] == "1090A" and r["parameter"] == "PM2.5")
        self.assertEqual(r["expected"], str(365 * 24))
        self.assertLess(float(r["capture_pct"]), 50)

    def test_city_daily_values(self):
        rows = self.capture("--averaging", "day")
        r = next(r for r in rows if r["station"] == "150100" and r["parameter"] == "PM2.5")
        self.assertEqual(r["from"], "2013-12-02T00:00:00+08:00")
        self.assertEqual(r["to"], "2017-01-31T00:00:00+08:00")
        self.assertEqual(r["expected"], "1157")

    def test_json_document_has_every_part(self):
        doc = json.loads(run("summary", self.ws, "--format", "json", "--averaging", "1h", check=0).stdout)
        self.assertEqual(list(doc), ["units", "stations", "capture"])
        self.assertEqual(sum(u["units"] for u in doc["units"]), 116)
        hohhot = next(u for u in doc["stations"] if u["code"] == "150100")
        self.assertEqual((hohhot["stations"], hohhot["stations_with_data"]), (10, 8))

    def test_csv_needs_one_part_and_bad_period_is_a_usage_error(self):
        p = run("summary", self.ws, "--format", "csv", check=2)
        self.assertIn("choose --part", p.stderr)
        p = run("summary", self.ws, "--period", "2019Q5", check=2)
        self.assertIn("--period", p.stderr)

    def test_csv_file_output_has_a_bom_for_excel(self):
        out = self.path("capture.csv")
        run("summary", self.ws, "--part", "units", "--format", "csv", "-o", out, check=0)
        with open(out, "rb") as f:
            self.assertEqual(f.read(3), b"\xef\xbb\xbf")


class DemoTest(WorkspaceCase):
    @gpkg_only(DEMO_IS_A_DIRECTORY)
    def test_demo_builds_the_workspace_and_prints_the_summary(self):
        ws = self.path("demo/demo.gpkg")
        p = run("demo", "--workspace", ws, check=0)
        self.assertIn("Administrative units", p.stdout)
        self.assertIn("Data capture % (air stations, 1h; 2019-01-01 to 2019-06-30, 4344 hours expected)", p.stdout)
        self.assertIn("Workspace (opens in QGIS)", p.stdout)
        self.assertEqual(query(ws, "SELECT count(*) FROM admin_unit")[0][0], 116)
        # Surface water comes from the seeded generator and says so, in the output and on every value.
        self.assertIn("Surface water (SYNTHETIC data)", p.stdout)
        self.assertIn("SYN-HH04", p.stdout)
        # So do the drinking-water sources' and the groundwater points' samples.
        sources = query(ws, "SELECT DISTINCT source FROM observation_v WHERE averaging = 'sample' ORDER BY source")
        self.assertEqual(sources, [("SYNTHETIC demo generator (seed 2017)",), ("SYNTHETIC demo generator (seed 2024)",),
                                   ("SYNTHETIC demo generator (seed 20240101)",)])
        # Soil, drinking water, groundwater and energy are computed from their SYNTHETIC data, not imported.
        for step in ("11. Soil (SYNTHETIC", "12. Drinking-water sources and groundwater (SYNTHETIC",
                     "13. Energy and carbon (SYNTHETIC"):
            self.assertIn(step, p.stdout)
        derived = dict(query(ws, "SELECT indicator, count(*) FROM indicator_value WHERE year = 2023 AND (source LIKE "
                                 "'soil assess%' OR source LIKE 'carbon account%') GROUP BY indicator"))
        self.assertIn("soil.farmland_safe_use_pct", derived)
        self.assertIn("energy.intensity_drop_vs_2020_pct", derived)
        # Vegetation: SYNTHETIC NDVI, said so, summarised per league/city with a total.
        self.assertIn("8. Vegetation cover and desertification (SYNTHETIC NDVI)", p.stdout)
        ndvi = os.path.join(os.path.dirname(ws), "raster", "synthetic_ndvi_2015.tif")
        info = gdal.Info(ndvi, format="json")
        self.assertIn("SYNTHETIC", json.dumps(info))
        self.assertEqual(info["coordinateSystem"]["wkt"].count('ID["EPSG",4326]'), 1)
        table = p.stdout.split("by league/city, 2015-2025")[1].split("\n\n")[0].splitlines()
        rows = [line.split() for line in table[3:]]
        self.assertEqual(len(rows), 13)  # 12 leagues/cities and the total
        total = rows[-1]
        self.assertEqual(total[0], "total")
        self.assertAlmostEqual(sum(float(r[-9]) for r in rows[:-1]), float(total[1]), delta=12)
        self.assertGreater(float(total[1]), 1.14e6)  # the region's geodesic area, about 1.18 million km²
        self.assertIn("Hulunbuir", p.stdout)
        self.assertIn("Class transitions (areas)", p.stdout)
        # Protected layers and the ledger: SYNTHETIC, said so, the ledger's 2023 totals exactly the real ones.
        self.assertIn("9. Protected layers and site screening (SYNTHETIC layers)", p.stdout)
        self.assertIn("10. Restoration ledger (SYNTHETIC ledger)", p.stdout)
        self.assertEqual(query(ws, "SELECT count(*) FROM protected_area WHERE kind = 'nature_reserve'")[0][0], 1140)
        totals = dict(query(ws, "SELECT type, sum(completed_micro_mu) FROM project WHERE year = 2023 GROUP BY type"))
        self.assertEqual(totals["afforestation"], 5560000 * 10**6)
        self.assertEqual(totals["grass_planting"], 18170000 * 10**6)
        self.assertEqual(totals["desertification_control"], 9500000 * 10**6)
        self.assertIn("光伏治沙-库布其", p.stdout)
        self.assertIn("14. Assessment of the leagues and cities (SYNTHETIC values)", p.stdout)
        self.assertIn("rank 95%", p.stdout)
        self.assertIn("15. Chiefs' patrols (SYNTHETIC roster and patrols)", p.stdout)
        self.assertGreater(query(ws, "SELECT count(*) FROM patrol")[0][0], 500)
        # Running it again rebuilds the same workspace and rasters (the generators are seeded).
        n = query(ws, "SELECT count(*), sum(value) FROM observation")[0]
        checksum = self.checksum(ndvi)
        run("demo", "--workspace", ws, check=0)
        self.assertEqual(query(ws, "SELECT count(*), sum(value) FROM observation")[0], n)
        self.assertEqual(self.checksum(ndvi), checksum)

    @staticmethod
    def checksum(path):
        ds = gdal.Open(path)  # kept alive while its band is used
        return ds.GetRasterBand(1).Checksum()

    @gpkg_only("a file that is not a workspace under the demo's workspace name is about files")
    def test_demo_refuses_to_overwrite_a_foreign_file(self):
        other = self.write("precious.gpkg", "do not delete")
        p = run("demo", "--workspace", other, check=2)
        self.assertIn("not an ecobarrier workspace", p.stderr)
        with open(other) as f:
            self.assertEqual(f.read(), "do not delete")

    @gpkg_only(DEMO_IS_A_DIRECTORY)
    def test_demo_in_chinese(self):
        p = run("demo", "--workspace", self.path("zh.gpkg"), "--lang", "zh", check=0)
        self.assertIn("行政区划", p.stdout)
        self.assertIn("数据获取率", p.stdout)


if __name__ == "__main__":
    unittest.main()

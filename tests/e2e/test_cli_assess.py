"""ecobarrier assess import / score / progress on a hand-built registry with hand-computed answers."""
import csv
import os
import unittest

from osgeo import gdal, osr
import numpy as np

from support import AQISTUDY, LEAGUES, WorkspaceCase, content_digest, query, run
from test_cli_water import SAMPLES, SECTIONS

gdal.UseExceptions()

REGISTRY = """id,name_zh,name_en,unit,direction,category,weight,worst,targets,baseline_year,goal_year,goal,source
pm25,PM2.5年均浓度,PM2.5 annual mean,µg/m³,lower,blue_sky,2,75,2022:36|2023:35,2020,2025,30,imported
forest,森林覆盖率,forest cover,%,higher,ecology,1,10,2022:19|2023:20,2020,2025,22,imported
energy,能耗下降,energy intensity down since 2020,%,higher,green_development,1,0,2023:10,,2025,15,imported
"""
# 2023: Hohhot pm25 35 -> 100, forest 15 -> 50, energy 12.5 -> 100: (200 + 50 + 100) / 4 = 87.5
#       Baotou pm25 55 -> 50, forest 20 -> 100, energy 10 -> 100: (100 + 100 + 100) / 4 = 75
#       Wuhai  pm25 55 -> 50, forest 20 -> 100, energy missing (1/4 of the weight > 20 %): unranked
VALUES = """indicator,unit_code,year,value
pm25,150100,2020,45
pm25,150100,2022,36
pm25,150100,2023,35
forest,150100,2023,15
energy,150100,2023,12.5
pm25,150200,2023,55
forest,150200,2023,20
energy,150200,2023,10
pm25,150300,2023,55
forest,150300,2023,20
"""


def rows_of(p):
    return list(csv.DictReader(p.stdout.lstrip("\ufeff").splitlines()))


class AssessTest(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.ws = self.fresh_workspace()
        self.registry = self.write("registry.csv", REGISTRY)
        run("assess", "import", self.ws, self.write("values.csv", VALUES), check=0)

    def score(self, *extra):
        return rows_of(run("assess", "score", self.ws, "--registry", self.registry, "--year", "2023", "--format",
                           "csv", "--draws", "200", *extra, check=0))

    def test_scores_ranks_and_the_missing_rule(self):
        rows = {r["code"]: r for r in self.score()}
        self.assertEqual(len(rows), 12)
        self.assertEqual(float(rows["150100"]["total"]), 87.5)
        self.assertEqual(rows["150100"]["rank"], "1")
        self.assertEqual(float(rows["150200"]["total"]), 75)
        self.assertEqual(rows["150200"]["rank"], "2")
        self.assertEqual(rows["150300"]["rank"], "")  # a quarter of the weight missing
        self.assertEqual(float(rows["150300"]["missing_weight_pct"]), 25)
        self.assertEqual(float(rows["150100"]["score_blue_sky"]), 100)
        self.assertEqual(float(rows["150100"]["score_ecology"]), 50)
        # With the missing one scored 0, Wuhai ranks: (100 + 100 + 0) / 4 = 50.
        rows = {r["code"]: r for r in self.score("--missing", "zero")}
        self.assertEqual(float(rows["150300"]["total"]), 50)
        self.assertEqual(rows["150300"]["rank"], "3")
        # Hohhot leads on the heaviest indicator: it keeps rank 1 under every draw.
        self.assertEqual((rows["150100"]["rank_low"], rows["150100"]["rank_high"]), ("1", "1"))
        # The same seed gives the same intervals.
        again = {r["code"]: r for r in self.score("--missing", "zero")}
        self.assertEqual(rows, again)

    def test_progress_against_baseline_targets_and_goal(self):
        p = run("assess", "progress", self.ws, "--registry", self.registry, "--year", "2023", "--format", "csv", "--lang", "en",
                check=0)
        rows = {(r["code"], r["indicator"]): r for r in rows_of(p)}
        pm = rows[("150100", "pm25")]
        self.assertEqual(float(pm["baseline"]), 45)
        self.assertAlmostEqual(float(pm["change_pct"]), -22.2, places=1)
        self.assertEqual(pm["met"], "yes")
        self.assertAlmostEqual(float(pm["goal_done_pct"]), 66.7, places=1)  # 45 -> 35 of 45 -> 30
        self.assertEqual(pm["years_met"], "2")  # 2022 (36 <= 36) and 2023
        energy = rows[("150100", "energy")]
        self.assertAlmostEqual(float(energy["goal_done_pct"]), 83.3, places=1)  # 12.5 of 15, counted from zero
        self.assertEqual(rows[("150200", "pm25")]["met"], "no")

    def test_bad_values_and_registries_are_named(self):
        before = content_digest(self.ws)
        bad = self.write("bad.csv", "indicator,unit_code,year,value\npm25,999999,2023,1\npm25,150100,20x3,1\n"
                                    "pm25,150100,2023,NA\n")
        p = run("assess", "import", self.ws, bad, check=3)
        self.assertIn("bad.csv:2: unit_code \"999999\"", p.stderr)
        self.assertIn("bad.csv:3: year", p.stderr)
        self.assertIn("bad.csv:4: value \"NA\"", p.stderr)
        self.assertEqual(content_digest(self.ws), before)
        broken = self.write("r.csv", REGISTRY.replace("2022:36|2023:35", "2022:80"))
        p = run("assess", "score", self.ws, "--registry", broken, "--year", "2023", check=3)
        self.assertIn("r.csv:2: targets", p.stderr)
        p = run("assess", "score", self.ws, "--registry", self.registry, "--year", "2021", check=3)
        self.assertIn("no target for 2021", p.stderr)


    def test_unit_targets_replace_the_registry_target_for_that_unit(self):
        # Baotou's own PM2.5 target for 2023 is 55 (its responsibility agreement): 55 -> 100, so (200 + 100 + 100) / 4.
        targets = self.write("targets.csv", "indicator,unit_code,year,target\npm25,150200,2023,55\n")
        rows = {r["code"]: r for r in self.score("--unit-targets", targets)}
        self.assertEqual(float(rows["150200"]["total"]), 100)
        self.assertEqual(rows["150200"]["rank"], "1")
        self.assertEqual(rows["150100"]["rank"], "2")
        p = run("assess", "progress", self.ws, "--registry", self.registry, "--year", "2023", "--format", "csv",
                "--lang", "en", "--unit-targets", targets, check=0)
        progress = {(r["code"], r["indicator"]): r for r in rows_of(p)}
        self.assertEqual((progress[("150200", "pm25")]["target"], progress[("150200", "pm25")]["target_of"],
                          progress[("150200", "pm25")]["met"]), ("55", "this unit", "yes"))
        self.assertEqual(progress[("150100", "pm25")]["target_of"], "region")
        # Bad targets are named by file, line and column; nothing is scored.
        for text, message in [
            ("indicator,unit_code,year,target\nno2,150200,2023,30\n", "targets.csv:2:1: indicator \"no2\" is not in"),
            ("indicator,unit_code,year,target\npm25,150200,2023,80\n", "targets.csv:2:4: target 80 of pm25 is not better"),
            ("indicator,unit_code,year,target\npm25,159999,2023,50\n", "unit_code \"159999\" is not an administrative"),
        ]:
            p = run("assess", "score", self.ws, "--registry", self.registry, "--year", "2023", "--unit-targets",
                    self.write("targets.csv", text), check=3)
            self.assertIn(message, p.stderr)


class DeriveTest(WorkspaceCase):
    def test_air_and_ledger_indicators_come_from_the_engines(self):
        ws = self.fresh_workspace()
        run("obs", "import", ws, AQISTUDY, check=0)
        run("assess", "derive", ws, "--year", "2016", "--from", "air", check=0)
        p = run("air", "assess", ws, "--period", "2016", "--level", "city", "--format", "csv", check=0)
        air = {(r["code"], r["pollutant"], r["statistic"]): r for r in rows_of(p)}
        values = {(r[0], r[1]): r[2] for r in query(ws, "SELECT indicator, unit_code, value FROM indicator_value")}
        self.assertEqual(values[("air.pm25_mean", "150100")], float(air[("150100", "PM2.5", "mean")]["reported"]))
        sources = query(ws, "SELECT DISTINCT source FROM indicator_value")
        self.assertTrue(sources[0][0].startswith("derived: air assessment 2016"))
        projects = self.write("p.csv", "code,name,type,unit_code,year,planned,planned_unit,completed,completed_unit,"
                                       "funding\nP1,a,afforestation,150621,2023,,,12000,亩,\n")
        run("project", "import", ws, projects, check=0)
        run("project", "plan", ws, self.write("plan.csv", "unit_code,year,type,planned,unit\n"
                                                          "150600,2023,afforestation,10000,亩\n"), check=0)
        run("assess", "derive", ws, "--year", "2023", "--from", "ledger", check=0)
        values = {(r[0], r[1]): r[2] for r in query(ws, "SELECT indicator, unit_code, value FROM indicator_value")}
        self.assertEqual(values[("ledger.afforestation_completion", "150600")], 120.0)

    def test_water_indicators_come_from_the_section_classes(self):
        ws = self.fresh_workspace()
        run("water", "section", "import", ws, self.write("sections.csv", SECTIONS), check=0)
        run("obs", "import", ws, self.write("samples.csv", SAMPLES), check=0)
        run("assess", "derive", ws, "--year", "2024", "--from", "water", check=0)
        p = run("water", "assess", ws, "--period", "2024", "--level", "unit", "--format", "csv", check=0)
        expected = {r["key"]: r for r in rows_of(p)}
        values = {(r[0], r[1]): r[2] for r in query(ws, "SELECT indicator, unit_code, value FROM indicator_value")}
        self.assertEqual(len(values), 2 * len(expected))
        for league, r in expected.items():
            self.assertAlmostEqual(values[("water.share_i_iii_pct", league)], float(r["share_i_iii_pct"]), places=1)
            self.assertAlmostEqual(values[("water.share_worse_v_pct", league)], float(r["share_worse_v_pct"]),
                                   places=1)
        # WL01 (class IV) is the only section of its league: 0 % in classes I-III.
        self.assertIn(0.0, [v for (i, _), v in values.items() if i == "water.share_i_iii_pct"])

    def test_raster_indicators_are_area_weighted_means_over_the_units(self):
        # Value = longitude on a 0.05 degree grid over the region, no data east of 112 E.
        path = self.path("lon.tif")
        nx, ny = 600, 340
        ds = gdal.GetDriverByName("GTiff").Create(path, nx, ny, 1, gdal.GDT_Float32)
        ds.SetGeoTransform((97.0, 0.05, 0, 54.0, 0, -0.05))
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4326)
        ds.SetProjection(srs.ExportToWkt())
        lon = 97.025 + 0.05 * np.arange(nx)
        grid = np.tile(lon, (ny, 1)).astype(np.float32)
        grid[:, lon > 112] = -9999
        band = ds.GetRasterBand(1)
        band.SetNoDataValue(-9999)
        band.WriteArray(grid)
        band = None
        ds = None
        ws = self.fresh_workspace()
        p = run("assess", "derive", ws, "--year", "2025", "--raster", "mean_lon=" + path, "--scale", "2",
                "--lang", "en", check=0)
        self.assertIn("no valid cells, not derived", p.stderr)
        values = {r[0]: r[1] for r in query(ws, "SELECT unit_code, value FROM indicator_value WHERE "
                                                "indicator = 'mean_lon' AND year = 2025")}
        z = run("raster", "zonal", path, LEAGUES, "--id-field", "adcode", "--make-valid", "--stats",
                "area_weighted_mean", "--format", "csv", check=0)
        reference = {r["id"]: r["area_weighted_mean"] for r in rows_of(z)}
        self.assertEqual(set(values), {k for k, v in reference.items() if v != ""})
        self.assertNotIn("150700", values)  # Hulunbuir lies wholly east of 112 E
        for code, v in values.items():
            self.assertAlmostEqual(v, 2 * float(reference[code]), places=9)
        source = query(ws, "SELECT DISTINCT source FROM indicator_value WHERE indicator = 'mean_lon'")[0][0]
        self.assertIn("area-weighted mean of", source)
        p = run("assess", "derive", ws, "--year", "2025", "--from", "raster", check=2)
        self.assertIn("--raster", p.stderr)


if __name__ == "__main__":
    unittest.main()

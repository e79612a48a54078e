"""ecobarrier assess import / score / progress on a hand-built registry with hand-computed answers."""
import csv
import unittest

from support import AQISTUDY, WorkspaceCase, content_digest, query, run

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


if __name__ == "__main__":
    unittest.main()

"""ecobarrier project import / plan / summary / overlaps: the restoration ledger on hand-built cases with exact
answers (unit conversions, roll-up along the admin hierarchy, plans, mining balance, overlaps)."""
import csv
import json
import os
import unittest

from support import WorkspaceCase, content_digest, run

HEADER = "code,name,type,unit_code,year,planned,planned_unit,completed,completed_unit,funding\n"


def rows_of(p, table=0):
    text = p.stdout.lstrip("\ufeff")
    return list(csv.DictReader(text.split("\n\n")[table].strip().splitlines()))


class LedgerTest(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.ws = self.fresh_workspace()

    def test_units_roll_up_and_plans(self):
        projects = self.write("p.csv", HEADER +
                              "P1,达拉特旗造林,afforestation,150621,2023,10000,亩,12000,亩,central\n"
                              "P2,杭锦旗造林,afforestation,150625,2023,100,公顷,80,ha,regional\n"
                              "P3,准格尔旗造林,afforestation,150622,2023,1,km2,0.3,km2,\n"
                              "P4,包头种草,grass_planting,150200,2023,,,666.67,m2,\n"
                              "P5,旧项目,afforestation,150621,2022,5,亩,5,亩,\n")
        run("project", "import", self.ws, projects, check=0)
        plan = self.write("plan.csv", "unit_code,year,type,planned,unit\n150600,2023,afforestation,20000,亩\n")
        run("project", "plan", self.ws, plan, check=0)
        p = run("project", "summary", self.ws, "--year", "2023", "--level", "2", "--format", "csv", "--lang", "en",
                check=0)
        rows = {(r["code"], r["type"]): r for r in rows_of(p)}
        ordos = rows[("150600", "afforestation")]
        self.assertEqual(ordos["projects"], "3")
        # 12000 亩 + 80 ha (1200 亩) + 0.3 km² (450 亩) = 13650 亩, exactly.
        self.assertEqual(float(ordos["completed_mu"]), 13650)
        self.assertEqual(float(ordos["completed_ha"]), 910)
        self.assertEqual(float(ordos["plan_mu"]), 20000)
        # 13650 / 20000 = 68.25 %, printed to 0.1 with ties to even (as GB/T 8170 rounds).
        self.assertEqual(ordos["completion_pct"], "68.2")
        self.assertEqual(ordos["status"], "68.2% of the annual plan")
        baotou = rows[("150200", "grass_planting")]
        self.assertEqual(baotou["status"], "no plan")
        self.assertAlmostEqual(float(baotou["completed_mu"]), 1.000005, places=6)
        # Region level, cumulative since 2022: P5 joins.
        p = run("project", "summary", self.ws, "--year", "2023", "--since", "2022", "--level", "1", "--format", "csv",
                check=0)
        rows = {(r["code"], r["type"]): r for r in rows_of(p)}
        self.assertEqual(float(rows[("150000", "afforestation")]["completed_mu"]), 13655)
        # Over the plan: the status says by how much.
        more = self.write("more.csv", HEADER + "P6,加码,afforestation,150621,2023,,,8350,亩,\n")
        run("project", "import", self.ws, more, check=0)
        p = run("project", "summary", self.ws, "--year", "2023", "--format", "csv", "--lang", "en", check=0)
        ordos = {(r["code"], r["type"]): r for r in rows_of(p)}[("150600", "afforestation")]
        self.assertEqual(ordos["status"], "exceeded the annual plan by 10.0%")

    def test_updates_and_mining_balance(self):
        first = self.write("a.csv", HEADER + "M1,修复,mine_restoration,150602,2023,100,亩,40,亩,\n"
                                             "D1,损毁,mining_damage,150602,2023,,,15,亩,\n")
        run("project", "import", self.ws, first, check=0)
        later = self.write("b.csv", HEADER + "M1,修复,mine_restoration,150602,2023,100,亩,90,亩,\n")
        p = run("project", "import", self.ws, later, "--format", "csv", check=0)
        self.assertEqual(rows_of(p)[0]["updated"], "1")
        p = run("project", "summary", self.ws, "--year", "2023", "--format", "csv", check=0)
        mining = rows_of(p, 1)
        self.assertEqual([(r["year"], r["restored_mu"], r["damaged_mu"], r["net_mu"]) for r in mining],
                         [("2023", "90", "15", "75")])

    def test_bad_records_are_refused_by_line_and_nothing_changes(self):
        before = content_digest(self.ws)
        bad = self.write("bad.csv", HEADER + "X1,ok,afforestation,150621,2023,1,亩,1,亩,\n"
                                             "X2,bad,forest,999999,23,1e5,mu,5,acre,\n"
                                             "X1,dup,afforestation,150621,2023,1,亩,1,亩,\n")
        p = run("project", "import", self.ws, bad, check=3)
        self.assertIn("bad.csv:3: type \"forest\"", p.stderr)
        self.assertIn("bad.csv:3: unit_code \"999999\"", p.stderr)
        self.assertIn("bad.csv:3: year \"23\"", p.stderr)
        self.assertIn("\"1e5\"", p.stderr)
        self.assertIn("acre", p.stderr)
        self.assertIn("bad.csv:4: code X1 repeats", p.stderr)
        self.assertEqual(content_digest(self.ws), before)
        acres = self.write("acres.csv", HEADER + "A1,英文亩,afforestation,150621,2023,,,100,acres,\n")
        run("project", "import", self.ws, acres, "--acre-means", "mu", check=0)
        p = run("project", "summary", self.ws, "--year", "2023", "--format", "csv", check=0)
        self.assertEqual(float(rows_of(p)[0]["completed_mu"]), 100)

    def test_outlines_overlapping_the_red_line_and_each_other(self):
        red = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "RL"},
               "geometry": {"type": "Polygon", "coordinates": [[[110, 40], [110.1, 40], [110.1, 40.1], [110, 40.1],
                                                                [110, 40]]]}}]}
        run("layer", "import", self.ws, self.write("red.geojson", json.dumps(red)), "--kind", "red_line",
            "--name-field", "name", check=0)

        def outline(code, x0):
            return {"type": "Feature", "properties": {
                "code": code, "name": code, "type": "afforestation", "unit_code": "150621", "year": "2023",
                "completed": "10", "completed_unit": "亩"},
                "geometry": {"type": "Polygon", "coordinates": [[[x0, 40.02], [x0 + 0.04, 40.02], [x0 + 0.04, 40.04],
                                                                 [x0, 40.04], [x0, 40.02]]]}}
        doc = {"type": "FeatureCollection", "features": [outline("A", 110.08), outline("B", 110.10),
                                                           outline("C", 110.30)]}
        run("project", "import", self.ws, self.write("p.geojson", json.dumps(doc)), check=0)
        p = run("project", "overlaps", self.ws, "--format", "csv", "--lang", "en", check=0)
        rows = rows_of(p)
        red_rows = [r for r in rows if r["overlaps"] == "red line"]
        self.assertEqual([r["project"] for r in red_rows], ["A"])  # B only touches the red line's edge
        pairs = [(r["project"], r["other"]) for r in rows if r["overlaps"] == "another project"]
        self.assertEqual(pairs, [("A", "B")])
        # A's part in the red line and its overlap with B are both [110.08, 110.1] x [40.02, 40.04]: same area.
        self.assertAlmostEqual(float(red_rows[0]["area_m2"]),
                               float([r for r in rows if r["overlaps"] == "another project"][0]["area_m2"]), places=3)


if __name__ == "__main__":
    unittest.main()

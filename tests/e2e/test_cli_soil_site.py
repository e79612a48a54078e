"""ecobarrier soil site: GB 36600-2018 classification of construction-land samples (no workspace), and sites with
their samples in a workspace (GeoPackage and PostgreSQL): import guarantees, the assessment per unit, the API."""
import csv
import json
import unittest

from support import WorkspaceCase, query, run
from test_cli_serve import Server

SAMPLES = (
    "site,sample,depth_m,item,value,unit\n"
    "DK01,S1,0.5,As,20,mg/kg\n"            # at the class 1 screening value: meets it
    "DK01,S2,1.0,As,60.06,mg/kg\n"         # above class 1 (20) and class 2 (60) screening
    "DK01,S2,1.0,苯并[a]芘,1.5,mg/kg\n"     # class 1: above screening 0.55; class 2: at screening 1.5
    "DK02,S1,0.2,Pb,2500,mg/kg\n"          # class 1: above control 800; class 2: at control 2500
    "DK02,S1,0.2,氯乙烯,120,µg/kg\n"        # 0.12 mg/kg: at the class 1 screening value
    "DK03,S1,0.2,Cd,<30,mg/kg\n"           # a detection limit above the class 1 screening value 20
    "DK03,S1,0.2,pH,7.9,\n"                # not an item of the standard
)

SITES = (
    "code,name,unit_code,lon,lat,planned_use,land_class,key_site,key_basis,status,investigated_on,"
    "risk_assessed_on,effect_evaluated_on,effect_passed,reused_on\n"
    "DK01,化工厂,,111.75,40.84,R2,,yes,listed,reused,2022-03-01,2022-09-01,2024-03-01,yes,2024-06-01\n"
    "DK02,焦化厂,150200,,,M,,yes,suspected,reused,2023-05-01,,,,2024-08-01\n"
    "DK03,电镀厂,150200,,,A33,,yes,listed,remediated,2021-05-01,2021-09-01,2024-09-01,yes,2024-08-01\n"
)
SITE_SAMPLES = "site,sample,depth_m,item,value\nDK01,S1,0.5,Pb,900\nDK02,S1,0.5,BaP,1.2\nDK03,S1,0.5,Cd,25\n"


class ClassifyTest(WorkspaceCase):
    def classify(self, *args, check=0):
        p = run("soil", "site", "classify", self.write("s.csv", SAMPLES), "--format", "csv", *args, check=check)
        return list(csv.DictReader(p.stdout.splitlines())), p

    def test_class_1_and_class_2(self):
        rows, p = self.classify("--land-class", "1")
        by = {r["site"]: r for r in rows}
        self.assertEqual(by["DK01"]["conclusion"], "above_screening")
        self.assertEqual(by["DK01"]["items_above_screening"], "As:3.00|BaP:2.73")
        self.assertEqual(by["DK02"]["conclusion"], "above_control")
        self.assertEqual(by["DK02"]["items_above_control"], "Pb:3.12")
        self.assertEqual(by["DK03"]["conclusion"], "at_or_below_screening")
        self.assertEqual(by["DK03"]["limits_above_screening"], "1")
        self.assertIn("pH", p.stderr)  # named, not assessed
        rows, _ = self.classify("--land-class", "2")
        by = {r["site"]: r for r in rows}
        self.assertEqual(by["DK01"]["items_above_screening"], "As:1.00")  # 60.06 / 60 = 1.001; BaP at 1.5 meets
        # Pb 2500 is above the class 2 screening value (800) and at its control value (2500): not above control.
        self.assertEqual((by["DK02"]["conclusion"], by["DK02"]["items_above_control"]), ("above_screening", ""))

    def test_every_value_with_its_ratio(self):
        rows, _ = self.classify("--land-class", "1", "--by", "item")
        vc = [r for r in rows if r["item"] == "VC"][0]
        self.assertEqual((vc["value"], vc["screening"], vc["risk"]), ("0.12", "0.12", "at_or_below_screening"))
        cd = [r for r in rows if r["item"] == "Cd"][0]
        self.assertEqual((cd["value"], cd["below_detection"], cd["screening_ratio"]), ("<30", "yes", ""))

    def test_no_land_class_is_class_1_and_said(self):
        rows, p = self.classify()
        self.assertEqual({r["land_class"] for r in rows}, {"1"})
        self.assertIn("5.3.1", p.stderr)

    def test_bad_cells_are_named_and_nothing_is_assessed(self):
        bad = self.write("bad.csv", "site,sample,As,Pb\nDK01,S1,abc,1\nDK01,S2,-2,1\n")
        p = run("soil", "site", "classify", bad, check=3)
        self.assertIn("bad.csv:2:3", p.stderr)
        self.assertIn("bad.csv:3:3", p.stderr)
        self.assertEqual(p.stdout, "")


class WorkspaceTest(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.ws = self.fresh_workspace()
        run("soil", "site", "import", self.ws, self.write("sites.csv", SITES), check=0)
        run("soil", "site", "sample", "import", self.ws, self.write("samples.csv", SITE_SAMPLES), check=0)

    def test_reimport_is_unchanged_and_a_conflict_stores_nothing(self):
        p = run("soil", "site", "sample", "import", self.ws, self.write("samples.csv", SITE_SAMPLES), "--format",
                "json", check=0)
        self.assertEqual(json.loads(p.stdout)[0]["unchanged"], 3)
        conflict = self.write("c.csv", "site,sample,depth_m,item,value\nDK01,S9,0.5,As,1\nDK01,S1,0.5,Pb,901\n")
        p = run("soil", "site", "sample", "import", self.ws, conflict, check=3)
        self.assertIn("c.csv:3:5", p.stderr)
        self.assertEqual(query(self.ws, "SELECT count(*) FROM soil_site_value")[0][0], 3)

    def test_assessment_per_league_and_region(self):
        p = run("soil", "site", "assess", self.ws, "--year", "2024", "--level", "2", "--format", "json", check=0)
        units = {u["unit"]: u for u in json.loads(p.stdout)["units"]}
        self.assertEqual(units["150100"]["safe_use_pct"], 100.0)  # DK01: evaluation passed before reuse
        self.assertEqual(units["150200"]["key_reused"], 2)
        self.assertEqual(units["150200"]["safe_use_pct"], 50.0)  # DK03: evaluation after the reuse
        p = run("soil", "site", "assess", self.ws, "--year", "2024", "--level", "1", "--format", "csv", check=0)
        rows = list(csv.DictReader(p.stdout.splitlines()))
        self.assertEqual(rows[0]["safe_use_pct"], "66.7")
        self.assertIn("soil_site_rules", p.stderr)

    def test_api_answers_what_the_cli_prints(self):
        cli = json.loads(run("soil", "site", "assess", self.ws, "--year", "2024", "--level", "2", "--format", "json",
                             "--lang", "en", check=0).stdout)
        server = Server(self.ws)
        try:
            api = server.get("/api/v1/soil/sites?year=2024&level=2&lang=en")
            server.get("/api/v1/soil/sites?year=2024&level=3", status=400)
        finally:
            server.stop()
        self.assertEqual(api["rows"], cli["units"])
        self.assertEqual(len(api["also"][0]["rows"]), len(cli["sites"]))
        self.assertTrue(any("safe-use rate" in n for n in api["notes"]))


if __name__ == "__main__":
    unittest.main()

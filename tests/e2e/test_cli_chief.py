"""ecobarrier chief import / patrols / coverage on hand-built rosters with known answers (edge dates included)."""
import csv
import unittest

from support import WorkspaceCase, content_digest, run

CHIEFS = """id,name,kind,level,unit_code,since,until,objects
R1,王河长,river_lake,3,150203,,,HH:黄河昆都仑段|KD:昆都仑河
R2,李河长,river_lake,3,150204,2023-03-15,,DH:大黑河
F1,赵林长,forest_grassland,2,150200,,,
"""
PATROLS = """id,chief_id,object_id,date,duration_min,track_km,issues_found,issues_resolved,resolution_days
""" + "".join(f"P{m},R1,HH,2023-{m:02d}-28,60,5,2,1,4\n" for m in range(1, 13) if m != 5) + """Q1,R2,DH,2023-04-30,30,3,1,1,10
Q2,R2,DH,2023-03-16,30,3,0,0,
F1a,F1,,2023-03-31,120,12,1,1,2
F1b,F1,,2023-06-30,120,12,0,0,
F1c,F1,,2023-10-01,120,12,0,0,
"""


def tables(p):
    parts = p.stdout.lstrip("\ufeff").strip().split("\n\n")
    return [list(csv.DictReader(part.strip().splitlines())) for part in parts]


class ChiefTest(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.ws = self.fresh_workspace()
        run("chief", "import", self.ws, self.write("chiefs.csv", CHIEFS), check=0)
        run("chief", "patrols", self.ws, self.write("patrols.csv", PATROLS), check=0)

    def test_coverage_overdue_and_rollup(self):
        p = run("chief", "coverage", self.ws, "--period", "2023", "--format", "csv", "--lang", "en", check=0)
        chiefs, units = tables(p)
        by = {r["chief"]: r for r in chiefs}
        self.assertEqual((by["R1"]["windows"], by["R1"]["windows_met"], by["R1"]["patrols"]), ("12", "11", "11"))
        self.assertEqual(by["R1"]["unpatrolled"], "昆都仑河")
        self.assertEqual(float(by["R1"]["resolved_pct"]), 50)
        self.assertEqual(float(by["R1"]["resolution_days"]), 4)
        self.assertEqual(by["R1"]["overdue"], "no")
        # Appointed on 15 March: April-December are whole months served; only April was patrolled.
        self.assertEqual((by["R2"]["windows"], by["R2"]["windows_met"], by["R2"]["overdue"]), ("9", "1", "yes"))
        # A league-level forest chief patrols once a quarter: 31 March, 30 June and 1 October fall in Q1, Q2 and Q4;
        # Q3 was missed.
        self.assertEqual((by["F1"]["windows"], by["F1"]["windows_met"]), ("4", "3"))
        roll = {(r["unit"], r["chief_level"]): r for r in units}
        baotou = roll[("150200", "3")]
        self.assertEqual((baotou["chiefs"], baotou["overdue"], baotou["patrols"]), ("2", "1", "13"))
        self.assertAlmostEqual(float(baotou["coverage_pct"]), 100 * 12 / 21, places=1)

    def test_edge_dates_of_periods(self):
        # A period starting mid-month: only whole months count.
        p = run("chief", "coverage", self.ws, "--period", "2023-01-15..2023-03-31", "--format", "csv", check=0)
        by = {r["chief"]: r for r in tables(p)[0]}
        self.assertEqual((by["R1"]["windows"], by["R1"]["windows_met"]), ("2", "2"))  # February and March
        self.assertEqual(by["F1"]["windows"], "0")  # Q1 is not whole inside the period
        # --as-of inside 2024: December 2023 was patrolled by R1, not by R2.
        p = run("chief", "coverage", self.ws, "--period", "2023", "--as-of", "2024-01-05", "--format", "csv",
                "--lang", "en", check=0)
        by = {r["chief"]: r for r in tables(p)[0]}
        self.assertEqual((by["R1"]["overdue"], by["R2"]["overdue"]), ("no", "yes"))

    def test_bad_rosters_and_patrols_are_refused(self):
        before = content_digest(self.ws)
        bad = self.write("bad.csv", "id,name,kind,level,unit_code\nX,甲,river,3,150203\nY,乙,river_lake,7,999999\n")
        p = run("chief", "import", self.ws, bad, check=3)
        self.assertIn("bad.csv:2: kind", p.stderr)
        self.assertIn("bad.csv:3: level", p.stderr)
        self.assertIn("bad.csv:3: unit_code", p.stderr)
        bad = self.write("badp.csv", "id,chief_id,date,issues_found,issues_resolved\nZ1,NOBODY,2023-02-30,1,2\n")
        p = run("chief", "patrols", self.ws, bad, check=3)
        self.assertIn("chief_id \"NOBODY\"", p.stderr)
        self.assertIn("2023-02-30", p.stderr)
        self.assertIn("issues_resolved exceeds", p.stderr)
        self.assertEqual(content_digest(self.ws), before)


if __name__ == "__main__":
    unittest.main()

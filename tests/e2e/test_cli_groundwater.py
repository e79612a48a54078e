"""ecobarrier groundwater: GB/T 14848-2017 classes from files, points and samples in a workspace, the assessment by
league/city and region with its membership, and the API's answer (docs/groundwater.md)."""
import csv
import json
import unittest

from support import WorkspaceCase, query, run

# 2024: G1 TDS 800 and 1200 -> mean 1000 (III, at the limit); G2 As 20 and 80 µg/L -> 0.05 mg/L (IV, at the limit);
# G3 F 2.5 (V); G4 nothing in 2024; B1 pH 8.6 (IV) and NO3N below 2 (I). 2020: G1 TDS 2500 (V), G3 F 0.5 (I).
POINTS = ("code,name,lon,lat,city,aquifer,type,level,well_depth\n"
          "G1,一号井,111.6507,40.7517,呼和浩特,潜水,监测井,国考,40\n"
          "G2,二号井,111.6572,40.8033,呼和浩特,潜水,监测井,国考,\n"
          "G3,三号井,111.7516,40.8369,呼和浩特,承压水,监测井,国考,120\n"
          "G4,四号井,111.7276,40.8062,呼和浩特,潜水,民井,区考,15\n"
          "B1,包头井,109.8756,40.6532,包头,潜水,监测井,国考,60\n")
SAMPLES = ("point,time,TDS,F,As(µg/L),NO3N,pH\n"
           "G1,2024-04-15,800,0.8,,,\nG1,2024-08-15,1200,0.8,,,\n"
           "G2,2024-04-15,,,20,,\nG2,2024-08-15,,,80,,\n"
           "G3,2024-04-15,,2.5,,,\nB1,2024-04-15,,,,<2,8.6\n"
           "G1,2020-05-01,2500,,,,\nG3,2020-05-01,,0.5,,,\n")


class ClassifyTest(WorkspaceCase):
    def classify(self, text, *args, check=0):
        p = run("groundwater", "classify", self.write("s.csv", text), "--format", "csv", *args, check=check)
        return list(csv.DictReader(p.stdout.splitlines())), p

    def test_limits_units_and_detection_limits(self):
        text = ("point,time,pH,TDS,砷(µg/L),Mn,LAS,嗅和味,gross_alpha\n"
                "P1,2024-05-01,6.5,1000,10,0.05,ND,无,0.1\n"     # all at limits: pH I, TDS III, As III, Mn I
                "P2,2024-05-01,9.0,1000.1,10.1,0.051,0.05,无,0.6\n"  # just above: TDS IV, As IV, Mn III, LAS II
                "P3,2024-05-01,9.1,300,<0.5,0.05,<0.05,有,0.1\n")  # pH V, 有 V, below-detection As I, LAS I
        rows, _ = self.classify(text)
        by = {r["point"]: r for r in rows}
        self.assertEqual((by["P1"]["class"], by["P1"]["deciding_items"]), ("III", "TDS|As"))
        self.assertEqual((by["P1"]["class_pH"], by["P1"]["class_Mn"], by["P1"]["class_LAS"]), ("I", "I", "I"))
        self.assertEqual((by["P2"]["class_TDS"], by["P2"]["class_As"], by["P2"]["class_Mn"]), ("IV", "IV", "III"))
        self.assertEqual((by["P2"]["class_LAS"], by["P2"]["class_gross_alpha"], by["P2"]["class"]), ("II", "IV", "IV"))
        self.assertEqual((by["P3"]["class"], by["P3"]["deciding_items"]), ("V", "odour|pH"))  # table order
        self.assertEqual((by["P3"]["class_As"], by["P3"]["class_LAS"]), ("I", "I"))
        self.assertEqual(by["P3"]["below_detection"], "As|LAS")

    def test_bad_input_names_file_line_column(self):
        _, p = self.classify("point,time,TDS,As(Bq/L)\nP1,2024-05-01,1,2\n", check=3)
        self.assertIn("s.csv:1:4: unit \"Bq/L\" of As does not convert to mg/L", p.stderr)
        _, p = self.classify("point,time,TDS\nP1,2024-05-01,-1\n", check=3)
        self.assertIn("s.csv:2:3", p.stderr)


class WorkspaceTest(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.ws = self.fresh_workspace()
        run("groundwater", "point", "import", self.ws, self.write("points.csv", POINTS), check=0)
        run("groundwater", "sample", "import", self.ws, self.write("samples.csv", SAMPLES), check=0)

    def assess(self, *args):
        p = run("groundwater", "assess", self.ws, "--year", "2024", "--format", "json", "--lang", "en", *args,
                check=0)
        return json.loads(p.stdout)

    def test_points_located_and_samples_stored_with_flags(self):
        self.assertEqual(query(self.ws, "SELECT kind, league_code FROM station WHERE code='B1'"), [("water", "150200")])
        rows = query(self.ws, "SELECT value, flag, unit FROM observation_v WHERE station='B1' AND parameter='NO3N'")
        self.assertEqual(rows, [(2.0, "L", "mg/L")])
        rows = query(self.ws, "SELECT value, unit FROM observation_v WHERE station='G2' ORDER BY time")
        self.assertEqual([(round(v, 9), u) for v, u in rows], [(0.02, "mg/L"), (0.08, "mg/L")])

    def test_reimport_is_unchanged_and_conflicts_change_nothing(self):
        p = run("groundwater", "sample", "import", self.ws, self.path("samples.csv"), "--format", "csv", check=0)
        row = list(csv.DictReader(p.stdout.splitlines()))[0]
        self.assertEqual((row["added"], row["unchanged"]), ("0", "11"))
        before = query(self.ws, "SELECT count(*) FROM observation")
        p = run("groundwater", "sample", "import", self.ws,
                self.write("c.csv", "point,time,TDS,Cl\nG1,2024-04-15,801,5\n"), check=3)
        self.assertIn("c.csv:2", p.stderr)
        p = run("groundwater", "sample", "import", self.ws, self.write("u.csv", "point,time,TDS\nZZ,2024-04-15,1\n"),
                check=3)
        self.assertIn("ZZ is not a groundwater point", p.stderr)
        self.assertEqual(query(self.ws, "SELECT count(*) FROM observation"), before)

    def test_units_shares_membership_and_baseline(self):
        doc = self.assess("--level", "2", "--baseline", "2020")
        units = {u["unit"]: u for u in doc["units"]}
        h = units["150100"]
        self.assertEqual((h["points"], h["assessed"], h["class_III"], h["class_IV"], h["class_V"]), (4, 3, 1, 1, 1))
        self.assertEqual((h["share_i_iv_pct"], h["share_v_pct"]), (66.7, 33.3))  # one decimal as reported
        self.assertEqual(h["left_out"], "G2: no sample in 2020 (not in the comparison)|G4: no sample in 2024")
        self.assertEqual((h["comparable"], h["change_i_iv_pp"], h["change_v_pp"]), (2, 0.0, 0.0))
        points = {p["code"]: p for p in doc["points"]}
        self.assertEqual((points["G1"]["class"], points["G1"]["baseline_class"]), ("III", "V"))
        self.assertEqual(points["B1"]["deciding_items"], "pH")
        region = self.assess("--level", "1", "--set", "national")["units"]
        self.assertEqual([(u["unit"], u["points"], u["class_V"]) for u in region], [("150000", 4, 1)])
        self.assertAlmostEqual(region[0]["share_v_pct"], 25.0)

    def test_api_gives_the_same_figures(self):
        from test_cli_serve import Server  # the serve suite's server helper
        s = Server(self.ws)
        try:
            body = s.get("/api/v1/groundwater?year=2024&level=1&lang=en")
            s.get("/api/v1/groundwater?year=2024&level=3", status=400)
            provincial = s.get("/api/v1/groundwater?year=2024&set=provincial&baseline=2020&lang=en")
        finally:
            s.stop()
        self.assertEqual([(r["unit"], r["class_V"]) for r in body["rows"]], [("150000", 1)])
        # 国考 and 区考 points per league/city, with the baseline comparison as the CLI gives it.
        self.assertEqual([(r["unit"], r["points"], r["comparable"]) for r in provincial["rows"]],
                         [("150100", 4, 2), ("150200", 1, 0)])


if __name__ == "__main__":
    unittest.main()

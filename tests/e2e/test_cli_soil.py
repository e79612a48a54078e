"""ecobarrier soil classify: GB 15618-2018 farmland categories from sample files, at and around the standard's
limits (the values below are the standard's Table 1 and Table 3 numbers, typed here, not read from the data)."""
import csv
import os
import unittest

from support import WorkspaceCase, run

WIDE = (
    "sample,pH,land_use,Cd,Hg,As,Pb,Cr,Cu,Ni,Zn\n"
    # pH > 7.5, other: every item at its screening value -> priority protection
    "at_screening,8.2,other,0.6,3.4,25,170,250,100,190,300\n"
    # pH 5.5 (band <= 5.5), paddy: Cd 0.31 > 0.3 -> safe use, ratio 0.31/0.3
    "paddy_cd,5.5,paddy,0.31,0.2,10,50,90,30,40,90\n"
    # pH 7.0, other: As 121 > control 120 and Pb 130 > screening 120 -> strict control by As alone
    "strict_as,7.0,other,0.2,0.2,121,130,90,30,40,90\n"
    # orchard, pH 8.0: Cu 200 is at the orchard limit (other land would be safe use)
    "orchard_cu,8.0,orchard,0.2,0.2,10,50,90,200,40,90\n"
    "other_cu,8.0,other,0.2,0.2,10,50,90,200,40,90\n"
    # below detection never exceeds, even with a limit above the screening value
    "below,8.0,other,<0.7,ND,0.5L,50,90,30,40,90\n"
)


class SoilClassifyTest(WorkspaceCase):
    def classify(self, text, *args, check=0, name="s.csv"):
        p = run("soil", "classify", self.write(name, text), "--format", "csv", *args, check=check)
        return {r["sample"]: r for r in csv.DictReader(p.stdout.splitlines())}, p

    def test_categories_at_and_around_the_limits(self):
        rows, p = self.classify(WIDE, "--lang", "en")
        self.assertEqual(rows["at_screening"]["category"], "priority_protection")
        self.assertEqual(rows["at_screening"]["max_screening_ratio"], "1.0000")
        self.assertEqual(rows["at_screening"]["ph_band"], "pH>7.5")
        self.assertEqual(rows["paddy_cd"]["category"], "safe_use")
        self.assertEqual(rows["paddy_cd"]["controlling_items"], "Cd")
        self.assertEqual(rows["paddy_cd"]["Cd_screening_ratio"], "1.0333")
        self.assertEqual(rows["paddy_cd"]["ph_band"], "pH<=5.5")
        self.assertEqual(rows["strict_as"]["category"], "strict_control")
        self.assertEqual(rows["strict_as"]["controlling_items"], "As")
        self.assertEqual(rows["strict_as"]["As_control_ratio"], "1.0083")
        self.assertEqual(rows["orchard_cu"]["category"], "priority_protection")
        self.assertEqual(rows["other_cu"]["category"], "safe_use")
        self.assertEqual(rows["below"]["category"], "priority_protection")
        self.assertEqual(rows["below"]["Cd"], "<0.7")
        self.assertEqual(rows["below"]["Cd_screening_ratio"], "")
        self.assertIn("3 values below the detection limit kept as written", p.stderr)
        self.assertIn("every item with a screening value", p.stderr)

    def test_control_only_rule_and_chinese_headers(self):
        text = "样品编号,土壤pH,土地利用类型,镉,铜\nA,8.0,旱地,0.2,120\n"
        rows, _ = self.classify(text, "--lang", "zh", name="zh.csv")
        self.assertEqual(rows["A"]["category"], "safe_use")
        self.assertEqual(rows["A"]["category_name"], "安全利用类")
        rows, p = self.classify(text, "--items", "control-only", "--lang", "zh", name="zh.csv")
        self.assertEqual(rows["A"]["category"], "priority_protection")
        self.assertIn("仅镉、汞、砷、铅、铬", p.stderr)

    def test_output_file(self):
        out = self.path("categories.csv")
        run("soil", "classify", self.write("s.csv", WIDE), "--format", "csv", "-o", out, check=0)
        with open(out, encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), 6)
        self.assertEqual(list(rows[0])[:3], ["sample", "category", "category_name"])

    def test_bad_input_names_file_line_and_column(self):
        _, p = self.classify("sample,pH,land_use,Cd\nA,7,forest,0.1\nB,7,other,abc\nC,,other,0.1\n", check=3)
        self.assertIn("s.csv:2:3: land use \"forest\"", p.stderr)
        self.assertIn("s.csv:3:4: unparsable value \"abc\" for Cd", p.stderr)
        self.assertIn("s.csv:4:2: pH", p.stderr)
        self.assertIn("nothing was classified", p.stderr)
        _, p = self.classify("sample,Cd\nA,0.1\n", check=3)
        self.assertIn("s.csv:1:1: not a farmland soil sample file", p.stderr)


# Hohhot 150100 and Baotou 150200 (leagues of the base workspace); P4 placed by its point in Baotou's Donghe
# district, P5 outside Inner Mongolia.
PLOTS = (
    "code,name,unit_code,land_use,area,area_unit,lon,lat\n"
    "P1,plot one,150100,other,100,亩,,\n"
    "P2,plot two,150100,paddy,200,mu,,\n"
    "P3,plot three,150100,other,3,ha,,\n"
    "P4,plot four,,other,50,mu,110.05,40.59\n"
    "P5,plot five,,other,10,mu,10.0,10.0\n"
    "P6,plot six,150200,orchard,40,mu,,\n"
)
# 2024: P1 priority protection; P2 safe use (paddy Cd 0.9 > 0.8 at pH 8; its other sample is clean: worst counts);
# P3 strict control (Cd 4.5 > 4.0); P4 safe use (Pb 180 > 170); P6 has no 2024 sample.
SAMPLES = (
    "sample,plot,date,pH,land_use,Cd,Hg,As,Pb,Cr,Cu,Ni,Zn\n"
    "S1,P1,2024-06-01,8.1,other,0.2,0.05,12,30,70,25,35,80\n"
    "S2,P2,2024-06-01,8.0,paddy,0.9,0.05,12,30,70,25,35,80\n"
    "S2b,P2,2024-07-01,8.0,paddy,0.2,0.05,12,30,70,25,35,80\n"
    "S3,P3,2024-06-02,8.0,other,4.5,<0.01,12,30,70,25,35,80\n"
    "S4,P4,2024-06-02,8.0,other,0.2,0.05,12,180,70,25,35,80\n"
    "S6,P6,2023-06-02,8.0,orchard,0.2,0.05,12,30,70,25,35,80\n"
)
# Ledger: Hohhot safe-use measures 150 mu (capped at the safe-use class area, 200 mu), strict control 20 mu of 45.
PROJECTS = (
    "code,name,type,unit_code,year,planned,planned_unit,completed,completed_unit,funding\n"
    "M1,safe use,farmland_safe_use,150100,2024,150,mu,150,mu,\n"
    "M2,strict control,farmland_strict_control,150100,2024,20,mu,20,mu,\n"
    "M3,safe use Baotou,farmland_safe_use,150200,2024,80,mu,80,mu,\n"
)


class SoilWorkspaceTest(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.ws = self.fresh_workspace()

    def assess(self, *args):
        p = run("soil", "assess", self.ws, "--year", "2024", "--format", "csv", "--lang", "en", *args, check=0)
        return {r["unit_code"]: r for r in csv.DictReader(p.stdout.splitlines())}, p

    def test_import_assess_and_safe_use_rate(self):
        p = run("soil", "plot", "import", self.ws, self.write("plots.csv", PLOTS), "--lang", "en", check=0)
        self.assertIn("1 plots placed in a unit by their point, 1 plots outside every unit", p.stderr)
        run("soil", "sample", "import", self.ws, self.write("samples.csv", SAMPLES), check=0)
        run("project", "import", self.ws, self.write("projects.csv", PROJECTS), check=0)
        rows, p = self.assess("--level", "2")
        h = rows["150100"]
        self.assertEqual((h["plots"], h["plots_with_samples"]), ("3", "3"))
        self.assertEqual(h["priority_protection_mu"], "100.00")
        self.assertEqual(h["safe_use_mu"], "200.00")
        self.assertEqual(h["strict_control_mu"], "45.00")  # 3 ha = 45 mu
        self.assertEqual(h["strict_control_ha"], "3.00")
        self.assertEqual((h["safe_use_counted_mu"], h["strict_control_counted_mu"]), ("150.00", "20.00"))
        # (150 + 20) / (200 + 45) = 69.39 %
        self.assertEqual(h["safe_use_rate_pct"], "69.4")
        b = rows["150200"]
        self.assertEqual((b["plots"], b["plots_with_samples"]), ("2", "1"))
        self.assertEqual((b["safe_use_mu"], b["unassessed_mu"]), ("50.00", "40.00"))
        # 80 mu of measures capped at the 50 mu of safe-use land: 100 %
        self.assertEqual((b["safe_use_measures_mu"], b["safe_use_counted_mu"], b["safe_use_rate_pct"]),
                         ("80.00", "50.00", "100.0"))
        self.assertEqual(rows["150300"]["safe_use_rate_pct"], "")  # no contaminated farmland: no rate
        self.assertIn("1 plots outside every unit, left out: P5", p.stderr)
        self.assertIn("plots without a sample in the year", p.stderr)
        self.assertIn("P6", p.stderr)
        self.assertIn("produce compliance checks are not included", p.stderr)
        p = run("soil", "plot", "list", self.ws, "--year", "2024", "--format", "csv", check=0)
        plots = {r["plot"]: r for r in csv.DictReader(p.stdout.splitlines())}
        self.assertEqual((plots["P2"]["category"], plots["P2"]["worst_sample"], plots["P2"]["controlling_items"]),
                         ("safe_use", "S2", "Cd"))
        self.assertEqual(plots["P2"]["samples"], "2")
        self.assertEqual(plots["P2"]["max_screening_ratio"], "1.1250")  # 0.9 / 0.8
        self.assertEqual((plots["P6"]["category"], plots["P6"]["samples"]), ("", "0"))
        p = run("soil", "sample", "list", self.ws, "--year", "2024", "--format", "csv", check=0)
        stored = {r["sample"]: r for r in csv.DictReader(p.stdout.splitlines())}
        self.assertEqual(sorted(stored), ["S1", "S2", "S2b", "S3", "S4"])
        self.assertEqual((stored["S3"]["category"], stored["S3"]["Hg"]), ("strict_control", "<0.01"))
        rows, _ = self.assess("--level", "1")
        r = rows["150000"]
        self.assertEqual((r["plots"], r["safe_use_mu"], r["strict_control_mu"]), ("5", "250.00", "45.00"))
        # (150 + 20 + 50) / (250 + 45)
        self.assertEqual(r["safe_use_rate_pct"], "74.6")

    def test_reimport_is_unchanged_and_conflicts_are_refused(self):
        plots = self.write("plots.csv", PLOTS)
        run("soil", "plot", "import", self.ws, plots, check=0)
        p = run("soil", "plot", "import", self.ws, plots, "--format", "csv", check=0)
        self.assertEqual(list(csv.DictReader(p.stdout.splitlines()))[0]["unchanged"], "6")
        changed = self.write("plots2.csv", PLOTS.replace("P1,plot one,150100,other,100", "P1,plot one,150100,other,101"))
        p = run("soil", "plot", "import", self.ws, changed, check=None)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("plot P1 is stored with other content", p.stderr)
        samples = self.write("samples.csv", SAMPLES)
        run("soil", "sample", "import", self.ws, samples, check=0)
        p = run("soil", "sample", "import", self.ws, samples, "--format", "csv", check=0)
        self.assertEqual(list(csv.DictReader(p.stdout.splitlines()))[0]["unchanged"], "6")
        p = run("soil", "sample", "import", self.ws,
                self.write("s2.csv", SAMPLES + "S9,P9,2024-06-01,8.0,other,0.2,0.05,12,30,70,25,35,80\n"), check=None)
        self.assertIn("plot P9 is not in the workspace", p.stderr)
        p = run("soil", "sample", "import", self.ws,
                self.write("s3.csv", "sample,plot,date,pH,land_use,Cd\nS8,P1,2024-06-01,8.0,paddy,0.2\n"), check=3)
        self.assertIn("land use paddy differs from plot P1's other", p.stderr)
        rows, _ = self.assess("--level", "2")
        self.assertEqual(rows["150100"]["plots"], "3")  # nothing of the refused files was stored

    def test_bad_plot_rows_name_line_and_column(self):
        p = run("soil", "plot", "import", self.ws,
                self.write("bad.csv", "code,name,land_use,area,area_unit\nA,a,forest,1,mu\nB,b,other,1,acre-ish\n"),
                check=3)
        self.assertIn("bad.csv:2:3: land use \"forest\"", p.stderr)
        self.assertIn("bad.csv:3", p.stderr)
        self.assertIn("nothing was imported", p.stderr)


if __name__ == "__main__":
    unittest.main()

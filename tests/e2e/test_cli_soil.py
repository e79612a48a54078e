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
        run("soil", "classify", self.write("s.csv", WIDE), "--format", "csv", "-o", out)
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


if __name__ == "__main__":
    unittest.main()

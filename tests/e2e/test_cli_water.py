"""ecobarrier water classify: GB 3838-2002 classes from sample files, with the golden cases of the standard."""
import csv
import unittest

from support import WorkspaceCase, run

WIDE = (
    "section,time,waterbody,pH,溶解氧,CODMn,COD,BOD5,NH3N,TP,TN,FecalColiform\n"
    "river_A,2024-05-01 10:00,river,7.8,6.5,3.8,18,2.5,0.6,0.15,1.8,30000\n"
    "lake_B,2024-05-01,lake,8.3,7.8,3.5,14,2.0,0.3,0.06,1.2,\n"
    "river_C,2024-05-02,river,7.2,1.5,9,35,7,2.5,0.35,,\n"
)


class ClassifyTest(WorkspaceCase):
    def classify(self, text, *args, check=0):
        p = run("water", "classify", self.write("s.csv", text), "--format", "csv", *args, check=check)
        return list(csv.DictReader(p.stdout.splitlines())), p

    def test_golden_cases(self):
        rows, _ = self.classify(WIDE, "--lang", "zh")
        by = {r["section"]: r for r in rows}
        self.assertEqual((by["river_A"]["class"], by["river_A"]["status"]), ("III", "良好"))
        self.assertEqual(by["river_A"]["controlling_items"], "COD|NH3N|TP")
        self.assertEqual(by["river_A"]["tn_class"], "V")  # reported apart, not deciding the class
        self.assertEqual((by["lake_B"]["class"], by["lake_B"]["main_pollutants"]), ("IV", "TP:0.20"))
        self.assertEqual(by["lake_B"]["trophic_state"], "中营养")
        self.assertEqual((by["river_C"]["class"], by["river_C"]["status"]), ("劣V", "重度污染"))
        self.assertEqual(by["river_C"]["main_pollutants"], "NH3N:1.50|COD:0.75|BOD5:0.75")
        rows, _ = self.classify(WIDE, "--lang", "en")
        self.assertEqual({r["section"]: r["class"] for r in rows}["river_C"], "worse than V")

    def test_waterbody_option_changes_phosphorus_limits(self):
        rows, _ = self.classify(WIDE, "--waterbody", "river")
        self.assertEqual({r["section"]: r["class_TP"] for r in rows}["lake_B"], "II")
        rows, _ = self.classify(WIDE, "--waterbody", "lake")
        self.assertEqual({r["section"]: r["class_TP"] for r in rows}["lake_B"], "IV")

    def test_below_detection_limit_is_never_silently_zero(self):
        text = "section,time,NH3N,Hg\nS1,2024-05-01,0.6,<0.0001\nS2,2024-05-01,0.6,0.00004L\nS3,2024-05-01,ND,ND\n"
        rows, p = self.classify(text, "--waterbody", "river")
        by = {r["section"]: r for r in rows}
        self.assertEqual(by["S1"]["class_Hg"], "I")   # half of 0.0001 = 0.00005: class I
        self.assertEqual(by["S2"]["class_Hg"], "I")
        self.assertEqual(by["S3"]["n_items"], "0")    # ND without a limit is left out, not zero
        self.assertIn("values below the detection limit taken as (half)", p.stderr)
        rows, _ = self.classify(text, "--waterbody", "river", "--below-dl", "limit")
        self.assertEqual({r["section"]: r["class_Hg"] for r in rows}["S1"], "III")

    def test_long_layout_with_units(self):
        text = ("section,time,parameter,value,unit\n"
                "S1,2024-05-01,w21003,1.2,mg/L\nS1,2024-05-01,总磷,0.05,mg/L\nS1,2024-05-01,DO,8,mg/L\n")
        rows, _ = self.classify(text, "--waterbody", "river")
        self.assertEqual(len(rows), 1)
        self.assertEqual((rows[0]["class"], rows[0]["class_NH3N"], rows[0]["n_items"]), ("IV", "IV", "3"))

    def test_bad_input_names_file_line_column(self):
        _, p = self.classify("section,time,NH3N,benzene\nS1,2024-05-01,1,2\n", check=3)
        self.assertIn("s.csv:1:4: unknown water parameter \"benzene\"", p.stderr)
        _, p = self.classify("section,time,NH3N\nS1,2024-05-01,-1\nS2,2024-13-01,1\n", check=3)
        self.assertIn("s.csv:2:3: negative value -1 is impossible for NH3N", p.stderr)
        self.assertIn("s.csv:3:2: impossible timestamp \"2024-13-01\"", p.stderr)
        _, p = self.classify("section,time,parameter,value,unit\nS1,2024-05-01,NH3N,1,ppm\n", check=3)
        self.assertIn("wrong unit \"ppm\" for NH3N (expected mg/L)", p.stderr)
        _, p = self.classify("section,time,NH3N\nS1,2024-05-01,1\n", check=3)
        self.assertIn("the waterbody is unknown", p.stderr)


if __name__ == "__main__":
    unittest.main()

"""ecobarrier water classify: GB 3838-2002 classes from sample files, with the golden cases of the standard."""
import csv
import json
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
        _, p = self.classify("section,time,NH3N,toluene\nS1,2024-05-01,1,2\n", check=3)
        self.assertIn("s.csv:1:4: unknown water parameter \"toluene\"", p.stderr)
        _, p = self.classify("section,time,NH3N\nS1,2024-05-01,-1\nS2,2024-13-01,1\n", check=3)
        self.assertIn("s.csv:2:3: negative value -1 is impossible for NH3N", p.stderr)
        self.assertIn("s.csv:3:2: impossible timestamp \"2024-13-01\"", p.stderr)
        _, p = self.classify("section,time,parameter,value,unit\nS1,2024-05-01,NH3N,1,ppm\n", check=3)
        self.assertIn("wrong unit \"ppm\" for NH3N (expected mg/L)", p.stderr)
        _, p = self.classify("section,time,NH3N\nS1,2024-05-01,1\n", check=3)
        self.assertIn("the waterbody is unknown", p.stderr)


SECTIONS = (
    "code,name,waterbody,river,basin,control_level,target_class,lon,lat\n"
    "HH01,头道拐,river,黄河,黄河流域,national,II,111.07,40.27\n"
    "HH02,画匠营子,river,黄河,黄河流域,national,III,109.9,40.56\n"
    "WL01,乌梁素海湖心,lake,乌梁素海,黄河流域,national,IV,108.85,40.93\n"
)
SAMPLES = (
    "section,time,pH,DO,CODMn,COD,BOD5,NH3N,TP,TN,chla,SD\n"
    "HH01,2024-01-15,8.1,9.2,2.5,12,1.5,0.2,0.05,2.1,,\n"
    "HH01,2024-02-15,8.0,8.8,2.9,14,1.8,0.3,0.08,2.3,,\n"
    "HH02,2024-01-15,8.2,8.5,3.9,16,2.5,0.45,0.11,2.5,,\n"
    "WL01,2024-01-20,8.6,7.9,6.2,28,3.5,0.4,0.09,1.9,18,0.8\n"
    "WL01,2024-02-20,8.7,7.1,6.8,30,3.8,0.5,<0.01,2.2,22,0.7\n"
)


class WorkspaceWaterTest(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.ws = self.fresh_workspace()
        run("water", "section", "import", self.ws, self.write("sections.csv", SECTIONS), check=0)
        run("obs", "import", self.ws, self.write("samples.csv", SAMPLES), check=0)

    def assess(self, *args):
        p = run("water", "assess", self.ws, "--period", "2024", "--format", "csv", *args, check=0)
        return list(csv.DictReader(p.stdout.splitlines()))

    def test_samples_are_stored_with_detection_limits_flagged(self):
        from support import query
        rows = query(self.ws, "SELECT value, flag, unit, averaging FROM observation_v WHERE station='WL01' AND "
                              "parameter='TP' ORDER BY time")
        self.assertEqual(rows, [(0.09, None, "mg/L", "sample"), (0.01, "L", "mg/L", "sample")])
        self.assertEqual(query(self.ws, "SELECT kind, admin_code IS NOT NULL FROM station WHERE code='HH01'"),
                         [("water", 1)])

    def test_section_classes_from_period_means(self):
        by = {r["code"]: r for r in self.assess("--level", "section", "--lang", "en")}
        self.assertEqual((by["HH01"]["class"], by["HH01"]["target_met"]), ("II", "yes"))
        # WL01: TP mean (0.09 + 0.01/2) / 2 = 0.0475 -> lake class III; COD mean 29 -> IV.
        self.assertEqual(by["WL01"]["class"], "IV")
        self.assertEqual(by["WL01"]["main_pollutants"], "COD:0.45|CODMn:0.08")
        self.assertEqual(by["WL01"]["trophic_state"], "light eutrophic")
        limit = {r["code"]: r for r in self.assess("--level", "section", "--below-dl", "limit")}
        self.assertEqual(limit["WL01"]["class"], "IV")

    def test_groups_use_mean_concentrations_below_five_sections(self):
        rows = self.assess("--level", "basin", "--lang", "en")
        self.assertEqual(len(rows), 1)
        self.assertEqual((rows[0]["sections"], rows[0]["method"]), ("3", "mean concentrations"))
        self.assertAlmostEqual(float(rows[0]["share_i_iii_pct"]), 66.7, places=1)
        self.assertEqual(rows[0]["target_met"], "3/3")

    def test_sets_counties_and_membership_in_the_csv(self):
        # HH02 becomes a provincial section (区控): the national set keeps HH01 and WL01.
        run("water", "section", "import", self.ws,
            self.write("provincial.csv", SECTIONS.replace("HH02,画匠营子,river,黄河,黄河流域,national",
                                                          "HH02,画匠营子,river,黄河,黄河流域,区控")), check=0)
        national = self.assess("--level", "region", "--set", "national", "--lang", "en")
        self.assertEqual((national[0]["members_expected"], national[0]["complete"]), ("2", "yes"))
        provincial = self.assess("--level", "region", "--set", "provincial", "--lang", "en")
        self.assertEqual(provincial[0]["members_expected"], "3")
        # No 2023 samples: the baseline has no section with a class, so no change is given.
        with_baseline = self.assess("--level", "region", "--baseline", "2023", "--lang", "en")
        self.assertEqual((with_baseline[0]["baseline_members_valid"], with_baseline[0]["change_i_iii_pp"]), ("0", ""))
        counties = self.assess("--level", "county", "--lang", "en")
        self.assertTrue(all(len(r["key"]) == 6 and r["complete"] == "yes" for r in counties), counties)
        p = run("water", "assess", self.ws, "--period", "2024", "--set", "state", check=None)
        self.assertNotEqual(p.returncode, 0)

    def test_lake_trophic_state_by_month_and_year(self):
        p = run("water", "trophic", self.ws, "--from", "2024", "--to", "2024", "--by", "month", "--format", "csv",
                "--lang", "en", check=0)
        rows = list(csv.DictReader(p.stdout.splitlines()))
        self.assertEqual([(r["code"], r["period"]) for r in rows], [("WL01", "2024-01"), ("WL01", "2024-02")])
        self.assertEqual(rows[0]["parameters"], "chla TP TN SD CODMn")
        p = run("water", "trophic", self.ws, "--from", "2024", "--to", "2024", "--format", "json", check=0)
        doc = json.loads(p.stdout)
        self.assertEqual(doc["trophic_state"][0]["samples"], 2)
        self.assertEqual(doc["trend"][0]["trend"], "too few years")  # one year: no trend

    def test_cwqi_ranking_says_it_is_unconfirmed(self):
        p = run("water", "cwqi", self.ws, "--period", "2024", "--format", "csv", check=0)
        rows = list(csv.DictReader(p.stdout.splitlines()))
        self.assertTrue(rows)
        self.assertTrue(all(r["confidence"] == "[1] unconfirmed" for r in rows))
        values = [float(r["cwqi"]) for r in rows]
        self.assertEqual(values, sorted(values))

    def test_national_automatic_station_layout_finds_sections_by_name(self):
        from support import query
        national = ("省份,流域,断面名称,监测时间,水质类别,水温,pH,溶解氧,电导率,浊度,高锰酸盐指数,氨氮,总磷,总氮,叶绿素α,藻密度,站点情况\n"
                    "内蒙古,黄河流域,头道拐,2024-06-01 08:00,II,22.1,8.1,8.2,650,12,2.6,0.21,0.06,2.2,--,--,正常\n"
                    "内蒙古,黄河流域,乌梁素海湖心,2024-06-01 08:00,IV,24.0,8.6,7.0,900,20,6.5,0.45,0.09,2.0,18,5e6,正常\n")
        f = self.write("national.csv", national)
        p = run("water", "classify", f, "--waterbody", "river", "--format", "csv", check=0)
        self.assertEqual([r["class"] for r in csv.DictReader(p.stdout.splitlines())], ["II", "IV"])
        run("obs", "import", self.ws, f, check=0)
        self.assertEqual(query(self.ws, "SELECT count(*) FROM observation_v WHERE station='HH01' AND "
                                        "time='2024-06-01T08:00:00+08:00'")[0][0], 6)  # pH DO CODMn NH3N TP TN
        self.assertEqual(query(self.ws, "SELECT value FROM observation_v WHERE station='WL01' AND parameter='chla' "
                                        "AND time='2024-06-01T08:00:00+08:00'"), [(18.0,)])

    def test_sections_from_geojson(self):
        from support import query
        geo = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"code": "G1", "name": "岱海湖心", "waterbody": "lake", "target_class": "IV"},
             "geometry": {"type": "Point", "coordinates": [112.70, 40.57]}},
            {"type": "Feature", "properties": {"code": "G2", "name": "x", "waterbody": "sea"},
             "geometry": {"type": "Point", "coordinates": [112.0, 40.0]}}]}
        p = run("water", "section", "import", self.ws, self.write("s.geojson", json.dumps(geo)), check=3)
        self.assertIn("feature #2: waterbody \"sea\" is neither river nor lake", p.stderr)
        geo["features"].pop()
        run("water", "section", "import", self.ws, self.write("s.geojson", json.dumps(geo)), check=0)
        self.assertEqual(query(self.ws, "SELECT waterbody, target_class FROM water_section WHERE code = 'G1'"),
                         [("lake", 4)])

    def test_bad_section_list_imports_nothing(self):
        from support import content_digest
        before = content_digest(self.ws)
        p = run("water", "section", "import", self.ws,
                self.write("bad.csv", "code,name,waterbody,lon,lat,target_class\nX1,x,sea,110,40,II\nX2,y,river,110,40,VII\n"),
                check=3)
        self.assertIn("bad.csv:2:3: waterbody \"sea\" is neither river nor lake", p.stderr)
        self.assertIn("bad.csv:3:6: target class \"VII\" is not I-V or 劣V", p.stderr)
        self.assertEqual(content_digest(self.ws), before)


if __name__ == "__main__":
    unittest.main()

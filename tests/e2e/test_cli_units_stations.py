"""Administrative hierarchy and stations through the CLI, on the bundled real boundaries and station lists."""
import csv
import json
import unittest

from support import WorkspaceCase, run, query, content_digest, LEAGUES, COUNTIES, STATIONS, STATIONS_2018


class UnitsTest(WorkspaceCase):
    def test_hierarchy_counts_and_names(self):
        ws = self.base_workspace()
        units = json.loads(run("unit", "list", ws, "--format", "json", check=0).stdout)
        self.assertEqual(len(units), 116)
        by_level = {}
        for u in units:
            by_level.setdefault(u["level"], []).append(u)
        self.assertEqual({k: len(v) for k, v in by_level.items()}, {1: 1, 2: 12, 3: 103})
        english = {u["code"]: u["name_en"] for u in by_level[2]}
        self.assertEqual(english["150700"], "Hulunbuir")
        self.assertEqual(english["152900"], "Alxa League")
        self.assertTrue(all(english.values()))
        region = by_level[1][0]
        self.assertEqual((region["code"], region["name_zh"]), ("150000", "内蒙古自治区"))

    def test_children_ancestors_and_point_query(self):
        ws = self.base_workspace()
        kids = json.loads(run("unit", "children", ws, "152900", "--format", "json", check=0).stdout)
        self.assertEqual([k["name_zh"] for k in kids], ["阿拉善左旗", "阿拉善右旗", "额济纳旗"])
        up = json.loads(run("unit", "ancestors", ws, "152921", "--format", "json", check=0).stdout)
        self.assertEqual([u["code"] for u in up], ["152900", "150000"])
        at = json.loads(run("unit", "at", ws, "109.8756", "40.6532", "--format", "json", check=0).stdout)
        self.assertEqual([u["code"] for u in at], ["150000", "150200", "150204"])  # 包头 青山区
        p = run("unit", "at", ws, "116.4", "39.9", "--format", "json", check=0)
        self.assertEqual(json.loads(p.stdout), [])
        self.assertIn("no unit contains", p.stderr)
        p = run("unit", "children", ws, "990000", check=3)
        self.assertIn("unknown unit 990000", p.stderr)

    def test_reimport_reports_unchanged_and_changes_nothing(self):
        ws = self.fresh_workspace()
        before = content_digest(ws)
        p = run("unit", "import", ws, LEAGUES, "--format", "csv", check=0)
        self.assertIn(",0,0,12,0,0", p.stdout)
        self.assertEqual(content_digest(ws), before)

    def test_repaired_geometry_is_reported(self):
        ws = self.workspace()
        run("init", ws, check=0)
        p = run("unit", "import", ws, LEAGUES, COUNTIES, check=0)
        self.assertIn("repaired invalid polygon: 150223 达尔罕茂明安联合旗", p.stderr)

    def test_bad_boundary_file_names_the_feature(self):
        ws = self.workspace()
        run("init", ws, check=0)
        bad = self.write("bad.json", json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"adcode": "15A", "name": "x"},
             "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}))
        p = run("unit", "import", ws, bad, check=3)
        self.assertIn("feature 0", p.stderr)
        self.assertIn("not a GB/T 2260 code", p.stderr)


class StationsTest(WorkspaceCase):
    def test_every_station_is_attached_to_league_and_banner(self):
        ws = self.base_workspace()
        rows = query(ws, "SELECT count(*), count(league_code), count(admin_code) FROM station")
        self.assertEqual(rows[0][0], 60)
        self.assertEqual(rows[0][1], 60)
        located = query(ws, "SELECT count(*) FROM station s JOIN admin_unit u ON u.code = s.admin_code "
                            "WHERE u.level = 3 AND u.parent_code = s.league_code")[0][0]
        unlocated = query(ws, "SELECT count(*) FROM station WHERE location_note IS NOT NULL")[0][0]
        self.assertEqual(located + unlocated, 60)
        self.assertEqual(query(ws, "SELECT admin_code FROM station WHERE code='1090A'")[0][0], "150104")

    def test_stations_outside_every_polygon_are_reported_not_dropped(self):
        ws = self.fresh_workspace()
        p = run("station", "import", ws, STATIONS_2018, check=0)
        self.assertIn("Stations not attached to a banner/county", p.stdout)
        self.assertIn("1001A", p.stdout)  # 万寿西宫, Beijing
        codes_2022 = {r[0] for r in csv.reader(open(STATIONS, encoding="utf-8"))}
        codes_2018 = {r[0] for r in csv.reader(open(STATIONS_2018, encoding="utf-8"))}
        self.assertEqual(query(ws, "SELECT count(*) FROM station")[0][0], len((codes_2022 | codes_2018) - {
            "监测点编码", "stationcode"}))
        beijing = query(ws, "SELECT league_code, location_note FROM station WHERE code='1001A'")[0]
        self.assertIsNone(beijing[0])
        self.assertIn("outside every unit", beijing[1])

    def test_bad_station_list_imports_nothing(self):
        ws = self.fresh_workspace()
        before = content_digest(ws)
        bad = self.write("s.csv", "code,name,city,lon,lat\nX1,x,呼和浩特,111,40\nX2,y,呼和浩特,east,40\n")
        p = run("station", "import", ws, bad, check=3)
        self.assertIn("s.csv:3:4: impossible longitude \"east\"", p.stderr)
        self.assertEqual(content_digest(ws), before)


if __name__ == "__main__":
    unittest.main()

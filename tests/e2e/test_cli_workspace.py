"""ecobarrier init, migrations, GeoPackage validity, --help everywhere, exit codes."""
import os
import sqlite3
import subprocess
import unittest

from support import WorkspaceCase, run, query, sha256, LEAGUES, COUNTIES, STATIONS


class InitTest(WorkspaceCase):
    def test_init_creates_and_rerun_is_safe(self):
        ws = self.path("ws.gpkg")
        p = run("init", ws, check=0)
        self.assertIn("schema migrated 0 → 11", p.stdout)
        digest = sha256(ws)
        p = run("init", ws, check=0)
        self.assertIn("workspace is current, schema version 11", p.stdout)
        self.assertEqual(sha256(ws), digest)

    def test_chinese_is_the_default_language(self):
        p = run("init", self.path("ws.gpkg"), check=0, env={"ECOBARRIER_LANG": ""})
        self.assertIn("已迁移架构版本", p.stdout)

    def test_newer_workspace_is_refused(self):
        ws = self.path("ws.gpkg")
        run("init", ws, check=0)
        con = sqlite3.connect(ws)
        con.execute("INSERT INTO ecobarrier_migration VALUES (99, 'future', '2030-01-01')")
        con.commit()
        con.close()
        p = run("init", ws, check=4)
        self.assertIn("schema version 99 is newer than this ecobarrier understands", p.stderr)

    def test_other_commands_do_not_create_a_workspace(self):
        ws = self.path("missing.gpkg")
        p = run("unit", "list", ws, check=4)
        self.assertIn("no such workspace", p.stderr)
        self.assertIn("ecobarrier init", p.stderr)
        self.assertFalse(os.path.exists(ws))

    def test_file_that_is_not_a_geopackage_is_left_alone(self):
        bogus = self.write("notes.gpkg", "not a database at all, but important notes\n")
        before = sha256(bogus)
        run("init", bogus, check=4)
        self.assertEqual(sha256(bogus), before)


class GeoPackageTest(WorkspaceCase):
    def test_workspace_is_a_valid_geopackage_that_gdal_opens(self):
        ws = self.base_workspace()
        v = subprocess.run(["/usr/bin/python3", "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py",
                            ws], capture_output=True, text=True)
        self.assertEqual(v.returncode, 0, v.stdout + v.stderr)
        self.assertEqual(v.stdout.strip(), "", v.stdout)
        info = subprocess.run(["ogrinfo", "-ro", "-so", ws, "admin_unit"], capture_output=True, text=True)
        self.assertEqual(info.returncode, 0, info.stderr)
        self.assertIn("Feature Count: 116", info.stdout)
        self.assertIn("Geometry: Multi Polygon", info.stdout)
        info = subprocess.run(["ogrinfo", "-ro", "-so", ws, "station"], capture_output=True, text=True)
        self.assertIn("Feature Count: 60", info.stdout)
        # GDAL's own spatial filter goes through the R*Tree we maintain.
        sql = subprocess.run(["ogrinfo", "-ro", "-q", ws, "station", "-spat", "111.6", "40.7", "111.7", "40.8",
                              "-fields=YES"], capture_output=True, text=True)
        self.assertIn("1090A", sql.stdout)
        self.assertNotIn("1585A", sql.stdout)

    def test_gdal_can_edit_the_workspace_and_our_index_follows(self):
        ws = self.fresh_workspace()
        p = subprocess.run(["ogrinfo", ws, "-sql", "DELETE FROM station WHERE code = '1090A'"],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        n = query(ws, "SELECT count(*) FROM rtree_station_geom")[0][0]
        self.assertEqual(n, 59)


class HelpTest(unittest.TestCase):
    def test_help_at_every_level_has_examples(self):
        for args in [[], ["init"], ["unit"], ["unit", "import"], ["unit", "list"], ["unit", "children"],
                     ["unit", "ancestors"], ["unit", "at"], ["station"], ["station", "import"], ["station", "list"], ["air"], ["air", "aqi"], ["air", "assess"], ["air", "daily"], ["air", "rank"], ["air", "trend"], ["water"], ["water", "classify"], ["water", "section"], ["water", "section", "import"], ["water", "assess"], ["water", "trophic"], ["water", "cwqi"],
                     ["obs"], ["obs", "import"], ["summary"], ["demo"]]:
            p = run(*args, "--help", check=0)
            self.assertIn("Usage", p.stdout, args)
            self.assertIn("Examples:", p.stdout, args)

    def test_top_level_help_documents_exit_codes(self):
        p = run("--help", check=0)
        self.assertIn("Exit codes:", p.stdout)
        self.assertIn("3  input data rejected", p.stdout)

    def test_usage_errors_exit_2(self):
        run("obs", "import", check=2)
        run("summary", "x.gpkg", "--format", "xml", check=2)
        run("frobnicate", check=2)


if __name__ == "__main__":
    unittest.main()

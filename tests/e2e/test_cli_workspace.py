"""ecobarrier init, migrations, GeoPackage validity, --help everywhere, exit codes (on both backends; the tests about
the GeoPackage file itself are marked gpkg_only)."""
import csv
import http.client
import os
import signal
import sqlite3
import subprocess
import time
import unittest

from support import (PG, SCHEMA_VERSION, WorkspaceCase, run, query, sha256, BIN, AQISTUDY, CNEMC, LEAGUES, COUNTIES,
                     STATIONS, STATIONS_2018, exists, gdal_name, gpkg_only, integrity_check, is_pg, snapshot,
                     table_exists, wait_for_writer)


class InitTest(WorkspaceCase):
    def test_init_creates_and_rerun_is_safe(self):
        ws = self.workspace()
        p = run("init", ws, check=0)
        self.assertIn(f"schema migrated 0 → {SCHEMA_VERSION}", p.stdout)
        digest = snapshot(ws)
        p = run("init", ws, check=0)
        self.assertIn(f"workspace is current, schema version {SCHEMA_VERSION}", p.stdout)
        self.assertEqual(snapshot(ws), digest)

    @unittest.skipUnless(PG, "PostgreSQL only: init creating the database itself")
    def test_init_creates_the_database_when_the_server_allows_it(self):
        ws = self.workspace("new.gpkg", create=False)
        self.assertFalse(exists(ws))
        p = run("init", ws, check=0)
        self.assertIn(f"schema migrated 0 → {SCHEMA_VERSION}", p.stdout)
        self.assertTrue(exists(ws))
        self.assertTrue(table_exists(ws, "station"))
        run("unit", "import", ws, LEAGUES, check=0)
        self.assertEqual(query(ws, "SELECT count(*) FROM admin_unit")[0][0], 13)

    def test_chinese_is_the_default_language(self):
        p = run("init", self.workspace(), check=0, env={"ECOBARRIER_LANG": ""})
        self.assertIn("已迁移架构版本", p.stdout)

    def test_newer_workspace_is_refused(self):
        ws = self.workspace()
        run("init", ws, check=0)
        query(ws, "INSERT INTO ecobarrier_migration VALUES (99, 'future', '2030-01-01')")
        p = run("init", ws, check=4)
        self.assertIn("schema version 99 is newer than this ecobarrier understands", p.stderr)

    def test_other_commands_do_not_create_a_workspace(self):
        ws = self.workspace("missing.gpkg", create=False)
        p = run("unit", "list", ws, check=4)
        self.assertIn("no such workspace", p.stderr)
        self.assertIn("ecobarrier init", p.stderr)
        self.assertFalse(exists(ws))

    @gpkg_only("a text file under the workspace's name is about files; a database cannot hold notes instead")
    def test_file_that_is_not_a_geopackage_is_left_alone(self):
        bogus = self.write("notes.gpkg", "not a database at all, but important notes\n")
        before = sha256(bogus)
        run("init", bogus, check=4)
        self.assertEqual(sha256(bogus), before)


class GeoPackageTest(WorkspaceCase):
    @gpkg_only("GeoPackage validity (validate_gpkg.py) and GDAL's GPKG driver on the file")
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

    @gpkg_only("the GeoPackage's R*Tree (rtree_station_geom) and the triggers that keep it; PostGIS's GiST index "
               "follows every edit by itself")
    def test_gdal_can_edit_the_workspace_and_our_index_follows(self):
        ws = self.fresh_workspace()
        p = subprocess.run(["ogrinfo", ws, "-sql", "DELETE FROM station WHERE code = '1090A'"],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        n = query(ws, "SELECT count(*) FROM rtree_station_geom")[0][0]
        self.assertEqual(n, 59)


class PostGisTest(WorkspaceCase):
    @unittest.skipUnless(PG, "PostgreSQL only: GDAL's PostgreSQL driver (what QGIS uses) on a PostGIS workspace")
    def test_gdal_opens_the_postgis_workspace(self):
        ws = self.base_workspace()
        info = subprocess.run(["ogrinfo", "-ro", "-so", gdal_name(ws), "admin_unit"], capture_output=True, text=True)
        self.assertEqual(info.returncode, 0, info.stderr)
        self.assertIn("Feature Count: 116", info.stdout)
        self.assertIn("Multi Polygon", info.stdout)
        info = subprocess.run(["ogrinfo", "-ro", "-so", gdal_name(ws), "station"], capture_output=True, text=True)
        self.assertIn("Feature Count: 60", info.stdout)
        sql = subprocess.run(["ogrinfo", "-ro", "-q", gdal_name(ws), "station", "-spat", "111.6", "40.7", "111.7",
                              "40.8", "-fields=YES"], capture_output=True, text=True)
        self.assertIn("1090A", sql.stdout)
        self.assertNotIn("1585A", sql.stdout)


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


def start(*args, env=None):
    e = dict(os.environ)
    e.setdefault("ECOBARRIER_LANG", "en")
    e.update(env or {})
    return subprocess.Popen([BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=e)


class NotAWorkspaceTest(WorkspaceCase):
    """Only init makes a workspace: every other command refuses a missing, empty or foreign file and leaves it be."""

    def commands(self, ws):
        values = self.write("values.csv", "indicator,unit_code,year,value\nenergy,150300,2023,11\n")
        return [["summary", ws], ["unit", "list", ws], ["unit", "import", ws, LEAGUES], ["station", "list", ws],
                ["station", "import", ws, STATIONS], ["obs", "import", ws, AQISTUDY],
                ["air", "assess", ws, "--period", "2016"], ["air", "hourly", ws, "--period", "2016-01"],
                ["water", "assess", ws, "--period", "2024"], ["layer", "list", ws],
                ["assess", "import", ws, values], ["report", ws, "--period", "2023", "-o", self.path("bulletin")],
                ["serve", ws, "--port", "0", "--no-warm"]]

    def assert_refused(self, ws, why):
        before = snapshot(ws)
        for args in self.commands(ws):
            if args[0] == "serve" and not is_pg(ws) and not os.path.isfile(ws):
                continue  # serve checks that a file WS is a file before anything (exit 2)
            p = run(*args, check=4)
            self.assertIn(why, p.stderr, args)
            self.assertIn("ecobarrier init", p.stderr, args)
            self.assertNotIn("internal error", p.stderr, args)
            self.assertEqual(snapshot(ws), before, args)

    def test_missing_file(self):
        ws = self.workspace("missing.gpkg", create=False)
        self.assert_refused(ws, "no such workspace")
        self.assertFalse(exists(ws))

    @gpkg_only("an empty file; its PostgreSQL counterpart, a database without ecobarrier's tables, is "
               "test_empty_database_is_not_turned_into_a_workspace")
    def test_empty_file_is_not_turned_into_a_workspace(self):
        ws = self.write("empty.gpkg", "")
        self.assert_refused(ws, "not an ecobarrier workspace (the file is empty); create one with `ecobarrier init")
        self.assertEqual(os.path.getsize(ws), 0)
        run("init", ws, check=0)  # init may
        run("summary", ws, check=0)

    @unittest.skipUnless(PG, "PostgreSQL only: a database (PostGIS in it) without ecobarrier's tables")
    def test_empty_database_is_not_turned_into_a_workspace(self):
        ws = self.workspace("empty.gpkg")
        self.assert_refused(ws, "not an ecobarrier workspace")
        self.assertFalse(table_exists(ws, "station"))
        self.assertFalse(table_exists(ws, "ecobarrier_migration"))
        run("init", ws, check=0)  # init may
        run("summary", ws, check=0)

    @gpkg_only("a text file under the workspace's name is about files")
    def test_text_file(self):
        ws = self.write("notes.gpkg", "not a database at all, but important notes\n")
        self.assert_refused(ws, "not an ecobarrier workspace (not a GeoPackage or SQLite file)")

    @gpkg_only("a directory under the workspace's name is about files")
    def test_directory(self):
        ws = self.path("folder.gpkg")
        os.mkdir(ws)
        self.assert_refused(ws, "not an ecobarrier workspace (it is a directory)")

    def test_someone_elses_geopackage(self):
        ws = self.workspace("theirs.gpkg")
        subprocess.run(["ogr2ogr", "-f", "PostgreSQL" if PG else "GPKG", gdal_name(ws), LEAGUES], check=True,
                       capture_output=True)
        self.assert_refused(ws, "not an ecobarrier workspace" if PG else
                            "not an ecobarrier workspace (a GeoPackage without ecobarrier's tables)")
        self.assertFalse(table_exists(ws, "station"))


class DamagedWorkspaceTest(WorkspaceCase):
    @gpkg_only("overwrites a page of the SQLite file and expects SQLite's quick_check to find it")
    def test_a_damaged_workspace_is_not_written_to(self):
        ws = self.fresh_workspace()
        page_size = query(ws, "PRAGMA page_size")[0][0]
        page = query(ws, "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_station_1'")[0][0]
        with open(ws, "r+b") as f:
            f.seek((page - 1) * page_size)
            f.write(b"\x5a" * page_size)
        before = sha256(ws)
        for args in [["station", "import", ws, STATIONS_2018], ["obs", "import", ws, AQISTUDY]]:
            p = run(*args, check=4)
            self.assertIn("the workspace is damaged (SQLite's quick_check:", p.stderr)
            self.assertIn("nothing was written", p.stderr)
            self.assertEqual(sha256(ws), before)


class ConcurrencyTest(WorkspaceCase):
    """WAL: readers never wait for a writer; a second writer waits, bounded, then says the workspace is busy. On
    PostgreSQL imports write at the same time; on both, concurrent imports each land whole."""

    def test_two_imports_at_once_both_land_whole(self):
        ws = self.fresh_workspace()
        first = start("obs", "import", ws, CNEMC)
        self.assertTrue(wait_for_writer(ws, first), "the first import never started writing")
        second = start("obs", "import", ws, AQISTUDY)
        out, err = first.communicate(timeout=300)
        self.assertEqual(first.returncode, 0, err)
        out, err = second.communicate(timeout=300)
        self.assertEqual(second.returncode, 0, err)
        self.assertEqual(query(ws, "SELECT count(*) FROM import_batch"), [(2,)])
        counts = dict(query(ws, "SELECT b.file, count(*) FROM observation o JOIN import_batch b ON b.id = o.import_id "
                                "GROUP BY b.file"))
        self.assertEqual(counts[CNEMC], 2722672)
        alone = self.fresh_workspace("alone.gpkg")
        run("obs", "import", alone, AQISTUDY, check=0)
        self.assertGreater(counts[AQISTUDY], 0)
        self.assertEqual(counts[AQISTUDY], query(alone, "SELECT count(*) FROM observation")[0][0])
        self.assertEqual(integrity_check(ws), [("ok",)])

    @gpkg_only("SQLite's single writer: a second import waits for the file's write lock (ECOBARRIER_WRITE_WAIT), "
               "then says busy; PostgreSQL imports do not wait for each other "
               "(test_two_imports_at_once_both_land_whole)")
    def test_a_second_import_waits_or_fails_clearly_and_nothing_is_half_written(self):
        ws = self.fresh_workspace()
        first = start("obs", "import", ws, CNEMC)
        self.assertTrue(wait_for_writer(ws, first), "the first import never took the write lock")
        t0 = time.monotonic()
        second = run("obs", "import", ws, AQISTUDY, check=4, env={"ECOBARRIER_WRITE_WAIT": "1"})
        waited = time.monotonic() - t0
        self.assertIn("workspace busy (another import is writing); retry", second.stderr)
        self.assertIn("waiting up to 1 s for another writer", second.stderr)
        self.assertNotIn("locked", second.stderr)
        self.assertNotIn("SQLITE_BUSY", second.stderr)
        self.assertGreaterEqual(waited, 1.0)
        # A second writer with time enough waits for the first and then imports all of its file.
        third = start("obs", "import", ws, AQISTUDY)
        self.assertEqual(first.wait(120), 0, first.stderr.read())
        out, err = third.communicate(timeout=120)
        self.assertEqual(third.returncode, 0, err)
        first.stdout.close()
        first.stderr.close()
        self.assertEqual(query(ws, "SELECT count(*) FROM import_batch"), [(2,)])
        counts = dict(query(ws, "SELECT b.file, count(*) FROM observation o JOIN import_batch b ON b.id = o.import_id "
                                "GROUP BY b.file"))
        self.assertEqual(counts[CNEMC], 2722672)
        self.assertGreater(counts[AQISTUDY], 0)
        self.assertEqual(integrity_check(ws), [("ok",)])
        self.assertEqual(query(ws, "PRAGMA journal_mode"), [("wal",)])

    def test_the_server_answers_during_a_large_import(self):
        ws = self.fresh_workspace()
        run("obs", "import", ws, AQISTUDY, check=0)
        server = start("serve", ws, "--port", "0")
        try:
            line = server.stdout.readline()
            self.assertTrue(line.startswith("serving http://"), repr(line))
            port = int(line.strip().rstrip("/").rsplit(":", 1)[1])
            importer = start("obs", "import", ws, CNEMC)
            self.assertTrue(wait_for_writer(ws, importer), "the import never started writing")
            # Distinct queries, so that each is computed from the workspace rather than answered from the server's
            # cache (thousands of them: more than can be asked during the import).
            periods = [f"2016-{m:02d}-{a:02d}..2016-{m:02d}-{b:02d}" for m in range(1, 13) for a in range(1, 29)
                       for b in range(a, 29)]
            paths = [p for i, period in enumerate(periods)
                     for p in ([f"/api/v1/air/daily?period={period}"] if i % 2 else
                               [f"/api/v1/air/assessment?period={period}&level=city",
                                f"/api/v1/units?level={1 + i % 3}"])]
            latencies, statuses, k = [], [], 0
            while importer.poll() is None:
                path = paths[k % len(paths)]
                k += 1
                t0 = time.monotonic()
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                c.request("GET", path)
                r = c.getresponse()
                r.read()
                c.close()
                latencies.append(time.monotonic() - t0)
                statuses.append((r.status, path))
            self.assertEqual(importer.wait(), 0, importer.stderr.read())
            importer.stdout.close()
            importer.stderr.close()
            self.assertGreaterEqual(len(latencies), 10, "too few requests during the import to say anything")
            self.assertEqual([s for s in statuses if s[0] != 200], [])
            # Did not block: a reader that waited for the writer would wait for most of the import (the write lock is
            # held about 5 s; with the rollback journal requests waited the 10 s busy timeout, then answered 500).
            # The bound is generous for a loaded 2-core machine, where the worst request measured 1.0-1.8 s (one
            # request near the import's end) and the median 5 ms; plain SQLite readers measured 54 ms worst.
            self.assertLess(len(latencies), len(paths))
            ordered = sorted(latencies)
            median, p99 = ordered[len(ordered) // 2], ordered[len(ordered) * 99 // 100]
            print(f"\n  {len(latencies)} requests during the import; median {median * 1000:.0f} ms, "
                  f"p99 {p99 * 1000:.0f} ms, worst {ordered[-1] * 1000:.0f} ms")
            self.assertLess(max(latencies), 3.0)
            after = json_get(port, "/api/v1/air/hourly?period=2019-01-01..2019-01-01&station=1090A")
            self.assertEqual(after["page"]["total_rows"], 24)
        finally:
            server.terminate()
            server.wait(10)
            server.stdout.close()
            server.stderr.close()
        self.assertEqual(integrity_check(ws), [("ok",)])


def json_get(port, path):
    import json
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    if r.status != 200:
        raise AssertionError(f"{path}: {r.status} {body[:300]!r}")
    return json.loads(body)


class InvalidTextTest(WorkspaceCase):
    """Stored text that is not UTF-8 (written behind ecobarrier's back) never breaks JSON output or serve."""

    @gpkg_only("PostgreSQL (a UTF8 database) refuses text that is not UTF-8, so none can be stored behind "
               "ecobarrier's back")
    def test_json_output_and_serve_survive_invalid_utf8(self):
        ws = self.fresh_workspace()
        con = sqlite3.connect(ws)
        # The GeoPackage triggers name these; they fire only when a geometry changes, which this does not.
        def unused(_):
            raise AssertionError("a geometry trigger fired")
        for f in ["ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"]:
            con.create_function(f, 1, unused)
        con.execute("UPDATE station SET name = CAST(X'E591BC41FF42C3' AS TEXT) WHERE code = '1090A'")
        con.execute("UPDATE admin_unit SET name_zh = CAST(X'E5FF' AS TEXT) WHERE code = '150100'")
        con.commit()
        con.close()
        p = run("station", "list", ws, "--format", "json", check=0)
        import json
        rows = {r["code"]: r for r in json.loads(p.stdout)}
        self.assertEqual(rows["1090A"]["name"], "\u547cA\ufffdB\ufffd")
        run("unit", "list", ws, "--format", "json", check=0)
        server = start("serve", ws, "--port", "0")
        try:
            line = server.stdout.readline()
            self.assertTrue(line.startswith("serving http://"), repr(line))
            port = int(line.strip().rstrip("/").rsplit(":", 1)[1])
            units = json_get(port, "/api/v1/units?level=2&page_size=100")
            self.assertIn("\ufffd", json.dumps([r for r in units["rows"] if r["code"] == "150100"], ensure_ascii=False))
        finally:
            server.terminate()
            server.wait(10)
            server.stdout.close()
            server.stderr.close()


class OutputFileTest(WorkspaceCase):
    """-o is written as FILE.part and renamed: a killed run never leaves half a result under FILE."""

    def test_a_stale_part_file_is_removed_by_the_next_run(self):
        ws = self.fresh_workspace()
        out = self.path("stations.csv")
        with open(out + ".part", "w") as f:
            f.write("half a result from a run that was killed\n")
        run("station", "list", ws, "--format", "csv", "-o", out, check=0)
        self.assertFalse(os.path.exists(out + ".part"))
        with open(out, encoding="utf-8-sig") as f:
            self.assertEqual(len(list(csv.DictReader(f))), 60)

    def test_a_failed_run_leaves_the_previous_result_alone(self):
        ws = self.fresh_workspace()
        out = self.path("stations.csv")
        with open(out, "w") as f:
            f.write("previous\n")
        run("air", "assess", ws, "--period", "nonsense", "-o", out, check=2)
        with open(out) as f:
            self.assertEqual(f.read(), "previous\n")
        self.assertFalse(os.path.exists(out + ".part"))

    def test_kill_9_never_leaves_half_an_output_under_its_name(self):
        ws = self.fresh_workspace()
        run("obs", "import", ws, CNEMC, check=0)
        args = ["air", "hourly", ws, "--period", "2019-01-01..2019-06-30", "--format", "csv"]
        reference = self.path("reference.csv")
        run(*args, "-o", reference, check=0)
        with open(reference, "rb") as f:
            whole = f.read()
        self.assertGreater(len(whole), 10_000_000)
        out = self.path("hourly.csv")
        p = subprocess.Popen([BIN, *args, "-o", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Kill it as soon as it starts writing its result.
        while p.poll() is None and not (os.path.exists(out) or os.path.exists(out + ".part")):
            time.sleep(0.0005)
        p.send_signal(signal.SIGKILL)
        p.wait()
        self.assertEqual(p.returncode, -signal.SIGKILL, "the command finished before it could be killed")
        if os.path.exists(out):
            with open(out, "rb") as f:
                self.assertEqual(f.read(), whole, "half an output under the final name")
        self.assertTrue(os.path.exists(out + ".part"))
        run(*args, "-o", out, check=0)
        self.assertFalse(os.path.exists(out + ".part"))
        with open(out, "rb") as f:
            self.assertEqual(f.read(), whole)


if __name__ == "__main__":
    unittest.main()

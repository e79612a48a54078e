"""Observation ingest through the CLI: every layout on real data, every bad-input case, quarantine,
idempotent re-import, and a kill -9 in the middle of a large import."""
import csv
import os
import shlex
import signal
import subprocess
import time
import unittest

from support import (WorkspaceCase, run, query, content_digest, snapshot, BIN, CNEMC, AQISTUDY, UCI_DONGSI,
                     STATIONS_2018, integrity_check, writer_active)

HEADER = "date,hour,type,1090A,1091A\n"


class RealDataImportTest(WorkspaceCase):
    def test_cnemc_wide_file_lands_whole_and_reimport_changes_nothing(self):
        ws = self.fresh_workspace()
        p = run("obs", "import", ws, CNEMC, "--format", "csv", check=0)
        row = next(csv.DictReader(p.stdout.splitlines()))
        self.assertEqual(row["rows"], "64430")
        self.assertEqual(row["added"], row["values"])
        self.assertEqual(row["rejected"], "0")
        total = query(ws, "SELECT count(*) FROM observation")[0][0]
        self.assertEqual(total, int(row["values"]))
        # A value as published: 20190101 hour 0, PM2.5 at 1090A is 14 µg/m³, stored at 2019-01-01T00:00+08:00.
        v = query(ws, "SELECT value, unit, averaging, source FROM observation_v WHERE station='1090A' "
                      "AND parameter='PM2.5' AND averaging='1h' AND time='2019-01-01T00:00:00+08:00'")
        self.assertEqual(v, [(14.0, "µg/m³", "1h", "CNEMC national real-time air quality publication")])
        self.assertEqual(query(ws, "SELECT time_epoch FROM observation_v WHERE station='1090A' AND parameter='PM2.5' "
                                   "AND averaging='1h' ORDER BY time_epoch LIMIT 1")[0][0], 1546272000)
        before = content_digest(ws)
        file_before = snapshot(ws)
        p = run("obs", "import", ws, CNEMC, "--format", "csv", check=0)
        row = next(csv.DictReader(p.stdout.splitlines()))
        self.assertEqual(row["added"], "0")
        self.assertEqual(row["unchanged"], row["values"])
        self.assertIn("workspace is unchanged", p.stderr)
        self.assertEqual(content_digest(ws), before)
        self.assertEqual(snapshot(ws), file_before)

    def test_aqistudy_daily_city_values(self):
        ws = self.fresh_workspace()
        run("obs", "import", ws, AQISTUDY, check=0)
        rows = query(ws, "SELECT station, value, unit FROM observation_v WHERE parameter='CO' AND averaging='day' "
                         "AND time='2013-12-02T00:00:00+08:00' AND station='150100'")
        self.assertEqual(rows, [("150100", 4.08, "mg/m³")])
        kinds = query(ws, "SELECT count(*) FROM station WHERE kind='city'")[0][0]
        self.assertEqual(kinds, 12)

    def test_uci_beijing_co_in_micrograms_becomes_milligrams(self):
        ws = self.fresh_workspace()
        run("station", "import", ws, STATIONS_2018, check=0)
        run("obs", "import", ws, UCI_DONGSI, check=0)
        rows = query(ws, "SELECT value, unit FROM observation_v WHERE station='1003A' AND parameter='CO' "
                         "AND time='2013-03-01T00:00:00+08:00'")
        self.assertEqual(rows, [(0.3, "mg/m³")])

    def test_uci_site_without_station_is_an_unknown_station(self):
        ws = self.fresh_workspace()  # Inner Mongolia stations only
        before = content_digest(ws)
        p = run("obs", "import", ws, UCI_DONGSI, check=3)
        self.assertIn("unknown station 1003A (\"Dongsi\")", p.stderr)
        self.assertEqual(content_digest(ws), before)


class BadInputTest(WorkspaceCase):
    """Each case: exit code 3, message with file:line:column and reason, workspace unchanged."""

    def assert_rejected(self, text, expected, layout=None):
        ws = self.fresh_workspace()
        run("obs", "import", ws, self.write("seed.csv", HEADER + "20190101,0,PM2.5,14,8\n"), check=0)
        before, file_before = content_digest(ws), snapshot(ws)
        f = self.write("bad.csv", text)
        args = ["obs", "import", ws, f] + (["--layout", layout] if layout else [])
        p = run(*args, check=3)
        self.assertIn(f"{f}:{expected}", p.stderr)
        self.assertIn("nothing was imported", p.stderr)
        self.assertEqual(content_digest(ws), before)
        self.assertEqual(snapshot(ws), file_before)
        return p

    def test_unknown_station(self):
        self.assert_rejected("date,hour,type,1090A,XXXXA\n20190102,0,PM2.5,1,2\n", "2:5: unknown station \"XXXXA\"")

    def test_unparsable_number(self):
        self.assert_rejected(HEADER + "20190102,0,PM2.5,1,2\n20190102,1,SO2,12,1O\n", "3:5: unparsable number \"1O\"")

    def test_negative_concentration(self):
        self.assert_rejected(HEADER + "20190102,0,NO2,-3,2\n", "2:4: negative NO2 -3 is impossible")

    def test_impossible_timestamp(self):
        self.assert_rejected(HEADER + "20190229,0,NO2,3,2\n", "2:1: impossible date \"20190229\"")
        self.assert_rejected(HEADER + "20190102,24,NO2,3,2\n", "2:2: impossible hour \"24\"")
        self.assert_rejected("station,time,parameter,value\n1090A,2019-01-01T25:00,NO2,3\n",
                             "2:2: impossible timestamp \"2019-01-01T25:00\"")

    def test_conflicting_duplicate_in_the_file(self):
        self.assert_rejected(HEADER + "20190102,0,NO2,3,2\n20190102,0,NO2,4,2\n",
                             "2:4: conflicting duplicate: 1090A NO2 1h at 2019-01-02T00:00:00+08:00 is also given on line 3")

    def test_conflicting_duplicate_with_the_workspace(self):
        self.assert_rejected(HEADER + "20190101,0,PM2.5,15,8\n",
                             "2:4: conflicting duplicate: the workspace already holds 14")

    def test_wrong_unit(self):
        self.assert_rejected("station,time,parameter,value,unit\n1090A,2019-01-01T05:00,NO2,3,ppb\n",
                             "2:5: wrong unit \"ppb\" for NO2 (expected µg/m³)")

    def test_unrecognised_header(self):
        ws = self.fresh_workspace()
        p = run("obs", "import", ws, self.write("x.csv", "a,b,c\n1,2,3\n"), check=3)
        self.assertIn("x.csv:1:1: cannot recognise the layout", p.stderr)

    def test_many_problems_are_all_counted(self):
        lines = "".join(f"20190102,{h},NO2,-1,-1\n" for h in range(24))
        p = self.assert_rejected(HEADER + lines, "2:4: negative NO2")
        self.assertIn("48 record(s) rejected", p.stderr)
        self.assertIn("... and 28 more", p.stderr)


class QuarantineTest(WorkspaceCase):
    def test_good_rows_land_and_rejected_rows_are_written_with_reasons(self):
        ws = self.fresh_workspace()
        f = self.write("mixed.csv", HEADER + "20190101,0,PM2.5,14,8\n20190101,1,PM2.5,abc,9\n20190230,0,CO,1,1\n")
        q = self.path("rejected.csv")
        p = run("obs", "import", ws, f, "--quarantine", q, "--format", "csv", check=0)
        row = next(csv.DictReader(p.stdout.splitlines()))
        self.assertEqual((row["added"], row["rejected"]), ("3", "2"))
        self.assertIn("2 record(s) rejected, written to", p.stderr)
        with open(q, encoding="utf-8-sig") as fh:
            rejected = list(csv.DictReader(fh))
        self.assertEqual(len(rejected), 2)
        self.assertEqual(rejected[0]["line"], "3")
        self.assertEqual(rejected[0]["column"], "4")
        self.assertEqual(rejected[0]["station"], "1090A")
        self.assertEqual(rejected[0]["raw"], "abc")
        self.assertIn("unparsable number", rejected[0]["reason"])
        self.assertEqual(rejected[1]["line"], "4")
        self.assertIn("impossible date", rejected[1]["reason"])
        self.assertEqual(rejected[1]["raw"], "20190230,0,CO,1,1")
        self.assertEqual(query(ws, "SELECT count(*) FROM observation")[0][0], 3)

    def test_the_quarantine_file_is_written_whole(self):
        # Like every output (io::AtomicFile): written as FILE.part and renamed; a killed run's stale .part, longer
        # than the new file, is removed, and nothing of it shows in the file.
        ws = self.fresh_workspace()
        f = self.write("mixed.csv", HEADER + "20190101,0,PM2.5,14,8\n20190101,1,PM2.5,abc,9\n")
        q = self.path("rejected.csv")
        with open(q + ".part", "w") as fh:
            fh.write("half a quarantine file of a killed run\n" * 1000)
        run("obs", "import", ws, f, "--quarantine", q, check=0)
        self.assertFalse(os.path.exists(q + ".part"))
        with open(q, encoding="utf-8-sig") as fh:
            text = fh.read()
        self.assertNotIn("killed run", text)
        self.assertEqual(len(list(csv.DictReader(text.splitlines()))), 1)


class ProgressTest(WorkspaceCase):
    def test_progress_bar_on_a_terminal_and_silence_when_piped(self):
        ws = self.fresh_workspace()
        piped = run("obs", "import", ws, AQISTUDY, check=0)
        self.assertNotIn("[#", piped.stderr)
        # `script` gives the command a pseudo-terminal, as a person at a console would have.
        ws2 = self.fresh_workspace("tty.gpkg")
        cmd = f"{shlex.quote(BIN)} --lang en obs import {shlex.quote(ws2)} {shlex.quote(CNEMC)}"
        p = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, text=True, timeout=600)
        self.assertEqual(p.returncode, 0, p.stdout)
        self.assertIn("reading", p.stdout)
        self.assertIn("writing to workspace [##############################] 100%", p.stdout)


class KillTest(WorkspaceCase):
    def test_kill_9_during_a_large_import_leaves_the_workspace_as_it_was(self):
        ws = self.fresh_workspace()
        run("obs", "import", ws, AQISTUDY, check=0)
        before = content_digest(ws)
        proc = subprocess.Popen([BIN, "obs", "import", ws, CNEMC], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        # Wait until the import is writing (it holds the workspace's write lock, or has a PostgreSQL transaction
        # that has written), then kill it hard.
        deadline = time.time() + 60
        while not writer_active(ws) and time.time() < deadline and proc.poll() is None:
            time.sleep(0.005)
        self.assertIsNone(proc.poll(), "the import finished before it could be killed")
        time.sleep(0.3)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        self.assertEqual(proc.returncode, -signal.SIGKILL, "the kill did not interrupt the import")
        # The uncommitted transaction is not part of the workspace (WAL: its frames are never read; PostgreSQL rolls
        # back the transaction of a client that is gone); the content is what it was before.
        self.assertEqual(content_digest(ws), before)
        self.assertEqual(integrity_check(ws)[0][0], "ok")
        self.assertEqual(query(ws, "SELECT count(*) FROM import_batch")[0][0], 1)
        # And the workspace still works: the same import now succeeds.
        run("obs", "import", ws, CNEMC, check=0)


if __name__ == "__main__":
    unittest.main()

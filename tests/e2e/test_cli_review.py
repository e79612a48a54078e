"""ecobarrier review run|list|confirm|overrule and audit verify|list on a workspace, and tampering with sqlite3 (or
psql-like SQL on PostgreSQL); the review of pollution-source outlets fed through the real HJ 212 receiver."""
import csv
import json
import os
import subprocess
import unittest

from support import PG, WorkspaceCase, run, query
from test_cli_source import REGISTRY, frame, send_through_receiver

STATION = "1090A"  # a Hohhot station of the bundled station list


def long_file(path, pm_swapped_hours):
    """A month (2020-01) of hourly PM2.5/PM10 for one station; PM2.5 > PM10 by 30 at the given hours of 1 Jan."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("station,time,parameter,value\n")
        for day in range(1, 32):
            for hour in range(24):
                t = f"2020-01-{day:02d}T{hour:02d}:00"
                pm10 = 80 + (day * 7 + hour * 3) % 23
                pm25 = pm10 + 30 if day == 1 and hour in pm_swapped_hours else pm10 * 0.6
                f.write(f"{STATION},{t},PM10,{pm10}\n{STATION},{t},PM2.5,{pm25:g}\n")


class ReviewCommandTest(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.ws = self.fresh_workspace()
        src = self.path("pm.csv")
        long_file(src, {3, 4, 5})
        run("obs", "import", self.ws, src, check=0)

    def csv_rows(self, *args):
        p = run(*args, "--format", "csv", check=0)
        return list(csv.DictReader(p.stdout.splitlines()))

    def assess(self):
        return {(r["pollutant"], r["statistic"]): r
                for r in self.csv_rows("air", "assess", self.ws, "--period", "2020-01", "--level", "station")}

    def test_marks_exclude_values_until_overruled(self):
        before = self.assess()
        self.assertNotIn("review_excluded", next(iter(before.values())))
        p = run("review", "run", self.ws, "--period", "2020-01", "--format", "csv", check=0)
        marks = list(csv.DictReader(p.stdout.splitlines()))
        pm = [m for m in marks if m["rule"] == "pm25_gt_pm10"]
        self.assertEqual(sorted(m["parameter"] for m in pm), ["PM10", "PM2.5"])
        self.assertTrue(all(m["hours"] == "3" and m["severity"] == "invalidate" and m["excludes"] == "yes"
                            for m in pm))
        self.assertEqual(pm[0]["start"], "2020-01-01 03:00")
        # Idempotent: the same marks, nothing added, no audit entry.
        entries = len(self.csv_rows("audit", "list", self.ws))
        p = run("review", "run", self.ws, "--period", "2020-01", check=0)
        self.assertIn("marks added 0", p.stderr)
        self.assertEqual(len(self.csv_rows("audit", "list", self.ws)), entries)

        after = self.assess()
        row = after[("PM2.5", "mean")]
        self.assertEqual(row["review_excluded"], "pm25_gt_pm10:6")  # 3 hours x (PM2.5, PM10)
        self.assertNotEqual(row["value"], before[("PM2.5", "mean")]["value"])
        p = run("air", "assess", self.ws, "--period", "2020-01", "--level", "station", check=0)
        self.assertIn("6 hourly values left out by review marks", p.stdout)

        for m in pm:
            run("review", "overrule", self.ws, m["id"], "--by", "Zhang San", "--reason", "checked: PM10 sampler leak",
                check=0)
        listed = self.csv_rows("review", "list", self.ws, "--status", "overruled")
        self.assertEqual(len(listed), 2)
        self.assertEqual(listed[0]["decided_by"], "Zhang San")
        self.assertEqual(listed[0]["reason"], "checked: PM10 sampler leak")
        # Overruled: the values count again, the outputs are as before review.
        self.assertEqual(self.assess(), before)
        audit = self.csv_rows("audit", "list", self.ws)
        self.assertEqual([e["action"] for e in audit[-2:]], ["review overrule", "review overrule"])
        self.assertEqual(audit[-1]["actor"], "Zhang San")
        actions = {e["action"] for e in audit}
        self.assertTrue({"migrate", "review run"} <= actions, actions)
        run("audit", "verify", self.ws, check=0)

    def test_decision_refusals(self):
        run("review", "run", self.ws, "--period", "2020-01", check=0)
        p = run("review", "confirm", self.ws, "999", "--by", "x", "--reason", "y", check=3)
        self.assertIn("review mark 999: no such mark", p.stderr)
        run("review", "confirm", self.ws, "1", "--reason", "y", check=2)  # --by is required
        run("review", "list", self.ws, "--status", "maybe", check=3)
        p = run("review", "run", self.ws, "--period", "2020-01", "--station", "NOPE", check=3)
        self.assertIn("--station NOPE: not an air station", p.stderr)

    def sqlite(self, sql):
        """Tampers as someone with the database's own tools would: the append-only triggers out of the way first."""
        if PG:
            query(self.ws, "ALTER TABLE audit_log DISABLE TRIGGER USER; ALTER TABLE audit_head DISABLE TRIGGER USER; "
                  + sql)
            return
        subprocess.run(["sqlite3", self.ws,
                        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; "
                        "DROP TRIGGER audit_head_no_delete; " + sql], check=True)

    def test_verify_detects_an_edited_row(self):
        run("review", "run", self.ws, "--period", "2020-01", check=0)
        run("audit", "verify", self.ws, check=0)
        self.sqlite("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2;")
        p = run("audit", "verify", self.ws, "--format", "json", check=4)
        self.assertIn("audit log broken at entry 2", p.stderr)
        v = json.loads(p.stdout)[0]
        self.assertEqual((v["ok"], v["first_bad"]), ("no", 2))

    def test_verify_detects_a_deleted_last_entry(self):
        run("review", "run", self.ws, "--period", "2020-01", check=0)
        last = query(self.ws, "SELECT max(seq) FROM audit_log")[0][0]
        self.sqlite(f"DELETE FROM audit_log WHERE seq = {last};")
        p = run("audit", "verify", self.ws, check=4)
        self.assertIn(f"broken at entry {last}", p.stderr)
        self.assertIn("deleted from its end", p.stderr)

    def test_the_log_refuses_edits_through_sqlite(self):
        if PG:
            import psycopg2
            with self.assertRaises(psycopg2.Error) as refused:
                query(self.ws, "UPDATE audit_log SET actor = 'x'")
            self.assertIn("append-only", str(refused.exception))
            with self.assertRaises(psycopg2.Error) as refused:
                query(self.ws, "DELETE FROM audit_log")
            self.assertIn("append-only", str(refused.exception))
            return
        p = subprocess.run(["sqlite3", self.ws, "UPDATE audit_log SET actor = 'x'"], capture_output=True, text=True)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("append-only", p.stderr)


class OutletReviewTest(WorkspaceCase):
    """Hourly packets of one stack (MN0001: 91150000MA00000002/DA001) through `ecobarrier receive`, then review."""

    KEY = "91150000MA00000002/DA001"

    def setUp(self):
        super().setUp()
        self.ws = self.fresh_workspace()
        run("source", "import", self.ws, self.write("reg.csv", REGISTRY), check=0)
        packets = []
        for h in range(12):
            # SO2 stuck at 50 in hours 2..7 (6 hours); a fault flag at hour 9; O2 fine throughout.
            so2 = 50 if 2 <= h <= 7 else 20 + h * 1.5
            flag = "D" if h == 9 else "N"
            t = f"20260101{h:02d}0000"
            seg = (f"QN={t}001;ST=31;CN=2061;PW=123456;MN=MN0001;Flag=5;CP=&&DataTime={t};"
                   f"a21026-Avg={so2:g},a21026-Flag={flag};a19001-Avg={8 + h % 3 * 0.4:g},a19001-Flag=N&&")
            packets.append(frame(seg))
        send_through_receiver(self, self.ws, packets)

    def marks(self, *args):
        p = run("review", *args, "--format", "csv", check=0)
        return list(csv.DictReader(p.stdout.lstrip("\ufeff").splitlines()))

    def test_outlet_marks_decisions_and_audit(self):
        marks = self.marks("run", self.ws, "--period", "2026-01", "--subject", "outlets")
        by_rule = {m["rule"]: m for m in marks}
        self.assertEqual(sorted(by_rule), ["device_flag", "flat"])
        flat, fault = by_rule["flat"], by_rule["device_flag"]
        self.assertEqual((flat["subject"], flat["outlet"], flat["station"]), ("outlet", self.KEY, ""))
        self.assertEqual((flat["parameter"], flat["start"], flat["hours"]), ("a21026", "2026-01-01 02:00", "6"))
        self.assertEqual((flat["severity"], flat["excludes"]), ("suspect", "no"))
        self.assertEqual((fault["start"], fault["severity"], fault["excludes"]),
                         ("2026-01-01 09:00", "invalidate", "yes"))
        # Idempotent; a station run leaves the outlet marks alone; the outlet can be named by its MN.
        p = run("review", "run", self.ws, "--period", "2026-01", "--subject", "outlets", check=0)
        self.assertIn("marks added 0", p.stderr)
        run("review", "run", self.ws, "--period", "2026-01", "--subject", "stations", check=0)
        self.assertEqual(len(self.marks("list", self.ws, "--outlet", "MN0001")), 2)
        self.assertEqual(self.marks("list", self.ws, "--subject", "stations"), [])
        self.assertEqual(query(self.ws, "SELECT DISTINCT subject_kind, outlet_fid FROM review_mark"),
                         [("outlet", query(self.ws, "SELECT fid FROM outlet WHERE mn = 'MN0001'")[0][0])])
        run("review", "confirm", self.ws, flat["id"], "--by", "Wang Fang", "--reason", "analyser stuck", check=0)
        confirmed = self.marks("list", self.ws, "--status", "confirmed", "--outlet", self.KEY)
        self.assertEqual([(m["rule"], m["excludes"], m["decided_by"]) for m in confirmed],
                         [("flat", "yes", "Wang Fang")])
        audit = self.marks_audit()
        runs = [e for e in audit if e["action"] == "review run"]
        self.assertEqual(len(runs), 1)
        self.assertEqual(json.loads(runs[0]["details"])["outlets"], "all")
        self.assertEqual((audit[-1]["action"], audit[-1]["actor"]), ("review confirm", "Wang Fang"))
        run("audit", "verify", self.ws, check=0)

    def marks_audit(self):
        p = run("audit", "list", self.ws, "--format", "csv", check=0)
        return list(csv.DictReader(p.stdout.lstrip("\ufeff").splitlines()))

    def test_refusals(self):
        p = run("review", "run", self.ws, "--period", "2026-01", "--outlet", "NOPE", check=3)
        self.assertIn("--outlet NOPE: no such outlet", p.stderr)
        p = run("review", "run", self.ws, "--period", "2026-01", "--subject", "stations", "--outlet", "MN0001",
                check=3)
        self.assertIn("--outlet: the run checks stations only", p.stderr)
        run("review", "run", self.ws, "--period", "2026-01", "--subject", "lakes", check=2)
        self.assertEqual(query(self.ws, "SELECT count(*) FROM review_mark")[0][0], 0)


if __name__ == "__main__":
    unittest.main()

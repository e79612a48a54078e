"""Every kind of writer at once on one workspace (issue 18, concurrency): observation imports of a real air file split
by station, the HJ 212 receiver under a device simulator, reports and approvals through two `ecobarrier serve`s,
review runs and decisions, one project ledger imported twice, and wrong passwords for one account, all at the same
time; then every total is checked: each import's values stored, each acknowledged packet stored exactly once, each
submission made once (identical ones sent together included) and its approved record stored once, each review
decision present, each project once, each failed login counted, the audit log's hash chain intact and without gaps,
and no process reported an error.

The backend is the environment's: ECOBARRIER_E2E_BACKEND=postgresql runs it on a database of the PostgreSQL server
named in $ECOBARRIER_TEST_PG_DIR/conninfo (writers lock rows; conflicts are retried), anything else on a GeoPackage
(SQLite has one writer at a time: the others wait for the write lock, bounded at 60 s, longer than any write here,
so there too every command must succeed)."""
import concurrent.futures
import csv
import datetime
import json
import os
import queue
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest
import uuid

from support import BIN, CNEMC, COUNTIES, LEAGUES, STATIONS, run
from test_cli_serve import Server
from test_cli_source import Receiver
from test_serve_security import Client, add_user

ON_SERVER = os.environ.get("ECOBARRIER_E2E_BACKEND") == "postgresql"
IMPORT_FILES = 4          # the January of the CNEMC file, its stations in this many parts, imported at once
MONTH = "201901"
SEED_STATIONS = 6         # stations of the 2020-01-01 review data; two marks each
SUBMISSIONS = 24          # indicator values reported (each sent twice at once) and approved through the API
REPORTER_UNIT, APPROVER_UNIT = "150102", "150100"
DEVICES = 8
WRONG_LOGINS = 4          # failed logins of one account at the same moment, through both servers (locks at 5)
PROJECTS = 40             # a ledger of restoration projects imported twice at the same moment


def pg_server():
    conninfo = os.path.join(os.environ.get("ECOBARRIER_TEST_PG_DIR", ""), "conninfo")
    if not os.path.isfile(conninfo):
        # The pg_cluster fixture (scripts/pg-cluster) writes it; a failed start fails that fixture, not this test.
        raise unittest.SkipTest(f"no PostgreSQL server: {conninfo} is missing (ECOBARRIER_TEST_PG_DIR)")
    with open(conninfo, encoding="utf-8") as f:
        return f.read().strip().rstrip("/")


class Workspace:
    """One workspace of the backend under test, and plain SQL on it for the checks."""

    def __init__(self, tmp):
        if ON_SERVER:
            import psycopg2
            self.psycopg2 = psycopg2
            self.server = pg_server()
            self.dbname = "eb_conc_" + uuid.uuid4().hex[:12]
            self.target = f"{self.server}/{self.dbname}"
        else:
            self.target = os.path.join(tmp, "ws.gpkg")

    def query(self, sql):
        if ON_SERVER:
            con = self.psycopg2.connect(self.target)
            try:
                with con.cursor() as cur:
                    cur.execute(sql)
                    return cur.fetchall()
            finally:
                con.close()
        con = sqlite3.connect(self.target)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    def drop(self):
        if not ON_SERVER:
            return
        con = self.psycopg2.connect(f"{self.server}/postgres")
        con.autocommit = True
        try:
            with con.cursor() as cur:
                cur.execute(f"DROP DATABASE IF EXISTS {self.dbname} WITH (FORCE)")
        finally:
            con.close()


def split_cnemc(directory, parts):
    """The month's rows of the CNEMC file, its station columns in `parts` files; returns [(path, values)] where
    values counts the non-empty cells (each one value to store)."""
    with open(CNEMC, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], [r for r in rows[1:] if r and r[0].startswith(MONTH)]
    stations = list(range(3, len(header)))
    out = []
    for k in range(parts):
        cols = stations[k::parts]
        path = os.path.join(directory, f"cnemc_{MONTH}_part{k + 1}.csv")
        values = 0
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header[:3] + [header[c] for c in cols])
            for r in body:
                cells = [r[c].strip() if c < len(r) else "" for c in cols]
                values += sum(1 for c in cells if c)
                w.writerow(r[:3] + cells)
        out.append((path, values))
    return out, header[3:3 + SEED_STATIONS]


def beijing_to_epoch(text):
    t = datetime.datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    return int(t.timestamp())


def csv_rows(text):
    return list(csv.DictReader(text.lstrip("\ufeff").splitlines()))


class ConcurrentWritersTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ebe2e-conc-")
        self.ws = Workspace(self.tmp)
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.addCleanup(self.ws.drop)
        self.errors = []  # what any writer reported; the test ends with it empty
        self.waited = 0   # commands that said they waited for another writer's write lock (GeoPackage)
        self.lock = threading.Lock()

    def path(self, name):
        return os.path.join(self.tmp, name)

    def failed(self, what):
        with self.lock:
            self.errors.append(what)

    def cli(self, *args):
        """Runs a command; a non-zero exit is recorded as an error (not raised: the other writers go on)."""
        p = run(*args)
        if "workspace busy: waiting up to" in p.stderr:
            with self.lock:
                self.waited += 1
        if p.returncode != 0:
            self.failed(f"ecobarrier {' '.join(map(str, args[:2]))} exited {p.returncode}: {p.stderr.strip()}")
        return p

    def prepare(self):
        ws = self.ws.target
        run("init", ws, check=0)
        run("unit", "import", ws, LEAGUES, COUNTIES, check=0)
        run("station", "import", ws, STATIONS, check=0)
        self.parts, seed_stations = split_cnemc(self.tmp, IMPORT_FILES)
        # Review data of 2020-01-01: PM2.5 above PM10 at 03:00 and at 15:00 at each seed station, two marks each.
        seed = self.path("review_seed.csv")
        with open(seed, "w", encoding="utf-8") as f:
            f.write("station,time,parameter,value\n")
            for station in seed_stations:
                for hour in range(24):
                    f.write(f"{station},2020-01-01T{hour:02d}:00,PM10,80\n"
                            f"{station},2020-01-01T{hour:02d}:00,PM2.5,{110 if hour in (3, 15) else 40}\n")
        self.seed_values = len(seed_stations) * 48
        run("obs", "import", ws, seed, check=0)
        run("review", "run", ws, "--period", "2020-01", check=0)
        self.marks = [int(m["id"]) for m in csv_rows(run("review", "list", ws, "--format", "csv", check=0).stdout)]
        self.assertGreaterEqual(len(self.marks), 2 * len(seed_stations))
        # Devices of the receiver, accounts of the server.
        self.registry = self.path("registry.csv")
        run("hj212", "registry", self.registry, "--devices", DEVICES, check=0)
        run("source", "import", ws, self.registry, check=0)
        add_user(ws, "reporter-c", "reporter", REPORTER_UNIT)
        add_user(ws, "approver-c", "approver", APPROVER_UNIT)
        add_user(ws, "guessed-c", "viewer", REPORTER_UNIT)
        self.ledger = self.path("projects.csv")
        with open(self.ledger, "w", encoding="utf-8") as f:
            f.write("code,name,type,unit_code,year,planned,planned_unit,completed,completed_unit,funding\n")
            for i in range(PROJECTS):
                f.write(f"C{i:03d},造林{i},afforestation,150621,2023,{100 + i},亩,{50 + i},亩,central\n")

    # -- the writers ---------------------------------------------------------------------------------------------
    def import_part(self, path):
        p = self.cli("obs", "import", self.ws.target, path, "--format", "csv")
        return csv_rows(p.stdout)[0] if p.returncode == 0 else None

    def review_runs(self, stop):
        """Runs over the month being imported (marks come and go as values arrive) and over the seed's month (its
        marks must stay as they are), again and again until the imports are done; two of these run at once."""
        runs = 0
        while not stop.is_set() or runs < 2:
            self.cli("review", "run", self.ws.target, "--period", "2019-01", "--format", "csv")
            self.cli("review", "run", self.ws.target, "--period", "2020-01", "--format", "csv")
            runs += 1
        return runs

    def decide(self, mark):
        verb = "confirm" if mark % 2 == 0 else "overrule"
        p = self.cli("review", verb, self.ws.target, mark, "--by", f"reviewer {mark}", "--reason", f"checked {mark}")
        return (mark, verb) if p.returncode == 0 else None

    def report_and_approve(self, servers):
        """Each record is sent twice at the same moment, once to each server (a client's retry racing its first try
        through another server of the department): one submission. The approver approves each as soon as it
        exists, through the first server."""
        reporters = [Client(server, "reporter-c") for server in servers]
        approver = Client(servers[0], "approver-c")
        ids = queue.Queue()
        approved = []

        def approve_all():
            while True:
                sid = ids.get()
                if sid is None:
                    return
                r, body = approver.call("POST", f"/api/v1/submissions/{sid}/approve")
                if r.status != 200:
                    self.failed(f"approve {sid}: {r.status} {body}")
                else:
                    approved.append(sid)

        approving = threading.Thread(target=approve_all)
        approving.start()
        records = []
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            for i in range(SUBMISSIONS):
                record = {"indicator": "forest_cover", "unit_code": REPORTER_UNIT, "year": 1960 + i,
                          "value": round(20.25 + i, 2)}
                barrier = threading.Barrier(2)

                def send(client, record=record, barrier=barrier):
                    barrier.wait()
                    return client.call("POST", "/api/v1/submissions", {"kind": "indicator_value", "record": record})

                answers = list(pool.map(send, reporters))
                statuses = sorted(r.status for r, _ in answers)
                sids = {body.get("id") if isinstance(body, dict) else None for _, body in answers}
                if statuses != [200, 201] or len(sids) != 1:
                    self.failed(f"record {i} sent twice at once: {[(r.status, b) for r, b in answers]}")
                for sid in sids:
                    if sid is not None:
                        ids.put(sid)
                records.append(record)
        ids.put(None)
        approving.join()
        return records, approved

    def wrong_logins(self, servers):
        """Wrong passwords for one account, all at once, through both servers: each one counts."""
        barrier = threading.Barrier(WRONG_LOGINS)

        def guess(k):
            barrier.wait()
            r, body = Client(servers[k % len(servers)]).call(
                "POST", "/api/v1/auth/login", {"user": "guessed-c", "password": f"wrong guess {k}"}, auth=False)
            if r.status != 401:
                self.failed(f"wrong login {k}: {r.status} {body}")

        with concurrent.futures.ThreadPoolExecutor(WRONG_LOGINS) as pool:
            list(pool.map(guess, range(WRONG_LOGINS)))

    # -- the test ------------------------------------------------------------------------------------------------
    def test_all_writers_at_once_lose_nothing(self):
        self.prepare()
        ws = self.ws.target
        receiver = Receiver(ws)
        # Two servers on the workspace (a department's, behind one address): each orders its own writes, not the
        # other's.
        servers = [Server(ws, "--rate-limit", "0", "--write-rate-limit", "0", "--login-rate", "0") for _ in range(2)]
        acked = self.path("acked.csv")
        stop = threading.Event()
        started = time.monotonic()
        try:
            sender = subprocess.Popen(
                [BIN, "hj212", "send", "--port", str(receiver.port), "--registry", self.registry, "--seconds", "10",
                 "--drain", "60", "--rate", "4", "--acked-log", acked, "--format", "csv"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            with concurrent.futures.ThreadPoolExecutor(IMPORT_FILES + 6) as pool:
                imports = [pool.submit(self.import_part, path) for path, _ in self.parts]
                reviews = [pool.submit(self.review_runs, stop) for _ in range(2)]
                reporting = pool.submit(self.report_and_approve, servers)
                ledgers = [pool.submit(self.cli, "project", "import", ws, self.ledger) for _ in range(2)]
                guesses = pool.submit(self.wrong_logins, servers)
                decisions = [pool.submit(self.decide, m) for m in self.marks]
                import_rows = [f.result() for f in imports]
                stop.set()
                review_runs = sum(f.result() for f in reviews)
                records, approved = reporting.result()
                decided = [f.result() for f in decisions]
                for f in ledgers:
                    f.result()
                guesses.result()
            sent_out, sent_err = sender.communicate(timeout=300)
        finally:
            receiver_code, receiver_err = receiver.stop()
            for server in servers:
                server.stop()
        took = time.monotonic() - started
        print(f"\n{'postgresql' if ON_SERVER else 'gpkg'}: all writers together {took:.1f} s, "
              f"{review_runs} review run pairs, {self.waited} commands waited for the write lock", flush=True)

        # No writer reported an error. On a GeoPackage the commands took turns: some waited for the write lock
        # (and none waited in vain); a server has no such lock.
        self.assertEqual(self.errors, [])
        if ON_SERVER:
            self.assertEqual(self.waited, 0)
        else:
            self.assertGreater(self.waited, 0)
        self.assertEqual(sender.returncode, 0, sent_err)
        self.assertEqual(receiver_code, 0, receiver_err)
        self.assertNotRegex(receiver_err.lower(), r"error|failed|busy")

        # Imports: every value of every part stored once, nothing rejected.
        for (path, values), row in zip(self.parts, import_rows):
            self.assertEqual((int(row["values"]), int(row["added"]), int(row["rejected"])), (values, values, 0), path)
        expected = sum(v for _, v in self.parts) + self.seed_values
        self.assertEqual(self.ws.query("SELECT count(*) FROM observation")[0][0], expected)

        # Receiver: every acknowledged packet stored exactly once, with all its values.
        result = csv_rows(sent_out)[0]
        self.assertEqual(int(result["unacked"]), 0, result)
        with open(acked, encoding="utf-8") as f:
            packets = list(csv.DictReader(f))
        self.assertEqual(int(result["acked"]), len(packets))
        print(f"receiver: {len(packets)} packets acknowledged", flush=True)
        self.assertGreater(len(packets), 100)
        self.assertEqual(len({(p["mn"], p["qn"]) for p in packets}), len(packets))
        stored = {(mn, cn, t): n for mn, cn, t, n in self.ws.query(
            "SELECT o.mn, v.cn, v.data_time, count(*) FROM source_value v JOIN outlet o ON o.fid = v.outlet "
            "GROUP BY o.mn, v.cn, v.data_time")}
        wrong = [p for p in packets
                 if stored.get((p["mn"], int(p["cn"]), beijing_to_epoch(p["data_time"]))) != int(p["values"])]
        self.assertEqual(wrong, [])
        self.assertEqual(len(stored), len(packets))  # nothing stored that was not acknowledged once

        # Reports: one submission per record, each approved once, its value stored once.
        self.assertEqual(len(approved), SUBMISSIONS)
        self.assertEqual(self.ws.query("SELECT count(*), count(DISTINCT record_key) FROM submission WHERE "
                                       "kind = 'indicator_value' AND status = 'approved'")[0], (SUBMISSIONS, SUBMISSIONS))
        self.assertEqual(self.ws.query("SELECT count(*) FROM submission")[0][0], SUBMISSIONS)
        values = {(y, v) for y, v in self.ws.query(
            f"SELECT year, value FROM indicator_value WHERE indicator = 'forest_cover' AND unit_code = '{REPORTER_UNIT}'")}
        self.assertEqual(values, {(r["year"], r["value"]) for r in records})

        # Logins: every failed attempt counted towards the lock, and logged.
        self.assertEqual(self.ws.query("SELECT failed_logins FROM account WHERE name = 'guessed-c'")[0][0],
                         WRONG_LOGINS)

        # Ledger: the same projects imported twice at once are each stored once.
        self.assertEqual(self.ws.query("SELECT count(*), count(DISTINCT code) FROM project")[0], (PROJECTS, PROJECTS))

        # Review: every decision present, once; the seed's marks neither retracted nor doubled; no mark twice.
        self.assertNotIn(None, decided)
        rows = self.ws.query("SELECT mark_id, decision, count(*) FROM review_decision GROUP BY mark_id, decision")
        self.assertEqual(sorted((m, d, n) for m, d, n in rows),
                         sorted((m, "confirmed" if v == "confirm" else "overruled", 1) for m, v in decided))
        still = {m for (m,) in self.ws.query("SELECT id FROM review_mark WHERE start_utc >= 1577808000")}
        self.assertEqual(still, set(self.marks))
        self.assertEqual(self.ws.query(
            "SELECT count(*) FROM (SELECT 1 FROM review_mark GROUP BY rule, station_code, parameter, start_utc, "
            "end_utc, subject_kind HAVING count(*) > 1) twice")[0][0], 0)

        # Audit: the chain verifies, its numbers have no gap, and each write left its entry.
        p = run("audit", "verify", ws, check=0)
        self.assertIn("intact", (p.stdout + p.stderr).lower())
        n, first, last = self.ws.query("SELECT count(*), min(seq), max(seq) FROM audit_log")[0]
        self.assertEqual((first, last), (1, n))
        entries = {}
        for action, key, details in self.ws.query("SELECT action, row_key, details FROM audit_log"):
            entries.setdefault(action, []).append((key, details))
        self.assertEqual(len(entries["import observations"]), IMPORT_FILES + 1)
        self.assertEqual(sorted(int(k) for k, _ in entries["review confirm"] + entries.get("review overrule", [])),
                         sorted(m for m, _ in decided))
        self.assertEqual(len(entries["submit"]), SUBMISSIONS)
        self.assertEqual(len([k for k, _ in entries["login_failed"] if k == "guessed-c"]), WRONG_LOGINS)
        self.assertEqual(sorted(int(k) for k, _ in entries["approve"]), sorted(approved))
        received = sum(json.loads(d)["packets"] - json.loads(d)["packets_duplicate"] for _, d in entries["receive"])
        self.assertEqual(received, self.ws.query("SELECT count(*) FROM source_record")[0][0])


class SameSeriesImportsTest(unittest.TestCase):
    """Imports of the same stations' different months at the same time: each creates the stations' series if it is
    the first; all of them succeed and every value is stored once."""

    def test_imports_of_the_same_stations_by_month(self):
        tmp = tempfile.mkdtemp(prefix="ebe2e-conc-")
        self.addCleanup(shutil.rmtree, tmp, True)
        ws = Workspace(tmp)
        self.addCleanup(ws.drop)
        run("init", ws.target, check=0)
        run("unit", "import", ws.target, LEAGUES, COUNTIES, check=0)
        run("station", "import", ws.target, STATIONS, check=0)
        with open(CNEMC, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        header, months = rows[0][:13], ("201901", "201902", "201903")
        files = []
        for month in months:
            path = os.path.join(tmp, f"cnemc_{month}.csv")
            body = [r[:13] for r in rows[1:] if r and r[0].startswith(month)]
            with open(path, "w", encoding="utf-8", newline="") as f:
                csv.writer(f, lineterminator="\n").writerows([header] + body)
            files.append((path, sum(1 for r in body for c in r[3:] if c.strip())))
        with concurrent.futures.ThreadPoolExecutor(len(files)) as pool:
            done = list(pool.map(lambda f: run("obs", "import", ws.target, f[0], "--format", "csv"), files))
        for (path, values), p in zip(files, done):
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(int(csv_rows(p.stdout)[0]["added"]), values, path)
        self.assertEqual(ws.query("SELECT count(*) FROM observation")[0][0], sum(v for _, v in files))
        self.assertEqual(ws.query("SELECT count(*) FROM series")[0][0],
                         ws.query("SELECT count(DISTINCT station_code || parameter || averaging) FROM series")[0][0])


if __name__ == "__main__":
    unittest.main()

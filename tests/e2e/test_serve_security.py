"""ecobarrier serve as an attacker sees it (docs/security.md): every role of data/standards/access_roles.csv against
every action on a thing of its own subtree, of another league and of its own, through the real server on
loopback; IDOR by changing ids, CSRF without the token, session fixation, expired and revoked tokens, brute force,
oversized and malformed bodies, hostile text stored and returned literally, and the audit chain over all of it."""
import csv
import http.client
import itertools
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

from support import (PG, SOURCE, WorkspaceCase, drop_database, dump_text, is_pg, live_copy_workspace, pg_dbname,
                     query, run)
from test_cli_serve import Server

MATRIX = os.path.join(SOURCE, "data", "standards", "access_roles.csv")
PASSWORD = "a long enough password"
HOME, HOME_BANNER, FOREIGN_BANNER, REGION = "150100", "150102", "150202", "150000"
HOME_STATION, FOREIGN_STATION = "1092A", "1587A"  # CNEMC stations of 150102 (Hohhot) and 150202 (Baotou)
# C1 is the chief account's own chief; C2 another chief of the same banner; C3 one of another league.
CHIEFS = ("id,name,kind,level,unit_code\n"
          "C1,甲河长,river_lake,3,150102\nC2,乙河长,river_lake,3,150102\nC3,丙河长,river_lake,3,150202\n")


def execute(ws, *statements):
    """Changes the workspace behind the server's back (as time, or an attacker with the file or the database's
    credentials, would), committed."""
    for sql in statements:
        query(ws, sql)


def matrix():
    with open(MATRIX, encoding="utf-8") as f:
        return {row["action"]: row for row in csv.DictReader(f)}


def add_user(ws, name, role, unit, chief=None):
    args = ["user", "add", ws, name, "--role", role, "--unit", unit, "--password-stdin"]
    if chief:
        args += ["--chief", chief]
    p = subprocess.run([os.environ.get("ECOBARRIER_BIN", "ecobarrier"), *args], input=PASSWORD + "\n",
                       capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError(f"user add {name}: {p.returncode} {p.stderr}")


class Client:
    """One account's session: its bearer token (or its cookie and CSRF token, when `cookie`)."""

    def __init__(self, server, name=None, cookie=False):
        self.server, self.name, self.cookie, self.token, self.csrf = server, name, cookie, None, None
        if name:
            r, body = self.call("POST", "/api/v1/auth/login", {"user": name, "password": PASSWORD}, auth=False)
            if r.status != 200:
                raise AssertionError(f"login {name}: {r.status} {body}")
            self.token, self.csrf = body["token"], body["csrf"]
            self.set_cookie = r.getheader("Set-Cookie")

    def call(self, method, path, body=None, auth=True, headers=None, raw=None):
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None:
            h.setdefault("Content-Type", "application/json")
        if auth and self.token:
            if self.cookie:
                h["Cookie"] = "eb_session=" + self.token
                if method in ("POST", "DELETE"):
                    h.setdefault("X-CSRF-Token", self.csrf)
                if h.get("X-CSRF-Token") is None:
                    h.pop("X-CSRF-Token", None)
            else:
                h["Authorization"] = "Bearer " + self.token
        c = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        text = r.read()
        c.close()
        try:
            return r, json.loads(text) if text else None
        except ValueError:
            return r, text


class SecurityTest(WorkspaceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dir = tempfile.mkdtemp(prefix="ebe2e-sec-")
        cls.ws = cls.class_workspace(cls.dir)
        with open(os.path.join(cls.dir, "chiefs.csv"), "w", encoding="utf-8") as f:
            f.write(CHIEFS)
        run("chief", "import", cls.ws, os.path.join(cls.dir, "chiefs.csv"), check=0)
        # Data-review marks of a station in the home banner and one in the foreign banner (PM2.5 above PM10).
        obs = os.path.join(cls.dir, "pm.csv")
        with open(obs, "w", encoding="utf-8") as f:
            f.write("station,time,parameter,value\n")
            for station in (HOME_STATION, FOREIGN_STATION):
                for hour in range(24):
                    t = f"2020-01-01T{hour:02d}:00"
                    f.write(f"{station},{t},PM10,80\n{station},{t},PM2.5,{110 if hour == 3 else 40}\n")
        run("obs", "import", cls.ws, obs, check=0)
        run("review", "run", cls.ws, "--period", "2020-01-01..2020-01-01", check=0)
        marks = csv.DictReader(run("review", "list", cls.ws, "--format", "csv", check=0).stdout.lstrip("\ufeff")
                               .splitlines())
        cls.marks = {}
        for m in marks:
            cls.marks.setdefault(m["station"], int(m["id"]))
        cls.matrix = matrix()
        cls.roles = [c for c in next(iter(cls.matrix.values())).keys()
                     if c not in ("action", "description", "anonymous")]
        # One account per role at the league HOME; helpers at the region and in the banners.
        for role in cls.roles:
            add_user(cls.ws, f"{role}-1", role, HOME, chief="C1" if role == "chief" else None)
        add_user(cls.ws, "root", "admin", REGION)
        add_user(cls.ws, "home-viewer", "viewer", HOME_BANNER)
        add_user(cls.ws, "foreign-viewer", "viewer", FOREIGN_BANNER)
        add_user(cls.ws, "victim", "viewer", HOME_BANNER)
        cls.server = Server(cls.ws, "--rate-limit", "0", "--write-rate-limit", "0", "--login-rate", "0")
        cls.root = Client(cls.server, "root")
        cls.serial = itertools.count(1)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)
        super().tearDownClass()

    # -- records ---------------------------------------------------------------------------------------------------
    def record(self, kind, unit, chief=None):
        n = next(self.serial)
        if kind == "project":
            return {"code": f"P{n}", "name": f"项目{n}", "type": "afforestation", "unit_code": unit, "year": 2023,
                    "completed": "120.5", "completed_unit": "mu"}
        if kind == "patrol":
            return {"id": f"T{n}", "chief_id": chief or ("C2" if unit == HOME_BANNER else "C3"),
                    "date": "2023-05-01", "issues_found": 2, "issues_resolved": 1}
        if kind == "indicator_value":
            # A year of its own: every approved value is a new (indicator, unit, year) of the workspace.
            return {"indicator": "forest_cover", "unit_code": unit, "year": 1950 + n % 150, "value": 21.5 + n}
        return {"id": f"K{n}", "name": f"长{n}", "kind": "forest_grassland", "level": 3, "unit_code": unit}

    def submit(self, client, kind, unit, chief=None):
        return client.call("POST", "/api/v1/submissions", {"kind": kind, "record": self.record(kind, unit, chief)})

    def submitted_by_root(self, kind, unit, chief=None):
        r, body = self.submit(self.root, kind, unit, chief)
        self.assertEqual(r.status, 201, body)
        return body["id"]

    def allowed(self, scope, target):
        """Whether a scope allows a thing of `target`: home (the account's subtree), foreign, or own."""
        return {"all": True, "subtree": target in ("home", "own"), "own": target == "own", "none": False}[scope]

    def expect(self, allowed, r, body, what):
        if allowed:
            self.assertLess(r.status, 300, f"{what}: refused {r.status} {body}")
        else:
            self.assertIn(r.status, (401, 403, 404), f"{what}: allowed {r.status} {body}")

    # -- the matrix ------------------------------------------------------------------------------------------------
    def test_every_role_and_action_follows_the_matrix(self):
        for role in self.roles + ["anonymous"]:
            client = Client(self.server, None if role == "anonymous" else f"{role}-1")
            for action, row in self.matrix.items():
                scope = row[role]
                with self.subTest(role=role, action=action):
                    self.check_action(client, role, action, scope)

    def check_action(self, client, role, action, scope):
        targets = {"home": HOME_BANNER, "foreign": FOREIGN_BANNER}
        if action == "read_published":
            for path in ("/api/v1/meta", "/api/v1/units?level=2"):
                r, body = client.call("GET", path)
                self.expect(self.allowed(scope, "home"), r, body, f"{role} GET {path}")
        elif action.startswith("submit_"):
            kind = action[len("submit_"):]
            for target, unit in targets.items():
                r, body = self.submit(client, kind, unit)
                self.expect(self.allowed(scope, target), r, body, f"{role} {action} {target}")
                if r.status == 201:
                    self.assertEqual(body["status"], "submitted")
                    self.assertEqual(body["submitted_by"], client.name)
            if kind == "patrol" and role == "chief":  # its own chief's patrol
                r, body = self.submit(client, kind, HOME_BANNER, chief="C1")
                self.expect(self.allowed(scope, "own"), r, body, f"{role} own patrol")
        elif action == "read_submissions":
            for target, unit in targets.items():
                sid = self.submitted_by_root("project", unit)
                r, body = client.call("GET", f"/api/v1/submissions/{sid}")
                self.expect(self.allowed(scope, target), r, body, f"{role} read {target}")
                r, body = client.call("GET", "/api/v1/submissions")
                if r.status == 200:
                    ids = {s["id"] for s in body["submissions"]}
                    self.assertEqual(sid in ids, self.allowed(scope, target), f"{role} list {target}")
            if role == "chief":
                sid = self.submitted_by_root("patrol", HOME_BANNER, chief="C1")
                r, body = client.call("GET", f"/api/v1/submissions/{sid}")
                self.expect(self.allowed(scope, "own"), r, body, "chief reads its own chief's patrol")
        elif action == "decide_submission":
            for target, unit in targets.items():
                for verb, body_in in (("approve", None), ("return", {"reason": "不完整 incomplete"})):
                    sid = self.submitted_by_root("indicator_value", unit)
                    r, body = client.call("POST", f"/api/v1/submissions/{sid}/{verb}", body_in)
                    self.expect(self.allowed(scope, target), r, body, f"{role} {verb} {target}")
                    status = query(self.ws, "SELECT status FROM submission WHERE id = ?", sid)[0][0]
                    want = {"approve": "approved", "return": "returned"}[verb]
                    self.assertEqual(status, want if r.status == 200 else "submitted", f"{role} {verb} {target}")
        elif action == "decide_review":
            for target, station in (("home", HOME_STATION), ("foreign", FOREIGN_STATION)):
                mark = self.marks[station]
                for verb in ("overrule", "confirm"):
                    r, body = client.call("POST", f"/api/v1/review/marks/{mark}/{verb}", {"reason": f"{role} 复核"})
                    self.expect(self.allowed(scope, target), r, body, f"{role} {verb} a mark of {target}")
                    if r.status == 200:
                        self.assertEqual(body["decided_by"], client.name)
        elif action == "manage_tokens":
            for target, account in (("home", "home-viewer"), ("foreign", "foreign-viewer")):
                victim = Client(self.server, account)
                r, mine = victim.call("POST", "/api/v1/auth/tokens", {"label": "x", "days": 1})
                self.assertEqual(r.status, 201, mine)
                r, body = client.call("DELETE", f"/api/v1/auth/tokens/{mine['id']}")
                self.expect(self.allowed(scope, target), r, body, f"{role} revoke {target}'s token")
            if role != "anonymous":
                r, mine = client.call("POST", "/api/v1/auth/tokens", {"label": "own", "days": 1})
                self.expect(self.allowed(scope, "own"), r, mine, f"{role} creates its own token")
                if r.status == 201:
                    r, body = client.call("DELETE", f"/api/v1/auth/tokens/{mine['id']}")
                    self.expect(self.allowed(scope, "own"), r, body, f"{role} revokes its own token")
        else:
            self.fail(f"the test knows no endpoint for action {action}: add one")

    def test_the_matrix_in_the_docs_is_the_data(self):
        with open(os.path.join(SOURCE, "docs", "security.md"), encoding="utf-8") as f:
            lines = [l for l in f if l.startswith("| ") and not l.startswith("| action") and "---" not in l]
        documented = {}
        for l in lines:
            cells = [c.strip() for c in l.strip().strip("|").split("|")]
            if cells[0] in self.matrix:
                documented[cells[0]] = cells[1:]
        for action, row in self.matrix.items():
            self.assertEqual(documented.get(action), [row[r] for r in self.roles + ["anonymous"]], action)

    # -- one submission through approval; only approved records count --------------------------------------------
    def test_submission_counts_only_once_approved(self):
        reporter, approver = Client(self.server, "reporter-1"), Client(self.server, "approver-1")
        record = self.record("indicator_value", HOME_BANNER)
        r, s = reporter.call("POST", "/api/v1/submissions", {"kind": "indicator_value", "record": record})
        self.assertEqual(r.status, 201, s)
        # A retry after a lost answer is the same submission, not a second one.
        r, again = reporter.call("POST", "/api/v1/submissions", {"kind": "indicator_value", "record": record})
        self.assertEqual((r.status, again["id"]), (200, s["id"]))
        stored = lambda: query(self.ws, "SELECT value FROM indicator_value WHERE indicator = ? AND unit_code = ? "
                                        "AND year = ?", record["indicator"], record["unit_code"], record["year"])
        r, pub = reporter.call("GET", f"/api/v1/indicators?year=2023&unit={HOME_BANNER}&indicator=forest_cover")
        before = [row for row in pub["rows"] if row.get("value") == record["value"]] if r.status == 200 else []
        self.assertEqual(before, [])
        self.assertEqual(stored(), [])
        # The reporter cannot approve it, nor can its own author ever.
        r, body = reporter.call("POST", f"/api/v1/submissions/{s['id']}/approve")
        self.assertEqual(r.status, 403, body)
        r, body = approver.call("POST", f"/api/v1/submissions/{s['id']}/approve")
        self.assertEqual(r.status, 200, body)
        self.assertEqual(body["status"], "approved")
        self.assertEqual(body["decided_by"], "approver-1")
        self.assertEqual(stored(), [(record["value"],)])
        r, body = approver.call("POST", f"/api/v1/submissions/{s['id']}/approve")
        self.assertEqual(r.status, 409, body)

    def test_an_approver_never_decides_its_own_submission(self):
        approver = Client(self.server, "admin-1")  # admins may both submit and decide
        r, s = self.submit(approver, "project", HOME_BANNER)
        self.assertEqual(r.status, 201, s)
        r, body = approver.call("POST", f"/api/v1/submissions/{s['id']}/approve")
        self.assertEqual(r.status, 403, body)

    def test_return_needs_a_reason_and_shows_it_to_the_reporter(self):
        reporter, approver = Client(self.server, "reporter-1"), Client(self.server, "approver-1")
        r, s = self.submit(reporter, "project", HOME_BANNER)
        r, body = approver.call("POST", f"/api/v1/submissions/{s['id']}/return", {"reason": ""})
        self.assertEqual(r.status, 400, body)
        self.assertEqual(body["error"]["field"], "reason")
        r, body = approver.call("POST", f"/api/v1/submissions/{s['id']}/return", {"reason": "面积与图斑不符"})
        self.assertEqual(r.status, 200, body)
        r, mine = reporter.call("GET", "/api/v1/submissions?mine=1")
        this = [x for x in mine["submissions"] if x["id"] == s["id"]][0]
        self.assertEqual((this["status"], this["reason"]), ("returned", "面积与图斑不符"))

    def test_bad_records_name_the_field_as_the_csv_import_does(self):
        reporter = Client(self.server, "reporter-1")
        record = self.record("patrol", HOME_BANNER)
        record["date"] = "2023-02-30"
        r, body = reporter.call("POST", "/api/v1/submissions", {"kind": "patrol", "record": record})
        self.assertEqual(r.status, 400, body)
        self.assertEqual(body["error"]["code"], "bad_record")
        self.assertEqual(body["error"]["field"], "date")
        self.assertIn('"2023-02-30" is not a date (YYYY-MM-DD)', body["error"]["message"])
        # The same record as a CSV line: the same reason.
        path = os.path.join(self.dir, "bad_patrol.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("id,chief_id,date\nX1,C2,2023-02-30\n")
        p = run("chief", "patrols", self.ws, path)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn('"2023-02-30" is not a date (YYYY-MM-DD)', p.stderr)
        r, body = reporter.call("POST", "/api/v1/submissions", {"kind": "nonsense", "record": {}})
        self.assertEqual(r.status, 400, body)

    # -- IDOR, CSRF, fixation, expiry and revocation ---------------------------------------------------------------
    def test_ids_outside_ones_scope_look_like_missing_ones(self):
        foreign = self.submitted_by_root("project", FOREIGN_BANNER)
        reporter = Client(self.server, "reporter-1")
        r1, b1 = reporter.call("GET", f"/api/v1/submissions/{foreign}")
        r2, b2 = reporter.call("GET", "/api/v1/submissions/99999999")
        self.assertEqual((r1.status, r2.status), (404, 404))
        self.assertEqual(b1["error"]["code"], b2["error"]["code"])
        for bad in ("0", "-1", "1e3", "abc", "1%20OR%201=1", "%2e%2e"):
            r, body = reporter.call("GET", f"/api/v1/submissions/{bad}")
            self.assertIn(r.status, (400, 404), f"{bad}: {r.status}")

    def test_cookie_writes_need_the_csrf_token(self):
        reporter = Client(self.server, "reporter-1", cookie=True)
        record = {"kind": "project", "record": self.record("project", HOME_BANNER)}
        for token in (None, "", "wrong", reporter.csrf + "x"):
            r, body = reporter.call("POST", "/api/v1/submissions", record, headers={"X-CSRF-Token": token})
            self.assertEqual(r.status, 403, body)
            self.assertEqual(body["error"]["code"], "csrf")
        r, body = reporter.call("POST", "/api/v1/submissions", record)
        self.assertEqual(r.status, 201, body)
        # The cookie is HttpOnly and SameSite=Strict.
        self.assertIn("HttpOnly", reporter.set_cookie)
        self.assertIn("SameSite=Strict", reporter.set_cookie)
        # A form post (not JSON) is refused before anything else.
        r, body = reporter.call("POST", "/api/v1/submissions", raw=b"kind=project",
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 415, body)

    def test_login_never_adopts_a_presented_session(self):
        planted = "planted-session-id-0123456789"
        c = Client(self.server)
        r, body = c.call("POST", "/api/v1/auth/login", {"user": "victim", "password": PASSWORD},
                         headers={"Cookie": "eb_session=" + planted})
        self.assertEqual(r.status, 200, body)
        self.assertNotEqual(body["token"], planted)
        c.token = planted
        r, body = c.call("GET", "/api/v1/auth/me")
        self.assertEqual(r.status, 401, body)

    def test_revoked_and_expired_tokens_are_refused(self):
        c = Client(self.server, "viewer-1")
        r, t = c.call("POST", "/api/v1/auth/tokens", {"label": "script", "days": 1})
        program = Client(self.server)
        program.token = t["token"]
        r, body = program.call("GET", "/api/v1/auth/me")
        self.assertEqual((r.status, body["name"]), (200, "viewer-1"))
        for days in (0, 366, 2 ** 32 + 30, 2 ** 64 + 30, -1, 1.5, "30"):
            r, body = c.call("POST", "/api/v1/auth/tokens", {"label": "x", "days": days})
            self.assertEqual(r.status, 400, f"days {days}: {body}")
        r, body = c.call("DELETE", f"/api/v1/auth/tokens/{t['id']}")
        self.assertEqual(r.status, 200, body)
        r, body = program.call("GET", "/api/v1/auth/me")
        self.assertEqual(r.status, 401, body)
        # Logout ends the session.
        r, body = c.call("POST", "/api/v1/auth/logout")
        self.assertEqual(r.status, 200, body)
        r, body = c.call("GET", "/api/v1/auth/me")
        self.assertEqual(r.status, 401, body)
        # An expired session (its end moved into the past in the file, as time would).
        c2 = Client(self.server, "viewer-1")
        execute(self.ws, "UPDATE auth_token SET expires_at = '2000-01-01T00:00:00Z' WHERE account = 'viewer-1' "
                         "AND revoked_at IS NULL")
        r, body = c2.call("GET", "/api/v1/auth/me")
        self.assertEqual(r.status, 401, body)
        for header in ("Bearer", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 5000, "Bearer ' OR 1=1 --"):
            r, body = program.call("GET", "/api/v1/auth/me", auth=False, headers={"Authorization": header})
            self.assertIn(r.status, (401, 431), header[:20])

    def test_brute_force_locks_the_account_and_the_address(self):
        add_user(self.ws, "target", "viewer", HOME_BANNER)
        c = Client(self.server)
        statuses = []
        for i in range(7):
            r, body = c.call("POST", "/api/v1/auth/login", {"user": "target", "password": f"guess {i} guess"})
            statuses.append(r.status)
        self.assertEqual(statuses[:5], [401] * 5)
        self.assertIn(429, statuses[5:])  # locked (or the address's login rate)
        r, body = c.call("POST", "/api/v1/auth/login", {"user": "target", "password": PASSWORD})
        self.assertEqual(r.status, 429, body)  # the right password too, while locked
        self.assertTrue(r.getheader("Retry-After"))
        actions = [a for (a,) in query(self.ws, "SELECT action FROM audit_log WHERE row_key = 'target'")]
        self.assertIn("locked", actions)

    # -- hostile bodies and text ------------------------------------------------------------------------------------
    def test_oversized_and_malformed_bodies_are_refused(self):
        reporter = Client(self.server, "reporter-1")
        cases = [
            (b"{", 400), (b"[]", 400), (b"null", 400), (b'{"kind": "project"}', 400),
            (b'{"kind": "project", "record": []}', 400), (b"[" * 100000 + b"]" * 100000, 400),
            (b'{"kind": "project", "record": {"code": "\xff\xfe"}}', 400),
            (b'{"kind": "project", "record": ' + b'{"a":' * 40 + b"1" + b"}" * 40 + b"}", 400),
        ]
        for raw, status in cases:
            r, body = reporter.call("POST", "/api/v1/submissions", raw=raw)
            self.assertEqual(r.status, status, raw[:40])
        # A body over --max-body: refused as soon as its length is known, the rest never read.
        s = socket.create_connection(("127.0.0.1", self.server.port), timeout=30)
        s.sendall(b"POST /api/v1/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  b"Authorization: Bearer " + reporter.token.encode() + b"\r\nContent-Length: 2097152\r\n\r\n")
        try:
            s.sendall(b"x" * 65536)
        except OSError:
            pass
        answer = s.recv(4096)
        s.close()
        self.assertTrue(answer.startswith(b"HTTP/1.1 413"), answer[:100])
        count = query(self.ws, "SELECT count(*) FROM submission WHERE submitted_by = 'reporter-1' AND "
                               "record_key = ''")[0][0]
        self.assertEqual(count, 0)

    def test_hostile_text_is_stored_and_returned_literally(self):
        reporter = Client(self.server, "reporter-1")
        hostile = ["<img src=x onerror=alert(1)>", "'; DROP TABLE submission;--", "\" OR \"1\"=\"1", "名称\u202e反转"]
        for text in hostile:
            record = self.record("project", HOME_BANNER)
            record["name"] = text
            r, s = reporter.call("POST", "/api/v1/submissions", {"kind": "project", "record": record})
            self.assertEqual(r.status, 201, s)
            r, back = reporter.call("GET", f"/api/v1/submissions/{s['id']}")
            self.assertEqual(back["record"]["name"], text)
            self.assertIn("application/json", r.getheader("Content-Type"))
        self.assertGreater(query(self.ws, "SELECT count(*) FROM submission")[0][0], 0)

    # -- audit -----------------------------------------------------------------------------------------------------
    def test_audit_chain_holds_and_detects_an_edit(self):
        reporter = Client(self.server, "reporter-1")
        self.submit(reporter, "project", HOME_BANNER)
        run("audit", "verify", self.ws, check=0)
        actions = {a for (a,) in query(self.ws, "SELECT DISTINCT action FROM audit_log")}
        for want in ("user_add", "login", "session_start", "submit"):
            self.assertIn(want, actions)
        copy = live_copy_workspace(self.ws, os.path.join(self.dir, "tampered.gpkg"))
        if is_pg(copy):
            self.addCleanup(drop_database, pg_dbname(copy))
        # The append-only triggers are no obstacle to someone with the file (or the database's owner); the chain
        # still tells.
        execute(copy, "ALTER TABLE audit_log DISABLE TRIGGER USER" if PG else "DROP TRIGGER audit_log_no_update",
                "UPDATE audit_log SET actor = 'someone-else' WHERE action = 'submit'")
        p = run("audit", "verify", copy)
        self.assertNotEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_passwords_never_reach_the_workspace_or_the_log(self):
        dump = dump_text(self.ws)
        self.assertIn("audit_log", dump)  # the dump is of the workspace
        self.assertNotIn(PASSWORD, dump)


if __name__ == "__main__":
    unittest.main()

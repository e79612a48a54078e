"""Submissions survive `kill -9` of ecobarrier serve (issue 17, "Speed": no submission lost or double-counted).

A real server on loopback; client threads, each with its own bearer token and keep-alive connection, submit records
with unique keys as fast as they can; the server is killed with SIGKILL while they do, then restarted on the same
workspace. Every submission answered 201 must be stored exactly once (by its record key), nothing stored twice
and nothing stored that was never sent, each stored submission must have its one "submit" entry in the audit log,
`audit verify` and SQLite's integrity check (on a GeoPackage) must pass, and the restarted server must take logins
and submissions. Not timed."""
import http.client
import json
import os
import shutil
import signal
import sqlite3
import tempfile
import threading
import time
import unittest

from support import WorkspaceCase, integrity_check, query, run
from test_cli_serve import Server
from test_serve_security import PASSWORD, add_user

# Reporters of two banners of different leagues, two client threads per account.
REPORTERS = (("reporter-a", "150102"), ("reporter-b", "150202"))
THREADS_PER_ACCOUNT = 3
# The kill comes once this many submissions are acknowledged (or after KILL_AFTER_S), while all threads submit.
KILL_AT_ACKS, KILL_AFTER_S = 120, 20.0
LIMITS = ("--rate-limit", "0", "--write-rate-limit", "0", "--login-rate", "0", "--max-connections-per-client", "0")


def call(conn, method, path, body=None, token=None):
    headers = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = "Bearer " + token
    conn.request(method, path, body=data, headers=headers)
    r = conn.getresponse()
    text = r.read()
    return r.status, (json.loads(text) if text else None)


def login(port, name):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        status, body = call(conn, "POST", "/api/v1/auth/login", {"user": name, "password": PASSWORD})
    finally:
        conn.close()
    if status != 200:
        raise AssertionError(f"login {name}: {status} {body}")
    return body["token"]


def project(code, unit):
    return {"kind": "project", "record": {"code": code, "name": f"耐久 {code}", "type": "afforestation",
                                          "unit_code": unit, "year": 2023, "completed": "10.5",
                                          "completed_unit": "mu"}}


class Submitter(threading.Thread):
    """Submits D<n>-<i> for i = 1, 2, ... until the server goes away; keeps what was acknowledged and what was sent
    without an answer (it may or may not have been stored)."""

    def __init__(self, n, port, token, unit):
        super().__init__(daemon=True)
        self.n, self.port, self.token, self.unit = n, port, token, unit
        self.acknowledged, self.unanswered, self.refused = [], [], []

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        i = 0
        while True:
            i += 1
            code = f"D{self.n}-{i}"
            try:
                status, body = call(conn, "POST", "/api/v1/submissions", project(code, self.unit), self.token)
            except (OSError, http.client.HTTPException):
                self.unanswered.append(code)
                return  # the server is gone
            if status == 201 and body["record_key"] == code:
                self.acknowledged.append(code)
            else:
                self.refused.append((code, status, body))


class DurabilityTest(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.ws = self.fresh_workspace()
        for name, unit in REPORTERS:
            add_user(self.ws, name, "reporter", unit)
        add_user(self.ws, "approver-a", "approver", "150100")
        self.server = Server(self.ws, *LIMITS)

    def tearDown(self):
        if self.server.proc.poll() is None:
            self.server.stop()
        super().tearDown()

    def stored_keys(self):
        return [k for (k,) in query(self.ws, "SELECT record_key FROM submission WHERE record_key LIKE 'D%'")]

    def test_kill_9_mid_run_loses_and_doubles_nothing(self):
        submitters = []
        for name, unit in REPORTERS:
            for _ in range(THREADS_PER_ACCOUNT):
                # A token of its own per client (a login each).
                submitters.append(Submitter(len(submitters) + 1, self.server.port, login(self.server.port, name), unit))
        for s in submitters:
            s.start()
        deadline = time.monotonic() + KILL_AFTER_S
        while sum(len(s.acknowledged) for s in submitters) < KILL_AT_ACKS and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertTrue(all(s.is_alive() for s in submitters), "every client was still submitting at the kill")
        os.kill(self.server.proc.pid, signal.SIGKILL)
        self.server.proc.wait(10)
        for s in submitters:
            s.join(60)
            self.assertFalse(s.is_alive())
        self.server.stop()

        acknowledged = [c for s in submitters for c in s.acknowledged]
        unanswered = [c for s in submitters for c in s.unanswered]
        refused = [r for s in submitters for r in s.refused]
        self.assertEqual(refused, [], "no submission was refused before the kill")
        self.assertGreaterEqual(len(acknowledged), 20, "the kill came while submissions were flowing")
        self.assertEqual(len(unanswered), len(submitters), "each client saw the server go away once")
        print(f"acknowledged {len(acknowledged)}, in flight at the kill {len(unanswered)}", flush=True)

        # The workspace after the crash, before any restart touches it (a read-write open replays the WAL; PostgreSQL
        # has rolled back whatever the killed server's connections had not committed).
        stored = self.stored_keys()
        self.assertEqual(len(stored), len(set(stored)), "no record key is stored twice")
        missing = set(acknowledged) - set(stored)
        self.assertEqual(missing, set(), "every acknowledged submission is stored")
        self.assertLessEqual(set(stored) - set(acknowledged), set(unanswered),
                             "nothing is stored that was not sent (only those in flight at the kill may be)")
        self.assertEqual(integrity_check(self.ws), [("ok",)])
        submits = query(self.ws, "SELECT row_key, count(*) FROM audit_log WHERE action = 'submit' AND "
                                 "table_name = 'submission' GROUP BY row_key")
        ids = query(self.ws, "SELECT CAST(id AS TEXT) FROM submission WHERE record_key LIKE 'D%'")
        self.assertEqual(sorted(k for k, n in submits if n == 1), sorted(i for (i,) in ids),
                         "each stored submission has exactly one submit entry in the audit log")
        run("audit", "verify", self.ws, check=0)

        # Restarted on the same workspace: logins, submissions and an approval work, and add exactly one each.
        self.server = Server(self.ws, *LIMITS)
        name, unit = REPORTERS[0]
        token = login(self.server.port, name)
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        status, body = call(conn, "POST", "/api/v1/submissions", project("D-after", unit), token)
        self.assertEqual(status, 201, body)
        status, mine = call(conn, "GET", "/api/v1/submissions?mine=1", token=token)
        self.assertEqual(status, 200, mine)
        self.assertIn("D-after", [s["record_key"] for s in mine["submissions"]])
        approver = login(self.server.port, "approver-a")
        first = query(self.ws, "SELECT id, record_key FROM submission WHERE record_key = ?", acknowledged[0])[0]
        status, body = call(conn, "POST", f"/api/v1/submissions/{first[0]}/approve", token=approver)
        self.assertEqual(status, 200, body)
        conn.close()
        self.server.stop()
        after = self.stored_keys()
        self.assertEqual(sorted(after), sorted(stored + ["D-after"]))
        self.assertEqual(query(self.ws, "SELECT count(*) FROM project WHERE code = ?", first[1]), [(1,)])
        self.assertEqual(integrity_check(self.ws), [("ok",)])
        run("audit", "verify", self.ws, check=0)


if __name__ == "__main__":
    unittest.main()

"""Baseline for bench/run_accounts_bench.sh: the same endpoints the load calls, done the plain way with Debian's
python3 only — ThreadingHTTPServer (a thread per connection), the standard sqlite3 module, hashlib.

- the published GETs: the answers fetched once from ecobarrier and saved as files (DIR/paths.txt, DIR/N.json),
  gzip-compressed ahead, as bench/api/baseline_server.py;
- every other request needs `Authorization: Bearer TOKEN`: the token's SHA-256 looked up in SQLite (one
  connection per thread), 401 when unknown;
- GET /api/v1/auth/me: the account; GET /api/v1/submissions?mine=1: the account's submissions, newest first;
- POST /api/v1/submissions: the JSON body checked (kind, record with code, name, type, unit_code, year; unit_code
  must be the account's), then in one transaction (BEGIN IMMEDIATE) the submission row and a hash-chained audit row
  are inserted and committed to a WAL file with synchronous=FULL (durable when answered), 201 with the row.

Usage: accounts_baseline_server.py DIR PORT DB TOKENS (TOKENS: "TOKEN UNIT_CODE ACCOUNT" lines)."""
import gzip
import hashlib
import http.server
import json
import os
import sqlite3
import sys
import threading
import urllib.parse

root, port, db_path, tokens_path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
paths = [p for p in open(os.path.join(root, "paths.txt"), encoding="utf-8").read().splitlines() if p]
bodies = {}
for i, p in enumerate(paths):
    with open(os.path.join(root, f"{i}.json"), "rb") as f:
        raw = f.read()
    bodies[p] = (raw, gzip.compress(raw, 6))


def connect():
    con = sqlite3.connect(db_path, isolation_level=None, timeout=30, check_same_thread=False)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    return con


setup = connect()
setup.executescript("""
CREATE TABLE IF NOT EXISTS account (name TEXT PRIMARY KEY, unit_code TEXT NOT NULL, role TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS auth_token (digest TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES account(name));
CREATE TABLE IF NOT EXISTS submission (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, unit_code TEXT NOT NULL,
  record_key TEXT NOT NULL, record_json TEXT NOT NULL, status TEXT NOT NULL, submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS submission_by ON submission(submitted_by);
CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL, what TEXT NOT NULL,
  hash TEXT NOT NULL);
""")
with open(tokens_path, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            token, unit, account = line.split()
            setup.execute("INSERT OR IGNORE INTO account VALUES (?, ?, 'reporter')", (account, unit))
            setup.execute("INSERT OR IGNORE INTO auth_token VALUES (?, ?)",
                          (hashlib.sha256(token.encode()).hexdigest(), account))
setup.close()
local = threading.local()


def db():
    if not hasattr(local, "con"):
        local.con = connect()
    return local.con


def submission_json(row):
    keys = ("id", "kind", "unit_code", "record_key", "record", "status", "submitted_by", "submitted_at")
    out = dict(zip(keys, row))
    out["record"] = json.loads(out["record"])
    return out


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, status, obj):
        data = (json.dumps(obj, ensure_ascii=False) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def account(self):
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return None
        digest = hashlib.sha256(auth[7:].strip().encode()).hexdigest()
        return db().execute("SELECT a.name, a.unit_code, a.role FROM auth_token t JOIN account a ON a.name = t.account "
                            "WHERE t.digest = ?", (digest,)).fetchone()

    def do_GET(self):
        body = bodies.get(self.path)
        if body is not None:
            zipped = "gzip" in self.headers.get("Accept-Encoding", "")
            data = body[1] if zipped else body[0]
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            if zipped:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        who = self.account()
        if who is None:
            return self.answer(401, {"error": {"status": 401, "code": "unauthenticated"}})
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/api/v1/auth/me":
            return self.answer(200, {"name": who[0], "unit_code": who[1], "role": who[2]})
        if url.path == "/api/v1/submissions":
            rows = db().execute("SELECT id, kind, unit_code, record_key, record_json, status, submitted_by, "
                                "submitted_at FROM submission WHERE submitted_by = ? ORDER BY id DESC", (who[0],))
            return self.answer(200, {"submissions": [submission_json(r) for r in rows]})
        self.answer(404, {"error": {"status": 404, "code": "not_found"}})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        who = self.account()
        if who is None:
            return self.answer(401, {"error": {"status": 401, "code": "unauthenticated"}})
        if self.path != "/api/v1/submissions":
            return self.answer(404, {"error": {"status": 404, "code": "not_found"}})
        try:
            body = json.loads(raw)
            record = body["record"]
            for field in ("code", "name", "type", "unit_code", "year"):
                if field not in record:
                    raise ValueError(field)
        except (ValueError, KeyError, TypeError) as e:
            return self.answer(400, {"error": {"status": 400, "code": "bad_record", "message": str(e)}})
        if record["unit_code"] != who[1]:
            return self.answer(403, {"error": {"status": 403, "code": "forbidden"}})
        con = db()
        con.execute("BEGIN IMMEDIATE")
        try:
            cur = con.execute("INSERT INTO submission (kind, unit_code, record_key, record_json, status, submitted_by, "
                              "submitted_at) VALUES (?, ?, ?, ?, 'submitted', ?, strftime('%Y-%m-%dT%H:%M:%SZ', "
                              "'now'))", (body["kind"], record["unit_code"], record["code"],
                                          json.dumps(record, ensure_ascii=False, sort_keys=True), who[0]))
            sid = cur.lastrowid
            prev = con.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            what = json.dumps({"action": "submit", "id": sid, "record_key": record["code"]}, sort_keys=True)
            chained = hashlib.sha256(((prev[0] if prev else "") + who[0] + what).encode()).hexdigest()
            con.execute("INSERT INTO audit (at, who, what, hash) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?, ?)",
                        (who[0], what, chained))
            row = con.execute("SELECT id, kind, unit_code, record_key, record_json, status, submitted_by, submitted_at "
                              "FROM submission WHERE id = ?", (sid,)).fetchone()
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        self.answer(201, submission_json(row))

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer.daemon_threads = True
http.server.ThreadingHTTPServer.request_queue_size = 1024
server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
print(f"serving http://127.0.0.1:{port}/", flush=True)
server.serve_forever()

"""Helpers of bench/run_accounts_bench.sh (Debian python3 only).

  accounts_client.py banners WS LEAGUE N          the first N banner codes under LEAGUE, one a line
  accounts_client.py tokens URL PASSWORD OUT N ACCOUNT:UNIT...
        signs every account in (POST /api/v1/auth/login), then makes N bearer tokens (POST /api/v1/auth/tokens),
        account after account, 16 at a time, and writes "TOKEN UNIT ACCOUNT" lines to OUT
  accounts_client.py approve URL PASSWORD ACCOUNT SECONDS EVERY OUT
        the approver: signs in, then approves submission 1, 2, 3, ... one every EVERY seconds for SECONDS (waiting
        for ids not yet submitted; EVERY 0: none), and writes "approved=N p50_ms=.. max_ms=.. errors=N" to OUT
  accounts_client.py check WS PREFIX CREATED APPROVED [--baseline]
        the workspace holds exactly CREATED submissions with a record key starting with PREFIX, none twice; with
        APPROVED >= 0 also that many approved and their projects written (not for the baseline's database)."""
import concurrent.futures
import http.client
import json
import sqlite3
import sys
import time
import urllib.parse


class Api:
    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.token = None

    def call(self, method, path, body=None):
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        self.conn.request(method, path, body=data, headers=headers)
        r = self.conn.getresponse()
        text = r.read()
        return r.status, (json.loads(text) if text else None)

    def login(self, name, password):
        status, body = self.call("POST", "/api/v1/auth/login", {"user": name, "password": password})
        if status != 200:
            raise SystemExit(f"login {name}: {status} {body}")
        self.token = body["token"]


def banners(ws, league, n):
    con = sqlite3.connect(f"file:{ws}?mode=ro", uri=True)
    rows = con.execute("SELECT code FROM admin_unit WHERE parent_code = ? ORDER BY code", (league,)).fetchall()
    for (code,) in rows[:int(n)]:
        print(code)


def tokens(url, password, out, n, accounts):
    clients = []
    for item in accounts:
        name, unit = item.split(":")
        api = Api(url)
        api.login(name, password)
        clients.append((api, name, unit))
    def make(i):
        signed_in, name, unit = clients[i % len(clients)]
        api = Api(url)
        api.token = signed_in.token
        status, body = api.call("POST", "/api/v1/auth/tokens", {"label": f"load bench client {i}", "days": 1})
        if status != 201:
            raise SystemExit(f"token for {name}: {status} {body}")
        return f"{body['token']} {unit} {name}\n"

    # Several at once: the server's account threads each open their writer connection now, and its first write
    # (which checks the whole file, PRAGMA quick_check) is done before the load starts.
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        lines = list(pool.map(make, range(int(n))))
    with open(out, "w", encoding="utf-8") as f:
        f.writelines(lines)


def approve(url, password, account, seconds, every, out):
    if float(every) <= 0:
        with open(out, "w", encoding="utf-8") as f:
            f.write("approved=0 p50_ms=0 max_ms=0 errors=0\n")
        return
    api = Api(url)
    api.login(account, password)
    end = time.monotonic() + float(seconds)
    next_id, latencies, errors = 1, [], 0
    while time.monotonic() < end:
        started = time.perf_counter()
        try:
            status, body = api.call("POST", f"/api/v1/submissions/{next_id}/approve")
        except (OSError, http.client.HTTPException):
            errors += 1
            api = Api(url)
            api.login(account, password)
            continue
        took = (time.perf_counter() - started) * 1000
        if status == 200:
            latencies.append(took)
            next_id += 1
        elif status != 404:  # 404: not submitted yet
            errors += 1
            next_id += 1
        time.sleep(float(every))
    latencies.sort()
    p50 = latencies[len(latencies) // 2] if latencies else 0
    with open(out, "w", encoding="utf-8") as f:
        f.write(f"approved={len(latencies)} p50_ms={p50:.2f} max_ms={max(latencies, default=0):.2f} "
                f"errors={errors}\n")


def check(ws, prefix, created, approved, baseline):
    con = sqlite3.connect(ws)
    like = prefix.replace("%", "") + "-%"
    total, distinct = con.execute("SELECT count(*), count(DISTINCT record_key) FROM submission WHERE record_key LIKE ?",
                                  (like,)).fetchone()
    problems = []
    if total != int(created):
        problems.append(f"{total} submissions stored, {created} answered 201")
    if distinct != total:
        problems.append(f"{total - distinct} record keys stored twice")
    if not baseline and int(approved) >= 0:
        n_approved = con.execute("SELECT count(*) FROM submission WHERE record_key LIKE ? AND status = 'approved'",
                                 (like,)).fetchone()[0]
        n_projects = con.execute("SELECT count(*) FROM project WHERE code LIKE ?", (like,)).fetchone()[0]
        if n_approved != int(approved) or n_projects != int(approved):
            problems.append(f"{approved} approvals answered 200, {n_approved} approved, {n_projects} projects written")
    print(f"stored={total} distinct={distinct} answered_201={created}" +
          ("" if not problems else " PROBLEMS: " + "; ".join(problems)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "banners":
        banners(*args)
    elif cmd == "tokens":
        tokens(args[0], args[1], args[2], args[3], args[4:])
    elif cmd == "approve":
        approve(*args)
    elif cmd == "check":
        check(args[0], args[1], args[2], args[3], "--baseline" in args[4:])
    else:
        raise SystemExit(__doc__)

"""Helpers for the end-to-end tests: run the real `ecobarrier` binary on real data and inspect the workspace.

Every suite runs twice under ctest: once on GeoPackage workspaces (files) and once on PostgreSQL/PostGIS workspaces
(ECOBARRIER_E2E_BACKEND=postgresql), a database each in the throwaway cluster that `scripts/pg-cluster` started in
ECOBARRIER_TEST_PG_DIR (ctest's pg_cluster fixture). Tests name workspaces through the helpers here
(`WorkspaceCase.workspace()`, `fresh_workspace()`, `copy_workspace()`), inspect them with `query()` and
`content_digest()`, and mark the few that are about the GeoPackage file itself with `gpkg_only(reason)`.
"""
import atexit
import decimal
import hashlib
import itertools
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import unittest

BIN = os.environ.get("ECOBARRIER_BIN", "ecobarrier")
# The workspace schema version this build writes (the last migration in src/store/workspace.cpp).
SCHEMA_VERSION = 20
SOURCE = os.environ.get("ECOBARRIER_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "../..")))
DEMO = os.path.join(SOURCE, "data", "demo")
LEAGUES = os.path.join(DEMO, "boundaries", "150000.json")
COUNTIES = os.path.join(DEMO, "boundaries", "150000_counties_merged.json")
STATIONS = os.path.join(DEMO, "air", "cnemc_station_list_2022-02-13_innermongolia.csv")
STATIONS_2018 = os.path.join(DEMO, "air", "cnemc_stations_2018.csv")
CNEMC = os.path.join(DEMO, "air", "cnemc_hourly_2019H1_innermongolia.csv")
AQISTUDY = os.path.join(DEMO, "air", "aqistudy_daily_innermongolia_2013-12_2017-01.csv")
CROPLAND = os.path.join(DEMO, "raster", "cropland_hyde_2016_10km_innermongolia_bbox.tif")
S2_RED = os.path.join(DEMO, "raster", "sentinel2_29RKH_20200219", "B04.tif")
S2_NIR = os.path.join(DEMO, "raster", "sentinel2_29RKH_20200219", "B08.tif")
UCI_DONGSI = os.path.join(DEMO, "air", "beijing_multisite", "PRSA_Data_Dongsi_20130301-20170228.csv.gz")

# scripts/sanitize runs a subset against a binary built with AddressSanitizer + UndefinedBehaviorSanitizer, several
# times slower: there, time bounds are scaled by SLOWER and peak-RSS bounds (which the sanitizer's shadow memory and
# quarantine inflate) are not checked. Everything else is asserted as in the normal run.
SANITIZED = os.environ.get("ECOBARRIER_SANITIZED") == "1"
SLOWER = 5 if SANITIZED else 1

# The workspace backend these tests run on: "gpkg" (a GeoPackage file, the default) or "postgresql".
BACKEND = os.environ.get("ECOBARRIER_E2E_BACKEND", "gpkg")
if BACKEND not in ("gpkg", "postgresql"):
    raise SystemExit(f"ECOBARRIER_E2E_BACKEND={BACKEND!r}: expected gpkg or postgresql")
PG = BACKEND == "postgresql"
# The throwaway cluster's directory (scripts/pg-cluster start DIR); DIR/conninfo holds its libpq URI.
PG_DIR = os.environ.get("ECOBARRIER_TEST_PG_DIR", "")
# Every per-test database is a copy of this one (PostGIS created in it by scripts/pg-cluster).
PG_TEMPLATE = "eb_template"


def gpkg_only(reason):
    """Skips a test on the PostgreSQL backend: for tests about the GeoPackage file itself. The reason is required."""
    if not reason:
        raise ValueError("gpkg_only needs the reason the test does not apply to PostgreSQL")
    return unittest.skipIf(PG, f"GeoPackage only: {reason}")


def is_pg(target):
    """True when a workspace target is a PostgreSQL URI rather than a file path."""
    return str(target).startswith(("postgresql://", "postgres://"))


# --- PostgreSQL ---------------------------------------------------------------------------------------------------

_pg_server_uri = None
# Database names unique across the parallel ctest processes (each a process of its own) and within one.
_db_counter = itertools.count(1)


def pg_server_uri():
    """The cluster's URI without a database (postgresql://postgres@127.0.0.1:PORT)."""
    global _pg_server_uri
    if _pg_server_uri is None:
        if not PG_DIR:
            raise RuntimeError("ECOBARRIER_E2E_BACKEND=postgresql needs ECOBARRIER_TEST_PG_DIR "
                               "(a cluster from `scripts/pg-cluster start DIR`)")
        try:
            with open(os.path.join(PG_DIR, "conninfo"), encoding="utf-8") as f:
                _pg_server_uri = f.read().strip()
        except FileNotFoundError:
            raise RuntimeError(f"no PostgreSQL test cluster in {PG_DIR} (run `scripts/pg-cluster start {PG_DIR}`, "
                               "or ctest's pg_cluster_start)") from None
    return _pg_server_uri


def pg_uri(dbname):
    return f"{pg_server_uri()}/{dbname}"


def pg_dbname(uri):
    return uri.rsplit("/", 1)[1].split("?", 1)[0]


def new_database_name(tag="ws"):
    """A database name no other test process uses: eb_<tag>_<pid>_<n> (lower case, as PostgreSQL folds names)."""
    clean = "".join(c if c.isalnum() else "_" for c in tag.lower())[:24]
    return f"eb_{clean}_{os.getpid()}_{next(_db_counter)}"


def _pg_admin(sql):
    """Runs one statement on the cluster's `postgres` database in autocommit (CREATE/DROP DATABASE need it)."""
    import psycopg2
    con = psycopg2.connect(pg_uri("postgres"))
    try:
        con.autocommit = True
        with con.cursor() as cur:
            cur.execute(sql)
    finally:
        con.close()


def create_database(dbname, template=PG_TEMPLATE):
    """CREATE DATABASE dbname TEMPLATE template; returns its URI. No connection may be open to the template: a
    connection just closed may still be ending on the server, so this retries for a while."""
    import psycopg2
    deadline = time.monotonic() + 30
    while True:
        try:
            _pg_admin(f'CREATE DATABASE "{dbname}" TEMPLATE "{template}"')
            return pg_uri(dbname)
        except psycopg2.errors.ObjectInUse:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def drop_database(dbname):
    _pg_admin(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def _pg_value(v):
    """Values as sqlite3 gives them, so that one assertion holds on both backends: NUMERIC as int or float,
    bytea as bytes."""
    if isinstance(v, decimal.Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, memoryview):
        return bytes(v)
    return v


# --- both backends ------------------------------------------------------------------------------------------------

def run(*args, check=None, env=None):
    """Runs ecobarrier; returns CompletedProcess. check=0 asserts success, check=N asserts that exit code."""
    e = dict(os.environ)
    e.setdefault("ECOBARRIER_LANG", "en")
    if env:
        e.update(env)
    p = subprocess.run([BIN, *map(str, args)], capture_output=True, text=True, env=e, timeout=600)
    if check is not None and p.returncode != check:
        raise AssertionError(f"ecobarrier {' '.join(map(str, args))} exited {p.returncode}, expected {check}\n"
                             f"stdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    return p


def sha256(path):
    """The SHA-256 of a file's bytes (outputs; a GeoPackage workspace byte for byte)."""
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def _pg_tables(cur):
    """The workspace's tables (partitioned parents, not their partitions), without PostGIS's spatial_ref_sys."""
    cur.execute("SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
                "AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'topology', 'tiger') "
                "AND n.nspname NOT LIKE 'pg\\_%' "
                "AND c.relname <> 'spatial_ref_sys' AND c.relname NOT LIKE 'rtree\\_%' "
                "AND c.relname NOT LIKE 'gpkg\\_%' ORDER BY 1, 2")
    return cur.fetchall()


def _pg_rows_in_order(con, table):
    """Every row of a table in a total order (by every column), streamed from a server-side cursor: millions of
    observations need not fit in memory. A column type without an ordering (json) falls back to sorting here."""
    import psycopg2
    with con.cursor() as cur:
        cur.execute(f"SELECT * FROM {table} LIMIT 0")
        columns = len(cur.description)
    try:
        with con.cursor(name="digest") as cur:
            cur.itersize = 20000
            cur.execute(f"SELECT * FROM {table} ORDER BY {', '.join(str(i + 1) for i in range(columns))}")
            yield from cur
        con.commit()
    except psycopg2.errors.UndefinedFunction:  # "could not identify an ordering operator"
        con.rollback()
        with con.cursor() as cur:
            cur.execute(f"SELECT * FROM {table}")
            yield from sorted(cur.fetchall(), key=lambda row: repr(tuple(_pg_value(v) for v in row)))


def content_digest(target):
    """A digest of every row of every table: proves a workspace unchanged even if SQLite rewrote pages (or
    PostgreSQL moved tuples). GeoPackage and R*Tree bookkeeping (and PostGIS's spatial_ref_sys) are left out."""
    h = hashlib.sha256()
    if is_pg(target):
        import psycopg2
        con = psycopg2.connect(target)
        try:
            with con.cursor() as cur:
                tables = _pg_tables(cur)
            for schema, t in tables:
                h.update(f"{schema}.{t}".encode())
                for row in _pg_rows_in_order(con, f'"{schema}"."{t}"'):
                    h.update(repr(tuple(_pg_value(v) for v in row)).encode())
        finally:
            con.close()
        return h.hexdigest()
    con = sqlite3.connect(target)  # read-write: a hot journal left by a killed writer is rolled back
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'rtree_%' ORDER BY name")]
    for t in tables:
        h.update(t.encode())
        for row in con.execute(f'SELECT * FROM "{t}" ORDER BY 1, 2'):
            h.update(repr(row).encode())
    con.close()
    return h.hexdigest()


def query(target, sql, *params):
    """Runs one statement on a workspace (a .gpkg path or a postgresql:// URI) and returns its rows as tuples (an
    empty list for a statement without rows). `?` placeholders on both backends; writes are committed. SQL meant
    for both backends avoids SQLite's own (sqlite_master, rowid, strftime, PRAGMA)."""
    if is_pg(target):
        import psycopg2
        con = psycopg2.connect(target)
        try:
            with con.cursor() as cur:
                if params:
                    cur.execute(sql.replace("%", "%%").replace("?", "%s"), params)
                else:
                    cur.execute(sql)
                rows = [tuple(_pg_value(v) for v in r) for r in cur.fetchall()] if cur.description else []
            con.commit()
            return rows
        finally:
            con.close()
    con = sqlite3.connect(target)  # read-write: a hot journal left by a killed writer is rolled back
    try:
        rows = con.execute(sql, params).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


def snapshot(target):
    """What must not change when a command refuses to write: a GeoPackage's bytes (stronger than its rows), a
    PostgreSQL workspace's rows (content_digest); None when the workspace does not exist."""
    if is_pg(target):
        return content_digest(target) if exists(target) else None
    return sha256(target) if os.path.isfile(target) else None


def gdal_name(target):
    """The name GDAL/OGR (ogrinfo, ogr2ogr, QGIS) opens a workspace by: the file, or PG:<libpq URI>."""
    return f"PG:{target}" if is_pg(target) else target


def writer_active(target):
    """True while another connection is writing to the workspace: holds SQLite's write lock on a file; on
    PostgreSQL, has a transaction that has written (a transaction id)."""
    if is_pg(target):
        return query(pg_uri("postgres"), "SELECT count(*) FROM pg_stat_activity WHERE datname = ? "
                                         "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()",
                     pg_dbname(target))[0][0] > 0
    con = sqlite3.connect(target, timeout=0, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        con.close()


def wait_for_writer(target, proc, seconds=60):
    """Waits until proc (a Popen) is writing to the workspace; False if it ended or did not within seconds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        if writer_active(target):
            return True
        time.sleep(0.005)
    return False


def integrity_check(target):
    """[("ok",)] when the workspace is consistent: SQLite's integrity_check on a file; on PostgreSQL (which keeps
    its own consistency, and has no such check for a database) that the database opens and answers."""
    if is_pg(target):
        return query(target, "SELECT 'ok'")
    return query(target, "PRAGMA integrity_check")


def table_exists(target, name):
    if is_pg(target):
        return query(target, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE c.relname = ? AND n.nspname NOT IN ('pg_catalog', 'information_schema')",
                     name)[0][0] > 0
    return query(target, "SELECT count(*) FROM sqlite_master WHERE name = ?", name)[0][0] > 0


def exists(target):
    """Whether a workspace target exists: the file, or the database in the cluster."""
    if is_pg(target):
        return query(pg_uri("postgres"), "SELECT count(*) FROM pg_database WHERE datname = ?",
                     pg_dbname(target))[0][0] > 0
    return os.path.exists(target)


def copy_workspace(src, dst):
    """A copy of workspace src: gpkg: the file copied to path dst; PostgreSQL: a new database named after dst
    (CREATE DATABASE … TEMPLATE src). Returns the copy's target; the caller drops a database copy (WorkspaceCase's
    helpers do)."""
    if is_pg(src):
        return create_database(new_database_name(os.path.splitext(os.path.basename(str(dst)))[0]),
                               template=pg_dbname(src))
    shutil.copyfile(src, dst)
    return dst


def pg_tool(name):
    """A PostgreSQL client program of the cluster's version (pg_dump, psql)."""
    path = os.path.join("/usr/lib/postgresql/15/bin", name)
    return path if os.path.exists(path) else name


def live_copy_workspace(src, dst):
    """Like copy_workspace, but of a workspace that is open elsewhere (a running server): PostgreSQL copies a
    database as a template only while nobody is connected to it, so this goes through pg_dump. Returns the copy."""
    if not is_pg(src):
        shutil.copyfile(src, dst)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(src + suffix):
                shutil.copyfile(src + suffix, dst + suffix)
        return dst
    copy = create_database(new_database_name(os.path.splitext(os.path.basename(str(dst)))[0]), template="template0")
    dump = subprocess.run([pg_tool("pg_dump"), "--no-owner", "--dbname", src], capture_output=True, check=True)
    subprocess.run([pg_tool("psql"), "-q", "-X", "-v", "ON_ERROR_STOP=1", "--dbname", copy], input=dump.stdout,
                   capture_output=True, check=True)
    return copy


def dump_text(target):
    """Everything the workspace stores, as SQL text (sqlite3 .dump; pg_dump)."""
    if is_pg(target):
        return subprocess.run([pg_tool("pg_dump"), "--dbname", target], capture_output=True, text=True,
                              check=True).stdout
    return subprocess.run(["sqlite3", target, ".dump"], capture_output=True, text=True, check=True).stdout


_dropped_at_exit = []


def _drop_at_exit():
    for name in _dropped_at_exit:
        try:
            drop_database(name)
        except Exception:  # the cluster may already be gone; it is removed with its directory anyway
            pass


atexit.register(_drop_at_exit)


class WorkspaceCase(unittest.TestCase):
    """Each test gets a scratch directory; `base_workspace()` builds (once per process) the demo hierarchy;
    `workspace()` and `fresh_workspace()` give workspaces on the backend under test, removed after the test."""

    _base = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ebe2e-")
        self._databases = []

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)
        for name in self._databases:
            drop_database(name)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def workspace(self, name="ws.gpkg", create=True):
        """A new workspace target that `ecobarrier init` makes a workspace: gpkg: self.path(name) (no file yet);
        PostgreSQL: a fresh database from eb_template (PostGIS in it, no ecobarrier tables yet), or with
        create=False a unique name no database has yet. Dropped after the test."""
        if not PG:
            return self.path(name)
        dbname = new_database_name(os.path.splitext(os.path.basename(name))[0])
        self._databases.append(dbname)
        return create_database(dbname) if create else pg_uri(dbname)

    @classmethod
    def base_workspace(cls):
        """Units and stations imported; a private copy is returned for each test (fresh_workspace)."""
        if WorkspaceCase._base is None:
            if PG:
                dbname = new_database_name("base")
                _dropped_at_exit.append(dbname)
                ws = create_database(dbname)
            else:
                d = tempfile.mkdtemp(prefix="ebe2e-base-")
                atexit.register(shutil.rmtree, d, True)
                ws = os.path.join(d, "base.gpkg")
            run("init", ws, check=0)
            run("unit", "import", ws, LEAGUES, COUNTIES, check=0)
            run("station", "import", ws, STATIONS, check=0)
            WorkspaceCase._base = ws
        return WorkspaceCase._base

    def fresh_workspace(self, name="ws.gpkg"):
        """A private copy of the base workspace, removed after the test."""
        return self.copy_of(self.base_workspace(), name)

    def copy_of(self, ws, name):
        """A copy of workspace ws (self.path(name) for a file; a new database otherwise), removed after the test."""
        copy = copy_workspace(ws, self.path(name))
        if is_pg(copy):
            self._databases.append(pg_dbname(copy))
        return copy

    @classmethod
    def class_workspace(cls, directory, name="ws.gpkg"):
        """A copy of the base workspace for a whole class (setUpClass): directory/name, or a database dropped with
        the class's cleanups."""
        copy = copy_workspace(cls.base_workspace(), os.path.join(directory, name))
        if is_pg(copy):
            cls.addClassCleanup(drop_database, pg_dbname(copy))
        return copy

    @classmethod
    def class_empty_workspace(cls, directory, name="ws.gpkg"):
        """A new empty workspace target for a whole class: directory/name, or a database from eb_template."""
        if not PG:
            return os.path.join(directory, name)
        dbname = new_database_name(os.path.splitext(name)[0])
        cls.addClassCleanup(drop_database, dbname)
        return create_database(dbname)

    def write(self, name, text):
        p = self.path(name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p


def read_xlsx(source):
    """An .xlsx workbook (a path or its bytes) read with zipfile and ElementTree, in sheet order:
    [{"name", "rows": [[cell, ...], ...], "frozen_rows", "autofilter", "widths"}], where a cell is None (empty) or
    {"value": str or float, "type": "s" (text) or "n" (number), "format": its number format code}."""
    import io
    import re
    import xml.etree.ElementTree as ET
    import zipfile
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    z = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    shared = ["".join(t.text or "" for t in si.iter("{%s}t" % ns["m"]))
              for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)] \
        if "xl/sharedStrings.xml" in z.namelist() else []
    styles = ET.fromstring(z.read("xl/styles.xml"))
    codes = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%"}
    for f in styles.findall("m:numFmts/m:numFmt", ns):
        codes[int(f.get("numFmtId"))] = f.get("formatCode")
    xf_formats = [codes.get(int(xf.get("numFmtId", "0")), "?") for xf in styles.findall("m:cellXfs/m:xf", ns)]
    sheets = []
    for i, sheet in enumerate(ET.fromstring(z.read("xl/workbook.xml")).findall("m:sheets/m:sheet", ns), start=1):
        root = ET.fromstring(z.read(f"xl/worksheets/sheet{i}.xml"))
        rows = []
        for row in root.findall("m:sheetData/m:row", ns):
            r = int(row.get("r")) - 1
            while len(rows) <= r:
                rows.append([])
            for c in row.findall("m:c", ns):
                col = 0
                for ch in re.match(r"[A-Z]+", c.get("r")).group(0):
                    col = col * 26 + ord(ch) - ord("A") + 1
                col -= 1
                v = c.find("m:v", ns)
                if v is None:
                    continue
                t = c.get("t", "n")
                value = shared[int(v.text)] if t == "s" else (v.text if t == "str" else float(v.text))
                while len(rows[r]) <= col:
                    rows[r].append(None)
                rows[r][col] = {"value": value, "type": "s" if t in ("s", "str", "inlineStr") else "n",
                                "format": xf_formats[int(c.get("s", "0"))]}
        pane = root.find("m:sheetViews/m:sheetView/m:pane", ns)
        frozen = int(float(pane.get("ySplit", "0"))) if pane is not None and pane.get("state") == "frozen" else 0
        sheets.append({"name": sheet.get("name"), "rows": rows, "frozen_rows": frozen,
                       "autofilter": (root.find("m:autoFilter", ns).get("ref")
                                      if root.find("m:autoFilter", ns) is not None else None),
                       "widths": {int(c.get("min")) - 1: float(c.get("width")) for c in root.findall("m:cols/m:col", ns)}})
    return sheets

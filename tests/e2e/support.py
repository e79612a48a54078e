"""Helpers for the end-to-end tests: run the real `ecobarrier` binary on real data and inspect the workspace."""
import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

BIN = os.environ.get("ECOBARRIER_BIN", "ecobarrier")
# The workspace schema version this build writes (the last migration in src/store/workspace.cpp).
SCHEMA_VERSION = 14
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
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def content_digest(path):
    """A digest of every row of every table: proves a workspace unchanged even if SQLite rewrote pages."""
    con = sqlite3.connect(path)  # read-write: a hot journal left by a killed writer is rolled back
    h = hashlib.sha256()
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'rtree_%' ORDER BY name")]
    for t in tables:
        h.update(t.encode())
        for row in con.execute(f'SELECT * FROM "{t}" ORDER BY 1, 2'):
            h.update(repr(row).encode())
    con.close()
    return h.hexdigest()


def query(path, sql, *params):
    con = sqlite3.connect(path)  # read-write: a hot journal left by a killed writer is rolled back
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


class WorkspaceCase(unittest.TestCase):
    """Each test gets a scratch directory; `base_workspace()` builds (once per class) the demo hierarchy."""

    _base = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ebe2e-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    @classmethod
    def base_workspace(cls):
        """Units and stations imported; a private copy is returned for each test."""
        if WorkspaceCase._base is None:
            d = tempfile.mkdtemp(prefix="ebe2e-base-")
            ws = os.path.join(d, "base.gpkg")
            run("init", ws, check=0)
            run("unit", "import", ws, LEAGUES, COUNTIES, check=0)
            run("station", "import", ws, STATIONS, check=0)
            WorkspaceCase._base = ws
        return WorkspaceCase._base

    def fresh_workspace(self, name="ws.gpkg"):
        ws = self.path(name)
        shutil.copyfile(self.base_workspace(), ws)
        return ws

    def write(self, name, text):
        p = self.path(name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p

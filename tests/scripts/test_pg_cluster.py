"""scripts/pg-cluster, the throwaway PostgreSQL + PostGIS cluster the end-to-end suites run on (ctest's pg_cluster
fixture): what it starts (loopback only, the template database with PostGIS, the test settings), that a start over
a stale cluster of an aborted run replaces it, that stop removes everything and may be repeated, and the message
when the server packages are missing."""
import os
import shutil
import socket
import subprocess
import tempfile
import unittest

import psycopg2

SOURCE = os.environ.get("ECOBARRIER_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "../..")))
SCRIPT = os.path.join(SOURCE, "scripts", "pg-cluster")


def pg_cluster(*args, env=None):
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, timeout=180,
                          env=dict(os.environ, **(env or {})))


def accepts(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return True
    except OSError:
        return False


class PgClusterTest(unittest.TestCase):
    def setUp(self):
        self.parent = tempfile.mkdtemp(prefix="ebpgtest-")
        self.dir = os.path.join(self.parent, "cluster")

    def tearDown(self):
        pg_cluster("stop", self.dir)
        shutil.rmtree(self.parent, ignore_errors=True)

    def start(self):
        p = pg_cluster("start", self.dir)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(os.path.join(self.dir, "conninfo"), encoding="utf-8") as f:
            uri = f.read().strip()
        self.assertEqual(p.stdout.strip(), uri)
        self.assertRegex(uri, r"^postgresql://postgres@127\.0\.0\.1:\d+$")
        with open(os.path.join(self.dir, "cluster"), encoding="utf-8") as f:
            run_dir = f.read().strip()
        return uri, int(uri.rsplit(":", 1)[1]), run_dir

    def test_start_gives_a_loopback_cluster_with_a_postgis_template(self):
        uri, port, run_dir = self.start()
        con = psycopg2.connect(uri + "/eb_template")
        try:
            cur = con.cursor()
            cur.execute("SELECT extname FROM pg_extension ORDER BY 1")
            self.assertIn(("postgis",), cur.fetchall())
            cur.execute("SELECT postgis_version()")
            self.assertTrue(cur.fetchone()[0].startswith("3."))
            settings = {}
            for name in ("listen_addresses", "fsync", "synchronous_commit", "full_page_writes", "max_connections",
                         "unix_socket_directories", "server_version_num", "lc_collate"):
                cur.execute(f"SHOW {name}")
                settings[name] = cur.fetchone()[0]
            self.assertEqual(settings["listen_addresses"], "127.0.0.1")
            self.assertEqual((settings["fsync"], settings["synchronous_commit"], settings["full_page_writes"]),
                             ("off", "off", "off"))
            self.assertGreaterEqual(int(settings["max_connections"]), 200)
            self.assertEqual(settings["unix_socket_directories"], run_dir)
            self.assertEqual(int(settings["server_version_num"]) // 10000, 15)
            self.assertEqual(settings["lc_collate"], "C.UTF-8")  # text sorts by code point, as in SQLite
            # Trust only for the socket and loopback.
            cur.execute("SELECT type, address FROM pg_hba_file_rules WHERE error IS NULL")
            rules = cur.fetchall()
            self.assertTrue(rules)
            for kind, address in rules:
                self.assertIn((kind, address), {("local", None), ("host", "127.0.0.1"), ("host", "::1")})
        finally:
            con.close()
        # A per-test database is a cheap copy of the template, PostGIS included.
        admin = psycopg2.connect(uri + "/postgres")
        admin.autocommit = True
        admin.cursor().execute("CREATE DATABASE eb_copy TEMPLATE eb_template")
        admin.close()
        con = psycopg2.connect(uri + "/eb_copy")
        cur = con.cursor()
        cur.execute("SELECT ST_AsText(ST_SetSRID(ST_MakePoint(111.6, 40.8), 4326))")
        self.assertEqual(cur.fetchone()[0], "POINT(111.6 40.8)")
        con.close()

    def test_a_start_over_a_stale_cluster_replaces_it_and_stop_removes_everything(self):
        _, old_port, old_run = self.start()
        self.assertTrue(accepts(old_port))
        # An aborted run left its cluster running: the next start stops and removes it first.
        uri, port, run_dir = self.start()
        self.assertFalse(os.path.exists(old_run))
        if port != old_port:
            self.assertFalse(accepts(old_port))
        psycopg2.connect(uri + "/eb_template").close()
        p = pg_cluster("stop", self.dir)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertFalse(os.path.exists(self.dir))
        self.assertFalse(os.path.exists(run_dir))
        self.assertFalse(accepts(port))
        p = pg_cluster("stop", self.dir)  # nothing left to stop: still fine
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_missing_server_packages_are_named(self):
        p = pg_cluster("start", self.dir, env={"PG_BINDIR": os.path.join(self.parent, "no-such-bin")})
        self.assertEqual(p.returncode, 1)
        self.assertIn("postgresql-15", p.stderr)
        self.assertIn("scripts/setup", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "conninfo")))

    def test_usage(self):
        p = pg_cluster("restart", self.dir)
        self.assertEqual(p.returncode, 2)
        self.assertIn("usage", p.stderr)


if __name__ == "__main__":
    unittest.main()

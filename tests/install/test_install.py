"""cmake --install gives a working tree: the installed binary, moved elsewhere, finds its bundled data and the
dashboard under PREFIX/share/ecobarrier without ECOBARRIER_DATA_DIR and without the source tree's paths."""
import csv
import http.client
import io
import json
import os
import shutil
import subprocess
import tempfile
import unittest

BUILD_DIR = os.environ["ECOBARRIER_BUILD_DIR"]
CMAKE = os.environ.get("CMAKE_COMMAND", "cmake")
SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class InstallTree(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ebinstall-")
        staged = os.path.join(cls.dir, "staged")
        subprocess.run([CMAKE, "--install", BUILD_DIR, "--prefix", staged], check=True, capture_output=True)
        # Moved after installation: nothing may depend on the prefix it was installed under.
        cls.prefix = os.path.join(cls.dir, "moved")
        shutil.move(staged, cls.prefix)
        cls.bin = os.path.join(cls.prefix, "bin", "ecobarrier")
        cls.env = {k: v for k, v in os.environ.items() if not k.startswith("ECOBARRIER_")}
        cls.env["ECOBARRIER_LANG"] = "en"
        # A marker in the installed copy of the reference names proves which data directory the binary reads.
        names = os.path.join(cls.prefix, "share", "ecobarrier", "data", "reference", "admin_units.csv")
        with open(names, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
            fields = list(rows[0].keys())
        for row in rows:
            if row["code"] == "150100":
                row["name_en"] = "Hohhot (installed copy)"
        with open(names, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fields, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def run_installed(self, *args):
        return subprocess.run([self.bin, *args], cwd=self.dir, env=self.env, capture_output=True, text=True,
                              timeout=300)

    def test_layout(self):
        for path in ["bin/ecobarrier", "share/ecobarrier/data/reference/admin_units.csv",
                     "share/ecobarrier/data/assessment/registry_demo.csv", "share/ecobarrier/data/demo",
                     "share/doc/ecobarrier/README.md", "share/doc/ecobarrier/architecture.md"]:
            self.assertTrue(os.path.exists(os.path.join(self.prefix, path)), path)

    def test_binary_reads_the_installed_data(self):
        ws = os.path.join(self.dir, "ws.gpkg")
        boundaries = os.path.join(self.prefix, "share", "ecobarrier", "data", "demo", "boundaries", "150000.json")
        self.assertEqual(self.run_installed("init", ws).returncode, 0)
        r = self.run_installed("unit", "import", ws, boundaries)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.run_installed("unit", "list", ws, "--level", "2", "--format", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        names = {row["code"]: row["name_en"] for row in csv.DictReader(io.StringIO(r.stdout.lstrip("\ufeff")))}
        self.assertEqual(names.get("150100"), "Hohhot (installed copy)")

    @unittest.skipUnless(os.path.exists(os.path.join(SOURCE_DIR, "web", "dist", "index.html")),
                         "the dashboard is not built (scripts/setup builds web/dist)")
    def test_server_serves_the_installed_dashboard(self):
        ws = os.path.join(self.dir, "serve.gpkg")
        self.assertEqual(self.run_installed("init", ws).returncode, 0)
        proc = subprocess.Popen([self.bin, "serve", ws, "--port", "0"], cwd=self.dir, env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            line = proc.stdout.readline()
            if not line.startswith("serving http://"):
                proc.kill()
                self.fail("server did not start: " + line + proc.stderr.read())
            port = int(line.strip().rstrip("/").rsplit(":", 1)[1])
            for path, kind in [("/", "text/html"), ("/api/v1/meta", "application/json")]:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                c.request("GET", path)
                resp = c.getresponse()
                body = resp.read()
                c.close()
                self.assertEqual(resp.status, 200, (path, body[:200]))
                self.assertTrue(resp.getheader("Content-Type").startswith(kind), path)
            self.assertIn(b"<html", open(os.path.join(self.prefix, "share", "ecobarrier", "web", "dist",
                                                      "index.html"), "rb").read().lower())
        finally:
            proc.terminate()
            proc.wait(10)
            proc.stdout.close()
            proc.stderr.close()


if __name__ == "__main__":
    unittest.main()

"""ecobarrier serve: the JSON API over a workspace, checked against the CLI on the same workspace, and its HTTP
behaviour (ETags, gzip, pagination, errors, limits, cache invalidation when the workspace changes)."""
import csv
import gzip
import http.client
import json
import os
import shutil
import socket
import subprocess
import time
import unittest

from support import AQISTUDY, BIN, CROPLAND, WorkspaceCase, run
from test_cli_assess import REGISTRY, VALUES
from test_cli_water import SAMPLES, SECTIONS


class Server:
    def __init__(self, ws, *args):
        env = dict(os.environ)
        env.setdefault("ECOBARRIER_LANG", "en")
        self.proc = subprocess.Popen([BIN, "serve", ws, "--port", "0", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
        line = self.proc.stdout.readline()
        if not line.startswith("serving http://"):
            self.proc.kill()
            raise AssertionError("server did not start: " + line + self.proc.stderr.read())
        self.port = int(line.strip().rstrip("/").rsplit(":", 1)[1])

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.proc.stdout.close()
        self.proc.stderr.close()

    def request(self, path, headers=None, method="GET"):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        c.request(method, path, headers=headers or {})
        r = c.getresponse()
        body = r.read()
        c.close()
        return r, body

    def get(self, path, status=200):
        r, body = self.request(path)
        if r.status != status:
            raise AssertionError(f"{path}: {r.status} {body[:300]!r}")
        return json.loads(body)


class ServeTest(WorkspaceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        import tempfile
        cls.dir = tempfile.mkdtemp(prefix="ebe2e-serve-")
        cls.ws = os.path.join(cls.dir, "ws.gpkg")
        import shutil
        shutil.copyfile(cls.base_workspace(), cls.ws)
        def w(name, text):
            with open(os.path.join(cls.dir, name), "w", encoding="utf-8") as f:
                f.write(text)
            return os.path.join(cls.dir, name)
        run("obs", "import", cls.ws, AQISTUDY, check=0)
        run("water", "section", "import", cls.ws, w("sections.csv", SECTIONS), check=0)
        run("obs", "import", cls.ws, w("samples.csv", SAMPLES), check=0)
        run("assess", "import", cls.ws, w("values.csv", VALUES), check=0)
        cls.registry = w("registry.csv", REGISTRY)
        # The rasters /raster/zonal may name: the default folder, rasters/ beside the workspace.
        os.makedirs(os.path.join(cls.dir, "rasters"))
        cls.cropland = os.path.join(cls.dir, "rasters", "cropland.tif")
        shutil.copyfile(CROPLAND, cls.cropland)
        cls.server = Server(cls.ws, "--registry", cls.registry, "--idle-timeout", "2")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        super().tearDownClass()

    def cli_rows(self, *args):
        p = run(*args, "--format", "csv", check=0)
        return list(csv.DictReader(p.stdout.lstrip("\ufeff").splitlines()))

    def test_meta_lists_the_years_with_data(self):
        m = self.server.get("/api/v1/meta")
        self.assertEqual(m["years"]["air"], [2013, 2014, 2015, 2016, 2017])
        self.assertEqual(m["years"]["water"], [2024])
        self.assertEqual(m["years"]["indicators"], [2020, 2022, 2023])
        self.assertEqual(m["years"]["ranking"], [2023])  # the test registry has targets for 2022 and 2023, energy 2023 only
        self.assertEqual(m["registry"], "registry.csv")
        self.assertEqual(m["schema_version"], 9)
        self.assertIn({"level": 2, "units": 12}, m["levels"])

    def test_tables_equal_the_cli(self):
        api = self.server.get("/api/v1/air/assessment?period=2016&level=city&page_size=1000&lang=en")
        cli = self.cli_rows("air", "assess", self.ws, "--period", "2016", "--level", "city")
        self.assertEqual(api["page"]["total_rows"], len(cli))
        for a, c in zip(api["rows"], cli):
            self.assertEqual((a["code"], a["pollutant"], a["statistic"]), (c["code"], c["pollutant"], c["statistic"]))
            if c["reported"]:
                self.assertEqual(str(a["reported"]) if isinstance(a["reported"], str) else a["reported"],
                                 c["reported"] if isinstance(a["reported"], str) else float(c["reported"]))
        ranking = self.server.get("/api/v1/ranking?year=2023&draws=200")
        cli = self.cli_rows("assess", "score", self.ws, "--registry", self.registry, "--year", "2023", "--draws", "200",
                            "--lang", "zh")
        self.assertEqual([(r["code"], r["rank"]) for r in ranking["rows"]],
                         [(r["code"], int(r["rank"]) if r["rank"] else None) for r in cli])
        self.assertEqual(ranking["rows"][0]["total"], 87.5)
        water = self.server.get("/api/v1/water/assessment?period=2024&level=section&lang=en")
        self.assertEqual({r["code"]: r["class"] for r in water["rows"]}, {"HH01": "II", "HH02": "III", "WL01": "IV"})

    def test_language_switches_titles_labels_and_names(self):
        zh = self.server.get("/api/v1/units?level=2")
        en = self.server.get("/api/v1/ranking?year=2023&lang=en")
        zh_rank = self.server.get("/api/v1/ranking?year=2023&lang=zh")
        self.assertEqual(zh["columns"][0]["label"], "代码")
        self.assertEqual(en["columns"][0]["label"], "code")
        self.assertEqual(en["rows"][0]["name"], "Hohhot")
        self.assertEqual(zh_rank["rows"][0]["name"], "呼和浩特市")
        self.assertIn("Assessment 2023", en["title"])

    def test_pagination(self):
        first = self.server.get("/api/v1/air/assessment?period=2016&page_size=50")
        last = self.server.get(f"/api/v1/air/assessment?period=2016&page_size=50&page={first['page']['pages']}")
        total = first["page"]["total_rows"]
        self.assertEqual(len(first["rows"]), 50)
        self.assertEqual(len(last["rows"]), total - 50 * (first["page"]["pages"] - 1))
        beyond = self.server.get(f"/api/v1/air/assessment?period=2016&page_size=50&page={first['page']['pages'] + 1}")
        self.assertEqual(beyond["rows"], [])

    def test_etag_and_gzip(self):
        r, body = self.server.request("/api/v1/units.geojson?level=3")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.getheader("Content-Type"), "application/geo+json; charset=utf-8")
        etag = r.getheader("ETag")
        self.assertTrue(etag.startswith('W/"'))
        fc = json.loads(body)
        self.assertEqual(len(fc["features"]), 103)
        r2, body2 = self.server.request("/api/v1/units.geojson?level=3", {"If-None-Match": etag})
        self.assertEqual((r2.status, body2), (304, b""))
        r3, body3 = self.server.request("/api/v1/units.geojson?level=3", {"Accept-Encoding": "gzip"})
        self.assertEqual(r3.getheader("Content-Encoding"), "gzip")
        self.assertEqual(gzip.decompress(body3), body)
        self.assertLess(len(body3), len(body) / 2)
        r4, _ = self.server.request("/api/v1/units.geojson?level=3", {"Accept-Encoding": "gzip;q=0"})
        self.assertIsNone(r4.getheader("Content-Encoding"))
        r5, body5 = self.server.request("/api/v1/units.geojson?level=3", method="HEAD")
        self.assertEqual((r5.status, body5, r5.getheader("ETag")), (200, b"", etag))

    def test_dashboard_files_are_served_compressed_and_cached(self):
        import re
        r, index = self.server.request("/")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.getheader("Content-Type"), "text/html; charset=utf-8")
        assets = re.findall(r'(?:src|href)="\./(assets/[^"]+\.js)"', index.decode("utf-8"))
        self.assertTrue(assets)
        r, body = self.server.request("/" + assets[0], {"Accept-Encoding": "gzip"})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.getheader("Content-Type"), "text/javascript; charset=utf-8")
        self.assertEqual(r.getheader("Content-Encoding"), "gzip")
        self.assertEqual(r.getheader("Cache-Control"), "public, max-age=31536000, immutable")
        with open(os.path.join(os.path.dirname(__file__), "../../web/dist", assets[0]), "rb") as f:
            self.assertEqual(gzip.decompress(body), f.read())
        r2, _ = self.server.request("/" + assets[0], {"If-None-Match": r.getheader("ETag")})
        self.assertEqual(r2.status, 304)
        r3, _ = self.server.request("/assets/nothing.js")
        self.assertEqual(r3.status, 404)

    def test_bulletin_is_the_reports_document(self):
        out = os.path.join(self.dir, "bulletin")
        run("report", self.ws, "--period", "2016", "--lang", "en", "--registry", self.registry, "-o", out, check=0)
        for fmt, ext, ctype in (("html", "html", "text/html; charset=utf-8"),
                                ("md", "md", "text/markdown; charset=utf-8")):
            r, body = self.server.request(f"/api/v1/bulletin?year=2016&lang=en&format={fmt}")
            self.assertEqual((r.status, r.getheader("Content-Type")), (200, ctype))
            with open(os.path.join(out, f"bulletin-2016-en.{ext}"), "rb") as f:
                self.assertEqual(body, f.read())
        r, _ = self.server.request("/api/v1/bulletin?year=2016&format=pdf")
        self.assertEqual(r.status, 400)

    def test_raster_zonal_is_the_run_of_raster_zonal(self):
        from osgeo import gdal
        listing = self.server.get("/api/v1/raster/list?lang=en")
        self.assertIn({"name": "cropland", "file": "cropland.tif", "bytes": os.path.getsize(self.cropland)},
                      listing["rows"])
        stats = "count,sum,mean,max,stdev,area_km2,p90"
        api = self.server.get(f"/api/v1/raster/zonal?raster=cropland&level=2&stats={stats}&lang=en&page_size=1000")
        # The same run from the CLI over the same units, copied out of the workspace.
        units = os.path.join(self.dir, "units_2.gpkg")
        gdal.VectorTranslate(units, self.ws, format="GPKG", layers=["admin_unit"], where="level = 2")
        cli = json.loads(run("raster", "zonal", self.cropland, units, "--id-field", "code", "--make-valid", "--stats",
                             stats, "--format", "json", check=0).stdout)
        self.assertEqual(len(api["rows"]), 12)
        self.assertEqual(api["rows"], cli)
        self.assertEqual([c["key"] for c in api["columns"]], ["id"] + stats.split(","))
        self.assertEqual(api["query"]["raster"], "cropland")
        self.assertEqual(self.server.get("/api/v1/raster/zonal?raster=cropland.tif&level=2&stats=" + stats +
                                         "&lang=en&page_size=1000")["rows"], cli)
        # A raster replaced under the same name is read again (answers are keyed by the file's time and size).
        path = os.path.join(self.dir, "rasters", "flat.tif")
        for value in (1, 2):
            d = gdal.GetDriverByName("GTiff").Create(path, 40, 40, 1, gdal.GDT_Float32)
            d.SetGeoTransform((110.0, 0.1, 0, 42.0, 0, -0.1))
            d.SetProjection('GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],'
                            'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]')
            d.GetRasterBand(1).Fill(value)
            d = None
            time.sleep(0.01)
            flat = self.server.get("/api/v1/raster/zonal?raster=flat&stats=mean&level=2")
            means = {r["mean"] for r in flat["rows"] if r["mean"] is not None}
            self.assertEqual(means, {float(value)})
        for query, status, code in [("raster=nothing", 404, "no_raster"), ("raster=../ws.gpkg", 400, "bad_parameter"),
                                    ("raster=.hidden", 400, "bad_parameter"),
                                    ("raster=cropland&stats=bogus", 400, "bad_parameter"),
                                    ("raster=cropland&level=9", 400, "bad_parameter"), ("", 400, "bad_parameter")]:
            r, body = self.server.request("/api/v1/raster/zonal?" + query)
            err = json.loads(body)["error"]
            self.assertEqual((r.status, err["code"]), (status, code), query)
        r, body = self.server.request("/api/v1/raster/zonal?raster=nothing")
        self.assertIn("cropland.tif", json.loads(body)["error"]["message"])

    def test_errors_have_one_shape_and_status(self):
        for path, status, code in [
            ("/api/v1/ranking?year=20x3", 400, "bad_parameter"),
            ("/api/v1/ranking", 400, "bad_parameter"),
            ("/api/v1/air/assessment?period=2016&level=galaxy", 400, "bad_parameter"),
            ("/api/v1/air/assessment?period=2016&bogus=1", 400, "bad_parameter"),
            ("/api/v1/units?page_size=5000", 400, "bad_parameter"),
            ("/api/v1/nowhere", 404, "not_found"),
            ("/api/v1/ranking?year=2019", 404, "no_targets"),  # the registry has no targets for 2019
            ("/api/v1/progress?year=2023&indicator=a%20b", 400, "bad_parameter"),
            ("/api/v1/screen?lon=500&lat=40", 400, "bad_parameter"),
            ("/api/v1/screen?lon=111", 400, "bad_parameter"),  # lat is required
            ("/api/v1/air/hourly?period=2016-01-01..2016-03-01", 400, "bad_parameter"),  # two months, all stations
            ("/api/v1/air/hourly?period=2014-01-01..2015-06-30&station=1090A", 400, "bad_parameter"),
            ("/api/v1/air/assessment?period=2010-01-01..2016-12-31", 400, "bad_parameter"),  # over five years
            ("/../../etc/passwd", 400, "bad_path"),
            ("/api/v1/units?" + "&".join(f"p{i}=1" for i in range(40)), 400, "too_many_parameters"),
        ]:
            r, body = self.server.request(path)
            self.assertEqual(r.status, status, path)
            err = json.loads(body)["error"]
            self.assertEqual((err["status"], err["code"]), (status, code), path)
            self.assertTrue(err["message"])
        r, body = self.server.request("/api/v1/meta", method="POST")
        self.assertEqual(r.status, 405)
        self.assertEqual(r.getheader("Allow"), "GET, HEAD")

    def test_hostile_requests_are_bounded(self):
        # Headers beyond the per-connection memory are refused without harming the server.
        r, _ = self.server.request("/api/v1/meta", {"X-Junk": "a" * 100000})
        self.assertIn(r.status, (400, 413, 431))
        # A client that sends half a request and stalls does not hold the server: others are served meanwhile.
        stalled = socket.create_connection(("127.0.0.1", self.server.port))
        stalled.sendall(b"GET /api/v1/meta HTTP/1.1\r\nHost: x\r\n")
        t0 = time.time()
        self.server.get("/api/v1/meta")
        self.assertLess(time.time() - t0, 5)
        # ... and is disconnected after the idle timeout (2 s here).
        stalled.settimeout(10)
        t0 = time.time()
        self.assertEqual(stalled.recv(1024), b"")
        self.assertLess(time.time() - t0, 6)
        stalled.close()
        self.assertEqual(self.server.proc.poll(), None)

    def test_random_malformed_requests_never_fault(self):
        # Seeded random paths and parameters, valid and not: every answer is a 200, a 304 or a 4xx with the error
        # shape, never a 500, and the server stays up.
        import random
        from urllib.parse import quote
        rng = random.Random(7)
        spec = self.server.get("/api/openapi.json")
        paths = [p for p in spec["paths"]] + ["/api/v1/", "/api/v2/meta", "/api", "/api/v1/ranking/x"]
        names = ["year", "period", "level", "lang", "page", "page_size", "unit", "indicator", "kind", "lon", "lat",
                 "buffer_m", "station", "draws", "seed", "x"]
        values = ["2016", "2023", "2019-01", "2019Q1", "2016-01-01..2016-01-03", "0", "-1", "1e308", "nan", "city",
                  "region", "unit", "en", "zh", "150100", "１５０１００", "%00", "%ff", "'; DROP TABLE admin_unit; --",
                  "a" * 300, "", "..", "2", "1000", "1001", "111.6", "40.8"]
        for _ in range(300):
            path = rng.choice(paths)
            query = "&".join(f"{rng.choice(names)}={quote(rng.choice(values), safe='%')}"
                             for _ in range(rng.randint(0, 4)))
            r, body = self.server.request(path + ("?" + query if query else ""))
            self.assertIn(r.status, (200, 400, 404), path + "?" + query)
            if r.status != 200:
                self.assertIn("error", json.loads(body), path + "?" + query)
        self.assertEqual(self.server.get("/api/v1/units?level=2")["page"]["total_rows"], 12)

    def test_answers_follow_changes_of_the_workspace(self):
        before = self.server.get("/api/v1/indicators?year=2023&indicator=energy&unit=150300")
        self.assertEqual(before["rows"], [])
        run("assess", "import", self.ws, self.write("more.csv", "indicator,unit_code,year,value\nenergy,150300,2023,11\n"),
            check=0)
        after = self.server.get("/api/v1/indicators?year=2023&indicator=energy&unit=150300")
        self.assertEqual([r["value"] for r in after["rows"]], [11.0])

    def test_openapi_describes_every_endpoint(self):
        spec = self.server.get("/api/openapi.json")
        self.assertEqual(spec["openapi"], "3.0.3")
        with open(os.path.join(os.path.dirname(__file__), "../../docs/openapi.json"), encoding="utf-8") as f:
            self.assertEqual(json.load(f), spec)
        for path in spec["paths"]:
            if path == "/api/openapi.json":
                continue
            query = {"/api/v1/air/assessment": "?period=2016", "/api/v1/air/daily": "?period=2016-01",
                     "/api/v1/water/assessment": "?period=2024", "/api/v1/ranking": "?year=2023",
                     "/api/v1/progress": "?year=2023", "/api/v1/indicators": "?year=2023",
                     "/api/v1/ledger": "?year=2023", "/api/v1/patrols": "?period=2023",
                     "/api/v1/screen": "?lon=111.6&lat=40.8", "/api/v1/air/hourly": "?period=2016-01",
                     "/api/v1/bulletin": "?year=2016", "/api/v1/raster/zonal": "?raster=cropland"}.get(path, "")
            r, body = self.server.request(path + query)
            self.assertEqual(r.status, 200, path + ": " + body[:200].decode("utf-8", "replace"))


if __name__ == "__main__":
    unittest.main()

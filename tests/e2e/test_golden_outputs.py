"""What users see, byte for byte: every demo command's output (table in both languages, CSV, JSON), the API answers
the dashboard and the tests ask for, and the bulletin files, compared with the files recorded under
tests/golden/outputs/ before the use-case layer replaced the printing command bodies (issue 13).

Everything runs in a scratch directory with relative paths (the bundled data through a `data` link), so the
outputs do not depend on where the checkout lives. On PostgreSQL (ECOBARRIER_E2E_BACKEND=postgresql) the demo still
builds demo/ws.gpkg (its outputs compared as on GeoPackage), which `ecobarrier workspace copy` then copies into a
database; every later command, the bulletins and the API run on that database, and their outputs, with the database's
URI written as demo/ws.gpkg, must be the very files recorded from the GeoPackage. After an intended change, record
again with
    ECOBARRIER_UPDATE_GOLDEN=1 python3 -m unittest test_golden_outputs   (from tests/e2e, with ECOBARRIER_BIN set)
and say in the commit why the outputs changed.
"""
import hashlib
import http.client
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from support import BIN, PG, SOURCE, create_database, drop_database, new_database_name, pg_uri

GOLDEN = os.path.join(SOURCE, "tests", "golden", "outputs")
UPDATE = os.environ.get("ECOBARRIER_UPDATE_GOLDEN") == "1"
# Answers larger than this are recorded by size and SHA-256 (GeoJSON outlines); smaller ones in full.
FULL_LIMIT = 300_000

WS = "demo/ws.gpkg"
SYN = "demo/synthetic"
RAS = "demo/raster"
REGISTRY = "data/assessment/registry_demo.csv"
S2 = "data/demo/raster/sentinel2_29RKH_20200219"
CROPLAND = "data/demo/raster/cropland_hyde_2016_10km_innermongolia_bbox.tif"
LEAGUES = "data/demo/boundaries/150000.json"
COUNTIES = "data/demo/boundaries/150000_counties_merged.json"

# Commands over the demo workspace (read-only ones; each is run as a table in Chinese and English, as CSV and as
# JSON). Raster commands write their rasters under out/ (their digests are recorded too).
READ_ONLY = {
    "summary": ["summary", WS],
    "summary_capture": ["summary", WS, "--part", "capture", "--averaging", "1h,day,day_max_8h"],
    "unit_list": ["unit", "list", WS, "--level", "2"],
    "station_list": ["station", "list", WS],
    "air_assess_2016_region": ["air", "assess", WS, "--period", "2016", "--level", "region"],
    "air_assess_2016_city": ["air", "assess", WS, "--period", "2016", "--level", "city"],
    "air_assess_2019h1_city": ["air", "assess", WS, "--period", "2019-01-01..2019-06-30", "--level", "city"],
    "air_assess_2019h1_station": ["air", "assess", WS, "--period", "2019-01-01..2019-06-30", "--level", "station"],
    "air_assess_2014_region": ["air", "assess", WS, "--period", "2014", "--level", "region"],
    "air_assess_2016_whatif": ["air", "assess", WS, "--period", "2016", "--what-if", "2026"],
    "air_daily_2016_01_city": ["air", "daily", WS, "--period", "2016-01", "--level", "city"],
    "air_daily_2019_02_region": ["air", "daily", WS, "--period", "2019-02", "--level", "region"],
    "air_hourly_2019_01_1090A": ["air", "hourly", WS, "--period", "2019-01", "--station", "1090A"],
    "air_rank_2016": ["air", "rank", WS, "--period", "2016", "--baseline", "2015"],
    "air_trend_2014_2016": ["air", "trend", WS, "--from", "2014", "--to", "2016"],
    "water_assess_2024_section": ["water", "assess", WS, "--period", "2024", "--level", "section", "--baseline",
                                  "2023"],
    "water_assess_2024_basin": ["water", "assess", WS, "--period", "2024", "--level", "basin", "--baseline", "2023"],
    "water_assess_2023_unit": ["water", "assess", WS, "--period", "2023", "--level", "unit"],
    "water_assess_2024_region": ["water", "assess", WS, "--period", "2024", "--level", "region"],
    "water_assess_2024_river": ["water", "assess", WS, "--period", "2024", "--level", "river"],
    "water_trophic_2023_2024": ["water", "trophic", WS, "--from", "2023", "--to", "2024"],
    "water_trophic_2023_2024_month": ["water", "trophic", WS, "--from", "2023", "--to", "2024", "--by", "month"],
    "water_cwqi_2024": ["water", "cwqi", WS, "--period", "2024", "--baseline", "2023"],
    "water_classify_samples": ["water", "classify", f"{SYN}/synthetic_water_samples_2023-2024.csv"],
    "layer_list": ["layer", "list", WS],
    "layer_stats_2": ["layer", "stats", WS, "--level", "2"],
    "layer_stats_3": ["layer", "stats", WS, "--level", "3"],
    "screen_sites": ["screen", WS, f"{SYN}/synthetic_sites.geojson"],
    "screen_sites_buffer": ["screen", WS, f"{SYN}/synthetic_sites.geojson", "--buffer", "5000"],
    "project_summary_2023_1": ["project", "summary", WS, "--year", "2023", "--level", "1"],
    "project_progress_2023_2": ["project", "progress", WS, "--year", "2023", "--since", "2021", "--level", "2"],
    "project_overlaps": ["project", "overlaps", WS],
    "assess_score_2023": ["assess", "score", WS, "--registry", REGISTRY, "--year", "2023", "--draws", "500",
                          "--seed", "2023"],
    "assess_progress_2023": ["assess", "progress", WS, "--registry", REGISTRY, "--year", "2023"],
    "assess_progress_2023_energy": ["assess", "progress", WS, "--registry", REGISTRY, "--year", "2023",
                                    "--indicator", "energy.intensity_drop_vs_2020_pct"],
    "chief_coverage_2023_2": ["chief", "coverage", WS, "--period", "2023", "--level", "2"],
    "chief_coverage_2023_asof": ["chief", "coverage", WS, "--period", "2023", "--as-of", "2023-10-01"],
    "air_aqi_file": ["air", "aqi", "data/demo/air/aqistudy_daily_innermongolia_2013-12_2017-01.csv"],
    "raster_fvc_2015": ["raster", "fvc", f"{RAS}/synthetic_ndvi_2015.tif", "--out", "out/fvc.tif", "--grades",
                        "out/grades.tif"],
    "raster_fvc_bands": ["raster", "fvc", "--red", f"{S2}/B04.tif", "--nir", f"{S2}/B08.tif", "--ndvi-out",
                         "out/s2_ndvi.tif", "--out", "out/s2_fvc.tif"],
    "raster_ndvi_s2": ["raster", "ndvi", f"{S2}/B04.tif", f"{S2}/B08.tif", "--out", "out/ndvi.tif"],
    "raster_classify_scheme": ["raster", "classify", f"{RAS}/fvc_2025.tif", "--scheme", "desertification_fvc5",
                               "--out", "out/classes.tif"],
    "raster_classify_breaks": ["raster", "classify", f"{RAS}/synthetic_ndvi_2025.tif", "--breaks", "0.1,0.3,0.5",
                               "--out", "out/breaks.tif"],
    "raster_change": ["raster", "change", f"{RAS}/fvc_grades_2015.tif", f"{RAS}/fvc_grades_2025.tif", "--scheme",
                      "desertification_fvc5", "--out", "out/change.tif"],
    "raster_change_zones": ["raster", "change", f"{RAS}/fvc_grades_2015.tif", f"{RAS}/fvc_grades_2025.tif",
                            "--zones", LEAGUES, "--id-field", "adcode", "--make-valid"],
    "raster_trend": ["raster", "trend", f"{RAS}/synthetic_ndvi_2015.tif", f"{RAS}/fvc_2015.tif",
                     f"{RAS}/synthetic_ndvi_2025.tif", f"{RAS}/fvc_2025.tif", "--slope", "out/slope.tif", "--z",
                     "out/z.tif", "--classes", "out/trend.tif"],
    "raster_rsei_layers": ["raster", "rsei", "--ndvi", f"{RAS}/synthetic_ndvi_2015.tif", "--wet",
                           f"{RAS}/fvc_2025.tif", "--ndbsi", f"{RAS}/fvc_2015.tif", "--lst",
                           f"{RAS}/synthetic_ndvi_2025.tif", "--out", "out/rsei.tif", "--grades",
                           "out/rsei_grades.tif"],
    "raster_zonal_cropland": ["raster", "zonal", CROPLAND, COUNTIES, "--id-field", "adcode", "--make-valid",
                              "--stats", "count,sum,mean,min,max,stdev,cells,area_km2,area_weighted_mean,median,p90"],
    "raster_zonal_stack": ["raster", "zonal", f"{RAS}/fvc_2015.tif", f"{RAS}/fvc_2025.tif", LEAGUES,
                           "--id-field", "adcode", "--make-valid", "--stats", "mean,area_km2"],
    "raster_zonal_classes": ["raster", "zonal", f"{RAS}/fvc_grades_2025.tif", LEAGUES, "--id-field", "name",
                             "--make-valid", "--stats", "majority,minority,variety,class_areas"],
    "raster_zonal_ws": ["raster", "zonal", f"{RAS}/fvc_2025.tif", WS, "--id-field", "code", "--make-valid",
                        "--stats", "mean,area_km2"],
}

# Commands that change the workspace, run on a copy (demo/copy.gpkg) in this order, each once per format.
COPY = "demo/copy.gpkg"
WRITES = {
    "assess_derive_2023": ["assess", "derive", COPY, "--year", "2023"],
    "assess_derive_raster": ["assess", "derive", COPY, "--year", "2025", "--from", "raster", "--raster",
                             f"fvc_mean={RAS}/fvc_2025.tif", "--scale", "100"],
    "init_again": ["init", COPY],
    "obs_import_again": ["obs", "import", COPY, "data/demo/air/cnemc_hourly_2019H1_innermongolia.csv"],
}

FORMATS = {"zh": ["--lang", "zh"], "en": ["--lang", "en"], "csv": ["--format", "csv", "--lang", "en"],
           "json": ["--format", "json", "--lang", "en"]}


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class GoldenOutputs(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        if UPDATE and PG:
            raise unittest.SkipTest("outputs are recorded from the GeoPackage run; PostgreSQL's must equal them")
        cls.dir = tempfile.mkdtemp(prefix="ebgolden-")
        os.symlink(os.path.join(SOURCE, "data"), os.path.join(cls.dir, "data"))
        os.makedirs(os.path.join(cls.dir, "out"))
        # SOURCE_DATE_EPOCH: the bulletin cover's date of issue is fixed (2024-06-05), not the day the test runs.
        cls.env = dict(os.environ, ECOBARRIER_DATA_DIR="data", ECOBARRIER_LANG="zh", SOURCE_DATE_EPOCH="1717545600")
        cls.env.pop("ECOBARRIER_WEB_DIR", None)
        cls.seen = set()
        cls.failures = []
        # The workspace names in the commands, and what they name on the backend under test: the files themselves,
        # or (PostgreSQL, once the demo has built its file) databases that the demo's workspace is copied into.
        cls.targets = {WS: WS, COPY: COPY}
        if PG:
            cls.databases = {WS: new_database_name("golden_ws"), COPY: new_database_name("golden_copy")}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)
        if PG:
            for db in cls.databases.values():
                drop_database(db)

    def run_cli(self, *args):
        args = [self.targets.get(a, a) for a in args]
        p = subprocess.run([BIN, *args], cwd=self.dir, capture_output=True, env=self.env, timeout=600)
        return p

    def normalised(self, data):
        # A database URI is written as the file name it stands for (the longest first: none is a prefix of another).
        for name, target in sorted(self.targets.items(), key=lambda kv: -len(kv[1])):
            if target != name:
                data = data.replace(target.encode(), name.encode())
        # The API's meta names a workspace by its last component: the file's name, or the database's.
        if PG:
            for name, database in self.databases.items():
                data = data.replace(f'"{database}"'.encode(), f'"{os.path.basename(name)}"'.encode())
        return data.replace(self.dir.encode(), b"<DIR>")

    def fresh_copy(self):
        """COPY as the demo left WS, before the commands that write."""
        if not PG:
            shutil.copyfile(os.path.join(self.dir, WS), os.path.join(self.dir, COPY))
            return
        drop_database(self.databases[COPY])
        create_database(self.databases[COPY], template=self.databases[WS])

    def demo_into_database(self):
        """PostgreSQL: the demo's workspace file copied into the database that WS names from now on."""
        uri = create_database(self.databases[WS])
        p = subprocess.run([BIN, "workspace", "copy", WS, uri], cwd=self.dir, capture_output=True, env=self.env,
                           timeout=600)
        self.assertEqual(p.returncode, 0, p.stderr.decode("utf-8", "replace"))
        type(self).targets = {name: pg_uri(db) for name, db in self.databases.items()}

    def check(self, name, data):
        """Compares `data` with the recorded file `name` (or records it under ECOBARRIER_UPDATE_GOLDEN=1)."""
        self.assertNotIn(name, self.seen, f"two outputs named {name}")
        self.seen.add(name)
        data = self.normalised(data)
        if len(data) > FULL_LIMIT:
            name += ".sha256"
            data = f"{len(data)} {hashlib.sha256(data).hexdigest()}\n".encode()
        path = os.path.join(GOLDEN, name)
        if UPDATE:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
            return
        if not os.path.exists(path):
            self.failures.append(f"{name}: no recorded output (ECOBARRIER_UPDATE_GOLDEN=1 records it)")
            return
        with open(path, "rb") as f:
            expected = f.read()
        if expected != data:
            exp, got = expected.decode("utf-8", "replace").splitlines(), data.decode("utf-8", "replace").splitlines()
            first = next((i for i in range(min(len(exp), len(got))) if exp[i] != got[i]), min(len(exp), len(got)))
            self.failures.append(f"{name}: differs from line {first + 1}\n  expected: "
                                 f"{exp[first] if first < len(exp) else '<end>'}\n  got:      "
                                 f"{got[first] if first < len(got) else '<end>'}")

    def command(self, name, args, fmt):
        p = self.run_cli(*FORMATS[fmt], *args)
        self.check(f"cli/{name}.{fmt}.out", p.stdout)
        self.check(f"cli/{name}.{fmt}.err", p.stderr + f"exit {p.returncode}\n".encode())
        for out in sorted(os.listdir(os.path.join(self.dir, "out"))):
            path = os.path.join(self.dir, "out", out)
            self.check(f"cli/{name}.{fmt}.{out}.sha256", (digest(path) + "\n").encode())
            os.remove(path)

    def test_outputs(self):
        # The demo itself in every format: imports and every step's tables (it builds demo/ws.gpkg).
        for fmt in FORMATS:
            # (as CSV it stops at the summary, which is several tables: exit 2, recorded too)
            p = self.run_cli(*FORMATS[fmt], "demo", "--workspace", WS)
            self.check(f"demo/demo.{fmt}.out", p.stdout)
            self.check(f"demo/demo.{fmt}.err", p.stderr + f"exit {p.returncode}\n".encode())
        for name in sorted(os.listdir(os.path.join(self.dir, "demo", "raster"))):
            self.check(f"demo/raster/{name}.sha256", (digest(os.path.join(self.dir, RAS, name)) + "\n").encode())
        if PG:
            self.demo_into_database()
        for name, args in READ_ONLY.items():
            for fmt in FORMATS:
                self.command(name, args, fmt)
        for fmt in FORMATS:
            self.fresh_copy()
            for name, args in WRITES.items():
                self.command(name, args, fmt)
        # The bulletin of each year with data, in both languages, HTML and Markdown.
        for year in ("2016", "2019", "2023", "2024"):
            for lang in ("zh", "en"):
                p = self.run_cli("--lang", lang, "report", WS, "--period", year, "-o", "bulletin")
                self.assertEqual(p.returncode, 0, p.stderr.decode())
                for ext in ("html", "md"):
                    with open(os.path.join(self.dir, "bulletin", f"bulletin-{year}-{lang}.{ext}"), "rb") as f:
                        self.check(f"bulletin/bulletin-{year}-{lang}.{ext}", f.read())
        self.api_answers()
        if UPDATE:
            self.skipTest(f"recorded {len(self.seen)} outputs under {GOLDEN}")
        self.assertFalse(self.failures, f"{len(self.failures)} of {len(self.seen)} outputs differ:\n" +
                         "\n".join(self.failures[:40]))

    def api_answers(self):
        proc = subprocess.Popen([BIN, "serve", self.targets[WS], "--port", "0", "--no-warm"], cwd=self.dir,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
        try:
            line = proc.stdout.readline().decode()
            self.assertTrue(line.startswith("serving http://"), line)
            port = int(line.strip().rstrip("/").rsplit(":", 1)[1])

            def get(path):
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                c.request("GET", path)
                r = c.getresponse()
                body = r.read()
                c.close()
                return r.status, body

            def record(path):
                status, body = get(path)
                name = path.replace("/api/v1/", "").replace("/", "_").replace("?", "__").replace("&", "_")
                name = name.replace("=", "-").replace("..", "_to_").replace("%20", "_")
                self.check(f"api/{name}", f"{status}\n".encode() + body)
                return status, body

            status, body = record("/api/v1/meta")
            meta = json.loads(body)
            for path in ("/api/v1/units.geojson?level=2", "/api/v1/units.geojson?level=3", "/api/v1/stations.geojson",
                         "/api/v1/protected.geojson?kind=red_line", "/api/v1/protected.geojson?kind=wetland"):
                record(path)
            years = meta["years"]
            for lang in ("zh", "en"):
                all_rows = f"lang={lang}&page_size=1000"
                record(f"/api/v1/units?level=2&{all_rows}")
                for y in years.get("air", []):
                    for level in ("city", "station", "region"):
                        record(f"/api/v1/air/assessment?period={y}&level={level}&{all_rows}")
                for y in years.get("water", []):
                    for level in ("unit", "region", "section", "basin"):
                        record(f"/api/v1/water/assessment?period={y}&level={level}&{all_rows}")
                for y in years.get("ranking", []):
                    record(f"/api/v1/ranking?year={y}&level=2&{all_rows}")
                    record(f"/api/v1/progress?year={y}&level=2&{all_rows}")
                for y in years.get("indicators", []):
                    record(f"/api/v1/indicators?year={y}&{all_rows}")
                for y in years.get("ledger", []):
                    record(f"/api/v1/ledger?year={y}&level=2&{all_rows}")
                for y in years.get("patrols", []):
                    record(f"/api/v1/patrols?period={y}&level=2&{all_rows}")
                record(f"/api/v1/protected/stats?level=2&{all_rows}")
                record(f"/api/v1/protected/layers?{all_rows}")
                record(f"/api/v1/air/daily?period=2016-01&level=city&unit=150100&{all_rows}")
                record(f"/api/v1/air/daily?period=2019-03&level=region&{all_rows}")
                record(f"/api/v1/air/hourly?period=2019-01-01..2019-01-03&{all_rows}")
                record(f"/api/v1/air/hourly?period=2019-02&station=1090A&{all_rows}")
                record(f"/api/v1/screen?lon=111.6&lat=40.8&{all_rows}")
                record(f"/api/v1/screen?lon=117.2&lat=44.1&buffer_m=2000&{all_rows}")
            for path in ("/api/v1/air/assessment?period=2016&page_size=50&page=2",
                         "/api/v1/ranking?year=2023&draws=200&seed=7",
                         "/api/v1/progress?year=2023&indicator=energy.intensity_drop_vs_2020_pct",
                         "/api/v1/ranking?year=2019", "/api/v1/ranking?year=20x3",
                         "/api/v1/air/assessment?period=2016&level=galaxy", "/api/v1/nowhere",
                         "/api/v1/bulletin?year=2023&lang=en&format=md"):
                record(path)
        finally:
            proc.terminate()
            proc.wait(10)
            proc.stdout.close()
            proc.stderr.close()


if __name__ == "__main__":
    unittest.main()

"""ecobarrier carbon: energy and CO2 accounting per league and region from SYNTHETIC activity data, the
land-cover sink ESTIMATE, and the import guarantees (file:line:column errors, one transaction, idempotent)."""
import csv
import json
import os
import unittest

from support import LEAGUES, WorkspaceCase, content_digest, query, run


class CarbonTest(WorkspaceCase):
    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.dir = tempfile.mkdtemp(prefix="ebe2e-carbon-")
        cls.ws = cls.class_workspace(cls.dir)
        cls.syn = os.path.join(cls.dir, "syn")
        run("carbon", "synthetic", cls.syn, "--cell-degrees", "0.05", check=0)
        run("carbon", "import-energy", cls.ws, os.path.join(cls.syn, "energy_synthetic.csv"), check=0)
        run("carbon", "import-gdp", cls.ws, os.path.join(cls.syn, "gdp_synthetic.csv"), check=0)
        run("carbon", "import-targets", cls.ws, os.path.join(cls.syn, "carbon_targets_synthetic.csv"), check=0)

    @classmethod
    def tearDownClass(cls):
        import shutil
        shutil.rmtree(cls.dir, ignore_errors=True)

    def account(self, *args):
        p = run("carbon", "account", self.ws, *args, "--format", "json", check=0)
        return json.loads(p.stdout), p

    def test_synthetic_files_say_so(self):
        for name in ("energy_synthetic.csv", "gdp_synthetic.csv", "carbon_targets_synthetic.csv"):
            with open(os.path.join(self.syn, name), encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
            self.assertTrue(rows and all("SYNTHETIC" in r["source"] for r in rows), name)

    def test_league_account_matches_its_own_arithmetic(self):
        doc, p = self.account("--year", "2025", "--level", "2")
        units = {u["code"]: u for u in doc["units"]}
        self.assertEqual(len(units), 12)
        self.assertIn("SYNTHETIC", p.stderr)  # the data's source is named
        # Recompute Ordos's tce from its fuel lines, and its intensity from tce and GDP.
        ordos = units["150600"]
        lines = [f for f in doc["fuels"] if f["code"] == "150600" and f["year"] == 2025]
        self.assertAlmostEqual(sum(f["tce"] for f in lines), ordos["energy_tce"], delta=0.5)
        self.assertAlmostEqual(ordos["energy_tce"] / ordos["gdp_10k_yuan"], ordos["energy_intensity"], places=3)
        # An exporter's net electricity is negative, and so is its indirect CO2.
        self.assertLess(ordos["co2_electricity_t"], 0)
        # East (Hulunbuir) at the Northeast grid factor, west (Ordos) at North China's; 2025 takes 2022's factor.
        grids = {(g["code"], g["year"]): g for g in doc["grid_factors"]}
        self.assertEqual(grids[("150700", 2025)]["grid"], "northeast")
        self.assertEqual(grids[("150600", 2025)]["grid"], "north_china")
        self.assertEqual(grids[("150600", 2025)]["factor_year"], 2022)
        # Every league has both targets, from a SYNTHETIC source.
        targets = [t for t in doc["targets"] if t["code"] == "150600"]
        self.assertEqual({t["indicator"] for t in targets}, {"energy_intensity", "carbon_intensity"})
        self.assertTrue(all("SYNTHETIC" in t["source"] for t in targets))

    def test_region_sums_its_leagues(self):
        leagues, _ = self.account("--year", "2024", "--level", "2")
        region, _ = self.account("--year", "2024", "--level", "1")
        r = region["units"][0]
        self.assertEqual(r["code"], "150000")
        self.assertIn("12", r["basis"])
        self.assertAlmostEqual(r["energy_tce"], sum(u["energy_tce"] for u in leagues["units"]), delta=2)
        self.assertAlmostEqual(r["co2_t"], sum(u["co2_t"] for u in leagues["units"]), delta=2)

    def test_reimport_changes_nothing_and_conflicts_store_nothing(self):
        before = content_digest(self.ws)
        p = run("carbon", "import-energy", self.ws, os.path.join(self.syn, "energy_synthetic.csv"), "--format", "csv",
                check=0)
        row = next(csv.DictReader(p.stdout.splitlines()))
        self.assertEqual(row["added"], "0")
        self.assertEqual(content_digest(self.ws), before)
        # One audit entry per import that added rows: energy, GDP and targets of setUpClass.
        self.assertEqual(sorted(r[0] for r in query(self.ws, "SELECT table_name FROM audit_log WHERE action = ?",
                                                   "carbon import")),
                         ["carbon_energy", "carbon_gdp", "carbon_target"])
        bad = self.write("bad.csv", "unit_code,year,fuel,amount,unit\n150100,2019,coke,1,t\n150100,2020,raw_coal,1,t\n")
        p = run("carbon", "import-energy", self.ws, bad)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("bad.csv:3: 150100 2020 raw_coal is stored as", p.stderr)
        self.assertEqual(query(self.ws, "SELECT count(*) FROM carbon_energy WHERE year = 2019")[0][0], 0)

    def test_bad_fuel_and_unit_name_file_line_column(self):
        p = run("carbon", "import-energy", self.ws,
                self.write("e.csv", "unit_code,year,fuel,amount,unit\n150100,2021,peat,1,t\n"), check=3)
        self.assertIn("e.csv:2:3: fuel: unknown fuel \"peat\"", p.stderr)
        p = run("carbon", "import-energy", self.ws,
                self.write("u.csv", "unit_code,year,fuel,amount,unit\n150100,2021,natural_gas,1,t\n"), check=3)
        self.assertIn("u.csv:2:5: unit: t is not a unit of natural_gas", p.stderr)

    def test_sink_is_an_estimate_per_league(self):
        raster = os.path.join(self.syn, "raster")
        p = run("carbon", "sink", "--from", os.path.join(raster, "landcover_2015_synthetic.tif"),
                "--to", os.path.join(raster, "landcover_2025_synthetic.tif"), "--from-year", "2015",
                "--to-year", "2025", "--zones", LEAGUES, "--format", "json", check=0)
        doc = json.loads(p.stdout)
        self.assertIn("ESTIMATE", p.stderr)
        zones = doc["zones"]
        self.assertEqual(len(zones), 13)  # 12 leagues and the total
        self.assertTrue(all(z["estimate"] == "ESTIMATE" for z in zones))
        total = zones[-1]
        self.assertAlmostEqual(total["total_sink_t_co2"], sum(z["total_sink_t_co2"] for z in zones[:-1]),
                               delta=abs(total["total_sink_t_co2"]) * 1e-9 + 1)

    def test_api_answers_as_the_cli(self):
        from test_cli_serve import Server
        cli, _ = self.account("--year", "2025", "--level", "2")
        server = Server(self.ws)
        try:
            api = server.get("/api/v1/carbon?year=2025&level=2&lang=zh")
            region = server.get("/api/v1/carbon?year=2025&level=1")
        finally:
            server.stop()
        by_code = {r["code"]: r for r in api["rows"]}
        self.assertEqual(len(by_code), 12)
        for unit in cli["units"]:
            self.assertAlmostEqual(by_code[unit["code"]]["co2_t"], unit["co2_t"], places=1)
        self.assertEqual(len(region["rows"]), 1)

    def test_factors_list_sources(self):
        p = run("carbon", "factors", "--format", "csv", check=0)
        rows = {r["fuel"]: r for r in csv.DictReader(p.stdout.splitlines())}
        self.assertEqual(rows["raw_coal"]["coefficient"], "0.7143")
        self.assertIn("GB/T 2589-2020", rows["raw_coal"]["coal_source"])


if __name__ == "__main__":
    unittest.main()

"""ecobarrier source exceedances/loads and the sources API: a registry imported, hourly packets streamed through the
real receiver (HJ 212-2017 and 2005 codes, a flagged hour), the figures checked against hand-worked numbers, and the
CLI and the API giving the same rows."""
import csv
import json

from support import WorkspaceCase, query, run
from test_cli_serve import Server
from test_cli_source import REGISTRY, hourly_packet, send_through_receiver


# The stack (GB 13223-2011 existing coal boiler: SO2 200 mg/m³ at 6 % O2) and the wastewater outlet (GB 8978-1996
# grade 1, new: COD 100 mg/L). Hand-worked:
#   00:00 SO2 150 at 9 % O2  -> 150 x 15/12 = 187.5 meets;  load 150 x 100 000 m³ = 15 kg
#   01:00 SO2 180 at 11 %    -> 180 x 15/10 = 270 exceeds, ratio 1.35;  180 x 120 000 = 21.6 kg
#   02:00 (2005 codes) 160 at 13 % -> 160 x 15/8 = 300 exceeds, 1.5;  160 x 80 000 = 12.8 kg
#   03:00 SO2 500 flagged F  -> left out of both
#   COD 120 mg/L, 10 m³     -> exceeds, 1.2;  120 x 10 x 1000 mg = 1.2 kg
PACKETS = [
    ("MN0001", "123456", "20260301000000", [("a21026", "Avg", 150, "N"), ("a19001", "Avg", 9, "N"),
                                            ("a00000", "Cou", 100000, "N"), ("a00000", "Avg", 27.8, None)]),
    ("MN0001", "123456", "20260301010000", [("a21026", "Avg", 180, "N"), ("a19001", "Avg", 11, "N"),
                                            ("a00000", "Cou", 120000, "N")]),
    ("MN0001", "123456", "20260301020000", [("02", "Avg", 160, "N"), ("S01", "Avg", 13, "N"),
                                            ("B02", "Cou", 80000, "N")]),
    ("MN0001", "123456", "20260301030000", [("a21026", "Avg", 500, "F"), ("a19001", "Avg", 9, "N"),
                                            ("a00000", "Cou", 100000, "N")]),
    ("MN0002", "654321", "20260302000000", [("w01018", "Avg", 120, "N"), ("w00000", "Cou", 10, "N")]),
]


class SourceEmissionTest(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.ws = self.fresh_workspace()
        run("source", "import", self.ws, self.write("reg.csv", REGISTRY), check=0)
        send_through_receiver(self, self.ws, [hourly_packet(*p) for p in PACKETS])
        self.assertEqual(query(self.ws, "SELECT count(*) FROM source_value")[0][0], 15)

    def test_exceedances_by_hand(self):
        p = run("source", "exceedances", self.ws, "--period", "2026-03", "--format", "json", check=0)
        doc = json.loads(p.stdout)
        rows = doc["exceedances"]
        self.assertEqual([(r["outlet"], r["pollutant"], r["hour"]) for r in rows],
                         [("DA001", "a21026", "2026-03-01T01:00:00+08:00"),
                          ("DA001", "a21026", "2026-03-01T02:00:00+08:00"),
                          ("DW001", "w01018", "2026-03-02T00:00:00+08:00")])
        self.assertAlmostEqual(rows[0]["converted"], 270)
        self.assertAlmostEqual(rows[0]["ratio"], 1.35)
        self.assertEqual(rows[0]["o2"], 11)
        self.assertEqual(rows[0]["limit"], 200)
        self.assertAlmostEqual(rows[1]["converted"], 300)
        self.assertEqual(rows[1]["measured"], 160)  # sent as "02" (HJ 212-2005)
        self.assertAlmostEqual(rows[2]["ratio"], 1.2)
        self.assertIsNone(rows[2]["ref_o2"])
        outlets = {o["outlet"]: o for o in doc["outlets"]}
        self.assertEqual(outlets["DA001"]["hours_expected"], 744)
        self.assertEqual(outlets["DA001"]["hours_received"], 4)
        self.assertEqual(outlets["DA001"]["judged"], 3)
        self.assertEqual(outlets["DA001"]["flagged"], 1)
        self.assertEqual(outlets["DA001"]["exceeding"], 2)
        self.assertIn("flagged by the device and left out", p.stderr)
        self.assertIn("data review", p.stderr)
        # One outlet by its MN; an unknown outlet is refused.
        one = json.loads(run("source", "exceedances", self.ws, "--period", "2026-03", "--outlet", "MN0002",
                             "--format", "json", check=0).stdout)
        self.assertEqual(len(one["exceedances"]), 1)
        p = run("source", "exceedances", self.ws, "--period", "2026-03", "--outlet", "DA999")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("no outlet \"DA999\"", p.stderr)

    def test_loads_by_hand(self):
        out = self.path("loads.csv")
        run("source", "loads", self.ws, "--period", "2026", "--by", "outlet", "--format", "csv", "-o", out, check=0)
        with open(out, encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        by = {r["pollutant"]: r for r in rows}
        self.assertEqual(sorted(by), ["a21026", "w01018"])  # O2 and flow carry no load
        self.assertAlmostEqual(float(by["a21026"]["load_t"]), 0.0494, places=12)  # 15 + 21.6 + 12.8 kg
        self.assertEqual(int(by["a21026"]["hours_used"]), 3)
        self.assertEqual(int(by["a21026"]["hours_flagged"]), 1)
        self.assertEqual(int(by["a21026"]["hours_expected"]), 8760)
        self.assertEqual(int(by["a21026"]["hours_not_received"]), 8760 - 4)
        self.assertAlmostEqual(float(by["w01018"]["load_t"]), 0.0012, places=12)
        ent = json.loads(run("source", "loads", self.ws, "--period", "2026", "--by", "enterprise", "--format",
                             "json", check=0).stdout)
        self.assertEqual({r["pollutant"]: r["outlets"] for r in ent}, {"a21026": 1, "w01018": 1})
        unit = json.loads(run("source", "loads", self.ws, "--period", "2026", "--by", "unit", "--format", "json",
                              check=0).stdout)
        self.assertEqual({r["unit"] for r in unit}, {"150100"})  # 111.70, 40.80 lies in Hohhot

    def test_api_answers_as_the_cli(self):
        server = Server(self.ws)
        try:
            cli_exc = json.loads(run("source", "exceedances", self.ws, "--period", "2026-03", "--format", "json",
                                     check=0).stdout)
            api_exc = server.get("/api/v1/sources/exceedances?period=2026-03&lang=en")
            self.assertEqual(api_exc["rows"], cli_exc["exceedances"])
            self.assertEqual({a["key"]: a["rows"] for a in api_exc["also"]},
                             {"outlets": cli_exc["outlets"], "pollutants": cli_exc["pollutants"]})
            for by in ("outlet", "enterprise", "unit", "county"):
                cli = json.loads(run("source", "loads", self.ws, "--period", "2026", "--by", by, "--format", "json",
                                     check=0).stdout)
                api = server.get(f"/api/v1/sources/loads?period=2026&by={by}&lang=en")
                self.assertEqual(api["rows"], cli, by)
            reg = server.get("/api/v1/sources?lang=en")
            self.assertEqual([(r["outlet"], r["kind"], r["lon"], r["lat"]) for r in reg["rows"]],
                             [("DA001", "gas", 111.7, 40.8), ("DW001", "water", 111.7, 40.8)])
            one = server.get("/api/v1/sources/exceedances?period=2026-03&outlet=MN0002&lang=en")
            self.assertEqual(len(one["rows"]), 1)
            server.get("/api/v1/sources/loads?period=2026&by=planet", status=400)
        finally:
            server.stop()

    def test_assess_derive_from_sources(self):
        run("assess", "derive", self.ws, "--year", "2026", "--from", "sources", check=0)
        rows = query(self.ws, "SELECT indicator, unit_code, value FROM indicator_value ORDER BY indicator")
        self.assertEqual([(r[0], r[1]) for r in rows],
                         [("source.load_a21026_t", "150100"), ("source.load_w01018_t", "150100")])
        self.assertAlmostEqual(rows[0][2], 0.0494, places=12)

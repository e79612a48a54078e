"""ecobarrier water source import | assess: centralised drinking-water sources, compliance per source and month and
the rates per unit by number of sources and by water supplied (docs/drinking-water.md)."""
import csv
import json
import unittest

from support import WorkspaceCase, query, run

POINTS = (
    "code,name,waterbody,lon,lat\n"
    "DW01,河流取水口,river,111.07,40.27\n"
    "DW02,水库取水口,lake,109.9,40.56\n"
    "DW03,备用取水口,river,111.7,40.8\n"
)
SOURCES = (
    "code,name,kind,level,unit,supply_10k_m3,population,points\n"
    "S1,黄河水源地,river,city,150100,1000,800000,DW01\n"
    "S2,水库水源地,lake,city,,500,300000,DW02\n"
    "S3,备用水源地,river,county,150100,200,,DW03\n"
)
# S1: January compliant (TN of a river left out, fecal coliform reported apart, benzene below Table 3's 0.01);
# February NH3N 1.2 over class III 1.0 (multiple 0.20). S2: sulfate at Table 2's 250 and TP at the lake limit 0.05
# meet them; TN 1.5 of a lake is over 1.0 but reported apart. S3: no samples.
SAMPLES = (
    "section,time,NH3N,TP,TN,fecal_coliform,benzene,Mn,sulfate,Fe\n"
    "DW01,2024-01-15,0.5,0.1,3.0,30000,0.005,,,\n"
    "DW01,2024-02-15,1.2,0.1,,,,0.05,,\n"
    "DW02,2024-01-20,0.3,0.04,1.5,,,,250,\n"
    "DW02,2024-02-20,0.3,0.05,,,,,,0.2\n"
)


class DrinkingSourceTest(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.ws = self.fresh_workspace()
        run("water", "section", "import", self.ws, self.write("points.csv", POINTS), check=0)
        p = run("water", "source", "import", self.ws, self.write("sources.csv", SOURCES), "--format", "csv", check=0)
        self.assertEqual(list(csv.DictReader(p.stdout.splitlines()))[0]["added"], "3")
        run("obs", "import", self.ws, self.write("samples.csv", SAMPLES), check=0)

    def assess(self, *args):
        p = run("water", "source", "assess", self.ws, "--year", "2024", "--format", "json", *args, check=0)
        return json.loads(p.stdout), p

    def test_months_sources_and_unit_rates(self):
        baotou = query(self.ws, "SELECT league_code FROM station WHERE code = 'DW02'")[0][0]
        self.assertNotEqual(baotou, "150100")
        doc, p = self.assess()
        months = {(r["source"], r["month"]): r for r in doc["months"]}
        self.assertEqual(months[("S1", "2024-01")]["compliant"], "yes")
        self.assertEqual(months[("S1", "2024-01")]["evaluated"], 3)  # NH3N, TP, benzene (TN left out)
        self.assertIn("fecal_coliform=30000!", months[("S1", "2024-01")]["reported_apart"])
        self.assertEqual(months[("S1", "2024-02")]["compliant"], "no")
        self.assertEqual(months[("S1", "2024-02")]["exceedances"], "NH3N:0.20")
        self.assertEqual(months[("S2", "2024-01")]["compliant"], "yes")  # sulfate at its limit meets it
        self.assertIn("TN=1.5!", months[("S2", "2024-01")]["reported_apart"])
        sources = {r["source"]: r for r in doc["sources"]}
        self.assertEqual((sources["S1"]["compliant"], sources["S1"]["months_compliant"]), ("no", 1))
        self.assertEqual(sources["S2"]["compliant"], "yes")
        self.assertEqual(sources["S2"]["unit"], baotou)  # located by its point
        self.assertEqual(sources["S3"]["compliant"], "no samples")
        units = {r["unit"]: r for r in doc["units"]}
        self.assertEqual((units["150100"]["sources"], units["150100"]["assessed"]), (2, 1))
        self.assertEqual(units["150100"]["compliant_sources_pct"], 0)
        self.assertEqual(units["150100"]["unsampled"], "S3")
        self.assertEqual(units[baotou]["compliant_supply_pct"], 100)
        self.assertIn("S3", p.stderr)  # listed apart, not counted

    def test_region_and_the_annual_mean_rule(self):
        doc, _ = self.assess("--level", "1")
        (unit,) = doc["units"]
        self.assertEqual(unit["unit"], "150000")
        self.assertEqual(unit["compliant_sources_pct"], 50)
        self.assertEqual(unit["compliant_supply_pct"], 33.3)  # 500 of 1500 ×10^4 m³, one decimal
        doc, _ = self.assess("--level", "1", "--annual", "annual_mean")  # S1's NH3N mean 0.85 meets 1.0
        self.assertEqual(doc["units"][0]["compliant_sources_pct"], 100)

    def test_source_level_filter(self):
        doc, _ = self.assess("--source-level", "county")
        self.assertEqual([r["source"] for r in doc["sources"]], ["S3"])

    def test_reimport_changes_nothing_and_bad_rows_name_file_line_column(self):
        p = run("water", "source", "import", self.ws, self.write("sources.csv", SOURCES), "--format", "csv", check=0)
        row = list(csv.DictReader(p.stdout.splitlines()))[0]
        self.assertEqual((row["added"], row["updated"], row["unchanged"]), ("0", "0", "3"))
        bad = SOURCES.replace("S3,备用水源地,river", "S3,备用水源地,sea")
        p = run("water", "source", "import", self.ws, self.write("bad.csv", bad), check=3)
        self.assertIn("bad.csv:4:3", p.stderr)
        self.assertIn("sea", p.stderr)
        bad = SOURCES.replace(",DW03\n", ",DW99\n")
        p = run("water", "source", "import", self.ws, self.write("bad2.csv", bad), check=3)
        self.assertIn("bad2.csv:4:8: source S3: monitoring point DW99 is not a station", p.stderr)
        changed = SOURCES.replace("S3,备用水源地,river,county,150100,200", "S3,备用水源地,river,county,150100,250")
        bad = changed.replace(",DW03\n", ",DW99\n")
        run("water", "source", "import", self.ws, self.write("bad3.csv", bad), check=3)
        self.assertEqual(query(self.ws, "SELECT supply_10k_m3 FROM drinking_source WHERE code = 'S3'")[0][0], 200)


if __name__ == "__main__":
    unittest.main()

"""Outputs as people take them into Excel: the format by -o's extension (and a contradicting --format refused),
XLSX workbooks read back (headers in the language with units, numbers as numbers with the column's decimals,
frozen header, autofilter, notes sheet), --bom on stdout, and the wide CSV of `air assess --wide`."""
import csv
import io
import json
import os
import shutil
import tempfile
import unittest

from support import AQISTUDY, WorkspaceCase, read_xlsx, run

BOM = "\ufeff"


class OutputFormatsTest(WorkspaceCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ebe2e-formats-")
        cls.ws = cls.class_workspace(cls.dir)
        run("obs", "import", cls.ws, AQISTUDY, check=0)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def assess(self, *args, check=0):
        return run("air", "assess", self.ws, "--period", "2016", "--level", "city", *args, check=check)

    def wide_csv_rows(self, lang="en"):
        p = self.assess("--format", "csv", "--wide", "--lang", lang)
        return list(csv.DictReader(p.stdout.splitlines()))

    def test_xlsx_by_extension_is_the_table_people_see(self):
        out = self.path("城市.xlsx")
        p = self.assess("-o", out, "--lang", "zh")
        self.assertEqual(p.stdout, "")
        self.assertFalse(os.path.exists(out + ".part"))
        sheets = read_xlsx(out)
        names = [s["name"] for s in sheets]
        self.assertEqual(names[-1], "说明")
        self.assertEqual(len(names), 3, names)  # the summary, every figure, the notes
        self.assertLessEqual(max(len(n) for n in names), 31)
        summary = sheets[0]
        header = [c["value"] for c in summary["rows"][0]]
        self.assertEqual(header[:2], ["代码", "名称"])
        self.assertIn("PM2.5（µg/m³）", header)
        self.assertIn("CO-95per（mg/m³）", header)
        self.assertTrue(all(c["type"] == "s" for c in summary["rows"][0]))
        self.assertEqual(summary["frozen_rows"], 1)
        self.assertTrue(summary["autofilter"].startswith("A1:"), summary["autofilter"])
        # The same figures as the wide CSV, as numbers with the column's decimals as their format.
        wide = {r["code"]: r for r in self.wide_csv_rows("zh")}
        pm = header.index("PM2.5（µg/m³）")
        co = header.index("CO-95per（mg/m³）")
        body = summary["rows"][1:]
        self.assertEqual(len(body), len(wide))
        self.assertGreaterEqual(len(body), 10)
        numbers = 0
        for row in body:
            code = row[0]["value"]
            self.assertEqual(row[0]["type"], "s")  # codes stay text: 150100, not 150100.0
            expected = wide[code]["PM2.5"]
            cell = row[pm] if pm < len(row) else None
            if expected == "":
                self.assertIsNone(cell, code)
            elif expected.endswith("*"):  # short of the capture rule: marked text, as in the table
                self.assertEqual((cell["type"], cell["value"]), ("s", expected))
            else:
                self.assertEqual(cell["type"], "n", code)
                self.assertEqual(cell["value"], float(expected), code)
                self.assertEqual(cell["format"], "0", code)  # µg/m³ to whole numbers (HJ 663)
                numbers += 1
            if co < len(row) and row[co] and row[co]["type"] == "n":
                self.assertEqual(row[co]["format"], "0.0", code)
        self.assertGreater(numbers, 0)
        # Chinese names are wider than their character count.
        name_width = summary["widths"][1]
        longest = max(len(r[1]["value"]) for r in body)
        self.assertGreaterEqual(name_width, 2 * longest)
        # The long form on the second sheet: one row per figure, values as numbers.
        figures = sheets[1]
        self.assertGreater(len(figures["rows"]), len(body) * 6)
        # The notes: the command that produced the workbook and each sheet's title.
        notes = [r[0]["value"] for r in sheets[2]["rows"] if r and r[0]]
        self.assertTrue(any("air assess" in n and "城市.xlsx" in n for n in notes), notes)
        self.assertTrue(any(n.startswith(names[0]) for n in notes), notes)

    def test_extension_picks_csv_and_json(self):
        p = self.assess("-o", self.path("r.CSV"))
        self.assertEqual(p.stdout, "")
        with open(self.path("r.CSV"), encoding="utf-8") as f:
            text = f.read()
        self.assertTrue(text.startswith(BOM + "code,name,level,period,pollutant,statistic,value"), text[:80])
        self.assess("-o", self.path("r.json"))
        with open(self.path("r.json"), encoding="utf-8") as f:
            rows = json.load(f)
        self.assertIsInstance(rows, list)
        self.assertIn("pollutant", rows[0])
        # An extension that names no format keeps the table text; --format decides with such a file.
        self.assess("-o", self.path("r.txt"))
        with open(self.path("r.txt"), encoding="utf-8") as f:
            self.assertTrue(f.read().startswith("Ambient air quality assessment"))
        self.assess("--format", "csv", "-o", self.path("r2.txt"))
        with open(self.path("r2.txt"), encoding="utf-8") as f:
            self.assertTrue(f.read().startswith(BOM + "code,"))

    def test_contradicting_format_is_a_usage_error(self):
        out = self.path("r.xlsx")
        p = self.assess("--format", "csv", "-o", out, check=2)
        self.assertIn("--format csv", p.stderr)
        self.assertIn("r.xlsx", p.stderr)
        self.assertIn("xlsx", p.stderr)
        self.assertFalse(os.path.exists(out))
        self.assertFalse(os.path.exists(out + ".part"))
        p = self.assess("--format", "table", "-o", self.path("r.json"), check=2)
        self.assertIn("--format table", p.stderr)
        p = self.assess("--format", "json", "-o", self.path("r.csv"), check=2, )
        self.assertFalse(os.path.exists(self.path("r.csv")))
        # The same in Chinese.
        p = self.assess("--format", "csv", "-o", out, "--lang", "zh", check=2)
        self.assertIn("不一致", p.stderr)

    def test_bom_on_stdout(self):
        plain = self.assess("--format", "csv").stdout
        self.assertTrue(plain.startswith("code,"))
        with_bom = self.assess("--format", "csv", "--bom").stdout
        self.assertEqual(with_bom, BOM + plain)
        # Only for CSV.
        p = self.assess("--bom", check=2)
        self.assertIn("--bom", p.stderr)
        self.assess("--bom", "--format", "json", check=2)

    def test_wide_csv_follows_the_table(self):
        rows = self.wide_csv_rows()
        self.assertEqual(list(rows[0].keys())[:6], ["code", "name", "SO2", "NO2", "PM10", "PM2.5"])
        self.assertEqual(len({r["code"] for r in rows}), len(rows))  # a row per unit
        long_rows = list(csv.DictReader(self.assess("--format", "csv").stdout.splitlines()))
        self.assertEqual({r["code"] for r in rows}, {r["code"] for r in long_rows})
        self.assertGreater(len(long_rows), len(rows) * 6)
        # The wide PM2.5 is the long form's reported annual mean.
        reported = {r["code"]: r["reported"] for r in long_rows if r["pollutant"] == "PM2.5" and r["statistic"] == "mean"}
        for r in rows:
            if r["PM2.5"] and not r["PM2.5"].endswith("*"):
                self.assertEqual(float(r["PM2.5"]), float(reported[r["code"]]), r["code"])
        # JSON stays long (programs read it); two tables do not fit one CSV.
        self.assess("--format", "json", "--wide", check=2)
        p = self.assess("--format", "csv", "--wide", "--what-if", "2026", check=2)
        self.assertIn("XLSX", p.stderr)
        # ... but do fit a workbook.
        out = self.path("whatif.xlsx")
        self.assess("--what-if", "2026", "-o", out)
        self.assertEqual(len(read_xlsx(out)), 4)

    def test_several_tables_are_sheets(self):
        out = self.path("summary.xlsx")
        run("summary", self.ws, "--period", "2016", "-o", out, check=0)
        sheets = read_xlsx(out)
        names = [s["name"] for s in sheets]
        self.assertGreaterEqual(len(names), 3, names)
        self.assertEqual(len(set(n.lower() for n in names)), len(names))
        self.assertEqual(names[-1], "notes")
        for s in sheets[:-1]:
            self.assertEqual(s["frozen_rows"], 1, s["name"])
        # CSV still holds one table.
        run("summary", self.ws, "-o", self.path("summary.csv"), check=2)

    def test_text_commands_refuse_xlsx(self):
        out = self.path("init.xlsx")
        p = run("init", self.workspace("new.gpkg"), "-o", out, check=2)
        self.assertIn("xlsx", p.stderr.lower())
        self.assertFalse(os.path.exists(out))
        self.assertFalse(os.path.exists(out + ".part"))

    def test_xlsx_on_a_pipe(self):
        # Not a terminal: the workbook goes to stdout as bytes (for `> file` or a pipe).
        import subprocess
        from support import BIN
        p = subprocess.run([BIN, "air", "assess", self.ws, "--period", "2016", "--level", "region", "--format",
                            "xlsx", "--lang", "en"], capture_output=True, timeout=600)
        self.assertEqual(p.returncode, 0, p.stderr)
        sheets = read_xlsx(p.stdout)
        self.assertEqual(sheets[0]["rows"][0][0]["value"], "code")


if __name__ == "__main__":
    unittest.main()

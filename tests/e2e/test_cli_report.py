"""ecobarrier report: the yearly bulletin, checked against the commands whose figures it reports."""
import csv
import html.parser
import os
import re
import shutil
import tempfile
import unittest

from support import AQISTUDY, WorkspaceCase, run
from test_cli_assess import REGISTRY, VALUES
from test_cli_water import SAMPLES, SECTIONS


class BulletinParser(html.parser.HTMLParser):
    """Collects ids, internal links and URL-bearing attributes, and checks that elements nest properly."""

    VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base", "source", "wbr"}
    # SVG shapes may be written self-closed (<rect .../>); handle_startendtag covers them.

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.ids, self.links, self.urls = [], [], set(), [], []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "id":
                if v in self.ids:
                    self.errors.append(f"duplicate id {v}")
                self.ids.add(v)
            if k == "href" and v.startswith("#"):
                self.links.append(v[1:])
            if k in ("href", "src", "xlink:href", "action", "data") and v and not v.startswith("#"):
                self.urls.append(v)
            if k == "style" and "url(" in (v or ""):
                self.urls.append(v)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


def parse(text):
    p = BulletinParser()
    p.feed(text)
    p.close()
    return p


def rows_of(stdout):
    return list(csv.DictReader(stdout.lstrip("\ufeff").splitlines()))


def linked(html_text, figure):
    """Whether `figure` appears in the HTML as a link to a provenance note."""
    return re.search(r'<a class="fig" href="#p\d+"><strong>' + re.escape(figure) + "</strong></a>", html_text)


class ReportTest(WorkspaceCase):
    ws = None
    out = None

    @classmethod
    def setUpClass(cls):
        # One workspace for the class: air 2013-12..2017-01 (aqistudy daily), water 2024 sections and samples,
        # indicator values 2020-2023 and a registry.
        cls.dir = tempfile.mkdtemp(prefix="ebe2e-report-")
        cls.ws = cls.class_workspace(cls.dir)

        def write(name, text):
            p = os.path.join(cls.dir, name)
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)
            return p

        run("obs", "import", cls.ws, AQISTUDY, check=0)
        run("water", "section", "import", cls.ws, write("sections.csv", SECTIONS), check=0)
        run("obs", "import", cls.ws, write("samples.csv", SAMPLES), check=0)
        run("assess", "import", cls.ws, write("values.csv", VALUES + "soil_safe,150100,2023,93.5\n"), check=0)
        cls.registry = write("registry.csv", REGISTRY)
        cls.out = os.path.join(cls.dir, "out")
        cls.printed = {}
        for year, lang in ((2016, "en"), (2016, "zh"), (2023, "en"), (2023, "zh")):
            p = run("report", cls.ws, "--period", year, "--lang", lang, "-o", cls.out, "--registry", cls.registry,
                    check=0)
            cls.printed[(year, lang)] = p.stdout.split()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def read(self, year, lang, ext):
        with open(os.path.join(self.out, f"bulletin-{year}-{lang}.{ext}"), encoding="utf-8") as f:
            return f.read()

    def air_region(self, period):
        rows = rows_of(run("air", "assess", self.ws, "--period", period, "--level", "region", "--format", "csv",
                           check=0).stdout)
        return {(r["pollutant"], r["statistic"]): r for r in rows}

    def test_files_are_written_and_printed(self):
        for (year, lang), printed in self.printed.items():
            expected = [os.path.join(self.out, f"bulletin-{year}-{lang}.{ext}") for ext in ("html", "md")]
            self.assertEqual(printed, expected)
            for path in expected:
                self.assertGreater(os.path.getsize(path), 1000)
                self.assertLess(os.path.getsize(path), 1_500_000)

    def test_html_is_well_formed_and_every_link_has_its_target(self):
        for year, lang in self.printed:
            text = self.read(year, lang, "html")
            p = parse(text)
            self.assertEqual(p.errors, [], (year, lang))
            self.assertEqual(p.stack, [], (year, lang))
            missing = sorted(set(p.links) - p.ids)
            self.assertEqual(missing, [], (year, lang))
            # Every provenance note is an <li id="pN"> and every figure link points at one.
            self.assertTrue(any(i.startswith("p") for i in p.ids))

    def test_prints_to_a4_pdf_in_chromium(self):
        # The browser's "print to PDF" of the HTML file itself (Ctrl+P): A4 pages (595 x 842 pt), several of them.
        # `report --pdf` and its pages are checked in test_cli_report_pdf.
        import subprocess
        import tempfile
        html = os.path.join(self.out, "bulletin-2023-zh.html")
        pdf = os.path.join(self.dir, "bulletin.pdf")
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(["/usr/bin/chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--no-first-run", f"--user-data-dir={profile}", "--no-pdf-header-footer",
                            f"--print-to-pdf={pdf}", "file://" + html],
                           check=True, capture_output=True, timeout=120)
        with open(pdf, "rb") as f:
            data = f.read()
        import re
        boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
        self.assertGreaterEqual(len(boxes), 5)
        for w, h in boxes:
            self.assertAlmostEqual(float(w), 595.92, delta=1.5)
            self.assertAlmostEqual(float(h), 842.88, delta=1.5)

    def test_self_contained_no_external_resources(self):
        for year, lang in self.printed:
            text = self.read(year, lang, "html")
            p = parse(text)
            self.assertEqual(p.urls, [], (year, lang))
            for attr in re.findall(r'(?:src|href)="([^"]*)"', text):
                self.assertNotRegex(attr, r"^(https?:)?//")
            self.assertNotIn("http://", text)
            self.assertNotIn("https://", text)
            self.assertNotIn("<script", text)
            self.assertIn("<style>", text)
            self.assertIn("<svg", text)
            self.assertIn("@media print", text)
            self.assertIn('"Noto Sans CJK SC"', text)

    def test_air_figures_equal_air_assess(self):
        region = self.air_region("2016")
        pm25 = region[("PM2.5", "mean")]["reported"]
        pm10 = region[("PM10", "mean")]["reported"]
        good = region[("ALL", "good_day_ratio_pct")]["reported"]
        fmt_ug = lambda v: f"{float(v):.0f} µg/m³"
        text = self.read(2016, "en", "html")
        self.assertTrue(linked(text, fmt_ug(pm25)), pm25)
        self.assertTrue(linked(text, fmt_ug(pm10)), pm10)
        self.assertTrue(linked(text, f"{float(good):.1f}%"), good)
        self.assertIn(f"the annual mean PM2.5 concentration of Inner Mongolia Autonomous Region was", text)
        # The change against the earliest whole year with all the cities (2015: in 2014 only 4 of the 12 cities
        # have a whole year), from the reported values; 2014 is named as left out, with its membership.
        earlier = self.air_region("2014")[("PM2.5", "mean")]
        self.assertEqual((earlier["membership"], earlier["members_valid"], earlier["members_expected"]),
                         ("incomplete", "4", "12"))
        self.assertEqual(earlier["valid"], "no")
        self.assertRegex(text, r"No comparison with (2013 \(0 of 12 cities valid\), )?2014 \(4 of 12 cities valid\)")
        whole = self.air_region("2015")[("PM2.5", "mean")]
        self.assertEqual((whole["membership"], whole["valid"]), ("complete", "yes"))
        base = float(whole["reported"])
        change = 100 * (float(pm25) - base) / base
        self.assertTrue(linked(text, f"{abs(change):.1f}%"), change)
        self.assertIn(f"{'lower' if change <= 0 else 'higher'} than in 2015", text)
        # City rows: the PM2.5 cell of each city links to its note and equals air assess --level city.
        cities = rows_of(run("air", "assess", self.ws, "--period", "2016", "--level", "city", "--format", "csv",
                             check=0).stdout)
        for r in cities:
            if (r["pollutant"], r["statistic"]) == ("PM2.5", "mean"):
                cell = re.search(r"<td>" + re.escape(r["name"]) + r'</td><td class="num"><a class="fig" '
                                 r'href="#p\d+">([^<*]+)\*?</a>', text)
                self.assertIsNotNone(cell, r["name"])
                self.assertEqual(float(cell.group(1)), float(r["reported"]))
        # The provenance note names the command that reproduces the figure.
        self.assertIn("ecobarrier air assess", text)
        self.assertIn("--period 2016 --level region", text)
        self.assertIn("hj633-2012 + gb3095-2012 + hj663-2013", text)

    def test_markdown_has_the_same_numbers_as_footnotes(self):
        region = self.air_region("2016")
        pm25 = float(region[("PM2.5", "mean")]["reported"])
        md = self.read(2016, "en", "md")
        self.assertRegex(md, re.escape(f"**{pm25:.0f} µg/m³**") + r"\[\^\d+\]")
        refs = set(re.findall(r"\[\^(\d+)\](?!:)", md))
        defs = set(re.findall(r"^\[\^(\d+)\]:", md, re.M))
        self.assertTrue(refs)
        self.assertEqual(refs - defs, set())
        self.assertNotIn("<svg", md)
        zh = self.read(2016, "zh", "md")
        self.assertRegex(zh, re.escape(f"**{pm25:.0f} µg/m³**") + r"\[\^\d+\]")

    def test_missing_air_year_says_so_and_uses_the_latest_year(self):
        text = self.read(2023, "en", "html")
        self.assertIn("The workspace has no air measurements for 2023; the latest year with data is 2016, shown below.",
                      text)
        self.assertIn("(2016 data)", text)
        pm25 = float(self.air_region("2016")[("PM2.5", "mean")]["reported"])
        self.assertTrue(linked(text, f"{pm25:.0f} µg/m³"))
        zh = self.read(2023, "zh", "html")
        self.assertIn("工作空间没有 2023 年的空气质量监测数据；有数据的最近年份为 2016 年", zh)
        # 2017 holds only January 1 (the last daily value): not enough for an annual assessment, and said so.
        self.assertIn("has data for part of the year only", text)

    def test_water_soil_and_assessment(self):
        rows = rows_of(run("water", "assess", self.ws, "--period", "2024", "--level", "region", "--format", "csv",
                           check=0).stdout)
        share = float(rows[0]["share_i_iii_pct"])
        # 2023 has no water samples (they are 2024): the water section says there are none up to 2023.
        text = self.read(2023, "en", "html")
        self.assertIn("The workspace has no surface-water measurements for 2023 or any earlier year", text)
        # The soil indicator and the assessment ranking come from the imported values.
        self.assertTrue(linked(text, "93.50"))
        score = {r["code"]: r for r in rows_of(run("assess", "score", self.ws, "--registry", self.registry, "--year",
                                                   "2023", "--format", "csv", "--draws", "1000", check=0).stdout)}
        self.assertTrue(linked(text, f"{float(score['150100']['total']):.1f}"))
        # A year without soil samples or soil values says so.
        self.assertIn("The workspace has no farmland or construction-land soil samples, or soil indicator values "
                      "(e.g. the safe-use rate of contaminated farmland) for 2016 or any earlier year",
                      self.read(2016, "en", "html"))
        self.assertGreaterEqual(share, 0)

    def test_no_synthetic_banner_for_real_inputs_only(self):
        # This workspace holds no SYNTHETIC-labelled inputs: no banner.
        text = self.read(2016, "en", "html")
        self.assertNotIn('class="banner"', text)

    def test_yearly_period_only(self):
        p = run("report", self.ws, "--period", "2016-03", "-o", self.path("x"), check=2)
        self.assertIn("yearly", p.stderr)


class ReportWaterYearTest(WorkspaceCase):
    def test_water_figures_equal_water_assess(self):
        ws = self.fresh_workspace()
        run("water", "section", "import", ws, self.write("sections.csv", SECTIONS), check=0)
        run("obs", "import", ws, self.write("samples.csv", SAMPLES), check=0)
        out = self.path("out")
        # A killed run's half bulletin (io::AtomicFile): removed, never shown under the final name.
        os.makedirs(out)
        stale = os.path.join(out, "bulletin-2024-en.html.part")
        with open(stale, "w", encoding="utf-8") as f:
            f.write("<html>half a bulletin of a killed run" * 10000)
        run("report", ws, "--period", "2024", "--lang", "en", "-o", out, check=0)
        self.assertFalse(os.path.exists(stale))
        self.assertEqual(sorted(os.listdir(out)), ["bulletin-2024-en.html", "bulletin-2024-en.md"])
        with open(os.path.join(out, "bulletin-2024-en.html"), encoding="utf-8") as f:
            text = f.read()
        self.assertNotIn("killed run", text)
        rows = rows_of(run("water", "assess", ws, "--period", "2024", "--level", "region", "--format", "csv",
                           check=0).stdout)
        r = rows[0]
        self.assertTrue(linked(text, r["sections"]))
        self.assertTrue(linked(text, f"{float(r['share_i_iii_pct']):.1f}%"))
        self.assertTrue(linked(text, f"{float(r['share_worse_v_pct']):.1f}%"))
        self.assertIn("The workspace has no air measurements for 2024 or any earlier year", text)
        p = parse(text)
        self.assertEqual(sorted(set(p.links) - p.ids), [])


if __name__ == "__main__":
    unittest.main()

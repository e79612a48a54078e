"""ecobarrier report --pdf: the printable bulletin printed by headless Chromium, checked on its pages.

The PDF is read back with poppler-utils (pdfinfo, pdftotext per page and with -layout) and rendered to PNG
(pdftoppm -r 50) into $SCREENSHOT_DIR/bulletin-pdf (build/screenshots/bulletin-pdf under ctest, the CI's artefacts).
"""
import glob
import html
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from support import AQISTUDY, WorkspaceCase, run
from test_cli_assess import REGISTRY, VALUES
from test_cli_water import SAMPLES, SECTIONS

ISSUER = "内蒙古自治区生态环境厅"
CJK = re.compile(r"[\u3400-\u9fff]")
# (year, language): 2016 has the air data of the class workspace, 2023 the water samples and indicator values.
EDITIONS = ((2016, "zh"), (2023, "en"))


def pdftotext(pdf, page=None, layout=False):
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    if layout:
        args.append("-layout")
    return subprocess.run(args + [pdf, "-"], check=True, capture_output=True, text=True, timeout=60).stdout


def page_count(pdf):
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True, timeout=60).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_sizes(pdf):
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", pdf], check=True, capture_output=True, text=True,
                          timeout=60).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


class ReportPdfTest(WorkspaceCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ebe2e-report-pdf-")
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
        cls.printed, cls.text = {}, {}
        for year, lang in EDITIONS:
            p = run("report", cls.ws, "--period", year, "--lang", lang, "-o", cls.out, "--registry", cls.registry,
                    "--pdf", "--issuer", ISSUER, "--date", "2024-06-05", check=0)
            cls.printed[(year, lang)] = p.stdout.split()
            pdf = cls.pdf(year, lang)
            cls.text[(year, lang)] = [pdftotext(pdf, page) for page in range(1, page_count(pdf) + 1)]
        # The page images, kept for the reader of the CI's artefacts.
        shots = os.environ.get("SCREENSHOT_DIR")
        cls.shots = os.path.join(shots, "bulletin-pdf") if shots else os.path.join(cls.dir, "png")
        os.makedirs(cls.shots, exist_ok=True)
        for year, lang in EDITIONS:
            stem = os.path.join(cls.shots, f"bulletin-{year}-{lang}")
            for old in glob.glob(stem + "-*.png"):
                os.remove(old)
            subprocess.run(["pdftoppm", "-r", "50", "-png", cls.pdf(year, lang), stem], check=True, timeout=120)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def pdf(cls, year, lang):
        return os.path.join(cls.out, f"bulletin-{year}-{lang}.pdf")

    def html(self, year, lang):
        with open(os.path.join(self.out, f"bulletin-{year}-{lang}.html"), encoding="utf-8") as f:
            return f.read()

    def sections(self, year, lang):
        """The contents' entries of the HTML edition: (id, title) in order, the provenance notes last."""
        entries = re.findall(r'<li><a href="#([^"]+)"><span class="t">(.*?)</span>', self.html(year, lang))
        return [(i, html.unescape(re.sub(r"<[^>]+>", "", t))) for i, t in entries]

    def test_files_are_written_and_printed(self):
        for (year, lang), printed in self.printed.items():
            self.assertEqual(printed, [os.path.join(self.out, f"bulletin-{year}-{lang}.{ext}")
                                       for ext in ("html", "md", "pdf")])
            with open(self.pdf(year, lang), "rb") as f:
                self.assertEqual(f.read(5), b"%PDF-")
            self.assertEqual([n for n in os.listdir(self.out) if n.endswith(".part")], [])

    def test_a4_pages_within_bounds_and_rendered(self):
        for year, lang in EDITIONS:
            pages = len(self.text[(year, lang)])
            # A cover, the contents with the summary, the sections and the notes: not one page per heading.
            self.assertGreaterEqual(pages, 3, (year, lang))
            self.assertLessEqual(pages, 14, (year, lang))
            for w, h in page_sizes(self.pdf(year, lang)):
                self.assertAlmostEqual(min(w, h), 595.0, delta=2, msg=(year, lang))
                self.assertAlmostEqual(max(w, h), 842.0, delta=2, msg=(year, lang))
            pngs = glob.glob(os.path.join(self.shots, f"bulletin-{year}-{lang}-*.png"))
            self.assertEqual(len(pngs), pages, (year, lang))

    def test_no_near_empty_pages(self):
        # Sections do not start on new pages: every page between the cover and the last carries text (a chart's
        # labels count), not a heading or two lines left over before a forced break.
        for year, lang in EDITIONS:
            pages = self.text[(year, lang)]
            for i, text in enumerate(pages[1:-1], start=2):
                self.assertGreater(len(re.sub(r"\s", "", text)), 150, (year, lang, i))

    def test_cover_names_title_issuer_and_date(self):
        cover = self.text[(2016, "zh")][0]
        self.assertIn("2016 年生态环境状况公报", cover)
        self.assertIn(ISSUER, cover)
        self.assertIn("2024 年 6 月 5 日", cover)
        cover = self.text[(2023, "en")][0]
        self.assertIn("Ecological and Environmental Bulletin 2023", cover)
        self.assertIn(ISSUER, cover)
        self.assertIn("2024-06-05", cover)

    def test_page_numbers_on_every_page_but_the_cover(self):
        for year, lang in EDITIONS:
            pages = self.text[(year, lang)]
            n = len(pages)
            # pdftotext writes the footer "2 / 8" as "2/8".
            self.assertNotRegex(pages[0], rf"(?m)^\s*1\s*/\s*{n}\s*$")
            for i, text in enumerate(pages[1:], start=2):
                self.assertRegex(text, rf"(?m)^\s*{i}\s*/\s*{n}\s*$", (year, lang, i))

    def test_contents_pages_are_where_the_headings_are(self):
        for year, lang in EDITIONS:
            pages = self.text[(year, lang)]
            entries = self.sections(year, lang)
            self.assertGreater(len(entries), 5)
            self.assertEqual(entries[0][0], "summary")
            contents = next(i for i, t in enumerate(pages) if all(title in t for _, title in entries))
            layout = pdftotext(self.pdf(year, lang), contents + 1, layout=True)
            listed = []
            for _, title in entries:
                m = re.search(rf"(?m)^\s*{re.escape(title)}\s+(\d+)\s*$", layout)
                self.assertIsNotNone(m, (year, lang, title, layout))
                listed.append(int(m.group(1)))
                page = int(m.group(1))
                # The heading is on the listed page and on no page between the contents and that one.
                self.assertIn(title, pages[page - 1], (year, lang, title, page))
                for earlier in range(contents + 1, page - 1):
                    self.assertNotIn(title, pages[earlier], (year, lang, title, earlier + 1))
            self.assertEqual(listed, sorted(listed), (year, lang))

    def test_summary_figures_are_linked_like_the_sections(self):
        text = self.html(2016, "zh")
        summary = text[text.index('<h2 id="summary">'):text.index("</section>", text.index('<h2 id="summary">'))]
        self.assertIn("环境空气质量：", summary)
        figures = re.findall(r'<a class="fig" href="#(p\d+)"><strong>([^<]+)</strong></a>', summary)
        self.assertGreater(len(figures), 2)
        # Each headline figure is also in its section, linked to the same note.
        rest = text[text.index("</section>", text.index('<h2 id="summary">')):]
        for note, figure in figures:
            self.assertIn(f'<a class="fig" href="#{note}"><strong>{figure}</strong></a>', rest)

    def test_no_name_is_broken_across_lines(self):
        # Every short name of a table (league/city, county, class, status: the cells that must not wrap) appears
        # whole on one line of the printed layout, so no column was squeezed to one character per line.
        for year, lang in EDITIONS:
            layout = pdftotext(self.pdf(year, lang), layout=True)
            names = {html.unescape(re.sub(r"<[^>]+>", "", c))
                     for c in re.findall(r'<td class="nw">(.*?)</td>', self.html(year, lang))}
            names = {n for n in names if len(CJK.findall(n)) >= 2}
            if lang == "zh":
                self.assertGreater(len(names), 5)
            for name in sorted(names):
                self.assertIn(name, layout, (year, lang, name))

    def test_provenance_paths_are_relative(self):
        for year, lang in EDITIONS:
            docs = [self.html(year, lang), "".join(self.text[(year, lang)])]
            with open(os.path.join(self.out, f"bulletin-{year}-{lang}.md"), encoding="utf-8") as f:
                docs.append(f.read())
            for doc in docs:
                self.assertFalse(self.dir in doc, (year, lang))
                self.assertFalse(os.environ.get("ECOBARRIER_SOURCE_DIR", "/nonexistent/") in doc, (year, lang))
            # The workspace beside the output folder, as seen from it.
            self.assertTrue(f"<code>ecobarrier air assess ../{os.path.basename(self.ws)} " in docs[0]
                            or f"<code>ecobarrier water assess ../{os.path.basename(self.ws)} " in docs[0], (year, lang))
        # The registry of the 2023 assessment, as seen from the output folder.
        self.assertTrue("--registry ../registry.csv" in self.html(2023, "en"))

    def test_missing_chromium_is_a_clear_error_and_writes_nothing(self):
        out = os.path.join(self.dir, "no-chromium")
        p = run("report", self.ws, "--period", 2016, "-o", out, "--pdf", check=5,
                env={"ECOBARRIER_CHROMIUM": os.path.join(self.dir, "no-such-browser")})
        self.assertIn("ECOBARRIER_CHROMIUM", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(out, "bulletin-2016-en.pdf")))

    def test_bad_date_is_a_usage_error(self):
        p = run("report", self.ws, "--period", 2016, "-o", os.path.join(self.dir, "bad"), "--pdf", "--date",
                "2024-13-01", check=2)
        self.assertIn("--date", p.stderr)


if __name__ == "__main__":
    unittest.main()

"""The bulletin's maps (ecobarrier report): equal-area, with unit labels inside their units, a round scale bar, a
north arrow, the legend of data/standards/map_classes.csv with the limit, and the note on the boundaries (审图号)."""
import csv
import json
import os
import re
import shutil
import tempfile
import unittest

from support import AQISTUDY, LEAGUES, SOURCE, WorkspaceCase, run

MAP_CLASSES = os.path.join(SOURCE, "data", "standards", "map_classes.csv")


def map_svgs(html):
    """The bulletin's maps: the inline SVGs that have a north arrow."""
    return [s for s in re.findall(r"<svg.*?</svg>", html, re.S) if 'class="north-arrow"' in s]


def rings_of(path_d):
    rings = []
    for part in re.findall(r"M[^MZ]*Z", path_d):
        rings.append([(float(x), float(y)) for x, y in re.findall(r"([-0-9.]+) ([-0-9.]+)", part)])
    return rings


def inside(x, y, rings):
    """Even-odd rule over every ring of a unit's path (its fill-rule)."""
    crossings = 0
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                crossings += 1
    return crossings % 2 == 1


def unit_paths(svg):
    """{unit name: rings} from the <path>s with a <title>name: value</title>."""
    return {name: rings_of(d) for d, name in re.findall(r'<path d="([^"]*)"[^>]*><title>([^:<]*):', svg)}


def labels(svg):
    """[(code, name, x, y)] of the map's unit labels."""
    return [(code, name, float(x), float(y))
            for x, y, code, name in re.findall(r'<text x="([-0-9.]+)" y="([-0-9.]+)" data-code="([^"]*)">([^<]*)</text>',
                                                svg)]


class ReportMapsTest(WorkspaceCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ebe2e-maps-")
        cls.ws = cls.class_workspace(cls.dir)
        run("obs", "import", cls.ws, AQISTUDY, check=0)
        cls.html = {}
        for lang in ("zh", "en"):
            out = os.path.join(cls.dir, lang)
            run("report", cls.ws, "--period", "2016", "--lang", lang, "-o", out, check=0)
            with open(os.path.join(out, f"bulletin-2016-{lang}.html"), encoding="utf-8") as f:
                cls.html[lang] = f.read()
        cls.noted_dir = os.path.join(cls.dir, "noted")
        run("report", cls.ws, "--period", "2016", "--lang", "zh", "-o", cls.noted_dir, "--map-note",
            "审图号：蒙S(2023)001号；底图来源：内蒙古自治区标准地图", check=0)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_every_league_is_labelled_inside_its_outline(self):
        with open(LEAGUES, encoding="utf-8") as f:
            names_zh = {str(ft["properties"]["adcode"]): ft["properties"]["name"] for ft in json.load(f)["features"]}
        for lang, html in self.html.items():
            svgs = map_svgs(html)
            self.assertTrue(svgs, lang)
            for svg in svgs:
                placed = labels(svg)
                self.assertEqual({code for code, *_ in placed}, set(names_zh), lang)
                paths = unit_paths(svg)
                for code, name, x, y in placed:
                    if lang == "zh":
                        self.assertEqual(name, names_zh[code])
                    # The label's anchor is the point inside the unit, moved at most two lines to clear another.
                    self.assertTrue(any(inside(x, y + dy, paths[name]) for dy in (0, 11, -11, 22, -22)),
                                    (lang, name, x, y))

    def test_scale_bar_north_arrow_and_projection(self):
        for lang, html in self.html.items():
            for svg in map_svgs(html):
                km = re.search(r'class="scale-bar".*?>(\d+) km</text>', svg, re.S)
                self.assertIsNotNone(km, lang)
                digits = km.group(1).rstrip("0")
                self.assertIn(digits, ("1", "2", "5"), km.group(1))  # a round length: 1, 2 or 5 × 10ⁿ km
                self.assertIn(">北</text>" if lang == "zh" else ">N</text>", svg)
                self.assertIn("Albers", svg)

    def test_legend_is_map_classes_csv_with_the_limit(self):
        with open(MAP_CLASSES, encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f) if r["metric"] == "pm25" and r["edition"] == "gb3095-2012"]
        self.assertEqual(len(rows), 5)
        for lang, html in self.html.items():
            pm25 = [s for s in map_svgs(html) if "PM2.5" in s]
            self.assertEqual(len(pm25), 1, lang)
            svg = pm25[0]
            for r in rows:
                label = r["label_zh"] if lang == "zh" else r["label_en"]
                self.assertIn(r["colour"], svg)
                self.assertIn(f'<tspan font-size="10" fill="#52606d">{label}</tspan>'.replace("&", "&amp;"), svg)
            self.assertIn("15–35", svg)
            # The limit's line under the legend's title (wrapped to the legend's width).
            limit = " ".join(re.findall(r'fill="#b3261e">([^<]*)</text>', svg))
            self.assertEqual(limit, "GB 3095-2012 二级年均限值 35 µg/m³" if lang == "zh"
                             else "GB 3095-2012 class 2 annual limit 35 µg/m³")
            self.assertIn("无数据" if lang == "zh" else "no data", svg)

    def test_boundary_note_default_and_configured(self):
        for svg in map_svgs(self.html["zh"]):
            self.assertIn("非标准地图", svg)
        for svg in map_svgs(self.html["en"]):
            self.assertIn("not from a standard map", svg)
        with open(os.path.join(self.noted_dir, "bulletin-2016-zh.html"), encoding="utf-8") as f:
            noted = map_svgs(f.read())
        self.assertTrue(noted)
        for svg in noted:
            self.assertIn("审图号：蒙S(2023)001号", svg)
            self.assertNotIn("非标准地图", svg)


if __name__ == "__main__":
    unittest.main()

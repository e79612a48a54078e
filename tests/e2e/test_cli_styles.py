"""QGIS styling: the workspace's layer_styles (QML and SLD per layer, colours and names from data/standards) and the
colour table, category names, raster attribute table and .qml of every class raster ecobarrier writes. Opened with
GDAL/OGR and the workspace's own SQL, as QGIS would."""
import csv
import os
import subprocess
import unittest
import xml.etree.ElementTree as ET

from osgeo import gdal, ogr

from support import S2_NIR, S2_RED, SOURCE, WorkspaceCase, gdal_name, gpkg_only, query, run

gdal.UseExceptions()
ogr.UseExceptions()

STANDARDS = os.path.join(SOURCE, "data", "standards")
SECTIONS = (
    "code,name,waterbody,river,basin,control_level,target_class,lon,lat\n"
    "HH01,头道拐,river,黄河,黄河流域,national,II,111.07,40.27\n"
    "WL01,乌梁素海湖心,lake,乌梁素海,黄河流域,national,IV,108.85,40.93\n"
)


def table(name):
    with open(os.path.join(STANDARDS, name), encoding="utf-8") as f:
        return list(csv.DictReader(f))


def own_colours(set_name):
    return {r["code"]: r["colour"].upper() for r in table("class_colours.csv") if r["set"] == set_name}


def rgba(hex_colour):
    return "{},{},{},255".format(*(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)))


# Per styled layer: the fields its categories read, and value -> colour as the standards tables define them.
def expected_categories():
    return {
        "station": (["kind"], own_colours("station_kind")),
        "water_section_map": (["target_class"], {r["class"]: r["colour"].upper() for r in table("water_status.csv")}),
        "protected_area": (["kind", "zone"], {f'{r["kind"]}/{r["zone"]}': own_colours("protected_zone")[
            f'{r["kind"]}/{r["zone"]}'] for r in table("protected_zones.csv")}),
        "project": (["type"], {r["type"]: own_colours("project_type")[r["type"]] for r in table("project_types.csv")}),
    }


class WorkspaceStylesTest(WorkspaceCase):
    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.dir = tempfile.mkdtemp(prefix="ebe2e-styles-")
        cls.ws = cls.class_workspace(cls.dir)
        sections = os.path.join(cls.dir, "sections.csv")
        with open(sections, "w", encoding="utf-8") as f:
            f.write(SECTIONS)
        run("water", "section", "import", cls.ws, sections, check=0)

    @classmethod
    def tearDownClass(cls):
        import shutil
        shutil.rmtree(cls.dir, ignore_errors=True)

    def styles(self):
        rows = query(self.ws, "SELECT f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, "
                              "owner FROM layer_styles ORDER BY id")
        return {(r[0], r[2]): r for r in rows}

    def fields_of(self, layer):
        ds = ogr.Open(gdal_name(self.ws))
        lyr = ds.GetLayerByName(layer)
        self.assertIsNotNone(lyr, f"OGR does not list {layer}")
        d = lyr.GetLayerDefn()
        return {d.GetFieldDefn(i).GetName() for i in range(d.GetFieldCount())}

    def test_every_layer_has_a_chinese_default_and_an_english_style(self):
        styles = self.styles()
        for layer in ["admin_unit", "station", "water_section_map", "protected_area", "project"]:
            zh, en = styles[(layer, "ecobarrier 中文")], styles[(layer, "ecobarrier English")]
            self.assertEqual(zh[1], "geom")
            self.assertTrue(zh[5], layer)
            self.assertFalse(en[5], layer)
            self.assertEqual(zh[6], "ecobarrier")
            for row in (zh, en):
                qml = ET.fromstring(row[3].split("\n", 1)[1])  # after the DOCTYPE line
                self.assertEqual(qml.tag, "qgis")
                self.assertTrue(qml.get("version").startswith("3."))
                self.assertIsNotNone(qml.find("renderer-v2"))
                sld = ET.fromstring(row[4].encode("utf-8"))
                self.assertTrue(sld.tag.endswith("StyledLayerDescriptor"))
                self.assertIn(layer, row[4])

    def test_categories_read_real_fields_with_the_standards_colours(self):
        styles = self.styles()
        for layer, (fields, colours) in expected_categories().items():
            real = self.fields_of(layer)
            for f in fields:
                self.assertIn(f, real, layer)
            for name, lang in (("ecobarrier 中文", "zh"), ("ecobarrier English", "en")):
                qml = ET.fromstring(styles[(layer, name)][3].split("\n", 1)[1])
                renderer = qml.find("renderer-v2")
                self.assertEqual(renderer.get("type"), "categorizedSymbol")
                for f in fields:
                    self.assertIn(f, renderer.get("attr"))
                symbols = {s.get("name"): s for s in renderer.find("symbols")}
                got = {}
                for c in renderer.find("categories"):
                    self.assertTrue(c.get("label"), (layer, c.get("value")))
                    symbol = symbols[c.get("symbol")]
                    options = {o.get("name"): o.get("value") for o in symbol.iter("Option") if o.get("name")}
                    got[c.get("value")] = options["color"]
                self.assertEqual(got, {v: rgba(c) for v, c in colours.items()}, layer)
                # The SLD has one rule per category, filtered on the same fields.
                sld = styles[(layer, name)][4]
                for f in fields:
                    self.assertIn(f"<ogc:PropertyName>{f}</ogc:PropertyName>", sld)
                for colour in colours.values():
                    self.assertIn(colour, sld.upper())

    def test_labels_in_the_style_language(self):
        styles = self.styles()
        real = self.fields_of("admin_unit")
        for name, field in (("ecobarrier 中文", "name_zh"), ("ecobarrier English", "name_en")):
            qml = ET.fromstring(styles[("admin_unit", name)][3].split("\n", 1)[1])
            self.assertEqual(qml.find("renderer-v2").get("type"), "singleSymbol")
            text = qml.find("labeling/settings/text-style")
            self.assertEqual(text.get("fieldName"), field)
            self.assertIn(field, real)
        water = ET.fromstring(styles[("water_section_map", "ecobarrier 中文")][3].split("\n", 1)[1])
        labels = {c.get("value"): c.get("label") for c in water.find("renderer-v2/categories")}
        self.assertEqual(labels["6"], "劣V类（重度污染）")
        water_en = ET.fromstring(styles[("water_section_map", "ecobarrier English")][3].split("\n", 1)[1])
        labels_en = {c.get("value"): c.get("label") for c in water_en.find("renderer-v2/categories")}
        self.assertEqual(labels_en["1"], "class I (excellent)")

    def test_water_sections_are_a_point_layer_with_their_target_class(self):
        ds = ogr.Open(gdal_name(self.ws))
        lyr = ds.GetLayerByName("water_section_map")
        self.assertEqual(ogr.GT_Flatten(lyr.GetGeomType()), ogr.wkbPoint)
        got = {f.GetField("code"): (f.GetField("target_class"), f.GetGeometryRef().GetX()) for f in lyr}
        self.assertEqual({k: v[0] for k, v in got.items()}, {"HH01": 2, "WL01": 4})
        self.assertAlmostEqual(got["WL01"][1], 108.85, places=6)

    @gpkg_only("GeoPackage registration of layer_styles and validate_gpkg.py")
    def test_geopackage_registers_the_styles_table_and_stays_valid(self):
        contents = dict(query(self.ws, "SELECT table_name, data_type FROM gpkg_contents"))
        self.assertEqual(contents["layer_styles"], "attributes")
        self.assertEqual(contents["water_section_map"], "features")
        v = subprocess.run(["/usr/bin/python3", "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py",
                            self.ws], capture_output=True, text=True)
        self.assertEqual(v.returncode, 0, v.stdout + v.stderr)

    def test_a_new_workspace_gets_the_same_styles(self):
        # A workspace created afresh (init) gets the same rows: the styles are data, not state.
        ws = self.workspace("other.gpkg")
        run("init", ws, check=0)
        mine = query(self.ws, "SELECT f_table_name, styleName, styleQML FROM layer_styles ORDER BY f_table_name, "
                              "styleName")
        theirs = query(ws, "SELECT f_table_name, styleName, styleQML FROM layer_styles ORDER BY f_table_name, styleName")
        self.assertEqual(mine, theirs)
        self.assertEqual(len(mine), 10)


class ClassRasterStylesTest(WorkspaceCase):
    def check_class_raster(self, path, expected, zh):
        """expected: code -> (colour, name_zh, name_en)."""
        ds = gdal.Open(path)
        band = ds.GetRasterBand(1)
        ct = band.GetColorTable()
        self.assertIsNotNone(ct, path)
        names = band.GetCategoryNames()
        rat = band.GetDefaultRAT()
        self.assertIsNotNone(rat, path)
        rat_rows = {rat.GetValueAsInt(i, 0): rat.GetValueAsString(i, 1) for i in range(rat.GetRowCount())}
        for code, (colour, name_zh, name_en) in expected.items():
            entry = ct.GetColorEntry(code)
            self.assertEqual("#{:02X}{:02X}{:02X}".format(*entry[:3]), colour.upper(), (path, code))
            self.assertEqual(entry[3], 255)
            name = name_zh if zh else name_en
            self.assertEqual(names[code], name)
            self.assertEqual(rat_rows[code], name)
        self.assertEqual(ct.GetColorEntry(255)[3], 0)  # nodata transparent
        qml_path = os.path.splitext(path)[0] + ".qml"
        qml = ET.parse(qml_path).getroot()
        renderer = qml.find("pipe/rasterrenderer")
        self.assertEqual(renderer.get("type"), "paletted")
        entries = {int(e.get("value")): (e.get("color").upper(), e.get("label")) for e in renderer.find("colorPalette")}
        self.assertEqual(entries, {c: (v[0].upper(), v[1] if zh else v[2]) for c, v in expected.items()})

    def fvc_expected(self):
        colours = own_colours("desertification_fvc5")
        return {int(r["code"]): (colours[r["code"]], r["name_zh"], r["name_en"]) for r in table("grade_schemes.csv")
                if r["scheme"] == "desertification_fvc5"}

    def test_fvc_grades_carry_colours_names_and_qml(self):
        grades = self.path("grades.tif")
        run("--lang", "zh", "raster", "fvc", "--red", S2_RED, "--nir", S2_NIR, "--out", self.path("fvc.tif"),
            "--grades", grades, check=0)
        self.check_class_raster(grades, self.fvc_expected(), zh=True)
        self.assertFalse(os.path.exists(self.path("fvc.qml")))  # a continuous raster gets no class style

    def test_cog_grades_keep_them_in_english(self):
        grades = self.path("grades_cog.tif")
        run("--lang", "en", "--cog", "raster", "fvc", "--red", S2_RED, "--nir", S2_NIR, "--out",
            self.path("fvc_cog.tif"), "--grades", grades, check=0)
        self.assertIn("LAYOUT=COG", gdal.Info(grades))
        self.check_class_raster(grades, self.fvc_expected(), zh=False)
        self.assertEqual([f for f in os.listdir(self.tmp) if f.endswith(".part") or ".part." in f], [])

    def test_change_map_names_transitions(self):
        a, b = self.path("a.tif"), self.path("b.tif")
        run("raster", "fvc", "--red", S2_RED, "--nir", S2_NIR, "--out", self.path("fa.tif"), "--grades", a, check=0)
        run("raster", "fvc", "--red", S2_RED, "--nir", S2_NIR, "--out", self.path("fb.tif"), "--grades", b,
            "--soil", "0.03", "--veg", "0.12", check=0)
        change = self.path("change.tif")
        run("raster", "change", a, b, "--out", change, "--scheme", "desertification_fvc5", check=0)
        data = gdal.Open(change).ReadAsArray()
        codes = sorted(int(c) for c in set(data.flatten().tolist()) if c != 255)
        names = {int(r["code"]): r["name_en"] for r in table("grade_schemes.csv")
                 if r["scheme"] == "desertification_fvc5"}
        colours = own_colours("change")
        expected = {}
        for c in codes:
            before, after = divmod(c, 10)
            kind = "same" if before == after else "higher" if after > before else "lower"
            expected[c] = (colours[kind], None, f"{names[before]} → {names[after]}")
        # Names in English (the suites run with ECOBARRIER_LANG=en).
        ds = gdal.Open(change)
        # GDAL 3.6's GeoTIFF driver reads the .aux.xml on the first colour-table or metadata request, not on a
        # category-name request (gdalinfo and QGIS make the former first).
        ct = ds.GetRasterBand(1).GetColorTable()
        cat = ds.GetRasterBand(1).GetCategoryNames()
        for c, (colour, _, name) in expected.items():
            self.assertEqual(cat[c], name)
            self.assertEqual("#{:02X}{:02X}{:02X}".format(*ct.GetColorEntry(c)[:3]), colour)
        self.assertGreater(len(codes), 1)


if __name__ == "__main__":
    unittest.main()

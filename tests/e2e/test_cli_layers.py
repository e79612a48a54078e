"""Results as map layers: `-o result.gpkg|.geojson` writes a command's tables joined to the geometry of the workspace
features their rows describe, and `report --gpkg` the bulletin's tables (docs/cli.md, "Output formats")."""
import csv
import os
import shutil
import sqlite3
import tempfile
import unittest

from osgeo import gdal, ogr

from support import AQISTUDY, WorkspaceCase, gdal_name, run
from test_cli_assess import REGISTRY, VALUES
from test_cli_water import SAMPLES, SECTIONS

gdal.UseExceptions()
ogr.UseExceptions()


def rows_of(p):
    return list(csv.DictReader(p.stdout.lstrip("\ufeff").splitlines()))


def features(path, layer=None):
    """{layer name: [(attributes, geometry WKT or None)]} of a layer file, and its field types by layer."""
    ds = ogr.Open(path)
    out, types = {}, {}
    for i in range(ds.GetLayerCount()):
        lyr = ds.GetLayer(i)
        defn = lyr.GetLayerDefn()
        types[lyr.GetName()] = {defn.GetFieldDefn(k).GetName(): defn.GetFieldDefn(k).GetTypeName()
                                for k in range(defn.GetFieldCount())}
        out[lyr.GetName()] = [(f.items(), f.GetGeometryRef().ExportToWkt() if f.GetGeometryRef() else None)
                              for f in lyr]
    return out, types


class LayersTest(WorkspaceCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ebe2e-layers-")
        cls.ws = cls.class_workspace(cls.dir)
        for name, text in (("sections.csv", SECTIONS), ("samples.csv", SAMPLES), ("values.csv", VALUES),
                           ("registry.csv", REGISTRY)):
            with open(os.path.join(cls.dir, name), "w", encoding="utf-8") as f:
                f.write(text)
        cls.registry = os.path.join(cls.dir, "registry.csv")
        run("water", "section", "import", cls.ws, os.path.join(cls.dir, "sections.csv"), check=0)
        run("obs", "import", cls.ws, os.path.join(cls.dir, "samples.csv"), AQISTUDY, check=0)
        run("assess", "import", cls.ws, os.path.join(cls.dir, "values.csv"), check=0)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def workspace_geometry(self, table, code):
        """The geometry of a workspace feature by code (admin_unit, station), as OGR reads the workspace."""
        ds = ogr.Open(gdal_name(self.ws))
        lyr = ds.GetLayerByName(table)
        lyr.SetAttributeFilter(f"code = '{code}'")
        f = lyr.GetNextFeature()
        self.assertIsNotNone(f, f"{table} {code}")
        return f.GetGeometryRef().Clone()

    def test_water_sections_as_geopackage_match_the_csv(self):
        out = self.path("sections.gpkg")
        run("water", "assess", self.ws, "--period", "2024", "--level", "section", "-o", out, check=0)
        csv_rows = rows_of(run("water", "assess", self.ws, "--period", "2024", "--level", "section", "--format",
                               "csv", check=0))
        layers, types = features(out)
        self.assertEqual(list(layers), ["water_assess"])
        feats = layers["water_assess"]
        self.assertEqual(len(feats), len(csv_rows))
        self.assertEqual((types["water_assess"]["code"], types["water_assess"]["tli"],
                          types["water_assess"]["samples"]), ("String", "Real", "Integer64"))
        by_code = {attrs["code"]: (attrs, wkt) for attrs, wkt in feats}
        for row in csv_rows:
            attrs, wkt = by_code[row["code"]]
            for key, text in row.items():
                value = attrs[key]
                if text == "":
                    self.assertIn(value, (None, ""), key)
                elif isinstance(value, (int, float)):
                    self.assertEqual(value, float(text), f"{row['code']} {key}")
                else:
                    self.assertEqual(value, text, f"{row['code']} {key}")
            self.assertTrue(ogr.CreateGeometryFromWkt(wkt).Equals(self.workspace_geometry("station", row["code"])))
        self.assertFalse(os.path.exists(out + ".part"))

    def test_units_as_geojson_carry_the_unit_boundaries(self):
        out = self.path("units.geojson")
        run("assess", "score", self.ws, "--registry", self.registry, "--year", "2023", "--draws", "50", "-o", out,
            check=0)
        layers, types = features(out)
        (feats,) = layers.values()
        csv_rows = rows_of(run("assess", "score", self.ws, "--registry", self.registry, "--year", "2023", "--draws",
                               "50", "--format", "csv", check=0))
        self.assertEqual([a["code"] for a, _ in feats], [r["code"] for r in csv_rows])
        (layer_types,) = types.values()
        self.assertEqual((layer_types["total"], layer_types["name"]), ("Real", "String"))
        hohhot = next((a, wkt) for a, wkt in feats if a["code"] == "150100")
        self.assertEqual(hohhot[0]["total"], float(next(r for r in csv_rows if r["code"] == "150100")["total"]))
        mine = ogr.CreateGeometryFromWkt(hohhot[1])
        theirs = self.workspace_geometry("admin_unit", "150100")
        # GeoJSON (RFC 7946) keeps 7 decimals of a degree: the same boundary to about a centimetre.
        self.assertAlmostEqual(mine.GetArea(), theirs.GetArea(), delta=theirs.GetArea() * 1e-6)
        self.assertAlmostEqual(mine.Centroid().GetX(), theirs.Centroid().GetX(), places=6)
        self.assertAlmostEqual(mine.Centroid().GetY(), theirs.Centroid().GetY(), places=6)

    def test_city_air_assessment_as_geopackage(self):
        out = self.path("air.gpkg")
        run("air", "assess", self.ws, "--period", "2016", "--level", "city", "-o", out, check=0)
        layers, types = features(out)
        feats = layers["air_assess"]
        codes = {r["code"] for r in rows_of(run("air", "assess", self.ws, "--period", "2016", "--level", "city",
                                               "--format", "csv", check=0))}
        self.assertEqual({a["code"] for a, _ in feats}, codes)
        self.assertEqual(types["air_assess"]["heavy"], "Integer64")
        for attrs, wkt in feats:
            self.assertIsNotNone(wkt, attrs["code"])
            self.assertTrue(ogr.CreateGeometryFromWkt(wkt).Equals(self.workspace_geometry("admin_unit",
                                                                                         attrs["code"])))

    def test_rows_without_geometry_are_kept_and_counted(self):
        # A section outside every unit (Sichuan) forms the "(unspecified)" group of the units: no boundary to join.
        ws = self.copy_of(self.ws, "outside.gpkg")
        run("water", "section", "import", ws, self.write("outside.csv", SECTIONS.splitlines()[0] +
                                                         "\nXX01,Outside,river,Jinsha,Yangtze,national,II,100.0,30.0\n"),
            check=0)
        run("obs", "import", ws, self.write("outside-samples.csv", SAMPLES.splitlines()[0] +
                                            "\nXX01,2024-01-15,8.1,9.2,2.5,12,1.5,0.2,0.05,2.1,,\n"), check=0)
        out = self.path("units.gpkg")
        p = run("water", "assess", ws, "--period", "2024", "--level", "unit", "-o", out, check=0)
        csv_rows = rows_of(run("water", "assess", ws, "--period", "2024", "--level", "unit", "--format", "csv",
                               check=0))
        layers, _ = features(out)
        feats = layers["water_assess"]
        self.assertEqual([a["key"] for a, _ in feats], [r["key"] for r in csv_rows])
        self.assertEqual([a["key"] for a, wkt in feats if wkt is None], ["(unspecified)"])
        self.assertIn("layer water_assess: 1 rows have no geometry in the workspace's admin_unit", p.stderr)
        for attrs, wkt in feats:
            if wkt:
                self.assertTrue(ogr.CreateGeometryFromWkt(wkt).Equals(self.workspace_geometry("admin_unit",
                                                                                             attrs["key"])))

    def test_a_result_without_geometry_is_an_error_and_leaves_no_file(self):
        out = self.path("rivers.gpkg")
        p = run("water", "assess", self.ws, "--period", "2024", "--level", "river", "-o", out, check=2)
        self.assertIn("`water assess`", p.stderr)
        self.assertIn(".csv", p.stderr)
        self.assertFalse(os.path.exists(out) or os.path.exists(out + ".part"))
        p = run("summary", self.ws, "-o", self.path("summary.geojson"), check=2)
        self.assertIn("`summary`", p.stderr)
        self.assertFalse(os.path.exists(self.path("summary.geojson")))
        # An explicit --format that contradicts the extension is refused before any work.
        p = run("water", "assess", self.ws, "--period", "2024", "--level", "section", "--format", "csv", "-o",
                self.path("sections.gpkg"), check=2)
        self.assertIn("is a GeoPackage layer file, which contradicts --format csv", p.stderr)
        self.assertFalse(os.path.exists(self.path("sections.gpkg")))

    def test_report_writes_the_bulletin_tables_as_layers(self):
        out = self.path("bulletin")
        p = run("report", self.ws, "--period", "2016", "--lang", "zh", "-o", out, "--gpkg", check=0)
        gpkg = os.path.join(out, "bulletin-2016-zh.gpkg")
        self.assertIn(gpkg, p.stdout.splitlines())
        layers, types = features(gpkg)
        self.assertTrue(layers)
        ds = ogr.Open(gpkg)
        joined = [n for n in layers if ds.GetLayerByName(n).GetGeomType() != ogr.wkbNone]
        self.assertTrue(joined, list(layers))
        for name in joined:
            self.assertEqual(types[name]["code"], "String")
            located = [(a, wkt) for a, wkt in layers[name] if wkt]
            self.assertTrue(located, name)
            attrs, wkt = located[0]
            self.assertTrue(ogr.CreateGeometryFromWkt(wkt).Equals(self.workspace_geometry("admin_unit",
                                                                                         attrs["code"])))
        # Table 1-2, the leagues and cities: a feature per city with its boundary, PM2.5 as a number, the caption
        # as the layer's identifier; the region's table 1-1 is an attribute table.
        self.assertEqual(len(layers["air_2"]), 12)
        self.assertIn(types["air_2"]["PM2.5 (µg/m³)"], ("Integer64", "Real"))
        self.assertEqual(ds.GetLayerByName("air_1").GetGeomType(), ogr.wkbNone)
        con = sqlite3.connect(gpkg)
        (identifier,) = con.execute("SELECT identifier FROM gpkg_contents WHERE table_name = 'air_2'").fetchone()
        con.close()
        self.assertTrue(identifier.startswith("表 1-2 2016 年各盟市环境空气质量"), identifier)
        self.assertFalse(os.path.exists(gpkg + ".part"))


if __name__ == "__main__":
    unittest.main()

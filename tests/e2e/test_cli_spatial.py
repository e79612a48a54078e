"""ecobarrier layer import / layer list / screen: protected layers and site screening on hand-built cases with
known answers (halves, zones, boundaries, holes, multipolygons, projected inputs, buffers)."""
import csv
import json
import math
import os
import unittest

from osgeo import gdal, ogr, osr

from support import LEAGUES, WorkspaceCase, content_digest, gdal_name, query, run

gdal.UseExceptions()

MU_PER_M2 = 15 / 10000  # 1 mu = 10000/15 m² exactly


def box(x0, y0, x1, y1):
    return [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]


def collection(features, crs=None):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geom} for props, geom in features]}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(doc, ensure_ascii=False)


RESERVE = collection([
    ({"NAME": "保护区A", "ZONE": "核心区"}, {"type": "Polygon", "coordinates": box(110, 40, 111, 41)}),
    ({"NAME": "保护区A", "ZONE": "缓冲区"}, {"type": "Polygon", "coordinates": box(111, 40, 112, 41)}),
    ({"NAME": "保护区A", "ZONE": "实验区"}, {"type": "MultiPolygon", "coordinates": [box(112, 40, 113, 41),
                                                                                   box(114, 40, 115, 41)]}),
])
# A red line with a hole, and an overlapping second polygon.
RED_LINE = collection([
    ({"NAME": "RL-1"}, {"type": "Polygon", "coordinates": [[[100, 40], [104, 40], [104, 44], [100, 44], [100, 40]],
                                                          [[101, 41], [103, 41], [103, 43], [101, 43], [101, 41]]]}),
    ({"NAME": "RL-2"}, {"type": "Polygon", "coordinates": box(103.5, 40, 105, 41)}),
])


def rows_of(p):
    return list(csv.DictReader(p.stdout.lstrip("\ufeff").splitlines()))


class SpatialTest(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.ws = self.workspace()
        run("init", self.ws, check=0)
        run("layer", "import", self.ws, self.write("reserve.geojson", RESERVE), "--kind", "nature_reserve",
            "--name-field", "NAME", "--zone-field", "ZONE", check=0)
        run("layer", "import", self.ws, self.write("red.geojson", RED_LINE), "--kind", "red_line",
            "--name-field", "NAME", check=0)

    def screen(self, features, *extra, crs=None):
        sites = self.write("sites.geojson", collection(features, crs))
        return rows_of(run("screen", self.ws, sites, "--format", "csv", "--lang", "en", *extra, check=0))

    def test_site_half_inside_a_core_zone(self):
        rows = self.screen([({"id": "S1"}, {"type": "Polygon", "coordinates": box(109.5, 40, 110.5, 40.1)})])
        self.assertEqual(len(rows), 1)
        r = rows[0]
        self.assertEqual((r["site"], r["layer"], r["zone"], r["verdict"]), ("S1", "nature_reserve", "core",
                                                                           "prohibited"))
        self.assertAlmostEqual(float(r["share"]), 0.5, places=6)
        self.assertAlmostEqual(float(r["area_mu"]), float(r["area_m2"]) * MU_PER_M2, delta=0.002)
        self.assertAlmostEqual(float(r["area_ha"]), float(r["area_m2"]) / 1e4, delta=1e-4)
        # 0.5° x 0.1° at 40°N on the WGS 84 ellipsoid: the authalic-latitude quadrangle formula.
        a, e2 = 6378137.0, 0.0066943799901413165
        e = math.sqrt(e2)

        def q(lat):
            s = math.sin(math.radians(lat))
            return (1 - e2) * (s / (1 - e2 * s * s) - math.log((1 - e * s) / (1 + e * s)) / (2 * e))
        quad = a * a / 2 * math.radians(0.5) * (q(40.1) - q(40))
        self.assertAlmostEqual(float(r["area_m2"]), quad, delta=0.5)

    def test_site_spanning_two_zones_and_a_multipolygon_zone(self):
        rows = self.screen([({"id": "S2"}, {"type": "Polygon", "coordinates": box(110.75, 40.2, 111.25, 40.3)}),
                            ({"id": "S3"}, {"type": "Polygon", "coordinates": box(113.5, 40.2, 114.5, 40.3)})])
        s2 = {r["zone"]: r for r in rows if r["site"] == "S2"}
        self.assertEqual(set(s2), {"core", "buffer"})
        self.assertAlmostEqual(float(s2["core"]["share"]) + float(s2["buffer"]["share"]), 1, places=6)
        self.assertEqual(s2["core"]["site_verdict"], "prohibited")
        s3 = [r for r in rows if r["site"] == "S3"]
        self.assertEqual(len(s3), 1)  # the gap between the experimental zone's two parts is outside
        self.assertAlmostEqual(float(s3[0]["share"]), 0.5, places=6)
        self.assertEqual(s3[0]["verdict"], "restricted")

    def test_points_on_a_boundary_in_a_hole_and_nearby(self):
        rows = self.screen([({"id": "edge"}, {"type": "Point", "coordinates": [110, 40.5]}),
                            ({"id": "hole"}, {"type": "Point", "coordinates": [102, 42.5]}),
                            ({"id": "near"}, {"type": "Point", "coordinates": [109.999, 40.5]})])
        by = {}
        for r in rows:
            by.setdefault(r["site"], []).append(r)
        self.assertEqual(by["edge"][0]["zone"], "core")
        self.assertEqual(float(by["edge"][0]["share"]), 1.0)
        hole = by["hole"][0]
        self.assertEqual((hole["layer"], hole["verdict"]), ("", "allowed"))
        self.assertIn("RL-1", hole["nearest"])
        # Half a degree of latitude to the hole's northern edge (a parallel): the meridian arc 42.5° -> 43°.
        self.assertAlmostEqual(float(hole["distance_m"]), 55544, delta=5)
        self.assertAlmostEqual(float(by["near"][0]["distance_m"]), 84.7, delta=0.2)

    def test_buffer_in_metres_and_overlaps_counted_once(self):
        rows = self.screen([({"id": "near"}, {"type": "Point", "coordinates": [109.999, 40.5]})], "--buffer", "200")
        self.assertEqual(rows[0]["zone"], "core")
        self.assertGreater(float(rows[0]["share"]), 0.1)
        rows = self.screen([({"id": "both"}, {"type": "Polygon", "coordinates": box(103.2, 40.2, 103.8, 40.4)})])
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["features"], "RL-1|RL-2")
        self.assertAlmostEqual(float(rows[0]["share"]), 1, places=6)

    def test_projected_sites_give_the_same_answer(self):
        # The half-inside site in UTM zone 49N (EPSG:32649): its corners transformed exactly, edges as in UTM.
        src, dst = osr.SpatialReference(), osr.SpatialReference()
        src.ImportFromEPSG(4326)
        src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        dst.ImportFromEPSG(32649)
        t = osr.CoordinateTransformation(src, dst)
        ring = [list(t.TransformPoint(x, y)[:2]) for x, y in box(110.4, 40.4, 110.6, 40.5)[0]]
        utm = self.screen([({"id": "P"}, {"type": "Polygon", "coordinates": [ring]})],
                          crs="urn:ogc:def:crs:EPSG::32649")
        ll = self.screen([({"id": "P"}, {"type": "Polygon", "coordinates": box(110.4, 40.4, 110.6, 40.5)})])
        self.assertEqual([r["zone"] for r in utm], [r["zone"] for r in ll])
        # Edges straight in UTM are not straight in lon/lat: the shares agree to a small fraction.
        self.assertAlmostEqual(float(utm[0]["share"]), float(ll[0]["share"]), delta=0.002)

    def test_lines_report_length(self):
        rows = self.screen([({"id": "road"}, {"type": "LineString", "coordinates": [[109.5, 40.5], [110.5, 40.5]]})])
        self.assertAlmostEqual(float(rows[0]["share"]), 0.5, places=6)
        self.assertGreater(float(rows[0]["length_m"]), 42000)

    def test_custom_rules_and_bad_rule_files(self):
        rules = self.write("rules.csv", "kind,zone,verdict,rule_zh,rule_en,source\n"
                                        "nature_reserve,核心区,conditional,测试,test rule,test\n")
        rows = self.screen([({"id": "S1"}, {"type": "Polygon", "coordinates": box(109.5, 40, 110.5, 40.1)})],
                           "--rules", rules)
        self.assertEqual((rows[0]["verdict"], rows[0]["rule"]), ("conditional", "test rule"))
        bad = self.write("bad.csv", "kind,zone,verdict,rule_zh,rule_en,source\nnature_reserve,core,maybe,x,y,z\n")
        sites = self.write("s.geojson", collection([({"id": "x"}, {"type": "Point", "coordinates": [1, 1]})]))
        p = run("screen", self.ws, sites, "--rules", bad, check=3)
        self.assertIn("line 2", p.stderr)
        self.assertIn("maybe", p.stderr)

    def test_layer_list_reimport_and_replace(self):
        p = run("layer", "list", self.ws, "--format", "csv", check=0)
        rows = {(r["kind"], r["zone"]): r for r in rows_of(p)}
        self.assertEqual(rows[("nature_reserve", "experimental")]["features"], "1")
        self.assertEqual(rows[("red_line", "")]["features"], "2")
        reserve = self.path("reserve.geojson")
        p = run("layer", "import", self.ws, reserve, "--kind", "nature_reserve", "--name-field", "NAME",
                "--zone-field", "ZONE", "--format", "csv", check=0)
        self.assertEqual(rows_of(p)[0]["added"], "0")
        self.assertEqual(query(self.ws, "SELECT count(*) FROM protected_area WHERE kind='nature_reserve'")[0][0], 3)
        p = run("layer", "import", self.ws, reserve, "--kind", "nature_reserve", "--name-field", "NAME",
                "--zone-field", "ZONE", "--replace", "--format", "csv", check=0)
        self.assertEqual((rows_of(p)[0]["added"], rows_of(p)[0]["replaced"]), ("3", "3"))
        self.assertEqual(query(self.ws, "SELECT count(*) FROM protected_area WHERE kind='nature_reserve'")[0][0], 3)
        # GDAL reads the layer as an ordinary GeoPackage (or PostGIS) layer.
        ds = ogr.Open(gdal_name(self.ws))
        self.assertEqual(ds.GetLayerByName("protected_area").GetFeatureCount(), 5)

    def test_bad_layers_are_refused_with_feature_ids_and_nothing_changes(self):
        before = content_digest(self.ws)
        bad_zone = self.write("bad.geojson", collection([
            ({"NAME": "X", "ZONE": "核心区"}, {"type": "Polygon", "coordinates": box(0, 0, 1, 1)}),
            ({"NAME": "Y", "ZONE": "外围"}, {"type": "Polygon", "coordinates": box(1, 0, 2, 1)}),
            ({"NAME": "Z", "ZONE": "核心区"}, {"type": "LineString", "coordinates": [[0, 0], [1, 1]]})]))
        p = run("layer", "import", self.ws, bad_zone, "--kind", "nature_reserve", "--name-field", "NAME",
                "--zone-field", "ZONE", check=3)
        self.assertIn("feature 1 (Y): zone \"外围\" is not a zone of nature_reserve", p.stderr)
        self.assertIn("feature 2 (Z)", p.stderr)
        self.assertIn("nothing was imported", p.stderr)
        self.assertEqual(content_digest(self.ws), before)
        # A self-intersecting polygon is repaired and reported with its feature id.
        bowtie = self.write("bowtie.geojson", collection([
            ({"NAME": "B"}, {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]})]))
        p = run("layer", "import", self.ws, bowtie, "--kind", "wetland", "--name-field", "NAME", check=0)
        self.assertIn("feature 0 (B): Self-intersection", p.stderr)
        self.assertIn("--zone-field", run("layer", "import", self.ws, bowtie, "--kind", "wetland", "--zone-field",
                                          "NAME", check=2).stderr)
        self.assertIn("known:", run("layer", "import", self.ws, bowtie, "--kind", "forest", check=2).stderr)


class LayerStatsTest(WorkspaceCase):
    def test_protected_share_per_league_counts_overlaps_once(self):
        ws = self.fresh_workspace()
        # Baotou's own outline as a red line and, overlapping it, as a wetland.
        src = json.load(open(LEAGUES, encoding="utf-8"))
        baotou = [f for f in src["features"] if f["properties"]["adcode"] == 150200][0]
        layer = self.write("baotou.geojson", json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": "包头红线"}, "geometry": baotou["geometry"]}]}))
        run("layer", "import", ws, layer, "--kind", "red_line", "--name-field", "name", check=0)
        run("layer", "import", ws, layer, "--kind", "wetland", "--name-field", "name", check=0)
        p = run("layer", "stats", ws, "--level", "2", "--format", "csv", check=0)
        rows = {r["code"]: r for r in rows_of(p)}
        self.assertEqual(len(rows), 12)
        self.assertAlmostEqual(float(rows["150200"]["red_line_pct"]), 100, delta=0.01)
        self.assertAlmostEqual(float(rows["150200"]["wetland_pct"]), 100, delta=0.01)
        self.assertAlmostEqual(float(rows["150200"]["protected_pct"]), 100, delta=0.01)  # not 200
        self.assertAlmostEqual(float(rows["150200"]["protected_mu"]),
                               float(rows["150200"]["protected_km2"]) * 1e6 * MU_PER_M2, delta=10)  # km² printed to 0.01
        for code, r in rows.items():
            if code != "150200":
                self.assertLess(float(r["protected_pct"]), 0.01, code)  # neighbours share only edges


if __name__ == "__main__":
    unittest.main()

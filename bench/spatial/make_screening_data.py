"""Writes seeded SYNTHETIC screening benchmark data over the Inner Mongolia bounding box, reused when present:
a protected layer of N complex polygons (irregular star-shaped rings of 100-400 vertices, 2-12 km across),
M points and K small polygons (squares of 100-800 m) as GeoPackages, and the points' coordinates as CSV for the
baseline. Prints the four paths."""
import argparse
import os
import subprocess

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ap = argparse.ArgumentParser()
ap.add_argument("out_dir")
ap.add_argument("--polygons", type=int, default=10000)
ap.add_argument("--points", type=int, default=1000000)
ap.add_argument("--sites", type=int, default=100000)
a = ap.parse_args()
os.makedirs(a.out_dir, exist_ok=True)
tag = f"{a.polygons}_{a.points}_{a.sites}"
layer_path = os.path.join(a.out_dir, f"protected_{a.polygons}.gpkg")
points_csv = os.path.join(a.out_dir, f"points_{a.points}.csv")
points_gpkg = os.path.join(a.out_dir, f"points_{a.points}.gpkg")
sites_path = os.path.join(a.out_dir, f"sites_{a.sites}.gpkg")
west, east, south, north = 97.0, 126.2, 37.3, 53.5
rng = np.random.default_rng(20261129)
srs = osr.SpatialReference()
srs.ImportFromEPSG(4326)


def write_polygons(path, name, rings, ids):
    part = path[:-5] + ".part.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(part)
    layer = ds.CreateLayer(name, srs, ogr.wkbPolygon, ["SPATIAL_INDEX=NO"])
    layer.CreateField(ogr.FieldDefn("id", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    ds.StartTransaction()
    for ident, ring in zip(ids, rings):
        wkt = "POLYGON((" + ",".join(f"{x:.6f} {y:.6f}" for x, y in ring) + "))"
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField("id", ident)
        f.SetField("name", f"SYNTHETIC {ident}")
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(f)
    ds.CommitTransaction()
    ds = None
    os.replace(part, path)


if not os.path.exists(layer_path):
    rings = []
    for i in range(a.polygons):
        cx, cy = rng.uniform(west, east), rng.uniform(south, north)
        n = int(rng.integers(100, 400))
        angles = np.sort(rng.uniform(0, 2 * np.pi, n))
        radius_km = rng.uniform(1, 6) * (0.6 + 0.4 * rng.random(n))  # irregular, star-shaped: valid
        dx = radius_km / (111.32 * np.cos(np.radians(cy)))
        dy = radius_km / 110.57
        ring = list(zip(cx + dx * np.cos(angles), cy + dy * np.sin(angles)))
        rings.append(ring + [ring[0]])
    write_polygons(layer_path, "protected", rings, [f"P{i}" for i in range(a.polygons)])

if not os.path.exists(points_csv):
    x = rng.uniform(west, east, a.points)
    y = rng.uniform(south, north, a.points)
    with open(points_csv + ".part", "w") as f:
        f.write("id,x,y\n")
        for i in range(a.points):
            f.write(f"S{i},{x[i]:.6f},{y[i]:.6f}\n")
    os.replace(points_csv + ".part", points_csv)

if not os.path.exists(points_gpkg):
    part = points_gpkg[:-5] + ".part.gpkg"
    subprocess.run(["ogr2ogr", "-f", "GPKG", part, points_csv, "-nln", "points", "-a_srs", "EPSG:4326",
                    "-oo", "X_POSSIBLE_NAMES=x", "-oo", "Y_POSSIBLE_NAMES=y", "-oo", "KEEP_GEOM_COLUMNS=NO",
                    "-lco", "SPATIAL_INDEX=NO"], check=True)
    os.replace(part, points_gpkg)

if not os.path.exists(sites_path):
    rings = []
    for i in range(a.sites):
        cx, cy = rng.uniform(west, east), rng.uniform(south, north)
        half = rng.uniform(0.05, 0.4) / 110.57  # 100-800 m squares
        hx = half / np.cos(np.radians(cy))
        rings.append([(cx - hx, cy - half), (cx + hx, cy - half), (cx + hx, cy + half), (cx - hx, cy + half),
                      (cx - hx, cy - half)])
    write_polygons(sites_path, "sites", rings, [f"Q{i}" for i in range(a.sites)])

print(layer_path, points_csv, points_gpkg, sites_path)

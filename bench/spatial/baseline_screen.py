"""Baseline for the screening benchmark: GeoPandas (Debian's python3-geopandas 0.12 with Shapely 1.8 and rtree).
Points: read the CSV with pandas, build points, spatial join ("intersects") with the protected layer, write one CSV
row per point and touched polygon. Polygon sites: read them, join, and compute each overlap's area in an Albers
equal-area projection. Prints the seconds of each part as JSON."""
import json
import sys
import time

import geopandas as gpd
import pandas as pd

layer_path, points_csv, sites_path, out_dir = sys.argv[1:5]
albers = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +ellps=WGS84 +units=m"
t0 = time.perf_counter()
layer = gpd.read_file(layer_path)[["id", "geometry"]].rename(columns={"id": "feature"})
t1 = time.perf_counter()
df = pd.read_csv(points_csv)
points = gpd.GeoDataFrame(df[["id"]], geometry=gpd.points_from_xy(df.x, df.y), crs="EPSG:4326")
joined = gpd.sjoin(points, layer, how="left", predicate="intersects")
joined[["id", "feature"]].to_csv(f"{out_dir}/baseline_points.csv", index=False)
t2 = time.perf_counter()
sites = gpd.read_file(sites_path)[["id", "geometry"]]
pairs = gpd.sjoin(sites, layer, how="left", predicate="intersects").reset_index(drop=True)
hit = pairs.dropna(subset=["feature"])
site_geom = sites.set_index("id").geometry.to_crs(albers)
layer_geom = layer.set_index("feature").geometry.to_crs(albers)
areas = [site_geom.loc[s].intersection(layer_geom.loc[f]).area for s, f in zip(hit["id"], hit["feature"])]
pairs["area_m2"] = 0.0
pairs.loc[hit.index, "area_m2"] = areas
pairs[["id", "feature", "area_m2"]].to_csv(f"{out_dir}/baseline_sites.csv", index=False)
t3 = time.perf_counter()
print(json.dumps({"read_layer": t1 - t0, "points": t2 - t1, "sites": t3 - t2,
                  "point_rows": int(len(joined)), "points_touching": int(joined["feature"].notna().sum()),
                  "site_rows": int(len(pairs)), "sites_touching": int(len(hit))}))

"""Writes seeded SYNTHETIC red and NIR reflectance rasters (Float32, SIZE x SIZE, tiled 256 x 256, uncompressed)
over the Inner Mongolia bounding box for the NDVI + FVC benchmark: NIR/red ratios follow an east-west
vegetation gradient (desert in the west, forest in the east) with noise. Reused when present. Prints both paths."""
import argparse
import os

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()
ap = argparse.ArgumentParser()
ap.add_argument("out_dir")
ap.add_argument("--size", type=int, default=10000)
a = ap.parse_args()
os.makedirs(a.out_dir, exist_ok=True)
paths = [os.path.join(a.out_dir, f"synthetic_{b}_{a.size}.tif") for b in ("red", "nir")]
if not all(os.path.exists(p) for p in paths):
    n = a.size
    west, east, south, north = 97.0, 126.2, 37.3, 53.5
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds = []
    for p, name in zip(paths, ("red", "nir")):
        d = gdal.GetDriverByName("GTiff").Create(p + ".part", n, n, 1, gdal.GDT_Float32,
                                                 ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "BIGTIFF=IF_SAFER"])
        d.SetGeoTransform((west, (east - west) / n, 0, north, 0, -(north - south) / n))
        d.SetProjection(srs.ExportToWkt())
        d.GetRasterBand(1).SetDescription(f"SYNTHETIC {name} reflectance (seeded benchmark data)")
        ds.append(d)
    rng = np.random.default_rng(20261129)
    x = np.linspace(0, 1, n, dtype=np.float32)[None, :]
    step = 512
    for r0 in range(0, n, step):
        rows = min(step, n - r0)
        red = (0.25 - 0.18 * x + rng.normal(0, 0.01, (rows, n))).astype(np.float32)
        ndvi = np.clip(-0.05 + 0.9 * x ** 1.3 + rng.normal(0, 0.04, (rows, n)), -0.3, 0.95).astype(np.float32)
        nir = (red * (1 + ndvi) / (1 - ndvi)).astype(np.float32)
        ds[0].GetRasterBand(1).WriteArray(red, 0, r0)
        ds[1].GetRasterBand(1).WriteArray(nir, 0, r0)
    # Close explicitly (FlushCache + dropping every reference, the loop variable included): GDAL's Python
    # bindings do not promise to flush datasets that are still referenced when the interpreter exits.
    for d in ds:
        d.FlushCache()
    del d
    ds = None
    for p in paths:
        os.replace(p + ".part", p)
print(" ".join(paths))

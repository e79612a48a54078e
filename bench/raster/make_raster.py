"""Writes a seeded SYNTHETIC Float32 raster over the Inner Mongolia bounding box for the raster benchmarks:
SIZE x SIZE cells (default 10000), tiled 256 x 256, no compression, NoData -9999 in a thin diagonal band.
Values: a smooth east-west gradient plus noise, NDVI-like (-0.1 .. 0.9). Reused when it already exists."""
import argparse
import os

import numpy as np
from osgeo import gdal

gdal.UseExceptions()
ap = argparse.ArgumentParser()
ap.add_argument("out_dir")
ap.add_argument("--size", type=int, default=10000)
a = ap.parse_args()
os.makedirs(a.out_dir, exist_ok=True)
path = os.path.join(a.out_dir, f"synthetic_ndvi_{a.size}.tif")
if not os.path.exists(path):
    n = a.size
    west, east, south, north = 97.0, 126.2, 37.3, 53.5
    ds = gdal.GetDriverByName("GTiff").Create(path + ".part", n, n, 1, gdal.GDT_Float32,
                                              ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "BIGTIFF=IF_SAFER"])
    ds.SetGeoTransform((west, (east - west) / n, 0, north, 0, -(north - south) / n))
    srs = gdal.osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(-9999)
    band.SetDescription("SYNTHETIC benchmark raster (seeded), not real data")
    rng = np.random.default_rng(20261129)
    x = np.linspace(0, 1, n, dtype=np.float32)
    step = 512
    for r0 in range(0, n, step):
        rows = min(step, n - r0)
        y = (np.arange(r0, r0 + rows, dtype=np.float32) / n)[:, None]
        v = -0.1 + 0.9 * x[None, :] ** 1.5 * (1 - 0.3 * y) + rng.normal(0, 0.03, (rows, n)).astype(np.float32)
        cols = np.arange(n)[None, :]
        v[np.abs(cols - (np.arange(r0, r0 + rows)[:, None])) < 3] = -9999
        band.WriteArray(v.astype(np.float32), 0, r0)
    # Close explicitly: the band keeps the dataset alive, and GDAL's Python bindings do not promise to flush
    # datasets still referenced when the interpreter exits.
    ds.FlushCache()
    del band
    ds = None
    os.replace(path + ".part", path)
print(path)

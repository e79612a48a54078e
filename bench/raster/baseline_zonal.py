"""Baseline for zonal statistics as people do it today: gdal_rasterize the zones onto the raster's grid (cell
centres only), then numpy bincount per zone. Prints JSON with seconds and per-zone count/sum."""
import json
import sys
import time

import numpy as np
from osgeo import gdal, ogr

gdal.UseExceptions()
raster_path, zones_path, id_field = sys.argv[1:4]
t0 = time.perf_counter()
src = gdal.Open(raster_path)
gt, nx, ny = src.GetGeoTransform(), src.RasterXSize, src.RasterYSize
ds = ogr.Open(zones_path)
layer = ds.GetLayer(0)
mem = ogr.GetDriverByName("Memory").CreateDataSource("")
out = mem.CreateLayer("z", layer.GetSpatialRef(), ogr.wkbMultiPolygon)
out.CreateField(ogr.FieldDefn("idx", ogr.OFTInteger))
ids = []
for i, f in enumerate(layer):
    g = f.GetGeometryRef()
    if not g.IsValid():
        g = g.MakeValid()
    nf = ogr.Feature(out.GetLayerDefn())
    nf.SetField("idx", i + 1)
    nf.SetGeometry(g)
    out.CreateFeature(nf)
    ids.append(str(f.GetField(id_field)))
zone_ds = gdal.GetDriverByName("MEM").Create("", nx, ny, 1, gdal.GDT_Int16)
zone_ds.SetGeoTransform(gt)
zone_ds.SetProjection(src.GetProjection())
gdal.RasterizeLayer(zone_ds, [1], out, options=["ATTRIBUTE=idx"])
count = np.zeros(len(ids) + 1)
total = np.zeros(len(ids) + 1)
band, zband = src.GetRasterBand(1), zone_ds.GetRasterBand(1)
nodata = band.GetNoDataValue()
step = 1024
for r0 in range(0, ny, step):
    rows = min(step, ny - r0)
    v = band.ReadAsArray(0, r0, nx, rows)
    z = zband.ReadAsArray(0, r0, nx, rows).astype(np.intp)
    ok = v != nodata
    count += np.bincount(z[ok], minlength=len(ids) + 1)
    total += np.bincount(z[ok], weights=v[ok], minlength=len(ids) + 1)
seconds = time.perf_counter() - t0
print(json.dumps({"engine": "gdal_rasterize + numpy", "seconds": seconds,
                  "zones": {ids[i]: [count[i + 1], total[i + 1]] for i in range(len(ids))}}))

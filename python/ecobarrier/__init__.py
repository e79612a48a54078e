"""ecobarrier for Python: HJ 633 AQI, HJ 663 daily values, GB 3838 classes, NDVI/FVC/grades, exact coverage and
zonal statistics, and the use-case runs on workspaces — numpy arrays in, pandas DataFrames out, the same figures and
error messages as the ``ecobarrier`` CLI. The kernels release the GIL. Walkthrough: docs/python.md.
"""
from ._core import (  # the exception hierarchy: ecobarrier.Error and one subclass per CLI exit status
    DeniedError,
    Error,
    GeometryError,
    InputError,
    Interrupted,
    IoError,
    StoreError,
    UsageError,
    __version__,
)
from ._air import DAILY_ITEMS, HOURLY_ITEMS, aqi, daily_values, read_observations
from ._raster import FvcResult, carbon_sink, coverage, fvc, grade_schemes, grades, ndvi, zonal_stats
from ._water import water_classes
from ._workspace import Workspace

__all__ = [
    "Error",
    "UsageError",
    "InputError",
    "GeometryError",
    "StoreError",
    "IoError",
    "DeniedError",
    "Interrupted",
    "__version__",
    "HOURLY_ITEMS",
    "DAILY_ITEMS",
    "aqi",
    "daily_values",
    "read_observations",
    "water_classes",
    "ndvi",
    "fvc",
    "FvcResult",
    "grades",
    "grade_schemes",
    "coverage",
    "zonal_stats",
    "carbon_sink",
    "Workspace",
]

"""Type stubs of the package ecobarrier (docs/python.md)."""
from os import PathLike
from typing import Any, NamedTuple, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from ._core import DeniedError as DeniedError
from ._core import Error as Error
from ._core import GeometryError as GeometryError
from ._core import InputError as InputError
from ._core import Interrupted as Interrupted
from ._core import IoError as IoError
from ._core import StoreError as StoreError
from ._core import UsageError as UsageError

__version__: str
HOURLY_ITEMS: list[str]
DAILY_ITEMS: list[str]

_Path = str | PathLike[str]
_Raster = Any  # a path, a rasterio dataset, an xarray DataArray or a 2-D numpy array (with transform=)

def aqi(data: pd.DataFrame | dict[str, npt.ArrayLike] | None = ..., *, mode: str = ..., standard: str = ...,
        lang: str = ..., dropna: bool = ..., **columns: npt.ArrayLike) -> pd.DataFrame: ...
def daily_values(hourly: pd.DataFrame | dict[str, npt.ArrayLike], *, standard: str = ...,
                 zone_class: int = ...) -> pd.DataFrame: ...
def read_observations(path: _Path, layout: str = ...) -> pd.DataFrame: ...
def water_classes(samples: pd.DataFrame | dict[str, npt.ArrayLike], *, waterbody: str = ...,
                  items: Sequence[str] | None = ..., lang: str = ...) -> pd.DataFrame: ...
def ndvi(red: Any, nir: Any) -> Any: ...

class FvcResult(NamedTuple):
    fvc: Any
    grade: Any
    soil: float
    veg: float

def fvc(ndvi: Any, *, soil: float | None = ..., veg: float | None = ..., percentiles: Sequence[float] = ...,
        scheme: str = ..., mask: Any = ...) -> FvcResult: ...
def grades(values: Any, *, scheme: str | None = ..., breaks: Sequence[float] | None = ...) -> Any: ...
def grade_schemes() -> dict[str, list[dict[str, Any]]]: ...
def coverage(polygon: Any, grid: Any, *, transform: Any = ...) -> pd.DataFrame: ...
def zonal_stats(raster: _Raster | Sequence[_Raster], zones: _Path | Any, id_field: str | None = ...,
                stats: str | Sequence[str] = ..., *, band: int = ..., transform: Any = ..., crs: Any = ...,
                nodata: float | None = ..., make_valid: bool = ..., layer: str | None = ...,
                where: str | None = ...) -> pd.DataFrame: ...

class Workspace:
    path: str
    def __init__(self, path: _Path) -> None: ...
    def air_assess(self, period: str, level: str = ..., *, standard: str = ..., what_if: str | None = ...,
                   zone_class: int = ..., composite: str = ..., dust: str = ..., wide: bool = ...,
                   lang: str = ...) -> pd.DataFrame: ...
    def air_daily(self, period: str, level: str = ..., *, standard: str = ..., dust: str = ...,
                  lang: str = ...) -> pd.DataFrame: ...
    def air_hourly(self, period: str, *, station: str = ..., standard: str = ..., lang: str = ...) -> pd.DataFrame: ...
    def water_assess(self, period: str, level: str = ..., *, baseline: str | None = ..., below_detection: str = ...,
                     set: str = ..., lang: str = ...) -> pd.DataFrame: ...
    def groundwater_assess(self, year: int, *, baseline: int = ..., level: int = ..., set: str = ...,
                           lang: str = ...) -> pd.DataFrame: ...

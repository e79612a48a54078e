"""Use-case runs on a workspace: the runs the CLI and the API call, their results as the CLI's CSV tables."""
from __future__ import annotations

import os

import pandas as pd

from . import _core
from ._frames import document_frame


class Workspace:
    """A workspace: a GeoPackage path or a PostgreSQL conninfo (postgresql://...), as the CLI's WS argument.

    Each method runs the use case the CLI command of the same name runs and returns the table the CLI writes with
    ``--format csv`` (same columns, same figures, unrounded; ``attrs["decimals"]`` says how the CLI rounds) with
    the notes it prints under ``attrs["notes"]``. Errors are the CLI's, as ecobarrier exceptions.
    """

    def __init__(self, path):
        self.path = os.fspath(path)
        self._ws = _core.Workspace(self.path)

    def __repr__(self) -> str:
        return f"Workspace({self.path!r})"

    def air_assess(self, period: str, level: str = "city", *, standard: str = "auto", what_if: str | None = None,
                   zone_class: int = 2, composite: str = "auto", dust: str = "raw", wide: bool = False,
                   lang: str = "en") -> pd.DataFrame:
        """``ecobarrier air assess WS --period P --level L --format csv``: the HJ 663 assessment of the stations,
        counties, cities or the region, a row per unit and figure (wide=True: ``--wide``, a row per unit)."""
        return document_frame(self._ws.air_assess(period, level, standard, what_if or "", zone_class, composite, dust,
                                                  wide, lang))

    def air_daily(self, period: str, level: str = "city", *, standard: str = "auto", dust: str = "raw",
                  lang: str = "en") -> pd.DataFrame:
        """``ecobarrier air daily``: a row per unit and day with the daily values, their counts and the daily AQI."""
        return document_frame(self._ws.air_daily(period, level, standard, dust, lang))

    def air_hourly(self, period: str, *, station: str = "", standard: str = "auto", lang: str = "en") -> pd.DataFrame:
        """``ecobarrier air hourly``: the real-time AQI report of the stored station hours."""
        return document_frame(self._ws.air_hourly(period, station, standard, lang))

    def water_assess(self, period: str, level: str = "section", *, baseline: str | None = None,
                     below_detection: str = "half", set: str = "all", lang: str = "en") -> pd.DataFrame:
        """``ecobarrier water assess WS --period P --level L --format csv``: GB 3838 classes of the sections, or the
        shares, status and membership of rivers, basins, units, counties or the region (``set``: national,
        provincial or all; ``baseline``: changes in percentage points on the sections with a class in both)."""
        return document_frame(self._ws.water_assess(period, level, baseline or "", below_detection, set, lang))

    def groundwater_assess(self, year: int, *, baseline: int = 0, level: int = 2, set: str = "all",
                           lang: str = "en") -> pd.DataFrame:
        """``ecobarrier groundwater assess WS --year Y --level L --format csv``: GB/T 14848 classes of the points and
        the shares in I-IV and V per unit, against ``baseline`` on the same points."""
        return document_frame(self._ws.groundwater_assess(year, baseline, level, set, lang))

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

    def air_rank(self, period: str, *, baseline: str | None = None, standard: str = "auto", composite: str = "auto",
                 dust: str = "raw", lang: str = "en") -> pd.DataFrame:
        """``ecobarrier air rank WS --period P [--baseline B] --format csv``: the cities ranked by the composite index
        (equal indices share a rank), with the changes of the index, PM2.5 and the good-day ratio against
        ``baseline``."""
        return document_frame(self._ws.air_rank(period, baseline or "", standard, composite, dust, lang))

    def air_trend(self, from_: int, to: int, *, level: str = "city", pollutant: str = "PM2.5", statistic: str = "mean",
                  lang: str = "en") -> pd.DataFrame:
        """``ecobarrier air trend WS --from Y1 --to Y2 --format csv``: a statistic year by year per unit, its change,
        Theil-Sen slope, Mann-Kendall test and streak (``from_`` is ``--from``)."""
        return document_frame(self._ws.air_trend(from_, to, level, pollutant, statistic, lang))

    def soil_assess(self, year: int, *, level: int = 2, lang: str = "en") -> pd.DataFrame:
        """``ecobarrier soil assess WS --year Y --level L --format csv``: farmland areas by GB 15618 category per
        league/city (level 2) or the region (1) and the safe-use rate of contaminated farmland from the ledger's
        measures."""
        return document_frame(self._ws.soil_assess(year, level, lang))

    def soil_site_assess(self, year: int, *, level: int = 2, lang: str = "en") -> pd.DataFrame:
        """``ecobarrier soil site assess WS --year Y --level L --format csv``: construction-land sites, exceedances and
        required actions per unit and the key-construction-land safe-use rate; the sites in
        ``attrs["parts"]["sites"]``."""
        return document_frame(self._ws.soil_site_assess(year, level, lang))

    def water_source_assess(self, year: int, *, level: int = 2, source_level: str = "all", annual: str | None = None,
                            below_detection: str = "half", lang: str = "en") -> pd.DataFrame:
        """``ecobarrier water source assess WS --year Y --level L --format csv``: the drinking-water sources'
        compliance rates per unit by number and by water supplied, with membership; the year's verdict per source and
        the months in ``attrs["parts"]["sources"]`` and ``["months"]`` (``annual``: every_month or annual_mean,
        default the rule in data/standards/drinking_water_rules.csv; ``below_detection``: ``--below-dl``)."""
        return document_frame(self._ws.water_source_assess(year, level, source_level, annual or "", below_detection,
                                                           lang))

    def carbon_account(self, year: int, *, base_year: int = 2020, level: int = 2, grid_factor_year: int | None = None,
                       electricity: str = "equivalent", lang: str = "en") -> pd.DataFrame:
        """``ecobarrier carbon account WS --year Y --level L --format csv``: energy (tce), CO2, intensities, their
        change against ``base_year`` and target progress per unit; the fuels, targets and grid factors in
        ``attrs["parts"]``."""
        return document_frame(self._ws.carbon_account(year, base_year, level, grid_factor_year or 0, electricity,
                                                      lang))

    def project_summary(self, year: int, *, since: int | None = None, level: int = 2,
                        lang: str = "en") -> pd.DataFrame:
        """``ecobarrier project summary WS --year Y [--since S] --level L --format csv``: the restoration ledger per
        unit and project type, completion against the plans; mine restoration against new damage by year in
        ``attrs["parts"]["mining"]`` (the CLI's second table) when the span has mine entries."""
        return document_frame(self._ws.project_summary(year, since or 0, level, lang))

    def assess_score(self, registry, year: int, *, level: int = 2, unit_targets=None, missing: str = "renormalize",
                     max_missing: float = 0.2, draws: int = 1000, seed: int = 1, spread: float = 0.25,
                     lang: str = "en") -> pd.DataFrame:
        """``ecobarrier assess score WS --registry R --year Y --level L --format csv``: distance-to-target scores,
        category and total scores, competition ranks and rank intervals under perturbed weights (seeded), by rank."""
        return document_frame(self._ws.assess_score(os.fspath(registry), year, level,
                                                    os.fspath(unit_targets) if unit_targets else "", missing,
                                                    max_missing, draws, seed, spread, lang))

    def assess_progress(self, registry, year: int, *, level: int = 2, unit_targets=None, indicator: str | None = None,
                        lang: str = "en") -> pd.DataFrame:
        """``ecobarrier assess progress WS --registry R --year Y --level L --format csv``: per unit and indicator the
        value against the baseline, the target, the goal share and the years in a row the target was met."""
        return document_frame(self._ws.assess_progress(os.fspath(registry), year, level,
                                                       os.fspath(unit_targets) if unit_targets else "",
                                                       indicator or "", lang))

    def summary(self, period: str | None = None, *, part: str = "all", averaging: str | None = None,
                lang: str = "en") -> pd.DataFrame:
        """``ecobarrier summary WS [--period P] --part P --format csv``: units per level, air stations per unit, the
        stations without a location and data capture per station and quantity against the calendar of ``period``
        (default each kind's data span; ``averaging``: comma-separated, e.g. ``"1h,24h"``). ``part="all"`` (the
        CLI's CSV refuses it: it holds one table) gives the units as the frame and the other parts, each the table of
        ``--part``, in ``attrs["parts"]`` (the unlocated stations only when there are any)."""
        return document_frame(self._ws.summary(period or "", part, averaging or "", lang))

    def water_trophic(self, from_: int, to: int, *, by: str = "year", below_detection: str = "half",
                      lang: str = "en") -> pd.DataFrame:
        """``ecobarrier water trophic WS --from Y1 --to Y2 --by B --format csv``: the trophic state TLI(Σ) of the lake
        sections per month or year (``from_`` is ``--from``; ``below_detection``: ``--below-dl``)."""
        return document_frame(self._ws.water_trophic(from_, to, by, below_detection, lang))

    def water_cwqi(self, period: str, *, baseline: str | None = None, below_detection: str = "half",
                   lang: str = "en") -> pd.DataFrame:
        """``ecobarrier water cwqi WS --period P [--baseline B] --format csv``: the cities ranked by the city water
        quality index (smaller is better; formula unconfirmed), with the change against ``baseline``."""
        return document_frame(self._ws.water_cwqi(period, baseline or "", below_detection, lang))

    def chief_coverage(self, period: str, *, as_of: str | None = None, level: int = 2,
                       lang: str = "en") -> pd.DataFrame:
        """``ecobarrier chief coverage WS --period P [--as-of D] --level L --format csv``: per chief the patrol
        windows met against the required frequency, issues, the overdue flag (as of ``as_of``, YYYY-MM-DD, default
        the day after the period) and the objects nobody patrolled; the roll-up per unit of ``level`` and chief level
        in ``attrs["parts"]["rollup"]``."""
        return document_frame(self._ws.chief_coverage(period, as_of or "", level, lang))

    def project_overlaps(self, *, lang: str = "en") -> pd.DataFrame:
        """``ecobarrier project overlaps WS --format csv``: the project outlines overlapping the ecological protection
        red line or each other, each overlap with its area (each pair of projects once)."""
        return document_frame(self._ws.project_overlaps(lang))

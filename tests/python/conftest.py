"""Fixtures of the Python module's tests: the CLI binary the module is compared with, the bundled real data, and a
way to write a DataFrame's values as the CLI writes them in CSV (so that both are compared figure for figure).

ctest runs these with Debian's python3 -m pytest, PYTHONPATH=build/python (tests/CMakeLists.txt: python_module)."""
import csv
import io
import math
import os
import subprocess

import pytest

SOURCE = os.environ.get("ECOBARRIER_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "../..")))
BIN = os.environ.get("ECOBARRIER_BIN", os.path.join(SOURCE, "build", "src", "ecobarrier"))
DEMO = os.path.join(SOURCE, "data", "demo")
CNEMC = os.path.join(DEMO, "air", "cnemc_hourly_2019H1_innermongolia.csv")
STATIONS = os.path.join(DEMO, "air", "cnemc_station_list_2022-02-13_innermongolia.csv")
LEAGUES = os.path.join(DEMO, "boundaries", "150000.json")
COUNTIES = os.path.join(DEMO, "boundaries", "150000_counties_merged.json")
CROPLAND = os.path.join(DEMO, "raster", "cropland_hyde_2016_10km_innermongolia_bbox.tif")
S2_RED = os.path.join(DEMO, "raster", "sentinel2_29RKH_20200219", "B04.tif")
S2_NIR = os.path.join(DEMO, "raster", "sentinel2_29RKH_20200219", "B08.tif")


def run_cli(*args, check=0):
    """Runs the ecobarrier CLI (English messages); check=N asserts the exit status."""
    env = dict(os.environ, ECOBARRIER_LANG="en")
    p = subprocess.run([BIN, *map(str, args)], capture_output=True, text=True, env=env, timeout=600)
    if check is not None and p.returncode != check:
        raise AssertionError(f"ecobarrier {' '.join(map(str, args))} exited {p.returncode}, expected {check}\n"
                             f"stderr:\n{p.stderr}")
    return p


def cli_rows(*args):
    """The rows of `ecobarrier ARGS --format csv` as dicts of text."""
    p = run_cli(*args, "--format", "csv")
    return list(csv.DictReader(io.StringIO(p.stdout.lstrip("\ufeff"))))


def cli_tables(*args):
    """The tables of `ecobarrier ARGS --format csv` (one after another, separated by a blank line), each as a list of
    dicts of text."""
    text = run_cli(*args, "--format", "csv").stdout.lstrip("\ufeff")
    return [list(csv.DictReader(io.StringIO(block))) for block in text.strip("\n").split("\n\n")]


def cli_error(*args, status):
    """The message the CLI prints for a failing command (its stderr without the 'ecobarrier: error: ' prefix)."""
    p = run_cli(*args, check=status)
    text = p.stderr.strip()
    prefix = "ecobarrier: error: "
    return text[len(prefix):] if text.startswith(prefix) else text


def _number_text(v, decimals):
    if decimals is not None and decimals >= 0:
        return f"{v:.{decimals}f}"
    text = repr(float(v))
    return text[:-2] if text.endswith(".0") else text  # fmt's shortest form writes 12.0 as 12


def cli_text(value, decimals=None):
    """A value as the CLI's CSV writes it: empty for missing, integers as they are, reals in the shortest exact form
    (or with the column's fixed decimals)."""
    if value is None or value is __import__("pandas").NA:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iu"):
        return str(int(value))
    if isinstance(value, float) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "f"):
        return _number_text(value, decimals)
    return str(value)


def frame_rows(frame, columns=None, decimals=None):
    """A DataFrame's rows as the CLI would write them in CSV: lists of dicts of text, keyed by column."""
    decimals = dict(frame.attrs.get("decimals", {}), **(decimals or {}))
    columns = columns or list(frame.columns)
    rows = []
    for record in frame[columns].itertuples(index=False, name=None):
        rows.append({c: cli_text(v, decimals.get(c)) for c, v in zip(columns, record)})
    return rows


def assert_same_rows(frame_text_rows, cli_text_rows, columns):
    assert len(frame_text_rows) == len(cli_text_rows), (len(frame_text_rows), len(cli_text_rows))
    for i, (a, b) in enumerate(zip(frame_text_rows, cli_text_rows)):
        for c in columns:
            assert a[c] == b[c], f"row {i}, column {c}: module {a[c]!r}, CLI {b[c]!r}\nmodule {a}\nCLI    {b}"


@pytest.fixture(scope="session")
def cnemc_10_days(tmp_path_factory):
    """The first ten days of the bundled CNEMC file (real hourly data of Inner Mongolia's stations, 2019)."""
    path = tmp_path_factory.mktemp("air") / "cnemc_2019-01-01_10.csv"
    with open(CNEMC, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i == 0 or line[:8] <= "20190110":
                dst.write(line)
    return str(path)

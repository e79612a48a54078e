"""ecobarrier.dask's air jobs on a LocalCluster of two worker processes, over the real CNEMC hourly data of Inner
Mongolia (the first ten days of 2019) cut into several observation files: by stations (columns) and by days (rows,
as CNEMC publishes a file a day). Hourly AQI, daily values and the HJ 663 assessment of stations, cities and the
region equal the CLI's figures on the whole file (or the workspace it was imported into), column for column.

Run by ctest (python_dask_air) with PYTHONPATH=build/python; Debian's python3-distributed and python3-pytest."""
import csv
import os
import shutil
import sys

import pandas as pd
import pytest

import ecobarrier as eb
import ecobarrier.dask as ebd
from conftest import COUNTIES, LEAGUES, STATIONS, assert_same_rows, cli_rows, frame_rows, run_cli

PERIOD = "2019-01-01..2019-01-10"
HOURLY_COLUMNS = ["station", "time", "aqi", "level", "category", "colour", "primary_pollutants",
                  "exceeding_pollutants"] + [f"iaqi_{n}" for n in eb.HOURLY_ITEMS] + ["standard"]
DAILY_COLUMNS = HOURLY_COLUMNS[:8] + [f"c_{n}" for n in eb.DAILY_ITEMS] + [f"iaqi_{n}" for n in eb.DAILY_ITEMS] + [
    "standard"]


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    # Workers are fresh processes: they find ecobarrier on PYTHONPATH.
    os.environ["PYTHONPATH"] = os.pathsep.join(sys.path)
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


def _rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return str(path)


@pytest.fixture(scope="module")
def by_stations(cnemc_10_days, tmp_path_factory):
    """The ten days as four files of about a quarter of the stations each (the CNEMC wide layout's columns)."""
    out = tmp_path_factory.mktemp("by_stations")
    rows = _rows(cnemc_10_days)
    stations = list(range(3, len(rows[0])))
    groups = [stations[i::4] for i in range(4)]
    return [_write(out / f"part{k}.csv", [[r[0], r[1], r[2]] + [r[c] for c in g] for r in rows])
            for k, g in enumerate(groups)]


@pytest.fixture(scope="module")
def by_days(cnemc_10_days, tmp_path_factory):
    """The ten days as a file a day, every station in each (how CNEMC publishes them)."""
    out = tmp_path_factory.mktemp("by_days")
    rows = _rows(cnemc_10_days)
    days = sorted({r[0] for r in rows[1:]})
    return [_write(out / f"china_sites_{d}.csv", [rows[0]] + [r for r in rows[1:] if r[0] == d]) for d in days]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, cnemc_10_days):
    ws = str(tmp_path_factory.mktemp("ws") / "ws.gpkg")
    run_cli("init", ws)
    run_cli("unit", "import", ws, LEAGUES, COUNTIES)
    run_cli("station", "import", ws, STATIONS)
    run_cli("obs", "import", ws, cnemc_10_days)
    return ws


def sorted_text(rows, columns):
    return sorted(rows, key=lambda r: tuple(r[c] for c in columns))


@pytest.mark.parametrize("standard", ["hj633-2012", "auto"])
def test_hourly_aqi_over_files_equals_the_cli(client, by_stations, cnemc_10_days, standard):
    frame = ebd.air_hourly(by_stations, client=client, standard=standard)
    expected = cli_rows("air", "aqi", cnemc_10_days, "--standard", standard)
    assert len(expected) > 1000
    keys = ["station", "time"]
    assert_same_rows(sorted_text(frame_rows(frame, HOURLY_COLUMNS), keys), sorted_text(expected, keys),
                     HOURLY_COLUMNS)


def test_daily_values_over_files_equal_the_module_on_the_whole_file(client, by_stations, cnemc_10_days):
    frame = ebd.air_daily(by_stations, client=client, standard="hj633-2012")
    whole = eb.daily_values(eb.read_observations(cnemc_10_days), standard="hj633-2012")
    whole["station"] = whole["station"].astype(object)
    keys = ["station", "time"]
    pd.testing.assert_frame_equal(frame.sort_values(keys).reset_index(drop=True),
                                  whole.sort_values(keys).reset_index(drop=True), check_exact=True)
    report = ebd.air_daily(by_stations, client=client, standard="hj633-2012", aqi=True)
    expected = cli_rows("air", "aqi", cnemc_10_days, "--mode", "daily", "--standard", "hj633-2012")
    rows = [r for r in frame_rows(report, DAILY_COLUMNS, decimals={f"c_{n}": 3 for n in eb.DAILY_ITEMS}) if r["aqi"]
            or any(r[f"iaqi_{n}"] for n in eb.DAILY_ITEMS)]
    assert len(expected) > 100
    assert_same_rows(sorted_text(rows, keys), sorted_text(expected, keys), DAILY_COLUMNS)


@pytest.mark.parametrize("level", ["station", "city", "region"])
@pytest.mark.parametrize("split", ["by_stations", "by_days"])
def test_assessment_from_files_equals_the_cli_on_the_workspace(client, workspace, request, split, level):
    files = request.getfixturevalue(split)
    frame = ebd.air_assess(files, workspace, period=PERIOD, level=level, client=client)
    expected = cli_rows("air", "assess", workspace, "--period", PERIOD, "--level", level)
    assert len(expected) > 10
    assert list(frame.columns) == list(expected[0].keys())
    assert_same_rows(frame_rows(frame), expected, list(expected[0].keys()))


def test_city_daily_values_and_wide_table_from_files_equal_the_cli(client, workspace, by_days):
    daily = ebd.air_assess(by_days, workspace, period=PERIOD, level="city", client=client, daily=True)
    expected = cli_rows("air", "daily", workspace, "--period", PERIOD, "--level", "city")
    assert len(expected) > 10
    assert_same_rows(frame_rows(daily), expected, list(expected[0].keys()))
    wide = ebd.air_assess(by_days, workspace, period=PERIOD, level="city", client=client, wide=True)
    expected = cli_rows("air", "assess", workspace, "--period", PERIOD, "--level", "city", "--wide")
    assert_same_rows(frame_rows(wide), expected, list(expected[0].keys()))


def test_a_station_day_in_two_files_is_refused(client, workspace, by_days):
    with pytest.raises(eb.InputError, match="in two observation files"):
        ebd.air_assess(by_days + by_days[:1], workspace, period=PERIOD, level="city", client=client)


def test_assessment_with_a_what_if_standard_from_files_equals_the_cli(client, workspace, by_stations):
    frame = ebd.air_assess(by_stations, workspace, period=PERIOD, level="city", client=client, standard="2012",
                           what_if="2026")
    expected = cli_rows("air", "assess", workspace, "--period", PERIOD, "--level", "city", "--standard", "2012",
                        "--what-if", "2026")
    assert "whatif_reported" in expected[0]
    assert_same_rows(frame_rows(frame), expected, list(expected[0].keys()))


def test_review_marks_that_exclude_hours_are_refused_not_skipped(client, workspace, by_days, tmp_path):
    # A confirmed review mark leaves hourly values out of `air assess`; daily values computed from the files cannot
    # leave them out, so the job refuses rather than giving figures that differ from the CLI's.
    reviewed = str(tmp_path / "reviewed.gpkg")
    shutil.copyfile(workspace, reviewed)
    run_cli("review", "run", reviewed, "--period", PERIOD)
    # A suspect value (far above its neighbours'), confirmed: its hours are left out.
    mark = next(m for m in cli_rows("review", "list", reviewed) if m["rule"] == "neighbour")
    run_cli("review", "confirm", reviewed, mark["id"], "--by", "test", "--reason", "confirmed for the test")
    assert "left out by review marks" in run_cli("air", "assess", reviewed, "--period", PERIOD).stderr
    with pytest.raises(eb.UsageError, match=f"station {mark['station']} has review marks"):
        ebd.air_assess(by_days, reviewed, period=PERIOD, level="city", client=client)
    ebd.air_assess(by_days, workspace, period=PERIOD, level="city", client=client)  # the same files, no marks


@pytest.mark.parametrize("level", ["station", "city"])
def test_dust_periods_deducted_by_day_equal_the_cli(client, workspace, by_days, tmp_path, level):
    # SYNTHETIC sand/dust-affected periods (not real events) for Hohhot and Baotou: the days they touch lose their
    # PM10/PM2.5 daily values (dust.unit = day), which works on daily values as well as on hours.
    dusty = str(tmp_path / "dusty.gpkg")
    shutil.copyfile(workspace, dusty)
    periods = tmp_path / "dust.csv"
    periods.write_text("unit,start,end,source,note\n"
                       "150100,2019-01-03 06:00,2019-01-04 12:00,test,SYNTHETIC\n"
                       "150200,2019-01-07 00:00,2019-01-08 00:00,test,SYNTHETIC\n", encoding="utf-8")
    run_cli("air", "dust", "import", dusty, periods)
    frame = ebd.air_assess(by_days, dusty, period=PERIOD, level=level, dust="both", client=client)
    expected = cli_rows("air", "assess", dusty, "--period", PERIOD, "--level", level, "--dust", "both")
    assert any(r["dust"] == "deducted" for r in expected) and any(r["statistic"] == "dust_days" for r in expected)
    assert_same_rows(frame_rows(frame), expected, list(expected[0].keys()))

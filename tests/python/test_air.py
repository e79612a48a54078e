"""ecobarrier.aqi, daily_values and read_observations against `ecobarrier air aqi` on the same real file (the first
ten days of the bundled CNEMC hourly data of Inner Mongolia, 2019): every column of every row, as CSV text."""
import numpy as np
import pandas as pd
import pytest

import ecobarrier as eb
from conftest import assert_same_rows, cli_error, cli_rows, frame_rows

HOURLY_COLUMNS = ["station", "time", "aqi", "level", "category", "colour", "primary_pollutants",
                  "exceeding_pollutants"] + [f"iaqi_{n}" for n in eb.HOURLY_ITEMS] + ["standard"]
DAILY_COLUMNS = HOURLY_COLUMNS[:8] + [f"c_{n}" for n in eb.DAILY_ITEMS] + [f"iaqi_{n}" for n in eb.DAILY_ITEMS] + [
    "standard"]


@pytest.fixture(scope="module")
def observations(cnemc_10_days):
    return eb.read_observations(cnemc_10_days)


def test_observations_are_whole_days_of_hours(observations):
    assert list(observations.columns) == ["station", "time", *eb.HOURLY_ITEMS, "SO2_24h"]
    per_station = observations.groupby("station").size()
    assert (per_station % 24 == 0).all() and per_station.max() == 240
    assert str(observations["time"].iloc[0]) == "2019-01-01 00:00:00+08:00"


@pytest.mark.parametrize("standard", ["hj633-2012", "hj633-2026", "auto"])
def test_hourly_report_equals_the_cli(observations, cnemc_10_days, standard):
    report = eb.aqi(observations, standard=standard, dropna=True)
    expected = cli_rows("air", "aqi", cnemc_10_days, "--standard", standard)
    assert len(expected) > 1000
    assert_same_rows(frame_rows(report, HOURLY_COLUMNS), expected, HOURLY_COLUMNS)


@pytest.mark.parametrize("standard", ["hj633-2012", "2026"])
def test_daily_report_equals_the_cli(observations, cnemc_10_days, standard):
    days = eb.daily_values(observations, standard=standard)
    report = eb.aqi(days, mode="daily", standard=standard, dropna=True)
    expected = cli_rows("air", "aqi", cnemc_10_days, "--mode", "daily", "--standard", standard)
    assert len(expected) > 100
    assert_same_rows(frame_rows(report, DAILY_COLUMNS, decimals={f"c_{n}": 3 for n in eb.DAILY_ITEMS}), expected,
                     DAILY_COLUMNS)


def test_daily_values_count_the_hours_behind_each_value(observations):
    days = eb.daily_values(observations)
    one = observations[observations["station"] == "1090A"].iloc[:24]
    row = days[(days["station"] == "1090A")].iloc[0]
    assert row["n_PM2.5"] == one["PM2.5"].notna().sum()
    if row["n_PM2.5"] >= 20:
        assert row["PM2.5"] == pytest.approx(one["PM2.5"].mean())


def test_arrays_and_keywords():
    # SYNTHETIC concentrations around the HJ 633 breakpoints: PM2.5 75 µg/m³ is IAQI 100, 76 is 101.25, rounded up.
    frame = pd.DataFrame({"PM2.5": [75.0, 76.0, np.nan], "O3": [100.0, 100.0, np.nan]})
    report = eb.aqi(frame, standard="2012")
    assert report["aqi"].tolist()[:2] == [100, 102]
    assert report["exceeding_pollutants"].tolist()[:2] == [None, "PM2.5"]
    assert report["aqi"].isna().tolist() == [False, False, True]
    same = eb.aqi(pm25=np.array([75.0, 76.0, np.nan]), o3=[100.0, 100.0, np.nan], standard="2012")
    assert same["aqi"].equals(report["aqi"])


def test_the_2026_edition_withholds_a_partial_aqi_of_100_or_less():
    # SYNTHETIC: one pollutant only, IAQI 69 (68.75 rounded up): the 2012 edition publishes it, 2026 §5.3.1 does not.
    old = eb.aqi(pm25=[50.0], standard="hj633-2012")
    new = eb.aqi(pm25=[50.0], standard="hj633-2026")
    assert old["aqi"].iloc[0] == 69 and new["aqi"].isna().iloc[0]


def test_auto_needs_times():
    with pytest.raises(eb.UsageError, match="give the rows' times"):
        eb.aqi(pm25=[50.0])


def test_errors_carry_the_cli_message(tmp_path):
    missing = tmp_path / "missing.csv"
    message = cli_error("air", "aqi", missing, status=5)
    with pytest.raises(eb.IoError) as raised:
        eb.read_observations(missing)
    assert str(raised.value) == message
    assert raised.value.exit_code == 5
    bad = tmp_path / "bad.csv"
    bad.write_text("station,time,pollutant,value\nA,2019-13-01 00:00,PM2.5,3\n", encoding="utf-8")
    message = cli_error("air", "aqi", bad, status=3)
    with pytest.raises(eb.InputError) as raised:
        eb.read_observations(bad)
    assert str(raised.value) == message
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, eb.Error)

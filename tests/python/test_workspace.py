"""ecobarrier.Workspace against the CLI on the same workspace: a GeoPackage with the bundled leagues, counties,
stations and the first ten days of the real CNEMC hourly data of 2019."""
import pytest

import ecobarrier as eb
from conftest import COUNTIES, LEAGUES, STATIONS, assert_same_rows, cli_error, cli_rows, frame_rows, run_cli

PERIOD = "2019-01-01..2019-01-10"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, cnemc_10_days):
    ws = str(tmp_path_factory.mktemp("ws") / "ws.gpkg")
    run_cli("init", ws)
    run_cli("unit", "import", ws, LEAGUES, COUNTIES)
    run_cli("station", "import", ws, STATIONS)
    run_cli("obs", "import", ws, cnemc_10_days)
    return ws


def same_as_cli(frame, *cli_args):
    expected = cli_rows(*cli_args)
    columns = list(expected[0].keys())
    assert list(frame.columns) == columns
    assert_same_rows(frame_rows(frame), expected, columns)
    return expected


@pytest.mark.parametrize("level", ["station", "city", "region"])
def test_air_assess_equals_the_cli(workspace, level):
    frame = eb.Workspace(workspace).air_assess(period=PERIOD, level=level)
    rows = same_as_cli(frame, "air", "assess", workspace, "--period", PERIOD, "--level", level)
    assert len(rows) > 10


def test_air_assess_with_a_what_if_and_wide(workspace):
    ws = eb.Workspace(workspace)
    same_as_cli(ws.air_assess(PERIOD, "city", standard="2012", what_if="2026"), "air", "assess", workspace,
                "--period", PERIOD, "--level", "city", "--standard", "2012", "--what-if", "2026")
    same_as_cli(ws.air_assess(PERIOD, "city", wide=True), "air", "assess", workspace, "--period", PERIOD, "--level",
                "city", "--wide")


def test_air_daily_and_hourly_equal_the_cli(workspace):
    ws = eb.Workspace(workspace)
    same_as_cli(ws.air_daily(PERIOD, "city"), "air", "daily", workspace, "--period", PERIOD, "--level", "city")
    same_as_cli(ws.air_hourly("2019-01-02", station="1090A"), "air", "hourly", workspace, "--period", "2019-01-02",
                "--station", "1090A")


def test_errors_carry_the_cli_message(workspace, tmp_path):
    message = cli_error("air", "assess", workspace, "--period", "2019Q5", status=2)
    with pytest.raises(eb.UsageError) as raised:
        eb.Workspace(workspace).air_assess(period="2019Q5")
    assert str(raised.value) == message
    missing = str(tmp_path / "none.gpkg")
    message = cli_error("air", "assess", missing, "--period", "2019", status=4)
    with pytest.raises(eb.StoreError) as raised:
        eb.Workspace(missing).air_assess(period="2019")
    assert str(raised.value) == message and raised.value.exit_code == 4
    message = cli_error("air", "hourly", workspace, "--period", "2019-01", "--station", "NOPE", status=3)
    with pytest.raises(eb.InputError) as raised:
        eb.Workspace(workspace).air_hourly("2019-01", station="NOPE")
    assert str(raised.value) == message

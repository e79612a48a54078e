"""ecobarrier.Workspace against the CLI on the same workspace: a GeoPackage with the bundled leagues, counties,
stations and the first ten days of the real CNEMC hourly data of 2019."""
import csv
import io

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
    same_as_cli(ws.air_hourly("2019-01-02..2019-01-03", station="1090A"), "air", "hourly", workspace, "--period",
                "2019-01-02..2019-01-03", "--station", "1090A")


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


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory):
    """The demo's workspace (`ecobarrier demo`): SYNTHETIC water sections, samples and groundwater points."""
    ws = str(tmp_path_factory.mktemp("demo") / "demo.gpkg")
    run_cli("demo", "--workspace", ws)
    return ws


@pytest.mark.parametrize("level", ["section", "unit", "region"])
def test_water_assess_equals_the_cli(demo_workspace, level):
    frame = eb.Workspace(demo_workspace).water_assess("2023", level, baseline="2022")
    rows = same_as_cli(frame, "water", "assess", demo_workspace, "--period", "2023", "--level", level, "--baseline",
                       "2022")
    assert rows


def test_water_assess_of_the_national_set_and_its_errors(demo_workspace):
    ws = eb.Workspace(demo_workspace)
    same_as_cli(ws.water_assess("2023", "unit", set="national", below_detection="limit"), "water", "assess",
                demo_workspace, "--period", "2023", "--level", "unit", "--set", "national", "--below-dl", "limit")
    message = cli_error("water", "assess", demo_workspace, "--period", "2023", "--level", "planet", status=2)
    with pytest.raises(eb.UsageError) as raised:
        ws.water_assess("2023", "planet")
    assert str(raised.value) == message.splitlines()[0]


def cli_tables(*args):
    """The tables of a command's `--format csv` (separated by a blank line), each as a list of dicts of text."""
    text = run_cli(*args, "--format", "csv").stdout.lstrip("\ufeff")
    return [list(csv.DictReader(io.StringIO(block))) for block in text.strip("\n").split("\n\n")]


@pytest.mark.parametrize("level", [1, 2])
def test_groundwater_assess_equals_the_cli(demo_workspace, level):
    frame = eb.Workspace(demo_workspace).groundwater_assess(2023, level=level)
    units, points = cli_tables("groundwater", "assess", demo_workspace, "--year", "2023", "--level", str(level))
    # The units' table first, the points' second (attrs["parts"]), as the CLI writes them.
    for module, cli in ((frame, units), (frame.attrs["parts"]["points"], points)):
        columns = list(cli[0].keys())
        assert list(module.columns) == columns
        assert_same_rows(frame_rows(module), cli, columns)
    assert len(points) > len(units) > 0

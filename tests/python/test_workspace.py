"""ecobarrier.Workspace against the CLI on the same workspace: a GeoPackage with the bundled leagues, counties,
stations and the first ten days of the real CNEMC hourly data of 2019, and the demo's workspace (`ecobarrier demo
--workspace`: the real air data and SYNTHETIC water, soil, drinking-water, carbon, ledger and assessment data)."""
import csv
import io
import os

import pytest

import ecobarrier as eb
from conftest import (COUNTIES, LEAGUES, SOURCE, STATIONS, assert_same_rows, cli_error, cli_rows, cli_tables,
                      frame_rows, run_cli)

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


def same_tables_as_cli(frame, *cli_args):
    """The frame and the tables under its attrs["parts"], in order, against the tables of the CLI's `--format csv`
    (column for column as text), and its notes against what the CLI prints on stderr; returns the CLI's tables."""
    p = run_cli(*cli_args, "--format", "csv")
    blocks = p.stdout.lstrip("\ufeff").strip("\n").split("\n\n")
    frames = [frame, *frame.attrs.get("parts", {}).values()]
    assert len(frames) == len(blocks), (len(frames), len(blocks))
    tables = []
    for module, block in zip(frames, blocks):
        columns = next(csv.reader(io.StringIO(block)))
        rows = list(csv.DictReader(io.StringIO(block)))
        assert list(module.columns) == columns
        assert_same_rows(frame_rows(module), rows, columns)
        tables.append(rows)
    for note in frame.attrs["notes"]:
        assert note.strip() in p.stderr
    return tables


def same_error_as_cli(call, error, *cli_args, status):
    """A method's exception against the CLI's message for the same options: the whole message, or its first line
    where the CLI's parser rejects the value (it adds a pointer to --help)."""
    message = cli_error(*cli_args, status=status)
    with pytest.raises(error) as raised:
        call()
    assert str(raised.value) in (message, message.splitlines()[0]), (str(raised.value), message)
    assert raised.value.exit_code == status


REGISTRY = os.path.join(SOURCE, "data", "assessment", "registry_demo.csv")


def test_air_rank_and_trend_equal_the_cli(demo_workspace):
    ws = eb.Workspace(demo_workspace)
    rank, = same_tables_as_cli(ws.air_rank("2016", baseline="2015"), "air", "rank", demo_workspace, "--period", "2016",
                               "--baseline", "2015")
    assert len(rank) == 12 and rank[0]["rank"] == "1"
    same_tables_as_cli(ws.air_rank("2016-07", composite="weighted", dust="deducted"), "air", "rank", demo_workspace,
                       "--period", "2016-07", "--composite", "weighted", "--dust", "deducted")
    trend, = same_tables_as_cli(ws.air_trend(2014, 2016, pollutant="ALL", statistic="good_day_ratio_pct"), "air",
                                "trend", demo_workspace, "--from", "2014", "--to", "2016", "--pollutant", "ALL",
                                "--statistic", "good_day_ratio_pct")
    assert trend


@pytest.mark.parametrize("level", [1, 2])
def test_soil_assess_equals_the_cli(demo_workspace, level):
    ws = eb.Workspace(demo_workspace)
    farmland, = same_tables_as_cli(ws.soil_assess(2024, level=level), "soil", "assess", demo_workspace, "--year",
                                   "2024", "--level", str(level))
    units, sites = same_tables_as_cli(ws.soil_site_assess(2024, level=level), "soil", "site", "assess",
                                      demo_workspace, "--year", "2024", "--level", str(level))
    assert farmland and units and len(sites) > len(units)


def test_water_source_assess_equals_the_cli(demo_workspace):
    ws = eb.Workspace(demo_workspace)
    frame = ws.water_source_assess(2024)
    units, sources, months = same_tables_as_cli(frame, "water", "source", "assess", demo_workspace, "--year", "2024")
    assert list(frame.attrs["parts"]) == ["sources", "months"]
    assert units and len(months) > len(sources) > len(units)
    same_tables_as_cli(ws.water_source_assess(2024, level=1, source_level="city", annual="annual_mean",
                                              below_detection="limit"),
                       "water", "source", "assess", demo_workspace, "--year", "2024", "--level", "1",
                       "--source-level", "city", "--annual", "annual_mean", "--below-dl", "limit")


@pytest.mark.parametrize("level", [1, 2])
def test_carbon_account_equals_the_cli(demo_workspace, level):
    ws = eb.Workspace(demo_workspace)
    frame = ws.carbon_account(2023, level=level)
    tables = same_tables_as_cli(frame, "carbon", "account", demo_workspace, "--year", "2023", "--level", str(level))
    assert tables[0] and list(frame.attrs["parts"]) == ["fuels", "targets", "grid_factors"]
    same_tables_as_cli(ws.carbon_account(2025, base_year=2021, level=level, grid_factor_year=2022,
                                         electricity="equal_value"),
                       "carbon", "account", demo_workspace, "--year", "2025", "--base-year", "2021", "--level",
                       str(level), "--grid-factor-year", "2022", "--electricity", "equal_value")


@pytest.mark.parametrize("level", [1, 2, 3])
def test_project_summary_equals_the_cli(demo_workspace, level):
    ws = eb.Workspace(demo_workspace)
    frame = ws.project_summary(2023, level=level)
    ledger = same_tables_as_cli(frame, "project", "summary", demo_workspace, "--year", "2023", "--level", str(level))
    assert ledger[0]
    assert list(frame.attrs.get("parts", {})) == (["mining"] if len(ledger) > 1 else [])
    same_tables_as_cli(ws.project_summary(2023, since=2016, level=level), "project", "summary", demo_workspace,
                       "--year", "2023", "--since", "2016", "--level", str(level))


def test_assess_score_and_progress_equal_the_cli(demo_workspace):
    ws = eb.Workspace(demo_workspace)
    scores, = same_tables_as_cli(ws.assess_score(REGISTRY, 2023), "assess", "score", demo_workspace, "--registry",
                                 REGISTRY, "--year", "2023")
    assert len(scores) == 12
    same_tables_as_cli(ws.assess_score(REGISTRY, 2024, missing="exclude", draws=200, seed=7, spread=0.5), "assess",
                       "score", demo_workspace, "--registry", REGISTRY, "--year", "2024", "--missing", "exclude",
                       "--draws", "200", "--seed", "7", "--spread", "0.5")
    progress, = same_tables_as_cli(ws.assess_progress(REGISTRY, 2023), "assess", "progress", demo_workspace,
                                   "--registry", REGISTRY, "--year", "2023")
    assert progress
    same_tables_as_cli(ws.assess_progress(REGISTRY, 2023, indicator="pm25"), "assess", "progress", demo_workspace,
                       "--registry", REGISTRY, "--year", "2023", "--indicator", "pm25")


def test_result_runs_fail_with_the_cli_message(demo_workspace):
    ws, path = eb.Workspace(demo_workspace), demo_workspace
    # Checks of the runs and of the CLI's request functions.
    same_error_as_cli(lambda: ws.water_source_assess(1800), eb.UsageError, "water", "source", "assess", path,
                      "--year", "1800", status=2)
    same_error_as_cli(lambda: ws.project_summary(2023, since=2024), eb.UsageError, "project", "summary", path,
                      "--year", "2023", "--since", "2024", status=2)
    same_error_as_cli(lambda: ws.carbon_account(2019), eb.UsageError, "carbon", "account", path, "--year", "2019",
                      status=2)
    same_error_as_cli(lambda: ws.assess_score(REGISTRY, 2019), eb.InputError, "assess", "score", path, "--registry",
                      REGISTRY, "--year", "2019", status=3)
    same_error_as_cli(lambda: ws.air_rank("2016", baseline="2015Q5"), eb.UsageError, "air", "rank", path, "--period",
                      "2016", "--baseline", "2015Q5", status=2)
    # Values the CLI's parser refuses before the run.
    same_error_as_cli(lambda: ws.soil_assess(2024, level=3), eb.UsageError, "soil", "assess", path, "--year", "2024",
                      "--level", "3", status=2)
    same_error_as_cli(lambda: ws.assess_score(REGISTRY, 2023, missing="bogus"), eb.UsageError, "assess", "score",
                      path, "--registry", REGISTRY, "--year", "2023", "--missing", "bogus", status=2)
    same_error_as_cli(lambda: ws.project_summary(2023, level=7), eb.UsageError, "project", "summary", path, "--year",
                      "2023", "--level", "7", status=2)
    same_error_as_cli(lambda: ws.air_rank("2016", dust="both"), eb.UsageError, "air", "rank", path, "--period",
                      "2016", "--dust", "both", status=2)


def test_summary_equals_the_cli(demo_workspace):
    ws, path = eb.Workspace(demo_workspace), demo_workspace
    for part in ("units", "stations", "unlocated", "capture"):
        table, = same_tables_as_cli(ws.summary(part=part), "summary", path, "--part", part)
        assert table or part == "unlocated"
    same_tables_as_cli(ws.summary("2019Q1", part="capture", averaging="1h,24h"), "summary", path, "--period",
                       "2019Q1", "--part", "capture", "--averaging", "1h,24h")
    # part="all" (which the CLI's CSV refuses): each part as the CLI writes it with --part.
    frame = ws.summary()
    assert list(frame.attrs["parts"]) == ["stations", "capture"]
    for part, module in (("units", frame), *frame.attrs["parts"].items()):
        cli = cli_rows("summary", path, "--part", part)
        assert_same_rows(frame_rows(module), cli, list(cli[0].keys()))


def test_water_trophic_and_cwqi_equal_the_cli(demo_workspace):
    ws, path = eb.Workspace(demo_workspace), demo_workspace
    years, = same_tables_as_cli(ws.water_trophic(2022, 2024), "water", "trophic", path, "--from", "2022", "--to",
                                "2024")
    months, = same_tables_as_cli(ws.water_trophic(2023, 2024, by="month", below_detection="limit"), "water",
                                 "trophic", path, "--from", "2023", "--to", "2024", "--by", "month", "--below-dl",
                                 "limit")
    assert len(months) > len(years) > 0
    cities, = same_tables_as_cli(ws.water_cwqi("2024", baseline="2023"), "water", "cwqi", path, "--period", "2024",
                                 "--baseline", "2023")
    assert len(cities) == 12 and cities[0]["rank"] == "1"
    same_tables_as_cli(ws.water_cwqi("2024Q3", below_detection="zero"), "water", "cwqi", path, "--period", "2024Q3",
                       "--below-dl", "zero")


@pytest.mark.parametrize("level", [1, 2, 3])
def test_chief_coverage_equals_the_cli(demo_workspace, level):
    ws = eb.Workspace(demo_workspace)
    frame = ws.chief_coverage("2023", level=level)
    chiefs, rollup = same_tables_as_cli(frame, "chief", "coverage", demo_workspace, "--period", "2023", "--level",
                                        str(level))
    assert list(frame.attrs["parts"]) == ["rollup"] and chiefs and rollup
    same_tables_as_cli(ws.chief_coverage("2023Q2", as_of="2023-09-01", level=level), "chief", "coverage",
                       demo_workspace, "--period", "2023Q2", "--as-of", "2023-09-01", "--level", str(level))


def test_project_overlaps_equals_the_cli(demo_workspace):
    frame = eb.Workspace(demo_workspace).project_overlaps()
    same_tables_as_cli(frame, "project", "overlaps", demo_workspace)
    assert frame.attrs["notes"]


def test_the_read_only_runs_fail_with_the_cli_message(demo_workspace, tmp_path):
    ws, path = eb.Workspace(demo_workspace), demo_workspace
    same_error_as_cli(lambda: ws.summary(part="bogus"), eb.UsageError, "summary", path, "--part", "bogus", status=2)
    same_error_as_cli(lambda: ws.summary("2019Q5", part="units"), eb.UsageError, "summary", path, "--period",
                      "2019Q5", "--part", "units", status=2)
    same_error_as_cli(lambda: ws.summary(part="capture", averaging="3h"), eb.UsageError, "summary", path, "--part",
                      "capture", "--averaging", "3h", status=2)
    same_error_as_cli(lambda: ws.water_trophic(2024, 2023), eb.UsageError, "water", "trophic", path, "--from", "2024",
                      "--to", "2023", status=2)
    same_error_as_cli(lambda: ws.water_trophic(2023, 2024, by="week"), eb.UsageError, "water", "trophic", path,
                      "--from", "2023", "--to", "2024", "--by", "week", status=2)
    same_error_as_cli(lambda: ws.water_cwqi("2024Q5"), eb.UsageError, "water", "cwqi", path, "--period", "2024Q5",
                      status=2)
    same_error_as_cli(lambda: ws.water_cwqi("2024", below_detection="x"), eb.UsageError, "water", "cwqi", path,
                      "--period", "2024", "--below-dl", "x", status=2)
    same_error_as_cli(lambda: ws.chief_coverage("2023", level=7), eb.UsageError, "chief", "coverage", path,
                      "--period", "2023", "--level", "7", status=2)
    same_error_as_cli(lambda: ws.chief_coverage("2023Q5"), eb.UsageError, "chief", "coverage", path, "--period",
                      "2023Q5", status=2)
    same_error_as_cli(lambda: ws.chief_coverage("2023", as_of="2023-13-01"), eb.UsageError, "chief", "coverage",
                      path, "--period", "2023", "--as-of", "2023-13-01", status=2)
    missing = str(tmp_path / "none.gpkg")
    same_error_as_cli(lambda: eb.Workspace(missing).project_overlaps(), eb.StoreError, "project", "overlaps", missing,
                      status=4)

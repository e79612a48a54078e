"""ecobarrier air aqi / air assess on real data, with an independent calculation written here in Python."""
import csv
import gzip
import json
import math
import os
import shutil
import tempfile
import unittest
from decimal import Decimal, ROUND_HALF_EVEN
from fractions import Fraction

from support import WorkspaceCase, run, CNEMC, AQISTUDY, UCI_DONGSI, STATIONS_2018, DEMO

UCI_TIANTAN = os.path.join(DEMO, "air", "beijing_multisite", "PRSA_Data_Tiantan_20130301-20170228.csv.gz")


class AqiCommandTest(WorkspaceCase):
    def test_hourly_aqi_reproduces_the_official_values(self):
        out = self.path("aqi.csv")
        run("air", "aqi", CNEMC, "--format", "csv", "-o", out, check=0)
        with open(out, encoding="utf-8-sig") as f:
            rows = {(r["station"], r["time"]): r for r in csv.DictReader(f)}
        # The official AQI and the six 1-hour values, read straight from the file.
        with open(CNEMC, encoding="utf-8") as f:
            reader = csv.reader(f)
            codes = next(reader)[3:]
            cells = {}
            for r in reader:
                for code, v in zip(codes, r[3:]):
                    if v != "":
                        cells[(r[0], int(r[1]), r[2], code)] = v
        compared = 0
        for (date, hour, kind, code), v in cells.items():
            if kind != "AQI":
                continue
            if any((date, hour, p, code) not in cells for p in ("PM2.5", "PM10", "SO2", "NO2", "CO", "O3")):
                continue
            t = f"{date[:4]}-{date[4:6]}-{date[6:]}T{hour:02d}:00:00+08:00"
            self.assertEqual(rows[(code, t)]["aqi"], v, (code, t))
            compared += 1
        self.assertEqual(compared, 167153)
        sample = rows[("1090A", "2019-01-01T00:00:00+08:00")]
        self.assertEqual(sample["standard"], "hj633-2012")
        self.assertIn(sample["level"], "123456")

    def test_columns_and_standard_override(self):
        text = "station,time,parameter,value\nX,2026-03-01T10:00,PM2.5,70\nX,2026-02-28T10:00,PM2.5,70\n"
        p = run("air", "aqi", self.write("l.csv", text), "--format", "csv", check=0)
        rows = list(csv.DictReader(p.stdout.splitlines()))
        self.assertEqual(list(rows[0])[:6], ["station", "time", "aqi", "level", "category", "colour"])
        by_time = {r["time"]: r for r in rows}
        # Only PM2.5 is present: 2012 publishes 94 from the others present; 2026 §5.3.1 withholds an AQI <= 100,
        # but 70 µg/m³ gives 110 under 2026, so it is published.
        self.assertEqual(by_time["2026-02-28T10:00:00+08:00"]["aqi"], "94")
        self.assertEqual(by_time["2026-02-28T10:00:00+08:00"]["standard"], "hj633-2012")
        self.assertEqual(by_time["2026-03-01T10:00:00+08:00"]["aqi"], "110")
        self.assertEqual(by_time["2026-03-01T10:00:00+08:00"]["standard"], "hj633-2026")
        p = run("air", "aqi", self.write("l.csv", text), "--format", "csv", "--standard", "hj633-2012", check=0)
        self.assertEqual({r["aqi"] for r in csv.DictReader(p.stdout.splitlines())}, {"94"})

    def test_daily_mode(self):
        p = run("air", "aqi", CNEMC, "--mode", "daily", "--format", "json", check=0)
        rows = json.loads(p.stdout)
        day = next(r for r in rows if r["station"] == "1090A" and r["time"] == "2019-01-01T00:00:00+08:00")
        self.assertIsNotNone(day["aqi"])
        self.assertIn("c_O3_8h", day)
        self.assertIn("iaqi_O3_1h", day)


def half_even(x, decimals):
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_EVEN))


def hj663_percentile(values, p):
    v = sorted(values)
    k = 1 + Fraction(len(v) - 1) * p / 100
    s = math.floor(k)
    if s >= len(v):
        return v[-1]
    return v[s - 1] + (v[s] - v[s - 1]) * float(k - s)


def independent_year(path, year):
    """Daily values and HJ 663 statistics of one UCI station for a calendar year, computed from scratch."""
    hours = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if int(r["year"]) != year:
                continue
            key = (int(r["month"]), int(r["day"]))
            for p in ("PM2.5", "PM10", "SO2", "NO2", "CO", "O3"):
                v = r[p]
                if v != "NA":
                    hours.setdefault((key, p), {})[int(r["hour"])] = float(v) / (1000 if p == "CO" else 1)
    import datetime
    days = []
    d = datetime.date(year, 1, 1)
    while d.year == year:
        days.append((d.month, d.day))
        d += datetime.timedelta(days=1)
    daily = {p: [] for p in ("PM2.5", "PM10", "SO2", "NO2", "CO", "O3_8h")}
    for key in days:
        for p in ("PM2.5", "PM10", "SO2", "NO2", "CO"):
            h = hours.get((key, p), {})
            if len(h) >= 20:
                daily[p].append(sum(h.values()) / len(h))
        o3 = hours.get((key, "O3"), {})
        windows = []
        for start in range(17):
            vals = [o3[h] for h in range(start, start + 8) if h in o3]
            if len(vals) >= 6:
                windows.append(sum(vals) / len(vals))
        if len(windows) >= 14 or (windows and max(windows) > 160):
            daily["O3_8h"].append(max(windows))
    stats = {}
    for p, pct in (("SO2", 98), ("NO2", 98), ("PM10", 95), ("PM2.5", 95), ("CO", 95)):
        if p != "CO":
            stats[(p, "mean")] = (sum(daily[p]) / len(daily[p]), len(daily[p]))
        stats[(p, f"p{pct}")] = (hj663_percentile(daily[p], pct), len(daily[p]))
    stats[("O3", "p90")] = (hj663_percentile(daily["O3_8h"], 90), len(daily["O3_8h"]))
    return stats


class AssessCommandTest(WorkspaceCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ebe2e-air-")
        cls.ws = cls.class_workspace(cls.dir)
        run("station", "import", cls.ws, STATIONS_2018, check=0)
        run("obs", "import", cls.ws, UCI_DONGSI, UCI_TIANTAN, AQISTUDY, CNEMC, check=0)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def assess(self, *args):
        p = run("air", "assess", self.ws, *args, "--format", "csv", check=0)
        return list(csv.DictReader(p.stdout.splitlines()))

    def test_uci_station_year_matches_an_independent_calculation(self):
        rows = self.assess("--period", "2014", "--level", "station")
        for code, path in (("1003A", UCI_DONGSI), ("1004A", UCI_TIANTAN)):
            expected = independent_year(path, 2014)
            mine = {(r["pollutant"], r["statistic"]): r for r in rows if r["code"] == code}
            for key, (value, n) in expected.items():
                r = mine[key]
                self.assertAlmostEqual(float(r["value"]), value, places=3, msg=(code, key))
                self.assertEqual(int(r["n_days"]), n, (code, key))
                decimals = 1 if key[0] == "CO" else 0
                self.assertEqual(float(r["reported"]), half_even(value, decimals), (code, key, value))
                self.assertEqual(r["expected_days"], "365")

    def test_city_year_from_published_daily_values(self):
        rows = self.assess("--period", "2016", "--level", "city")
        hohhot = {(r["pollutant"], r["statistic"]): r for r in rows if r["code"] == "150100"}
        # Straight from the aqistudy file: the mean of the city's 2016 daily PM2.5 values.
        with open(AQISTUDY, encoding="utf-8") as f:
            pm = [float(r["pm25"]) for r in csv.DictReader(f) if r["city"] == "呼和浩特" and r["date"].startswith("2016")]
        self.assertEqual(len(pm), 366)
        self.assertAlmostEqual(float(hohhot[("PM2.5", "mean")]["value"]), sum(pm) / len(pm), places=3)
        self.assertEqual(hohhot[("PM2.5", "mean")]["limit"], "35")
        self.assertEqual(hohhot[("PM2.5", "mean")]["members"], "150100")
        self.assertIn(("ALL", "composite_index"), hohhot)
        self.assertIn(("PM2.5", "who2021_annual_mean"), hohhot)

    def test_region_is_the_mean_of_its_cities_and_what_if_shows_both(self):
        rows = self.assess("--period", "2016", "--level", "region", "--what-if", "2026")
        region = {(r["pollutant"], r["statistic"]): r for r in rows if r["code"] == "150000"}
        self.assertEqual(len(region[("PM2.5", "mean")]["members"].split()), 12)
        self.assertEqual(region[("PM2.5", "mean")]["standard"], "hj633-2012 + gb3095-2012 + hj663-2013")
        self.assertEqual(region[("PM2.5", "mean")]["whatif_limit"], "30")
        self.assertEqual(region[("PM2.5", "mean")]["whatif_standard"],
                         "hj633-2026 + gb3095-2026-transition + hj663-2026")

    def test_half_year_is_flagged_as_not_a_valid_year(self):
        rows = self.assess("--period", "2019", "--level", "city")
        r = next(r for r in rows if r["code"] == "150100" and r["pollutant"] == "PM2.5" and r["statistic"] == "mean")
        self.assertEqual(r["valid"], "no")
        self.assertIn("2019-07: 0 valid days, 27 needed", r["note"])
        self.assertEqual(r["members"].split()[0], "1090A")

    def test_daily_values_are_the_audit_trail_of_the_assessment(self):
        p = run("air", "daily", self.ws, "--period", "2019-01", "--level", "city", "--format", "csv", check=0)
        days = [r for r in csv.DictReader(p.stdout.splitlines()) if r["code"] == "150100"]
        self.assertEqual(len(days), 31)
        stations = run("air", "daily", self.ws, "--period", "2019-01", "--level", "station", "--format", "csv", check=0)
        members = [r for r in csv.DictReader(stations.stdout.splitlines())
                   if r["code"] in ("1090A", "1091A", "1094A", "1095A", "1096A", "1097A", "1092A", "1093A")
                   and r["date"] == "2019-01-01" and r["PM2.5"] != ""]
        city_day = next(r for r in days if r["date"] == "2019-01-01")
        self.assertEqual(int(city_day["n_PM2.5"]), len(members))
        self.assertAlmostEqual(float(city_day["PM2.5"]), sum(float(r["PM2.5"]) for r in members) / len(members), 3)
        assessed = self.assess("--period", "2019-01", "--level", "city")
        mean = next(r for r in assessed if r["code"] == "150100" and r["pollutant"] == "PM2.5" and r["statistic"] == "mean")
        valid = [float(r["PM2.5"]) for r in days if r["PM2.5"] != ""]
        self.assertEqual(int(mean["n_days"]), len(valid))
        self.assertAlmostEqual(float(mean["value"]), sum(valid) / len(valid), places=3)

    def test_hourly_aqi_of_stored_hours_equals_the_file_report(self):
        # The stored hours give the same real-time report as the file they came from (which reproduces CNEMC's
        # official AQI: AqiCommandTest).
        p = run("air", "hourly", self.ws, "--period", "2019-02-01..2019-02-03", "--station", "1090A", "--format",
                "csv", check=0)
        stored = list(csv.DictReader(p.stdout.splitlines()))
        out = self.path("aqi.csv")
        run("air", "aqi", CNEMC, "--format", "csv", "-o", out, check=0)
        with open(out, encoding="utf-8-sig") as f:
            from_file = [r for r in csv.DictReader(f) if r["station"] == "1090A"
                         and "2019-02-01" <= r["time"][:10] <= "2019-02-03"]
        self.assertGreater(len(stored), 60)  # three days, less the hours without any value
        self.assertEqual(stored, from_file)
        p = run("air", "hourly", self.ws, "--period", "2019-02", "--station", "NOPE", check=3)
        self.assertIn("no hourly data of station NOPE", p.stderr)

    def test_rank_with_ties_and_baseline_changes(self):
        p = run("air", "rank", self.ws, "--period", "2016", "--baseline", "2015", "--format", "csv", check=0)
        rows = list(csv.DictReader(p.stdout.splitlines()))
        self.assertEqual(len(rows), 12)
        indices = [float(r["composite_index"]) for r in rows]
        self.assertEqual(indices, sorted(indices))
        for i, r in enumerate(rows):  # competition ranking: a tie shares the rank of its first member
            first = next(j for j, x in enumerate(indices) if x == indices[i])
            self.assertEqual(int(r["rank"]), first + 1)
        r = next(r for r in rows if r["code"] == "150100")
        base, now = float(r["baseline_composite_index"]), float(r["composite_index"])
        self.assertAlmostEqual(float(r["composite_change_pct"]), round(100 * (now - base) / base, 1), places=6)

    def test_trend_over_years(self):
        p = run("air", "trend", self.ws, "--from", "2014", "--to", "2016", "--pollutant", "PM2.5", "--format", "csv",
                check=0)
        rows = {r["code"]: r for r in csv.DictReader(p.stdout.splitlines())}
        hohhot = rows["150100"]
        values = [float(hohhot[y]) for y in ("2014", "2015", "2016")]
        slopes = sorted([values[1] - values[0], values[2] - values[1], (values[2] - values[0]) / 2])
        self.assertAlmostEqual(float(hohhot["sen_slope_per_year"]), slopes[1], places=3)
        self.assertEqual(hohhot["trend"], "no significant trend")  # three years cannot be significant
        self.assertEqual(hohhot["years_meeting_standard"], "0")
        run("air", "trend", self.ws, "--from", "2016", "--to", "2014", check=2)

    def test_table_and_usage_errors(self):
        p = run("air", "assess", self.ws, "--period", "2016", "--level", "city", "--lang", "zh", check=0)
        self.assertIn("环境空气质量评价", p.stdout)
        self.assertIn("呼和浩特市", p.stdout)
        run("air", "assess", self.ws, "--period", "2016Q5", check=2)
        run("air", "assess", self.ws, "--period", "2016", "--standard", "1999", check=2)


if __name__ == "__main__":
    unittest.main()

// Roll-up membership (station -> county/city -> region), the region as the mean of its cities' figures, and the
// sand/dust deduction per city, on small workspaces whose figures are worked out by hand.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <functional>

#include "app/runs/air/assess.hpp"
#include "app/runs/air/dust.hpp"
#include "app/runs/support/air_workspace.hpp"
#include "app/runs/support/workspace_fixture.hpp"
#include "core/error.hpp"
#include "io/station_list.hpp"
#include "store/station_store.hpp"

namespace eb::app::runs {
namespace {

// The value of a station, day (1..3 of January 2019) and pollutant; negative: missing.
using Values = std::function<double(const std::string& station, int day, const std::string& pollutant)>;

// A workspace with the real units (counties too), the stations of `list` and three days of hourly values.
class RollupWorkspace : public test::UnitWorkspace {
 public:
  RollupWorkspace(const std::string& list, const std::vector<std::string>& codes, const Values& values)
      : test::UnitWorkspace(/*counties=*/true) {
    store::Workspace ws(path(), store::Workspace::Open::existing);
    store::import_stations(ws, io::read_station_list("code,name,city,lon,lat\n" + list, "stations.csv"), "air");
    std::string header, rows;
    for (const auto& c : codes) header += (header.empty() ? "" : ",") + c;
    for (int day = 1; day <= 3; ++day)
      for (int hour = 0; hour < 24; ++hour)
        for (const char* p : {"PM2.5", "PM10", "SO2", "NO2", "CO", "O3"}) {
          rows += fmt::format("2019010{},{},{}", day, hour, p);
          for (const auto& c : codes) {
            const double v = values(c, day, p);
            rows += v < 0 ? std::string(",") : fmt::format(",{}", v);
          }
          rows += "\n";
        }
    test::import_observation_file(ws, write("hours.csv", test::cnemc_wide_text(header, rows)),
                                  io::ObservationLayout::cnemc_wide);
  }
  AirAssessResult assess(const std::string& level, AirDust dust = AirDust::raw) const {
    AirAssessRequest r;
    r.workspace = path();
    r.period = *parse_period("2019-01-01..2019-01-03");
    r.level = level;
    r.dust = dust;
    return run_air_assess(r, RunEnv{});
  }
};

const AirUnitAssessment& unit(const std::vector<AirUnitAssessment>& units, const std::string& code) {
  for (const auto& u : units)
    if (u.code == code) return u;
  throw std::runtime_error("no unit " + code);
}

const std::string kThreeCities =
    "1001A,站甲,呼和浩特,111.70,40.82\n"
    "2001A,站丙,包头,109.84,40.66\n"
    "3001A,站丁,乌海,106.82,39.67\n";

// Ordinary values; PM2.5 is 30 in Hohhot and 20 in Baotou.
double ordinary(const std::string& station, int, const std::string& p) {
  if (p == "PM2.5") return station == "1001A" ? 30 : 20;
  if (p == "PM10") return 60;
  if (p == "CO") return 1.0;
  return p == "O3" ? 80 : 20;
}

TEST(AirRollupRuns, ACityWithoutDataLeavesTheRegionIncompleteAndItsFiguresMarked) {
  // Wuhai has a station but no data: the region is expected to have three cities and has two.
  const RollupWorkspace ws(
      kThreeCities, {"1001A", "2001A", "3001A"},
      [](const std::string& s, int d, const std::string& p) { return s == "3001A" ? -1 : ordinary(s, d, p); });
  const auto r = ws.assess("region");
  ASSERT_EQ(r.units.size(), 1u);
  const auto& region = r.units[0];
  EXPECT_EQ(region.membership.expected, (std::vector<std::string>{"150100", "150200", "150300"}));
  EXPECT_EQ(region.membership.present, (std::vector<std::string>{"150100", "150200"}));
  EXPECT_EQ(region.membership.absent(), (std::vector<std::string>{"150300"}));
  EXPECT_FALSE(region.membership.complete());
  const auto* pm = region.statistic("PM2.5", "mean");
  ASSERT_NE(pm, nullptr);
  EXPECT_DOUBLE_EQ(pm->value, (30 + 20) / 2.0);  // the mean of the two cities it has ...
  EXPECT_FALSE(pm->valid);                       // ... which is not the region's figure
  EXPECT_EQ(pm->capture_note, "2 of 3 members have a valid figure");
  EXPECT_FALSE(region.assessment.compliant.has_value());
  EXPECT_TRUE(r.any_incomplete_membership());
}

TEST(AirRollupRuns, AStationJoiningLateIsPresentButNotAValidMember) {
  // 1002A (Hohhot) starts on day 3: the city's daily value that day is the mean of both stations (HJ 663).
  const RollupWorkspace ws("1001A,站甲,呼和浩特,111.70,40.82\n1002A,站乙,呼和浩特,111.60,40.85\n", {"1001A", "1002A"},
                           [](const std::string& s, int d, const std::string& p) {
                             if (s == "1002A") return d < 3 ? -1.0 : (p == "PM2.5" ? 60.0 : ordinary(s, d, p));
                             return ordinary(s, d, p);
                           });
  const auto r = ws.assess("city");
  const auto& hohhot = unit(r.units, "150100");
  EXPECT_EQ(hohhot.membership.of, "stations");
  EXPECT_EQ(hohhot.membership.expected, (std::vector<std::string>{"1001A", "1002A"}));
  EXPECT_EQ(hohhot.membership.present, (std::vector<std::string>{"1001A", "1002A"}));
  EXPECT_EQ(hohhot.membership.valid, (std::vector<std::string>{"1001A"}));  // 1 day of the 3 needed
  EXPECT_EQ(hohhot.membership.short_of_capture(), (std::vector<std::string>{"1002A"}));
  EXPECT_FALSE(hohhot.membership.complete());
  const auto* pm = hohhot.statistic("PM2.5", "mean");
  EXPECT_DOUBLE_EQ(pm->value, (30 + 30 + (30 + 60) / 2.0) / 3);
  EXPECT_TRUE(pm->valid);  // the city's own series covers the period
}

TEST(AirRollupRuns, CountiesAreTheirStationsByPointInPolygon) {
  const RollupWorkspace ws(kThreeCities, {"1001A", "2001A", "3001A"}, ordinary);
  const auto r = ws.assess("county");
  std::vector<std::string> stations;
  for (const auto& u : r.units) {
    EXPECT_EQ(u.level, "county");
    EXPECT_EQ(u.code.size(), 6u);
    EXPECT_FALSE(u.name_zh.empty());
    EXPECT_EQ(u.membership.present, u.members);
    for (const auto& m : u.members) {
      store::Workspace w(ws.path(), store::Workspace::Open::existing);
      EXPECT_EQ(store::find_station(w, m)->admin_code, u.code);
      stations.push_back(m);
    }
  }
  std::sort(stations.begin(), stations.end());
  EXPECT_EQ(stations, (std::vector<std::string>{"1001A", "2001A", "3001A"}));
}

// Baotou has a dust day (day 2: PM2.5 200, PM10 600); Hohhot does not.
double dusty(const std::string& station, int day, const std::string& p) {
  if (station == "2001A" && day == 2 && p == "PM2.5") return 200;
  if (station == "2001A" && day == 2 && p == "PM10") return 600;
  return ordinary(station, day, p);
}

TEST(AirRollupRuns, DustIsDeductedPerCityNotForTheRegionsDay) {
  const RollupWorkspace ws("1001A,站甲,呼和浩特,111.70,40.82\n2001A,站丙,包头,109.84,40.66\n", {"1001A", "2001A"},
                           dusty);
  const auto imported = run_air_dust_import(
      {ws.path(), ws.write("dust.csv", "unit,start,end,source,note\n包头,2019-01-02,2019-01-02,monitoring_centre,\n")},
      RunEnv{});
  EXPECT_EQ(imported.counts.added, 1);

  const auto raw = ws.assess("region");
  EXPECT_DOUBLE_EQ(raw.units[0].statistic("PM2.5", "mean")->value, (30 + 80) / 2.0);  // Baotou (20+200+20)/3

  const auto both = ws.assess("city", AirDust::both);
  const auto& baotou = unit(both.deducted, "150200");
  EXPECT_TRUE(baotou.dust_deducted);
  EXPECT_EQ(baotou.assessment.deducted_days, 1);
  EXPECT_DOUBLE_EQ(baotou.statistic("PM2.5", "mean")->value, 20);
  EXPECT_TRUE(baotou.statistic("PM2.5", "mean")->valid);  // 2 of the 2 days left (deducted day not required)
  EXPECT_EQ(baotou.assessment.dropped_days, 1);           // AQI > 100 with PM10 primary: out of the day counts
  EXPECT_EQ(baotou.assessment.days.valid, 2);
  const auto& hohhot = unit(both.deducted, "150100");
  EXPECT_EQ(hohhot.assessment.deducted_days, 0);
  EXPECT_EQ(hohhot.assessment.days.valid, 3);
  EXPECT_DOUBLE_EQ(unit(both.units, "150200").statistic("PM2.5", "mean")->value, 80);  // raw beside it

  const auto deducted = ws.assess("region", AirDust::deducted);
  EXPECT_DOUBLE_EQ(deducted.units[0].statistic("PM2.5", "mean")->value, (30 + 20) / 2.0);
  EXPECT_EQ(deducted.units[0].assessment.days.valid, 5);  // Hohhot's 3 days stay in; Baotou's dust day does not
}

TEST(AirRollupRuns, DustImportRefusesABadFileWhole) {
  const RollupWorkspace ws("2001A,站丙,包头,109.84,40.66\n", {"2001A"}, dusty);
  const std::string file = ws.write("dust.csv",
                                    "unit,start,end,source,note\n"
                                    "150200,2019-01-02,2019-01-02,monitoring_centre,fine\n"
                                    "某市,2019-01-02,2019-01-02,monitoring_centre,\n"
                                    "150200,2019-01-03 12:00,2019-01-03 08:00,meteorological,\n"
                                    "150200,2019-01-05,2019-01-05,candidate,from air dust candidates\n"
                                    "150200,2019-02-30,2019-03-01,meteorological,\n");
  try {
    run_air_dust_import({ws.path(), file}, RunEnv{});
    FAIL() << "accepted";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(file + ":3: unit: \"某市\" is not a unit code"), std::string::npos) << m;
    EXPECT_NE(m.find(file + ":4: end: not after start"), std::string::npos) << m;
    EXPECT_NE(m.find(file + ":5: source: a candidate"), std::string::npos) << m;
    EXPECT_NE(m.find(file + ":6: start: \"2019-02-30\" is not a time"), std::string::npos) << m;
  }
  EXPECT_TRUE(run_air_dust_list({ws.path(), std::nullopt}, RunEnv{}).periods.empty());  // nothing stored
}

TEST(AirRollupRuns, CandidatesAreProposedNotApplied) {
  const RollupWorkspace ws("2001A,站丙,包头,109.84,40.66\n", {"2001A"}, dusty);
  const auto c = run_air_dust_candidates({ws.path(), *parse_period("2019-01-01..2019-01-03")}, RunEnv{});
  ASSERT_EQ(c.days.size(), 1u);  // PM10 600 >= 150 and PM2.5/PM10 = 0.33 <= 0.35
  EXPECT_EQ(c.days[0].unit, "150200");
  EXPECT_EQ(c.days[0].day, (CivilDate{2019, 1, 2}));
  EXPECT_NEAR(c.days[0].ratio(), 200.0 / 600, 1e-12);
  EXPECT_TRUE(run_air_dust_list({ws.path(), std::nullopt}, RunEnv{}).periods.empty());
  EXPECT_EQ(unit(ws.assess("city", AirDust::deducted).units, "150200").assessment.deducted_days, 0);
}

}  // namespace
}  // namespace eb::app::runs

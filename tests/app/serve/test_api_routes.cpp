// The API's parameters (checks, normal forms, defaults, the errors they give), its route table and the table answer
// made from a run's document, in-process.
#include <gtest/gtest.h>

#include <set>

#include "app/serve/parameters.hpp"
#include "app/serve/result.hpp"
#include "app/serve/routes.hpp"
#include "core/period.hpp"

namespace eb::app::serve {
namespace {

// The ApiError a call throws (its code and parameter), or nothing.
template <class Fn>
std::pair<std::string, std::string> refusal(Fn&& fn) {
  try {
    fn();
  } catch (const ApiError& e) {
    return {e.code, e.parameter};
  }
  return {};
}

TEST(ApiParameters, NormalFormsFillTheCacheKey) {
  EXPECT_EQ(normalise("year", "02016"), "2016");
  EXPECT_EQ(normalise("period", "2019"), parse_period("2019")->label);
  EXPECT_EQ(normalise("lon", "111.60"), "111.6");
  EXPECT_EQ(normalise("raster", "ndvi_2020.tif"), "ndvi_2020.tif");
  EXPECT_EQ(normalise("stats", "mean,p90"), "mean,p90");
}

TEST(ApiParameters, BadValuesNameTheParameter) {
  using Refusal = std::pair<std::string, std::string>;
  EXPECT_EQ(refusal([] { normalise("year", "20x3"); }), Refusal("bad_parameter", "year"));
  EXPECT_EQ(refusal([] { normalise("lang", "fr"); }), Refusal("bad_parameter", "lang"));
  EXPECT_EQ(refusal([] { normalise("unit", "15a100"); }), Refusal("bad_parameter", "unit"));
  EXPECT_EQ(refusal([] { normalise("lat", "nan"); }), Refusal("bad_parameter", "lat"));
  for (const char* path : {"../ws.gpkg", "..", ".hidden", "a/b.tif", "/etc/passwd", ""})
    EXPECT_EQ(refusal([&] { normalise("raster", path); }), Refusal("bad_parameter", "raster")) << path;
  EXPECT_EQ(refusal([] { normalise("stats", "mean,bogus"); }), Refusal("bad_parameter", "stats"));
  try {
    normalise("stats", "p101");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("stats: \"p101\"", 0), 0u) << e.what();  // not "--stats"
  }
}

TEST(ApiParameters, QueriesTakeDefaultsAndRefuseWhatARouteDoesNotKnow) {
  const auto routes = make_routes();
  const Route* air = find_route(routes, "/api/v1/air/assessment");
  ASSERT_NE(air, nullptr);
  const Query q = parse_query(air->path, air->parameters, {{"period", "2016"}});
  EXPECT_EQ(q, (Query{{"dust", "raw"},
                      {"lang", "zh"},
                      {"level", "city"},
                      {"page", "1"},
                      {"page_size", "100"},
                      {"period", "2016"}}));
  EXPECT_EQ(query_key(air->path, q),
            "/api/v1/air/assessment?dust=raw&lang=zh&level=city&page=1&page_size=100&period=2016&");
  EXPECT_EQ(lang_of(q), Lang::zh);
  using Refusal = std::pair<std::string, std::string>;
  EXPECT_EQ(refusal([&] {
              parse_query(air->path, air->parameters, {{"period", "2016"}, {"level", "galaxy"}});
            }),
            Refusal("bad_parameter", "level"));
  EXPECT_EQ(refusal([&] {
              parse_query(air->path, air->parameters, {{"period", "2016"}, {"bogus", "1"}});
            }),
            Refusal("bad_parameter", "bogus"));
  EXPECT_EQ(refusal([&] { parse_query(air->path, air->parameters, {}); }), Refusal("bad_parameter", "period"));
  // Filters may be left out; levels of administrative units are numbers.
  const Route* progress = find_route(routes, "/api/v1/progress");
  ASSERT_NE(progress, nullptr);
  EXPECT_EQ(parse_query(progress->path, progress->parameters, {{"year", "2023"}, {"level", "3"}}).count("indicator"),
            0u);
  EXPECT_EQ(refusal([&] {
              parse_query(progress->path, progress->parameters, {{"year", "2023"}, {"level", "6"}});
            }),
            Refusal("bad_parameter", "level"));
  const Route* zonal = find_route(routes, "/api/v1/raster/zonal");
  ASSERT_NE(zonal, nullptr);
  const Query z = parse_query(zonal->path, zonal->parameters, {{"raster", "ndvi"}});
  EXPECT_EQ(z.at("stats"), "count,sum,mean,min,max");
  EXPECT_EQ(z.at("level"), "2");
}

TEST(ApiParameters, ReviewMarksTakeASubjectAndAnOutlet) {
  const auto routes = make_routes();
  const Route* marks = find_route(routes, "/api/v1/review/marks");
  ASSERT_NE(marks, nullptr);
  // Both are filters that may be left out.
  const Query q = parse_query(marks->path, marks->parameters, {{"period", "2026-01"}});
  EXPECT_EQ(q.count("subject") + q.count("outlet"), 0u);
  const Query o = parse_query(marks->path, marks->parameters,
                              {{"period", "2026-01"}, {"subject", "outlets"}, {"outlet", "91150100MA20290004/DA001"}});
  EXPECT_EQ(o.at("outlet"), "91150100MA20290004/DA001");
  EXPECT_EQ(normalise("outlet", "SYN000000000010147401271"), "SYN000000000010147401271");  // an MN
  using Refusal = std::pair<std::string, std::string>;
  EXPECT_EQ(refusal([] { normalise("subject", "lakes"); }), Refusal("bad_parameter", "subject"));
  for (const char* bad : {"a/b/c", "/DA001", "E/", "E/D A", ""})
    EXPECT_EQ(refusal([&] { normalise("outlet", bad); }), Refusal("bad_parameter", "outlet")) << bad;
}

TEST(ApiParameters, WaterAssessmentTakesASetABaselineAndTheCountyLevel) {
  const auto routes = make_routes();
  const Route* water = find_route(routes, "/api/v1/water/assessment");
  ASSERT_NE(water, nullptr);
  const Query q = parse_query(water->path, water->parameters, {{"period", "2024"}});
  EXPECT_EQ(q.at("set"), "all");
  EXPECT_EQ(q.at("level"), "unit");
  EXPECT_FALSE(q.count("baseline"));  // optional
  const Query national =
      parse_query(water->path, water->parameters,
                  {{"period", "2024"}, {"set", "national"}, {"baseline", "2023"}, {"level", "county"}});
  EXPECT_EQ(national.at("set"), "national");
  EXPECT_EQ(national.at("baseline"), parse_period("2023")->label);
  using Refusal = std::pair<std::string, std::string>;
  EXPECT_EQ(refusal([&] {
              parse_query(water->path, water->parameters, {{"period", "2024"}, {"set", "state"}});
            }),
            Refusal("bad_parameter", "set"));
  EXPECT_EQ(refusal([&] {
              parse_query(water->path, water->parameters, {{"period", "2024"}, {"baseline", "x"}});
            }),
            Refusal("bad_parameter", "baseline"));
}

TEST(ApiParameters, SourceLoadsTakeAGroupingAndAnOutlet) {
  const auto routes = make_routes();
  const Route* loads = find_route(routes, "/api/v1/sources/loads");
  ASSERT_NE(loads, nullptr);
  const Query q = parse_query(loads->path, loads->parameters, {{"period", "2026"}});
  EXPECT_EQ(q.at("by"), "outlet");
  EXPECT_FALSE(q.count("outlet"));  // optional
  const Query one = parse_query(loads->path, loads->parameters,
                                {{"period", "2026"}, {"by", "county"}, {"outlet", "91150000MA00000002/DA001"}});
  EXPECT_EQ(one.at("by"), "county");
  EXPECT_EQ(one.at("outlet"), "91150000MA00000002/DA001");
  using Refusal = std::pair<std::string, std::string>;
  EXPECT_EQ(refusal([&] {
              parse_query(loads->path, loads->parameters, {{"period", "2026"}, {"by", "planet"}});
            }),
            Refusal("bad_parameter", "by"));
  EXPECT_EQ(refusal([&] {
              parse_query(loads->path, loads->parameters, {{"period", "2026"}, {"outlet", "a;b"}});
            }),
            Refusal("bad_parameter", "outlet"));
  EXPECT_EQ(refusal([&] { parse_query(loads->path, loads->parameters, {}); }), Refusal("bad_parameter", "period"));
  const Route* exceedances = find_route(routes, "/api/v1/sources/exceedances");
  ASSERT_NE(exceedances, nullptr);
  EXPECT_EQ(refusal([&] {
              parse_query(exceedances->path, exceedances->parameters, {{"period", "2026"}, {"by", "x"}});
            }),
            Refusal("bad_parameter", "by"));  // not a parameter of this route
}

TEST(ApiRoutes, EveryRouteHasOnePathAndOneWayToAnswer) {
  const auto routes = make_routes();
  std::set<std::string> paths;
  for (const auto& r : routes) {
    EXPECT_TRUE(paths.insert(r.path).second) << r.path;
    EXPECT_EQ(int(bool(r.table)) + int(bool(r.document)) + int(bool(r.text)), 1) << r.path;
    EXPECT_EQ(r.parameters.paginated, bool(r.table)) << r.path;
  }
  EXPECT_EQ(find_route(routes, "/api/v1/nowhere"), nullptr);
  EXPECT_TRUE(find_route(routes, "/api/v1/raster/zonal")->version);
  EXPECT_TRUE(find_route(routes, "/api/v1/raster/list")->version);
  EXPECT_FALSE(find_route(routes, "/api/v1/units")->version);
}

Table table_of(const char* title, std::vector<std::vector<Cell>> rows) {
  Table t;
  t.title_zh = std::string(title) + "（中）";
  t.title_en = title;
  t.columns = {{"code", "代码", "code"}, {"value", "数值", "value"}};
  t.rows = std::move(rows);
  return t;
}

TEST(ApiResult, TheFirstPartAnswersAndTheOthersComeAlong) {
  Document doc;
  doc.parts.emplace_back("main", table_of("Main", {{"150100", 1.5}}));
  doc.parts.emplace_back("extra", table_of("Extra", {{"150200", 2}}));
  doc.notes = {"a note\n", "another"};
  const Result plain = document_result(doc, Lang::en);
  EXPECT_EQ(plain.title, "Main");
  EXPECT_EQ(plain.notes, json::parse(R"(["a note","another"])"));
  EXPECT_EQ(plain.rows, json::parse(R"([{"code":"150100","value":1.5}])"));
  ASSERT_EQ(plain.also.size(), 1u);
  EXPECT_EQ(plain.also[0]["key"], "");  // a document that is not keyed: the CLI writes its tables without keys
  EXPECT_EQ(plain.columns[1], json::parse(R"({"key":"value","label":"value","label_zh":"数值","label_en":"value"})"));

  doc.keyed = true;
  EXPECT_EQ(document_result(doc, Lang::zh).also[0]["key"], "extra");
  const Result named = document_result(doc, Lang::zh, "extra");
  EXPECT_EQ(named.title, "Extra（中）");
  EXPECT_TRUE(named.also.empty());
  EXPECT_EQ(refusal([&] { document_result(doc, Lang::zh, "nothing"); }).first, "no_result");
  EXPECT_EQ(refusal([&] { document_result(Document{}, Lang::zh); }).first, "no_result");
}

TEST(ApiResult, PagesAreCutFromTheWholeResult) {
  Table t = table_of("Many", {});
  for (int i = 0; i < 5; ++i) t.add({std::to_string(i), i});
  const Result r = table_result(t, Lang::en);
  const json page = table_envelope(r, {{"lang", "en"}, {"page", "2"}, {"page_size", "2"}});
  EXPECT_EQ(page["rows"], json::parse(R"([{"code":"2","value":2},{"code":"3","value":3}])"));
  EXPECT_EQ(page["page"], json::parse(R"({"page":2,"page_size":2,"total_rows":5,"pages":3})"));
  EXPECT_FALSE(page.contains("also"));
}

}  // namespace
}  // namespace eb::app::serve

// `groundwater assess`: the annual groundwater quality of every monitoring point (GB/T 14848-2017, the worst item of
// the annual means) and, per league/city (level 2) or the region (level 1), the points by class and the shares in
// I-IV and in V, against a baseline year on the same points, with each unit's membership (docs/groundwater.md).
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/table/table.hpp"
#include "store/indicator_store.hpp"

namespace eb::app::runs {

struct GroundwaterAssessRequest {
  std::string workspace;
  int year = 0;
  std::optional<int> baseline;
  int level = 2;            // 2: league/city, 1: the region
  std::string set = "all";  // national (国考 points only), provincial (国考 and 区考) or all
};
// The request of the command's option values, or a UsageError naming the bad one.
GroundwaterAssessRequest groundwater_assess_request(const std::string& workspace, int year, int baseline, int level,
                                                    const std::string& set);

struct GroundwaterPointYear {
  int cls = 0;  // 1..5; 0: no sample in the year
  int samples = 0;
  std::vector<std::string> deciding;
  std::map<std::string, double> means;  // per item, in its unit (annual mean, 10 significant digits)
};
struct GroundwaterPointAssessment {
  std::string code, name, level;  // level: national, provincial, other
  std::string unit;               // league/city or region code, by the request's level; empty: not located
  GroundwaterPointYear now;
  std::optional<GroundwaterPointYear> before;  // with a baseline: the baseline year
};
struct GroundwaterUnitAssessment {
  std::string unit;
  std::vector<std::string> expected;  // the unit's points in the set
  std::vector<std::string> assessed;  // with samples in the year
  std::vector<std::string> left_out;  // "code: reason"
  std::array<int, 5> per_class{};     // points in I..V
  std::optional<double> share_i_iv_pct, share_v_pct;
  // With a baseline: on the points with samples in both years.
  std::vector<std::string> both;
  std::array<int, 5> both_now{}, both_before{};
  std::optional<double> same_i_iv_now_pct, same_i_iv_before_pct, same_v_now_pct, same_v_before_pct;
  std::optional<double> change_i_iv_pp() const;
  std::optional<double> change_v_pp() const;
};
struct GroundwaterAssessResult {
  int year = 0;
  std::optional<int> baseline;
  int level = 2;
  std::string set = "all";
  int points_outside_set = 0;
  std::vector<GroundwaterPointAssessment> points;  // every point of the set
  std::vector<GroundwaterUnitAssessment> units;    // by unit code, ascending
};
GroundwaterAssessResult run_groundwater_assess(const GroundwaterAssessRequest& req);
Document groundwater_assess_document(const GroundwaterAssessResult& r, Lang lang);

// The derived indicators for the assessment registry: per league/city and for the region,
// groundwater.share_i_iv_pct and groundwater.share_v_pct of `year` over the points of `set` with samples, each
// with its provenance (rule, points counted and left out, baseline change when given).
std::vector<store::IndicatorValue> derive_groundwater_indicators(const std::string& ws, int year,
                                                                 std::optional<int> baseline = std::nullopt,
                                                                 const std::string& set = "all");

}  // namespace eb::app::runs

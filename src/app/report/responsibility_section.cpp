// 5. Responsibility: the assessment scores and ranks of the leagues and cities (runs::run_assess_score, the same run
// as `assess score`) and the chiefs' patrols (runs::run_chief_coverage, as `chief coverage`).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "app/report/sections.hpp"
#include "app/runs/assess/score.hpp"
#include "app/runs/chief/coverage.hpp"
#include "core/error.hpp"

namespace eb::app::report {

namespace {

std::string unit_name(const Report& r, const std::string& name_zh, const std::string& name_en) {
  return r.zh || name_en.empty() ? name_zh : name_en;
}

std::optional<double> total_of(const runs::AssessUnitScore& u) { return finite(u.score.total); }
std::string rank_interval(const runs::AssessUnitScore& u) {
  return fmt::format("{}–{}", u.interval.low, u.interval.high);
}

// The assessment's request for the year: the registry, level 2, 1000 draws, seed 1.
runs::AssessScoreRequest score_request(const Report& r, int year) {
  runs::AssessScoreRequest req;
  req.ws = r.ws_path;
  req.registry = r.registry;
  req.year = year;
  req.level = 2;
  req.draws = 1000;
  req.seed = 1;
  return req;
}

int score_note(Report& r, const runs::AssessScoreRequest& req, const runs::AssessScoreResult& scores) {
  std::string rule_note;
  for (const auto& s : runs::assess_score_notes(scores, r.l)) rule_note += (rule_note.empty() ? "" : "; ") + s;
  Note n;
  n.inputs = r.zh ? fmt::format("{}（indicator_value 表）；指标登记表 {}；{} 个盟市", r.ws_label(),
                                r.shown_path(r.registry), scores.units.size())
                  : fmt::format("{} (table indicator_value); registry {}; {} leagues/cities", r.ws_label(),
                                r.shown_path(r.registry), scores.units.size());
  n.rule = r.zh ? fmt::format(
                      "距目标法 0–100 分，按登记表权重加总；排名区间：权重扰动 ±25%、{} 次抽样（种子 {}）的 5%–95% "
                      "分位；{}",
                      req.draws, req.seed, rule_note)
                : fmt::format(
                      "distance to target, 0-100, weighted by the registry; rank interval: 5-95 % of ranks "
                      "under weights perturbed by ±25 % ({} draws, seed {}); {}",
                      req.draws, req.seed, rule_note);
  n.command = r.command(fmt::format("assess score {} --registry {} --year {} --level 2 --draws {} --seed {}",
                                    r.ws_arg(), shell_word(r.shown_path(r.registry)), req.year, req.draws, req.seed));
  return r.doc.add_note(std::move(n));
}

// Table 5-1: rank, score, rank interval and missing weight of each league/city, in rank order.
TableBlock score_table(const Report& r, const runs::AssessScoreResult& scores, bool syn, int note) {
  TableBlock tb;
  tb.synthetic = syn;
  tb.caption = r.zh ? fmt::format("表 5-1 {} 年盟市考核总分与排名", scores.year)
                    : fmt::format("Table 5-1. Assessment scores and ranks, {}", scores.year);
  tb.header = {r.t("排名", "Rank"), r.t("盟市", "League/city"), r.t("总分", "Score"),
               r.t("排名区间(5%–95%)", "Rank interval (5–95 %)"), r.t("缺失权重(%)", "Missing weight (%)")};
  tb.numeric = {true, false, true, true, true};
  for (const auto& u : scores.units) {
    tb.unit_codes.push_back(u.code);
    const bool ranked = u.score.rank != 0;
    const auto total = total_of(u);
    tb.rows.push_back({{ranked ? std::to_string(u.score.rank) : "–", 0, false},
                       {unit_name(r, u.name_zh, u.name_en), 0, false},
                       {total ? fixed(*total, 1) : "–", total ? note : 0, false},
                       {ranked ? rank_interval(u) : "–", ranked ? note : 0, false},
                       {fixed(finite_or_zero(u.missing_weight_pct()), 1), 0, false}});
  }
  return tb;
}

// How many were ranked, the first and the last with their scores.
Paragraph score_paragraph(const Report& r, const runs::AssessScoreResult& scores, int note) {
  std::vector<const runs::AssessUnitScore*> ranked;
  for (const auto& u : scores.units)
    if (u.score.rank) ranked.push_back(&u);
  const std::size_t unranked = scores.units.size() - ranked.size();
  ParagraphBuilder p;
  p.text(r.zh ? fmt::format("{} 年考核中，{} 个盟市参与排名", scores.year, ranked.size())
              : fmt::format("In the {} assessment, {} leagues and cities were ranked", scores.year, ranked.size()));
  if (unranked)
    p.text(r.zh ? fmt::format("、{} 个因缺失数据过多未排名", unranked)
                : fmt::format(" and {} left unranked for missing data", unranked));
  if (!ranked.empty()) {
    const auto& top = *ranked.front();
    const std::string top_name = unit_name(r, top.name_zh, top.name_en);
    p.text(r.zh ? fmt::format("。第一名为{}，总分 ", top_name) : fmt::format(". First was {} with ", top_name))
        .figure(fixed(total_of(top).value_or(0), 1), note)
        .text(r.zh ? "（排名区间 " : " points (rank interval ")
        .figure(rank_interval(top), note)
        .text(r.t("）", ")"));
    if (ranked.size() > 1) {
      const auto& bottom = *ranked.back();
      const std::string bottom_name = unit_name(r, bottom.name_zh, bottom.name_en);
      p.text(r.zh ? fmt::format("；末位为{}，总分 ", bottom_name) : fmt::format("; last was {} with ", bottom_name))
          .figure(fixed(total_of(bottom).value_or(0), 1), note)
          .text(r.zh ? "" : " points");
    }
  }
  p.text(r.t("。排名区间较宽的单位，名次对权重设定敏感。",
             ". A wide rank interval means the rank depends on the choice of weights."));
  return p.done();
}

// Figure 5-1: the scores on the map of the leagues and cities.
Figure score_map(const Report& r, const runs::AssessScoreResult& scores, bool syn) {
  std::map<std::string, std::pair<double, std::string>> values;
  for (const auto& u : scores.units)
    if (const auto total = total_of(u)) values[u.code] = {*total, fixed(*total, 1)};
  MapOptions mo;
  mo.title = r.t("盟市考核总分", "Assessment score by league/city");
  mo.legend_title = r.t("总分", "Score");
  mo.no_data_label = r.t("无数据", "no data");
  mo.classes = &standards::map_classes("total");  // the dashboard's classes (data/standards/map_classes.csv)
  mo.zh = r.zh;
  mo.note = map_note_text(r.map_note, r.zh);
  return Figure{choropleth_map(map_units(r, values), mo),
                r.zh ? fmt::format("图 5-1 {} 年盟市考核总分", scores.year)
                     : fmt::format("Figure 5-1. Assessment score by league/city, {}", scores.year),
                syn};
}

// The span of the indicator values' years and whether their source is named SYNTHETIC.
struct ValueSpan {
  int first = 0, last = 0;
  bool synthetic = false;
};

ValueSpan indicator_span(const Report& r) {
  ValueSpan v;
  for (const auto& s : r.sources)
    if (s.table == "indicator_value") {
      v.first = v.first ? std::min(v.first, s.first_year) : s.first_year;
      v.last = std::max(v.last, s.last_year);
      v.synthetic |= store::names_synthetic(s.source);
    }
  return v;
}

// 5.1: the assessment of the leagues and cities of the bulletin's year (or the latest with indicator values).
void score_block(Report& r, Section& sec) {
  sec.blocks.push_back(Report::heading(r.t("（一）盟市生态环境考核", "5.1 Assessment of the leagues and cities")));
  if (r.registry.empty()) {
    sec.blocks.push_back(ParagraphBuilder()
                             .text(r.t("未指定指标登记表（--registry），不作考核评分。",
                                       "No indicator registry (--registry): no assessment scores."))
                             .aside()
                             .done());
    return;
  }
  const ValueSpan span = indicator_span(r);
  const int year = std::min(r.year, span.last);
  if (!span.first || span.first > r.year) {
    sec.blocks.push_back(r.none("考核指标值", "assessment indicator values"));
    return;
  }
  if (year != r.year) sec.blocks.push_back(r.fallback("考核指标值", "assessment indicator values", year));
  const runs::AssessScoreRequest req = score_request(r, year);
  runs::AssessScoreResult scores;
  try {
    scores = runs::run_assess_score(req, runs::RunEnv{});
  } catch (const Error& e) {
    sec.blocks.push_back(
        ParagraphBuilder().text(r.t("无法评分：", "No scores: ") + std::string(e.what())).aside().done());
    return;
  }
  if (scores.units.empty()) return;
  if (span.synthetic) {
    sec.synthetic = true;
    r.synthetic.push_back(r.t("五、责任：考核指标值为合成数据（SYNTHETIC）",
                              "5. Responsibility: the assessment's indicator values are SYNTHETIC"));
  }
  const int note = score_note(r, req, scores);
  TableBlock tb = score_table(r, scores, span.synthetic, note);
  sec.blocks.push_back(score_paragraph(r, scores, note));
  sec.blocks.push_back(std::move(tb));
  if (!r.leagues.empty()) sec.blocks.push_back(score_map(r, scores, span.synthetic));
}

// Whether the chiefs' roster and patrols are to be labelled SYNTHETIC; adds the banner's line when they are.
// The roster and patrols record the file they came from; rows imported before the workspace kept it have none.
// Then, when the other governance inputs are SYNTHETIC (the demo), say that these presumably are too rather than
// present them as real.
bool chief_synthetic(Report& r) {
  bool own_syn = false, unknown = false, other_syn = false;
  for (const auto& s : r.sources) {
    if (s.table == "chief" || s.table == "patrol") {
      own_syn |= store::names_synthetic(s.file);
      unknown |= s.file.empty();
    }
    if (s.table == "project" || s.table == "protected_area" || s.table == "indicator_value")
      other_syn |= store::names_synthetic(s.file) || store::names_synthetic(s.source);
  }
  if (own_syn) {
    r.synthetic.push_back(r.t("五、责任：河湖长、林长名册与巡查记录为合成数据（SYNTHETIC）",
                              "5. Responsibility: the chiefs' roster and patrols are SYNTHETIC"));
    return true;
  }
  if (unknown && other_syn) {
    r.synthetic.push_back(
        r.t("五、责任：部分河湖长、林长名册与巡查记录未登记来源，本工作空间其余治理数据为合成数据，"
            "应视同合成数据（SYNTHETIC）",
            "5. Responsibility: some of the chiefs' roster and patrols record no source; the workspace's "
            "other governance inputs are SYNTHETIC, so treat these as SYNTHETIC too"));
    return true;
  }
  return false;
}

int chief_note(Report& r, int year, int level) {
  std::int64_t chiefs = 0, patrols = 0;
  for (const auto& s : r.sources) {
    if (s.table == "chief") chiefs += s.records;
    if (s.table == "patrol") patrols += s.records;
  }
  Note n;
  n.inputs = r.zh ? fmt::format("{}（chief、chief_object、patrol 表）；责任人 {} 名，巡查记录 {} 条（全部年份）",
                                r.ws_label(), chiefs, patrols)
                  : fmt::format("{} (tables chief, chief_object, patrol); {} chiefs, {} patrol records (all years)",
                                r.ws_label(), chiefs, patrols);
  n.rule =
      r.t("巡查频次按责任人类别与级别（data/standards 巡查要求）；应巡时段内至少达到要求次数为达标；"
          "整改率 = 整改问题 / 发现问题",
          "required patrol frequency by chief kind and level (data/standards); a window is met with at least "
          "the required patrols; resolved = issues resolved / issues found");
  n.command = r.command(fmt::format("chief coverage {} --period {} --level {}", r.ws_arg(), year, level));
  return r.doc.add_note(std::move(n));
}

runs::ChiefCoverageResult coverage(const Report& r, int year, int level) {
  runs::ChiefCoverageRequest req;
  req.ws = r.ws_path;
  req.period = *parse_period(std::to_string(year));
  req.level = level;
  return runs::run_chief_coverage(req, runs::RunEnv{});
}

// The region's chiefs by chief level: how many, their patrols, windows met, issues resolved, overdue.
Paragraph chief_paragraph(const Report& r, const runs::ChiefCoverageResult& region, int year, int note) {
  ParagraphBuilder p;
  p.text(r.zh ? fmt::format("{} 年，", year) : fmt::format("In {}, ", year));
  for (std::size_t i = 0; i < region.rollup.size(); ++i) {
    const auto& g = region.rollup[i];
    p.text(i ? r.t("；", "; ") : "")
        .text(r.zh ? fmt::format("{} 级责任人 ", g.chief_level) : fmt::format("level-{} chiefs: ", g.chief_level))
        .figure(std::to_string(g.chiefs), note)
        .text(r.t(" 名，巡查 ", ", "))
        .figure(std::to_string(g.patrols), note)
        .text(r.t(" 次，巡查时段达标率 ", " patrols, patrol windows met "))
        .figure(fixed(finite(g.coverage_pct()).value_or(0), 1) + "%", note);
    if (const auto res = finite(g.resolved_pct()))
      p.text(r.t("，问题整改率 ", ", issues resolved ")).figure(fixed(*res, 1) + "%", note);
    p.text(r.zh ? fmt::format("，逾期 {} 名", g.overdue) : fmt::format(", {} overdue", g.overdue));
  }
  p.text(r.t("。", "."));
  return p.done();
}

// Table 5-2: the chiefs' patrols by league/city and chief level.
TableBlock chief_table(const Report& r, const runs::ChiefCoverageResult& leagues, int year, bool syn, int note) {
  TableBlock tb;
  tb.synthetic = syn;
  tb.caption = r.zh ? fmt::format("表 5-2 {} 年各盟市责任人巡查情况", year)
                    : fmt::format("Table 5-2. Chiefs' patrols by league/city, {}", year);
  tb.header = {r.t("盟市", "League/city"), r.t("责任人级别", "Chief level"),        r.t("责任人数", "Chiefs"),
               r.t("巡查次数", "Patrols"), r.t("时段达标率(%)", "Windows met (%)"), r.t("整改率(%)", "Resolved (%)"),
               r.t("逾期人数", "Overdue"), r.t("未巡对象", "Not patrolled")};
  tb.numeric = {false, true, true, true, true, true, true, true};
  for (const auto& g : leagues.rollup) {
    const auto res = finite(g.resolved_pct());
    tb.rows.push_back({{unit_name(r, g.unit_name_zh, g.unit_name_en), 0, false},
                       {std::to_string(g.chief_level), 0, false},
                       {std::to_string(g.chiefs), 0, false},
                       {std::to_string(g.patrols), note, false},
                       {fixed(finite(g.coverage_pct()).value_or(0), 1), note, false},
                       {res ? fixed(*res, 1) : "–", res ? note : 0, false},
                       {std::to_string(g.overdue), 0, false},
                       {std::to_string(g.unpatrolled_objects), 0, false}});
  }
  return tb;
}

// 5.2: the chiefs' patrols of the bulletin's year (or the latest with patrols), for the region and by league/city.
void chief_block(Report& r, Section& sec) {
  sec.blocks.push_back(Report::heading(r.t("（二）河湖长制、林长制巡查", "5.2 River/lake and forest chiefs' patrols")));
  int first = 0, last = 0;
  for (const auto& s : r.sources)
    if (s.table == "patrol") first = s.first_year, last = s.last_year;
  if (!first || first > r.year) {
    sec.blocks.push_back(r.none("河湖长、林长巡查记录", "chiefs' patrol records"));
    return;
  }
  const int year = std::min(r.year, last);
  if (year != r.year) sec.blocks.push_back(r.fallback("河湖长、林长巡查记录", "chiefs' patrol records", year));
  if (chief_synthetic(r)) sec.synthetic = true;
  const runs::ChiefCoverageResult region = coverage(r, year, 1), leagues = coverage(r, year, 2);
  const int region_note = chief_note(r, year, 1);
  if (!region.rollup.empty()) sec.blocks.push_back(chief_paragraph(r, region, year, region_note));
  if (!leagues.rollup.empty())
    sec.blocks.push_back(chief_table(r, leagues, year, sec.synthetic, chief_note(r, year, 2)));
}

}  // namespace

void responsibility_section(Report& r) {
  Section sec{
      "responsibility", r.t("五、责任落实：考核与巡查", "5. Responsibility: assessment and patrols"), false, {}};
  score_block(r, sec);
  chief_block(r, sec);
  r.doc.sections.push_back(std::move(sec));
}

}  // namespace eb::app::report

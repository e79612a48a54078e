// ecobarrier review run | list | confirm | overrule, and ecobarrier audit verify | list
#include <fmt/format.h>

#include "app/cli/context.hpp"
#include "app/runs/review/review.hpp"
#include "core/error.hpp"

namespace eb::app {

namespace {

void add_decision(CLI::App& review, Context& ctx, const char* name, store::MarkStatus decision, const char* help) {
  auto req = std::make_shared<runs::ReviewDecideRequest>();
  req->decision = decision;
  auto* cmd = review.add_subcommand(name, help);
  cmd->add_option("WS", req->workspace, "Workspace")->required();
  cmd->add_option("MARK_ID", req->mark, "The mark's id (review list)")->required();
  cmd->add_option("--by", req->by, "Who decides (recorded with the decision and in the audit log)")->required();
  cmd->add_option("--reason", req->reason, "Why (recorded with the decision)")->required();
  cmd->callback([req, &ctx] {
    ctx.present(runs::review_decide_document(runs::run_review_decide(*req, ctx.run_env()), ctx.lang()));
  });
}

}  // namespace

void add_review_commands(CLI::App& app, Context& ctx) {
  auto* review = app.add_subcommand(
      "review", "Data review (数据审核) of air stations and pollution-source outlets: automatic checks and decisions");
  review->require_subcommand(1);

  struct RunOptions {
    runs::ReviewRunRequest req;
    std::string period, subjects;
  };
  auto ro = std::make_shared<RunOptions>();
  auto* run = review->add_subcommand("run", "Run the automatic checks over a period and store their marks");
  run->add_option("WS", ro->req.workspace, "Workspace")->required();
  run->add_option("--period", ro->period, "2018, 2018-03, 2018Q2 or FROM..TO")->required();
  run->add_option("--subject", ro->subjects,
                  "stations, outlets or all (default: all; stations with only --station, outlets with only --outlet)");
  run->add_option("--station", ro->req.stations, "Only these stations (repeat); neighbours still count");
  run->add_option("--outlet", ro->req.outlets, "Only these outlets: enterprise_id/outlet_id or MN (repeat)");
  run->footer(
      "Examples:\n  ecobarrier review run ws.gpkg --period 2018-03\n"
      "  ecobarrier review run ws.gpkg --period 2026-01 --subject outlets\n\n"
      "Stations: their 1-hour observations; outlets: their hourly (CN 2061) Avg values as received. Rules and\n"
      "thresholds: data/standards/review_rules.csv (docs/review.md). Running again on the same data changes\n"
      "nothing; open marks the checks no longer produce are retracted, decided ones are kept.");
  run->callback([ro, &ctx] {
    ro->req.period = period_option(ro->period);
    if (!ro->subjects.empty()) {
      const auto s = runs::parse_review_subjects(ro->subjects);
      if (!s) throw UsageError("--subject " + ro->subjects + ": expected stations, outlets or all");
      ro->req.subjects = *s;
    } else if (ro->req.outlets.empty() != ro->req.stations.empty()) {
      ro->req.subjects = ro->req.outlets.empty() ? runs::ReviewSubjects::stations : runs::ReviewSubjects::outlets;
    }
    ctx.present(runs::review_run_document(runs::run_review_run(ro->req, ctx.run_env()), ctx.lang()));
  });

  struct ListOptions {
    runs::ReviewListRequest req;
    std::string status, subjects, station, outlet, period;
  };
  auto lo = std::make_shared<ListOptions>();
  auto* list = review->add_subcommand("list", "The stored review marks with their latest decision");
  list->add_option("WS", lo->req.workspace, "Workspace")->required();
  list->add_option("--status", lo->status, "open, confirmed or overruled");
  list->add_option("--subject", lo->subjects, "stations, outlets or all (default)");
  list->add_option("--station", lo->station, "Only this station");
  list->add_option("--outlet", lo->outlet, "Only this outlet: enterprise_id/outlet_id or MN");
  list->add_option("--period", lo->period, "Only marks overlapping this period");
  list->callback([lo, &ctx] {
    if (!lo->status.empty()) {
      lo->req.status = store::parse_status(lo->status);
      if (!lo->req.status) throw InputError("--status " + lo->status + ": expected open, confirmed or overruled");
    }
    if (!lo->subjects.empty()) {
      const auto s = runs::parse_review_subjects(lo->subjects);
      if (!s) throw UsageError("--subject " + lo->subjects + ": expected stations, outlets or all");
      lo->req.subjects = *s;
    }
    if (!lo->station.empty()) lo->req.station = lo->station;
    if (!lo->outlet.empty()) lo->req.outlet = lo->outlet;
    if (!lo->period.empty()) lo->req.period = period_option(lo->period);
    ctx.present(runs::review_list_document(runs::run_review_list(lo->req, ctx.run_env()), ctx.lang()));
  });

  add_decision(*review, ctx, "confirm", store::MarkStatus::confirmed,
               "Confirm a mark: its values are invalid and left out of assessments");
  add_decision(*review, ctx, "overrule", store::MarkStatus::overruled,
               "Overrule a mark: its values are valid and used in assessments");
}

void add_audit_commands(CLI::App& app, Context& ctx) {
  auto* audit = app.add_subcommand("audit", "The hash-chained audit log of every change to the workspace's data");
  audit->require_subcommand(1);

  auto vr = std::make_shared<runs::AuditVerifyRequest>();
  auto* verify = audit->add_subcommand("verify", "Recompute the hash chain; report the first broken entry");
  verify->add_option("WS", vr->workspace, "Workspace")->required();
  verify->footer("Exit status 0 when the chain is intact, 4 when it is broken (docs/review.md: what it proves).");
  verify->callback([vr, &ctx] {
    const auto v = runs::run_audit_verify(*vr, ctx.run_env());
    ctx.present(runs::audit_verify_document(v, ctx.lang()));
    if (!v.ok)
      throw StoreError(
          fmt::format("{}: audit log broken at entry {}: {}", vr->workspace, v.first_bad.value_or(0), v.problem));
  });

  struct ListOptions {
    runs::AuditListRequest req;
    std::int64_t after = 0;
  };
  auto lo = std::make_shared<ListOptions>();
  auto* list = audit->add_subcommand("list", "The audit log's entries, oldest first");
  list->add_option("WS", lo->req.workspace, "Workspace")->required();
  list->add_option("--after", lo->after, "Only entries after this sequence number");
  list->add_option("--limit", lo->req.list.limit, "At most this many entries");
  list->callback([lo, &ctx] {
    if (lo->after > 0) lo->req.list.after = lo->after;
    ctx.present(runs::audit_list_document(runs::run_audit_list(lo->req, ctx.run_env()), ctx.lang()));
  });
}

}  // namespace eb::app

// The submission store on a real workspace: insert, list with filters, decide once (a second decision conflicts),
// the record's write in the decision's transaction (undone with it), and one audit entry per write.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/error.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"
#include "store/submission_store.hpp"
#include "store/workspace.hpp"
#include "support/test_paths.hpp"

namespace eb::store {
namespace {

NewSubmission value(const std::string& unit, const std::string& by) {
  return {"indicator_value", unit, "forest_cover/" + unit + "/2024",
          R"({"indicator":"forest_cover","unit_code":")" + unit + R"(","year":2024,"value":21.5})", by};
}

std::int64_t rows(Workspace& ws, const std::string& table) {
  return *ws.db().query_int("SELECT count(*) FROM " + table);
}

TEST(SubmissionStore, InsertsListsAndFinds) {
  test::TempPath p("submissions.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  const Submission a = insert_submission(ws, value("150102", "ana"));
  const Submission b = insert_submission(ws, value("150202", "bo"));
  EXPECT_EQ(a.status, "submitted");
  EXPECT_EQ(a.submitted_by, "ana");
  EXPECT_EQ(a.unit_code, "150102");
  EXPECT_EQ(a.record_key, "forest_cover/150102/2024");
  ASSERT_EQ(a.submitted_at.size(), 20u);  // YYYY-MM-DDTHH:MM:SSZ
  EXPECT_EQ(a.submitted_at.back(), 'Z');
  EXPECT_FALSE(a.decided_by);
  EXPECT_GT(b.id, a.id);

  const auto all = list_submissions(ws);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, b.id);  // newest first
  SubmissionFilter by_ana;
  by_ana.submitted_by = "ana";
  ASSERT_EQ(list_submissions(ws, by_ana).size(), 1u);
  SubmissionFilter units;
  units.units = std::vector<std::string>{"150202"};
  ASSERT_EQ(list_submissions(ws, units).size(), 1u);
  EXPECT_EQ(list_submissions(ws, units)[0].id, b.id);
  SubmissionFilter kept;
  kept.keep = [](const Submission& s) { return s.submitted_by == "ana"; };
  ASSERT_EQ(list_submissions(ws, kept).size(), 1u);
  SubmissionFilter chiefs;
  chiefs.kind = "chief";
  EXPECT_TRUE(list_submissions(ws, chiefs).empty());

  const auto found = find_submission(ws, a.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->record_json, a.record_json);
  EXPECT_FALSE(find_submission(ws, 999));
}

TEST(SubmissionStore, AnIdenticalWaitingSubmissionIsReturnedNotRepeated) {
  test::TempPath p("repeat.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  const Submission a = insert_submission(ws, value("150102", "ana"));
  EXPECT_FALSE(a.repeated);
  const Submission again = insert_submission(ws, value("150102", "ana"));  // a retry after a lost answer
  EXPECT_TRUE(again.repeated);
  EXPECT_EQ(again.id, a.id);
  EXPECT_EQ(list_submissions(ws).size(), 1u);
  // Another account's identical record, or the same one once decided, is a submission of its own.
  EXPECT_FALSE(insert_submission(ws, value("150102", "bo")).repeated);
  decide_submission(ws, a.id, {false, "cy", "incomplete"});
  const Submission resubmitted = insert_submission(ws, value("150102", "ana"));
  EXPECT_FALSE(resubmitted.repeated);
  EXPECT_NE(resubmitted.id, a.id);
  EXPECT_EQ(list_submissions(ws).size(), 3u);
}

TEST(SubmissionStore, DecidesOnceAndWritesTheRecordInTheSameTransaction) {
  test::TempPath p("submissions.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  const Submission a = insert_submission(ws, value("150102", "ana"));
  const Submission b = insert_submission(ws, value("150103", "ana"));

  // A write that fails undoes the approval.
  EXPECT_THROW(decide_submission(ws, a.id, {true, "carl", ""},
                                 [&ws](const Submission&) {
                                   ws.db().exec(
                                       "INSERT INTO indicator_value (indicator, unit_code, year, value, "
                                       "source) VALUES ('forest_cover', '150102', 2024, 21.5, 'x')");
                                   throw FieldError("value", "value: refused");
                                 }),
               FieldError);
  EXPECT_EQ(find_submission(ws, a.id)->status, "submitted");
  EXPECT_EQ(rows(ws, "indicator_value"), 0);

  int written = 0;
  const Submission approved = decide_submission(ws, a.id, {true, "carl", ""}, [&](const Submission& s) {
    EXPECT_EQ(s.status, "approved");
    EXPECT_TRUE(ws.db().in_transaction());
    ++written;
  });
  EXPECT_EQ(written, 1);
  EXPECT_EQ(approved.status, "approved");
  EXPECT_EQ(approved.decided_by, "carl");
  EXPECT_TRUE(approved.decided_at);
  EXPECT_FALSE(approved.reason);
  EXPECT_THROW(decide_submission(ws, a.id, {true, "carl", ""}), ConflictError);
  EXPECT_THROW(decide_submission(ws, a.id, {false, "carl", "late"}), ConflictError);
  EXPECT_THROW(decide_submission(ws, 999, {true, "carl", ""}), NotFoundError);

  const Submission returned =
      decide_submission(ws, b.id, {false, "carl", "the value is a percentage"}, [&](const Submission&) { ++written; });
  EXPECT_EQ(written, 1);  // returning writes no record
  EXPECT_EQ(returned.status, "returned");
  EXPECT_EQ(returned.reason, "the value is a percentage");
  SubmissionFilter still;
  still.status = "submitted";
  EXPECT_TRUE(list_submissions(ws, still).empty());
}

TEST(SubmissionStore, EveryWriteIsOneAuditEntryNamingTheAccount) {
  test::TempPath p("submissions.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  const auto before = audit_entries(ws).size();
  const Submission a = insert_submission(ws, value("150102", "ana"));
  const Submission b = insert_submission(ws, value("150103", "ana"));
  decide_submission(ws, a.id, {true, "carl", ""});
  decide_submission(ws, b.id, {false, "carl", "wrong year"});
  const auto entries = audit_entries(ws);
  ASSERT_EQ(entries.size(), before + 4);
  const auto& submit = entries[before];
  EXPECT_EQ(submit.actor, "ana");
  EXPECT_EQ(submit.action, "submit");
  EXPECT_EQ(submit.table, "submission");
  EXPECT_EQ(submit.key, std::to_string(a.id));
  const auto details = nlohmann::json::parse(submit.details);
  EXPECT_EQ(details["after"], "submitted");
  EXPECT_EQ(details["kind"], "indicator_value");
  EXPECT_EQ(details["unit"], "150102");
  EXPECT_EQ(details["record_key"], "forest_cover/150102/2024");
  const auto& approve = entries[before + 2];
  EXPECT_EQ(approve.actor, "carl");
  EXPECT_EQ(approve.action, "approve");
  EXPECT_EQ(nlohmann::json::parse(approve.details)["before"], "submitted");
  EXPECT_EQ(nlohmann::json::parse(approve.details)["after"], "approved");
  const auto& ret = entries[before + 3];
  EXPECT_EQ(ret.action, "return");
  EXPECT_EQ(ret.key, std::to_string(b.id));
  EXPECT_EQ(nlohmann::json::parse(ret.details)["reason"], "wrong year");
  EXPECT_EQ(nlohmann::json::parse(ret.details)["after"], "returned");
  // A refused decision leaves no entry.
  EXPECT_THROW(decide_submission(ws, a.id, {true, "carl", ""}), ConflictError);
  EXPECT_EQ(audit_entries(ws).size(), before + 4);
  EXPECT_TRUE(verify_audit(ws).ok);
}

}  // namespace
}  // namespace eb::store

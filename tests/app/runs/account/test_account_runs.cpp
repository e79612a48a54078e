// The account runs in-process on a workspace of the real leagues and banners: accounts, logins with lockout,
// sessions and tokens, the access matrix applied to units, and the audit entries they leave.
#include <gtest/gtest.h>

#include "app/runs/account/access.hpp"
#include "app/runs/account/account.hpp"
#include "app/runs/account/credentials.hpp"
#include "app/runs/support/workspace_fixture.hpp"
#include "core/error.hpp"
#include "standards/access.hpp"
#include "store/account_store.hpp"
#include "store/audit.hpp"

namespace eb::app::runs {
namespace {

constexpr const char* kPassword = "correct horse battery";

class AccountRuns : public ::testing::Test {
 protected:
  // 150100 Hohhot and 150200 Baotou with their banners; 150102 is a district of Hohhot.
  test::UnitWorkspace units{true};
  RunEnv env;

  void add(const std::string& name, const std::string& role, const std::string& unit) {
    run_user_add({units.path(), name, role, unit, std::nullopt, kPassword, "test"}, env);
  }
  store::Workspace ws() { return store::Workspace(units.path(), store::Workspace::Open::existing); }
};

TEST(Credentials, Argon2idHashesVerifyAndDiffer) {
  const std::string a = hash_password("a long password");
  const std::string b = hash_password("a long password");
  EXPECT_TRUE(a.starts_with("$argon2id$"));
  EXPECT_NE(a, b);  // salted
  EXPECT_TRUE(verify_password(a, "a long password"));
  EXPECT_FALSE(verify_password(a, "a long passwore"));
  EXPECT_FALSE(verify_password("not a hash", "a long password"));
  EXPECT_NE(random_secret(32), random_secret(32));
  EXPECT_EQ(random_secret(32).size(), 43u);  // 256 bits, base64url without padding
  EXPECT_EQ(secret_digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(same_secret("abc", "abc"));
  EXPECT_FALSE(same_secret("abc", "abd"));
  EXPECT_FALSE(same_secret("abc", "ab"));
}

TEST_F(AccountRuns, AddRefusesBadFieldsNamingThem) {
  auto field_of = [&](UserAddRequest r) {
    try {
      run_user_add(r, env);
    } catch (const FieldError& e) {
      return e.field();
    }
    return std::string("accepted");
  };
  EXPECT_EQ(field_of({units.path(), "a b", "reporter", "150100", std::nullopt, kPassword, ""}), "name");
  EXPECT_EQ(field_of({units.path(), "x", "boss", "150100", std::nullopt, kPassword, ""}), "role");
  EXPECT_EQ(field_of({units.path(), "x", "reporter", "999999", std::nullopt, kPassword, ""}), "unit");
  EXPECT_EQ(field_of({units.path(), "x", "reporter", "150100", std::nullopt, "short", ""}), "password");
  EXPECT_EQ(field_of({units.path(), "x", "chief", "150100", std::nullopt, kPassword, ""}), "chief");
  EXPECT_EQ(field_of({units.path(), "王.li-2", "reporter", "150100", std::nullopt, kPassword, ""}), "accepted");
  EXPECT_EQ(field_of({units.path(), "王.li-2", "reporter", "150100", std::nullopt, kPassword, ""}), "name");
  auto w = ws();
  const auto a = store::find_account(w, "王.li-2");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->password_hash.starts_with("$argon2id$"));
  EXPECT_EQ(a->password_hash.find(kPassword), std::string::npos);
}

TEST_F(AccountRuns, LoginGivesASessionThatAuthenticatesUntilRevoked) {
  add("rep", "reporter", "150102");
  auto w = ws();
  const LoginResult r = run_login(w, "rep", kPassword, "127.0.0.1");
  EXPECT_EQ(r.principal.role, "reporter");
  EXPECT_TRUE(r.principal.session);
  EXPECT_FALSE(r.principal.csrf.empty());
  const auto p = run_authenticate(w, r.token);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->name, "rep");
  EXPECT_EQ(p->unit_code, "150102");
  EXPECT_EQ(p->csrf, r.principal.csrf);
  // Expired at the session's end.
  EXPECT_FALSE(run_authenticate(w, r.token, now_epoch() + account_policy().session_s + 1));
  EXPECT_FALSE(run_authenticate(w, r.token + "x"));
  run_token_revoke(w, *p, p->token_id);
  EXPECT_FALSE(run_authenticate(w, r.token));
}

TEST_F(AccountRuns, WrongPasswordsLockTheAccountAndUnknownNamesSayTheSame) {
  add("rep", "reporter", "150102");
  auto w = ws();
  std::string unknown, wrong;
  try {
    run_login(w, "nobody", kPassword, "10.0.0.1");
  } catch (const AuthError& e) {
    unknown = e.what();
  }
  const EpochSeconds t0 = now_epoch();
  for (int i = 0; i < account_policy().lock_after_failures; ++i) {
    try {
      run_login(w, "rep", "wrong password!", "10.0.0.1", t0);
      FAIL() << "a wrong password was accepted";
    } catch (const AuthError& e) {
      wrong = e.what();
    }
  }
  EXPECT_EQ(unknown, wrong);
  // Locked now, even with the right password, until the lock ends.
  EXPECT_THROW(run_login(w, "rep", kPassword, "10.0.0.1", t0 + 1), ThrottledError);
  const LoginResult later = run_login(w, "rep", kPassword, "10.0.0.1", t0 + account_policy().first_lock_s + 1);
  EXPECT_EQ(later.principal.name, "rep");
  EXPECT_EQ(store::find_account(w, "rep")->failed_logins, 0);
  // Every attempt is in the audit log, none with the password.
  int failed = 0, locked = 0, ok = 0;
  for (const auto& e : store::audit_entries(w)) {
    EXPECT_EQ(e.details.find("wrong password"), std::string::npos);
    EXPECT_EQ(e.details.find(kPassword), std::string::npos);
    failed += e.action == "login_failed";
    locked += e.action == "locked";
    ok += e.action == "login";
  }
  EXPECT_EQ(failed, account_policy().lock_after_failures);  // the unknown name's and four for rep
  EXPECT_EQ(locked, 1);
  EXPECT_EQ(ok, 1);
  EXPECT_TRUE(store::verify_audit(w).ok);
}

TEST_F(AccountRuns, DisablingAndPasswordChangesRevokeEveryToken) {
  add("rep", "reporter", "150102");
  auto w = ws();
  const LoginResult r = run_login(w, "rep", kPassword, "127.0.0.1");
  const NewToken t = run_token_create(w, r.principal, "script", 30);
  ASSERT_TRUE(run_authenticate(w, t.token));
  UserChangeRequest new_password;
  new_password.ws = units.path();
  new_password.name = "rep";
  new_password.password = "another long password";
  run_user_change(new_password, env);
  EXPECT_FALSE(run_authenticate(w, r.token));
  EXPECT_FALSE(run_authenticate(w, t.token));
  const LoginResult again = run_login(w, "rep", "another long password", "127.0.0.1");
  UserChangeRequest disable;
  disable.ws = units.path();
  disable.name = "rep";
  disable.disabled = true;
  run_user_change(disable, env);
  EXPECT_FALSE(run_authenticate(w, again.token));
  EXPECT_THROW(run_login(w, "rep", "another long password", "127.0.0.1"), AuthError);
}

TEST_F(AccountRuns, TokensAreManagedByTheirOwnerAndTheSubtreesAdmin) {
  add("rep", "reporter", "150102");
  add("other", "reporter", "150202");
  add("hohhot-admin", "admin", "150100");
  auto w = ws();
  const auto rep = run_login(w, "rep", kPassword, "127.0.0.1").principal;
  const auto other = run_login(w, "other", kPassword, "127.0.0.1").principal;
  const auto admin = run_login(w, "hohhot-admin", kPassword, "127.0.0.1").principal;
  const NewToken t = run_token_create(w, rep, "script", 30);
  EXPECT_THROW(run_token_create(w, rep, "script", 0), FieldError);
  EXPECT_THROW(run_token_create(w, rep, "script", 366), FieldError);
  // Another banner's reporter cannot see or revoke it: it does not exist for them.
  for (const auto& i : run_tokens(w, other)) EXPECT_EQ(i.account, "other");
  EXPECT_THROW(run_token_revoke(w, other, t.info.id), NotFoundError);
  // Hohhot's admin sees the tokens of Hohhot's accounts, not Baotou's.
  bool sees_rep = false;
  for (const auto& i : run_tokens(w, admin)) {
    EXPECT_NE(i.account, "other");
    sees_rep = sees_rep || i.account == "rep";
  }
  EXPECT_TRUE(sees_rep);
  run_token_revoke(w, admin, t.info.id);
  EXPECT_FALSE(run_authenticate(w, t.token));
}

TEST_F(AccountRuns, AccessFollowsTheMatrixAndTheHierarchy) {
  auto w = ws();
  Principal rep{"rep", "reporter", "150100", std::nullopt, "", false, ""};
  EXPECT_TRUE(unit_within(w, "150102", "150100"));
  EXPECT_FALSE(unit_within(w, "150202", "150100"));
  EXPECT_TRUE(has_access(w, rep, "submit_project", "150102"));
  EXPECT_FALSE(has_access(w, rep, "submit_project", "150202"));
  EXPECT_FALSE(has_access(w, rep, "submit_project", "150000"));  // the level above is not its subtree
  EXPECT_FALSE(has_access(w, rep, "decide_submission", "150102"));
  Principal analyst{"an", "analyst", "150200", std::nullopt, "", false, ""};
  EXPECT_TRUE(has_access(w, analyst, "read_submissions", "150102"));
  EXPECT_FALSE(has_access(w, analyst, "submit_project", "150202"));
  EXPECT_TRUE(has_access(w, std::nullopt, "read_published", "150000"));
  EXPECT_FALSE(has_access(w, std::nullopt, "read_submissions", "150102"));
  EXPECT_THROW(require_access(w, std::nullopt, "read_submissions", "150102"), AuthError);
  EXPECT_THROW(require_access(w, rep, "decide_submission", "150102"), PermissionError);
  // Every role of every action has a scope (the table is complete).
  for (const auto& action : standards::access_actions())
    for (const auto& role : standards::account_roles()) EXPECT_NO_THROW(standards::access_scope(role, action));
}

TEST_F(AccountRuns, LoginsAndSessionsLeaveThePublishedGenerationAlone) {
  add("rep", "reporter", "150102");
  auto w = ws();
  const auto before = store::published_generation(w);
  const auto r = run_login(w, "rep", kPassword, "127.0.0.1");
  run_token_create(w, r.principal, "script", 1);
  EXPECT_EQ(store::published_generation(w), before);
}

}  // namespace
}  // namespace eb::app::runs

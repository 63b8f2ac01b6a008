// Both API login methods and what a session allows before login (routeros.md §1.9).
#include <gtest/gtest.h>

#include "routeros/sim/api_session.h"
#include "routeros/sim/login.h"
#include "sim_test_support.h"

namespace hotspot::routeros::sim {
namespace {

using testing::attribute;
using testing::command;
using testing::kinds;
using testing::trap_message;

std::string unhex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

struct Router {
  explicit Router(std::string_view version) : state(testing::options_for(version)) {
    state.add_account(testing::full_account());
    state.add_account({"noapi", "pw", {"read", "write", "ssh"}});
  }
  RouterState state;
  Replies pushed;
  ApiSession session{state, [this](Replies r) { pushed.insert(pushed.end(), r.begin(), r.end()); }};
};

TEST(ChallengeResponse, MatchesTheOfficialExample) {
  EXPECT_EQ(challenge_response("", unhex("93b438ec9b80057c06dd9fe67d56aa9a")),
            "00e134102a9d330dd7b1849fedfea3cb57");
}

struct PlainCase {
  std::string name;
  std::vector<Attribute> words;
  std::string shape;
  std::string message;
};

class PlaintextLogin : public ::testing::TestWithParam<PlainCase> {};

TEST_P(PlaintextLogin, From643) {
  for (const char* version : {"6.43", "6.49.10", "7.12", "7.18"}) {
    Router router(version);
    Replies r = router.session.handle(command("/login", GetParam().words));
    EXPECT_EQ(kinds(r), GetParam().shape) << version;
    EXPECT_EQ(trap_message(r), GetParam().message) << version;
    EXPECT_EQ(router.session.logged_in(), GetParam().shape == "!done") << version;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Credentials, PlaintextLogin,
    ::testing::Values(
        PlainCase{"right", {{"name", "admin"}, {"password", "secret"}}, "!done", ""},
        PlainCase{"wrong_password", {{"name", "admin"}, {"password", "nope"}}, "!trap !done",
                  "invalid user name or password (6)"},
        PlainCase{"unknown_user", {{"name", "ghost"}, {"password", "secret"}}, "!trap !done",
                  "invalid user name or password (6)"},
        PlainCase{"no_api_policy", {{"name", "noapi"}, {"password", "pw"}}, "!trap !done",
                  "invalid user name or password (6)"},
        PlainCase{"no_arguments", {}, "!trap !done", "invalid user name or password (6)"}),
    [](const ::testing::TestParamInfo<PlainCase>& param_info) { return param_info.param.name; });

TEST(ChallengeLogin, Before643) {
  Router router("6.42");
  Replies r = router.session.handle(command("/login"));
  ASSERT_EQ(kinds(r), "!done");
  std::string challenge = attribute(r[0], "ret").value_or("");
  ASSERT_EQ(challenge.size(), 32u);
  std::string response = challenge_response("secret", unhex(challenge));
  r = router.session.handle(command("/login", {{"name", "admin"}, {"response", response}}));
  EXPECT_EQ(kinds(r), "!done");
  EXPECT_TRUE(router.session.logged_in());
}

TEST(ChallengeLogin, WrongResponseCannotLogIn) {
  Router router("6.42");
  Replies r = router.session.handle(command("/login"));
  std::string challenge = attribute(r[0], "ret").value_or("");
  std::string response = challenge_response("wrong", unhex(challenge));
  r = router.session.handle(command("/login", {{"name", "admin"}, {"response", response}}));
  EXPECT_EQ(kinds(r), "!trap !done");
  EXPECT_EQ(trap_message(r), "cannot log in");
  // The challenge was spent: the right answer to it no longer works.
  response = challenge_response("secret", unhex(challenge));
  r = router.session.handle(command("/login", {{"name", "admin"}, {"response", response}}));
  EXPECT_EQ(trap_message(r), "cannot log in");
  EXPECT_FALSE(router.session.logged_in());
}

TEST(ChallengeLogin, OldRouterAnswersAPlaintextLoginWithAChallenge) {
  Router router("6.40");
  Replies r = router.session.handle(command("/login", {{"name", "admin"}, {"password", "secret"}}));
  ASSERT_EQ(kinds(r), "!done");
  EXPECT_EQ(attribute(r[0], "ret").value_or("").size(), 32u);
  EXPECT_FALSE(router.session.logged_in());
}

TEST(BeforeLogin, OnlyLoginIsAccepted) {
  Router router("7.12");
  Replies r = router.session.handle(command("/ip/hotspot/user/print", {}, {}, std::string("3")));
  EXPECT_EQ(kinds(r), "!trap !done");
  EXPECT_EQ(r[0].tag, "3");
  for (int i = 1; i < ApiSession::kMaxSentencesBeforeLogin; ++i) {
    router.session.handle(command("/system/identity/print"));
  }
  r = router.session.handle(command("/system/identity/print"));
  EXPECT_EQ(kinds(r), "!fatal");
}

TEST(Session, TagsEveryReplyAndQuitIsFatal) {
  Router router("7.18");
  router.session.handle(command("/login", {{"name", "admin"}, {"password", "secret"}}));
  Replies r = router.session.handle(command("/ip/hotspot/user/print", {}, {}, std::string("7")));
  ASSERT_EQ(kinds(r), "!empty !done");
  EXPECT_EQ(r[0].tag, "7");
  EXPECT_EQ(r[1].tag, "7");
  r = router.session.handle(command("/quit"));
  ASSERT_EQ(kinds(r), "!fatal");
  EXPECT_EQ(r[0].fatal_reason, "session terminated on request");
}

TEST(Session, ListenStreamsChangesUntilCancelled) {
  Router router("7.12");
  router.session.handle(command("/login", {{"name", "admin"}, {"password", "secret"}}));
  router.state.execute(command("/ip/hotspot/user/add", {{"name", "a"}, {"password", "p"}}),
                       testing::full_account());
  EXPECT_TRUE(router.session.handle(command("/ip/hotspot/active/listen", {}, {}, std::string("2"))).empty());
  Replies r = router.state.execute(command("/ip/hotspot/active/login", {{"user", "a"}, {"password", "p"},
                                                                         {"mac-address", "02:00:00:00:00:01"},
                                                                         {"ip", "10.5.50.20"}}),
                                   testing::full_account());
  ASSERT_EQ(kinds(r), "!done") << trap_message(r);
  ASSERT_EQ(kinds(router.pushed), "!re");
  EXPECT_EQ(router.pushed[0].tag, "2");
  EXPECT_EQ(attribute(router.pushed[0], "user"), "a");
  router.state.execute(command("/ip/hotspot/active/remove", {{".id", "*1"}}), testing::full_account());
  ASSERT_EQ(kinds(router.pushed), "!re !re");
  EXPECT_EQ(attribute(router.pushed[1], ".dead"), "yes");
  // The official sequence: the listen's "interrupted" trap, the cancel's !done, the listen's !done.
  r = router.session.handle(command("/cancel", {{"tag", "2"}}, {}, std::string("7")));
  ASSERT_EQ(kinds(r), "!trap !done !done");
  EXPECT_EQ(r[0].tag, "2");
  EXPECT_EQ(attribute(r[0], "category"), "2");
  EXPECT_EQ(attribute(r[0], "message"), "interrupted");
  EXPECT_EQ(r[1].tag, "7");
  EXPECT_EQ(r[2].tag, "2");
  router.state.execute(command("/ip/hotspot/user/add", {{"name", "b"}}), testing::full_account());
  router.state.advance(std::chrono::seconds(5));
  EXPECT_EQ(router.pushed.size(), 2u);
}

}  // namespace
}  // namespace hotspot::routeros::sim

// Both login methods (routeros.md §1.9), the ways a login fails, and the open deadlines.
#include <array>
#include <cstdio>

#include <mbedtls/md5.h>

#include "routeros/client/login.h"
#include "tests/routeros/client/client_fixture.h"

namespace hotspot::routeros::testing {
namespace {

// The reference's rule computed independently: MD5(0x00 || password || challenge bytes).
std::string expected_response(const std::string& password,
                              const std::array<unsigned char, 16>& challenge) {
  std::string input(1, '\0');
  input += password;
  input.append(reinterpret_cast<const char*>(challenge.data()), challenge.size());
  std::array<unsigned char, 16> digest{};
  EXPECT_EQ(mbedtls_md5_ret(reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                            digest.data()),
            0);
  std::string hex = "00";
  for (unsigned char byte : digest) {
    char pair[3];
    std::snprintf(pair, sizeof pair, "%02x", byte);
    hex += pair;
  }
  return hex;
}

constexpr std::array<unsigned char, 16> kChallenge = {
    0x93, 0xb4, 0x38, 0xec, 0x9b, 0x80, 0x05, 0x7c, 0x06, 0xdd, 0x9f, 0xe6, 0x7d, 0x56, 0xaa, 0x9a};

TEST(ChallengeResponse, MatchesTheOfficialExample) {
  // Python example client output: admin, empty password (routeros.md §1.9, verified).
  auto response = challenge_response("", "93b438ec9b80057c06dd9fe67d56aa9a");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response.value(), "00e134102a9d330dd7b1849fedfea3cb57");
}

TEST(ChallengeResponse, HashesTheDecodedChallengeWithThePassword) {
  auto response = challenge_response("s3cret", "93B438EC9B80057C06DD9FE67D56AA9A");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response.value(), expected_response("s3cret", kChallenge));
  EXPECT_NE(response.value(), challenge_response("", "93b438ec9b80057c06dd9fe67d56aa9a").value());
}

TEST(ChallengeResponse, RejectsAChallengeThatIsNotHex) {
  for (const char* bad : {"", "abc", "zz", "93b438ec9b80057c06dd9fe67d56aa9g"}) {
    EXPECT_FALSE(challenge_response("pw", bad).ok()) << bad;
  }
}

TEST(LoginExchange, SendsNameAndPasswordFirst) {
  LoginExchange login("admin", "pw");
  const Command first = login.first_command();
  EXPECT_EQ(encode_command(first), (Sentence{"/login", "=name=admin", "=password=pw"}));
}

TEST(LoginExchange, ReadsEachReply) {
  struct Case {
    const char* name;
    Reply reply;
    LoginExchange::Next next;
    RouterErrc error;
  };
  const Case cases[] = {
      {"done", Reply{ReplyKind::done, {}, {}, {}}, LoginExchange::Next::done, {}},
      {"empty", Reply{ReplyKind::empty, {}, {}, {}}, LoginExchange::Next::wait, {}},
      {"trap", Reply{ReplyKind::trap, {}, {{"message", "cannot log in"}}, {}},
       LoginExchange::Next::failed, RouterErrc::bad_credentials},
      {"fatal", Reply{ReplyKind::fatal, {}, {}, "too many sessions"}, LoginExchange::Next::failed,
       RouterErrc::fatal},
      {"row", Reply{ReplyKind::re, {}, {{"name", "x"}}, {}}, LoginExchange::Next::failed,
       RouterErrc::protocol},
      {"bad challenge", Reply{ReplyKind::done, {}, {{"ret", "xyz"}}, {}},
       LoginExchange::Next::failed, RouterErrc::protocol},
  };
  for (const auto& c : cases) {
    LoginExchange login("admin", "pw");
    auto step = login.on_reply(c.reply);
    EXPECT_EQ(step.next, c.next) << c.name;
    if (step.next == LoginExchange::Next::failed) {
      EXPECT_EQ(step.error.code, c.error) << c.name;
      EXPECT_FALSE(step.error.message.empty()) << c.name;
    }
  }
}

TEST(LoginExchange, RefusesASecondChallenge) {
  LoginExchange login("admin", "");
  const Reply challenge{ReplyKind::done, {}, {{"ret", "93b438ec9b80057c06dd9fe67d56aa9a"}}, {}};
  auto first = login.on_reply(challenge);
  ASSERT_EQ(first.next, LoginExchange::Next::send);
  EXPECT_EQ(encode_command(first.command),
            (Sentence{"/login", "=name=admin", "=response=00e134102a9d330dd7b1849fedfea3cb57"}));
  auto second = login.on_reply(challenge);
  EXPECT_EQ(second.next, LoginExchange::Next::failed);
  EXPECT_EQ(second.error.code, RouterErrc::protocol);
}

class LoginTest : public ClientTest {
 protected:
  RouterResult<void> open_with(MemoryPeer::Script script) {
    peer->on_sentence(std::move(script));
    make_session();
    std::optional<RouterResult<void>> result;
    session->async_open([&](RouterResult<void> r) { result = std::move(r); });
    if (!run_until(io, [&] { return result.has_value(); })) {
      ADD_FAILURE() << "open hung";
      return router_error(RouterErrc::closed, "hung");
    }
    return std::move(*result);
  }
};

TEST_F(LoginTest, PlaintextLoginOnCurrentRouters) {
  auto result = open_with([this](const Sentence&) { peer->send({"!done"}); });
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_TRUE(session->is_open());
  EXPECT_FALSE(session->used_challenge_login());
  ASSERT_EQ(peer->received().size(), 1u);
  EXPECT_EQ(peer->received()[0], (Sentence{"/login", "=name=admin", "=password=secret"}));
  EXPECT_TRUE(logger.contains("ROUTEROS_SESSION_OPENED"));
  for (const auto& entry : logger.entries()) {
    EXPECT_EQ(entry.message.find("secret"), std::string::npos) << "the password was logged";
  }
}

TEST_F(LoginTest, ChallengeLoginOnOldRouters) {
  auto result = open_with([this](const Sentence& words) {
    if (attribute_of(words, "password")) {
      peer->send({"!done", "=ret=93b438ec9b80057c06dd9fe67d56aa9a"});
    } else if (attribute_of(words, "response") == expected_response("secret", kChallenge)) {
      peer->send({"!done"});
    } else {
      peer->send({"!trap", "=message=cannot log in"});
    }
  });
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_TRUE(session->used_challenge_login());
  ASSERT_EQ(peer->received().size(), 2u);
  EXPECT_EQ(
      peer->received()[1],
      (Sentence{"/login", "=name=admin", "=response=" + expected_response("secret", kChallenge)}));
}

TEST_F(LoginTest, WrongPasswordIsBadCredentials) {
  options.password = "wrong";
  auto result = open_with([this](const Sentence&) {
    peer->send({"!trap", "=message=invalid user name or password (6)"});
    peer->send({"!done"});
  });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, RouterErrc::bad_credentials);
  EXPECT_NE(result.error().message.find("invalid user name or password (6)"), std::string::npos);
  EXPECT_EQ(result.error().message.find("wrong"), std::string::npos) << "the password leaked";
  EXPECT_FALSE(session->is_open());
  EXPECT_TRUE(peer->client_closed());
}

TEST_F(LoginTest, OldRouterRejectingTheResponseIsBadCredentials) {
  auto result = open_with([this](const Sentence& words) {
    if (attribute_of(words, "password")) {
      peer->send({"!done", "=ret=93b438ec9b80057c06dd9fe67d56aa9a"});
    } else {
      peer->send({"!trap", "=message=cannot log in"});
      peer->send({"!done"});
    }
  });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, RouterErrc::bad_credentials);
}

TEST_F(LoginTest, ConnectionClosedDuringLogin) {
  auto result = open_with([this](const Sentence&) { peer->close(); });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, RouterErrc::closed);
  EXPECT_NE(result.error().message.find("during login"), std::string::npos)
      << result.error().message;
}

TEST_F(LoginTest, FatalDuringLogin) {
  auto result = open_with([this](const Sentence&) {
    peer->send({"!fatal", "too many commands before login"});
    peer->close();
  });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, RouterErrc::fatal);
  EXPECT_NE(result.error().message.find("too many commands before login"), std::string::npos);
}

TEST_F(LoginTest, SilentRouterHitsTheLoginDeadline) {
  options.login_timeout = 50ms;
  auto result = open_with(nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, RouterErrc::timeout);
  EXPECT_NE(result.error().message.find("50 ms"), std::string::npos) << result.error().message;
  EXPECT_TRUE(peer->client_closed());
}

TEST_F(LoginTest, StalledConnectHitsTheConnectDeadline) {
  options.connect_timeout = 50ms;
  peer->stall_connect();
  auto result = open_with(nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, RouterErrc::timeout);
  EXPECT_TRUE(drain(io)) << "the stalled connect was left behind";
  EXPECT_FALSE(peer->has_pending_operation());
}

TEST_F(LoginTest, RefusedConnection) {
  peer->refuse_connect();
  auto result = open_with(nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, RouterErrc::refused);
  EXPECT_NE(result.error().message.find("router.test:8728"), std::string::npos);
}

TEST_F(LoginTest, OpeningTwiceIsRefused) {
  ASSERT_TRUE(open_with([this](const Sentence&) { peer->send({"!done"}); }).ok());
  std::optional<RouterResult<void>> again;
  session->async_open([&](RouterResult<void> r) { again = std::move(r); });
  ASSERT_TRUE(run_until(io, [&] { return again.has_value(); }));
  EXPECT_FALSE(again->ok());
  EXPECT_TRUE(session->is_open()) << "a second open must not disturb the first";
}

TEST_F(LoginTest, CommandsBeforeOpenAreRefused) {
  make_session();
  auto result = run(Command{"/system/identity/print", {}, {}, {}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, RouterErrc::closed);
}

}  // namespace
}  // namespace hotspot::routeros::testing

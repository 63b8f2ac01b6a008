// Strings that would become RouterOS words: hostile ones are refused before anything is sent.
#include "routeros/hotspot/words.h"
#include "tests/routeros/hotspot/router_fixture.h"

namespace hotspot::routeros::testing {
namespace {

const std::vector<std::string> kHostileNames = {
    "",  "a\nb", "a\rb", "name=x", "=name=x", "a b", "a;b", "a\"b", "a'b", "a\\b",
    "a$b", "a`b", std::string(65, 'a'), std::string("a\0b", 3), "caf\xc3\xa9", "?name", ".id"};

TEST(HostileWords, NamesAreRefused) {
  for (const std::string& name : kHostileNames) {
    EXPECT_FALSE(check_name("The user name", name).ok()) << printable_word(name);
  }
  for (const char* good : {"v8K2pq", "AA:BB:CC:DD:EE:FF", "user@site", "plan-2m", "a.b_c+d"}) {
    EXPECT_TRUE(check_name("The user name", good).ok()) << good;
  }
  EXPECT_TRUE(check_name("The user name", std::string(64, 'a')).ok());
}

TEST(HostileWords, PasswordsAndComments) {
  for (const std::string& bad : std::vector<std::string>{"a\nb", "a=b", "a b", "a;b", "a\"b", std::string(65, 'x'), std::string("\x7f")}) {
    EXPECT_FALSE(check_password(bad).ok()) << printable_word(bad);
  }
  EXPECT_TRUE(check_password("").ok());
  EXPECT_TRUE(check_password("4711-Ab!").ok());
  for (const std::string& bad : std::vector<std::string>{"a\nb", "a\tb", "a\"b", "a;b", "a$b", std::string(256, 'c')}) {
    EXPECT_FALSE(check_comment(bad).ok()) << printable_word(bad);
  }
  EXPECT_TRUE(check_comment("hotspot-edge:ticket=42 plan 2").ok()) << "'=' and spaces are fine";
}

TEST(HostileWords, MacsAddressesRatesAndHosts) {
  for (const char* bad : {"AA:BB:CC:DD:EE", "AA:BB:CC:DD:EE:FG", "AA-BB-CC-DD-EE-FF", "AA:BB:CC:DD:EE:FF\n",
                          "AABBCCDDEEFF", ""}) {
    EXPECT_FALSE(canonical_mac(bad).ok()) << bad;
  }
  EXPECT_EQ(canonical_mac("aa:bb:cc:dd:ee:0f").value(), "AA:BB:CC:DD:EE:0F");
  for (const char* bad : {"10.0.0.256", "10.0.0", "10.0.0.1.2", "010.0.0.1", "10.0.0.1\n", "a.b.c.d", "",
                          "10..0.1", "1.2.3.4/24"}) {
    EXPECT_FALSE(check_ipv4(bad).ok()) << bad;
  }
  EXPECT_TRUE(check_ipv4("10.5.50.2").ok());
  EXPECT_TRUE(check_ipv4("0.0.0.0").ok());
  EXPECT_FALSE(check_rate_limit("5M/2M\n").ok());
  EXPECT_FALSE(check_rate_limit("5M/2M;").ok());
  EXPECT_TRUE(check_rate_limit("2M/5M 4M/10M 1500k/4M 16/16 8 512k/1M").ok());
  EXPECT_FALSE(check_host_pattern("portal.local\n").ok());
  EXPECT_FALSE(check_host_pattern(":^regex$").ok());
  EXPECT_TRUE(check_host_pattern("*.safaricom.co.ke").ok());
  EXPECT_FALSE(check_item_id("*1F\n").ok());
  EXPECT_FALSE(check_item_id("1F").ok());
}

TEST(HostileWords, ReconciliationFieldsAreCheckedByName) {
  EXPECT_TRUE(check_user_field({"limit-uptime", "3600s"}).ok());
  EXPECT_FALSE(check_user_field({"limit-uptime", "forever"}).ok());
  EXPECT_FALSE(check_user_field({"limit-bytes-total", "-1"}).ok());
  EXPECT_FALSE(check_user_field({"disabled", "maybe"}).ok());
  EXPECT_FALSE(check_user_field({"on-login", "/system reboot"}).ok()) << "unknown fields are refused";
  EXPECT_TRUE(check_profile_field({"shared-users", "unlimited"}).ok());
  EXPECT_TRUE(check_profile_field({"keepalive-timeout", "none"}).ok());
  EXPECT_FALSE(check_profile_field({"session-timeout", "none"}).ok());
  EXPECT_FALSE(check_profile_field({"on-login", ":put x"}).ok());
}

class HostileCallsTest : public RouterFixture {
 protected:
  // The call failed with invalid_command, nothing went to the router and nothing changed.
  template <class T, class Start>
  void expect_refused(Start start_call, const std::string& what) {
    const auto sent = router->commands_sent();
    auto result = await<T>(start_call);
    ASSERT_FALSE(result.ok()) << what;
    EXPECT_EQ(result.error().code, RouterErrc::invalid_command) << what;
    EXPECT_FALSE(result.error().message.empty());
    EXPECT_EQ(router->commands_sent(), sent) << what;
  }
};

TEST_F(HostileCallsTest, EveryCallRefusesHostileStrings) {
  for (const std::string& name : kHostileNames) {
    UserRecord u = ticket_user("x");
    u.name = name;
    expect_refused<std::string>([&](auto h) { router->add_user(u, h); }, "add " + printable_word(name));
    expect_refused<std::size_t>([&](auto h) { router->kick_user(name, h); }, "kick " + printable_word(name));
    expect_refused<void>([&](auto h) { router->login({name, "pw", "AA:BB:CC:DD:EE:FF", "10.5.50.2"}, h); },
                         "login " + printable_word(name));
    ProfileSpec p;
    p.name = name;
    expect_refused<EnsureOutcome>([&](auto h) { router->ensure_profile(p, h); }, "profile " + printable_word(name));
  }
  UserRecord u = ticket_user("x");
  u.password = "pw\n/system/reboot";
  expect_refused<std::string>([&](auto h) { router->add_user(u, h); }, "password with a newline");
  u = ticket_user("x");
  u.comment = "hotspot-edge\n=disabled=yes";
  expect_refused<std::string>([&](auto h) { router->add_user(u, h); }, "comment with a newline");
  UserChanges c;
  c.profile = "plan=free";
  expect_refused<void>([&](auto h) { router->set_user("*1", c, h); }, "profile with '='");
  UserChanges password;
  password.password = "x";
  expect_refused<void>([&](auto h) { router->set_user("*1\n", password, h); }, "bad id");
  expect_refused<void>([&](auto h) { router->set_user("*1", UserChanges{}, h); }, "nothing to set");
  expect_refused<void>([&](auto h) { router->remove_user("1", "x", h); }, "id without *");
  expect_refused<void>([&](auto h) { router->kick("*1=", h); }, "kick bad id");
  expect_refused<void>([&](auto h) { router->login({"x", "pw", "AA:BB:CC:DD:EE", "10.5.50.2"}, h); }, "short MAC");
  expect_refused<void>([&](auto h) { router->login({"x", "pw", "AA:BB:CC:DD:EE:FF", "10.5.50.256"}, h); }, "bad IP");
  ProfileSpec p;
  p.name = "plan";
  p.rate_limit = "1M/1M\n";
  expect_refused<EnsureOutcome>([&](auto h) { router->ensure_profile(p, h); }, "rate limit");
  expect_refused<std::string>(
      [&](auto h) { router->add_walled_garden({GardenLevel::ip, "", "accept", "", "10.0.0.1", ""}, h); },
      "garden entry without a tag");
  expect_refused<std::string>(
      [&](auto h) { router->add_walled_garden({GardenLevel::ip, "", "allow", "", "10.0.0.1", "t"}, h); },
      "http action on the ip level");
  expect_refused<std::size_t>([&](auto h) { router->remove_walled_garden(GardenLevel::ip, "t\n", h); },
                              "tag with a newline");
  EXPECT_EQ(sim_count("/ip/hotspot/user"), 0u);
  EXPECT_EQ(sim_count("/ip/hotspot/user/profile"), 1u) << "only the built-in default";
}

// A router whose reply to an add carries no usable item id: the add fails as a protocol error
// that names the menu.
class BadAddReplyTest : public ClientTest {};

TEST_F(BadAddReplyTest, AnAddAnsweredWithoutAnItemIdFailsNamingTheMenu) {
  open([this](const Sentence& words) {
    if (words.at(0) == "/ip/hotspot/user/add") peer->send({"!done", ".tag=" + tag_of(words), "=ret=nonsense"});
  });
  hotspot::testing::FakeClock clock{from_unix_seconds(1717228800)};
  HotspotRouter router(io.get_executor(), session, clock, logger, HotspotRouterOptions{2s});
  std::optional<RouterResult<std::string>> result;
  router.add_user(ticket_user("x"), [&](RouterResult<std::string> r) { result = std::move(r); });
  ASSERT_TRUE(run_until(io, [&] { return result.has_value(); })) << "add hung";
  ASSERT_FALSE(result->ok());
  EXPECT_EQ(result->error().code, RouterErrc::protocol);
  EXPECT_NE(result->error().message.find("/ip/hotspot/user/add without a valid item id"), std::string::npos)
      << result->error().message;
}

}  // namespace
}  // namespace hotspot::routeros::testing

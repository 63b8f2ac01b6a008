// Active sessions: /ip/hotspot/active/login, kicks, and the clock that moves counters and logs
// sessions out at their limits as a router does (routeros.md §2.1 to §2.3); the system menus.
#include <gtest/gtest.h>

#include "routeros/sim/router_state.h"
#include "sim_test_support.h"

namespace hotspot::routeros::sim {
namespace {

using std::chrono::seconds;
using testing::attribute;
using testing::command;
using testing::kinds;
using testing::trap_message;

class ActiveTest : public ::testing::Test {
 protected:
  ActiveTest() {
    state.set_default_traffic_rate({1'000, 9'000});  // 10 kB/s in all
    run(command("/ip/hotspot/user/profile/add", {{"name", "pair"}, {"shared-users", "2"}}));
  }
  Replies run(Command c) { return state.execute(c, admin); }
  void add_user(std::string name, std::vector<Attribute> extra = {}) {
    extra.push_back({"name", std::move(name)});
    extra.push_back({"password", "pw"});
    ASSERT_EQ(kinds(run(command("/ip/hotspot/user/add", std::move(extra)))), "!done");
  }
  Replies login(std::string user, std::string mac, std::string password = "pw") {
    return run(command("/ip/hotspot/active/login", {{"user", std::move(user)}, {"password", std::move(password)},
                                                    {"mac-address", std::move(mac)}, {"ip", "10.5.50.20"}}));
  }
  Reply user(std::string name) {
    Replies r = run(command("/ip/hotspot/user/print", {}, {"?name=" + name}));
    return r.front();
  }
  std::size_t active_count() {
    return std::stoul(attribute(run(command("/ip/hotspot/active/print", {{"count-only", ""}}))[0], "ret").value());
  }

  RouterState state{testing::options_for("7.12")};
  Account admin = testing::full_account();
};

TEST_F(ActiveTest, ARebootEndsEverySessionKeepsTheUsersCountersAndNumbersAfresh) {
  add_user("a");
  ASSERT_EQ(kinds(login("a", "02:00:00:00:00:01")), "!done");
  ASSERT_EQ(kinds(login("a", "02:00:00:00:00:02")), "!trap !done") << "one device by default";
  state.advance(seconds(100));
  state.reboot();
  EXPECT_EQ(active_count(), 0u);
  EXPECT_EQ(attribute(user("a"), "uptime"), "1m40s") << "the session's time stays on the user";
  EXPECT_EQ(kinds(run(command("/ip/hotspot/host/print"))), "!done") << "hosts are forgotten";
  EXPECT_EQ(state.uptime(), seconds(0));
  ASSERT_EQ(kinds(login("a", "02:00:00:00:00:01")), "!done");
  Replies r = run(command("/ip/hotspot/active/print"));
  EXPECT_EQ(attribute(r[0], ".id"), "*1") << "numbered from *1 again";
  EXPECT_EQ(attribute(r[0], "uptime"), "0s");
}

TEST_F(ActiveTest, LoginCreatesASessionAndAHost) {
  add_user("a", {{"limit-uptime", "1h"}});
  ASSERT_EQ(kinds(login("a", "02:00:00:00:00:01")), "!done");
  Replies r = run(command("/ip/hotspot/active/print"));
  ASSERT_EQ(kinds(r), "!re !done");
  EXPECT_EQ(attribute(r[0], ".id"), "*1");
  EXPECT_EQ(attribute(r[0], "user"), "a");
  EXPECT_EQ(attribute(r[0], "address"), "10.5.50.20");
  EXPECT_EQ(attribute(r[0], "mac-address"), "02:00:00:00:00:01");
  EXPECT_EQ(attribute(r[0], "uptime"), "0s");
  EXPECT_EQ(attribute(r[0], "session-time-left"), "1h");
  EXPECT_EQ(attribute(r[0], "server"), "hs1");
  r = run(command("/ip/hotspot/host/print", {}, {"?authorized=true"}));
  EXPECT_EQ(kinds(r), "!re !done");
}

struct RefusalCase {
  std::string name;
  std::vector<Attribute> user_fields;
  std::string password;
  std::string message;
};

class LoginRefusals : public ActiveTest, public ::testing::WithParamInterface<RefusalCase> {};

TEST_P(LoginRefusals, TrapWithTheHotspotMessage) {
  add_user("a", GetParam().user_fields);
  Replies r = login("a", "02:00:00:00:00:01", GetParam().password);
  ASSERT_EQ(kinds(r), "!trap !done");
  EXPECT_EQ(trap_message(r), GetParam().message);
  EXPECT_EQ(active_count(), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Users, LoginRefusals,
    ::testing::Values(
        RefusalCase{"wrong_password", {}, "nope", "invalid username or password"},
        RefusalCase{"disabled", {{"disabled", "yes"}}, "pw", "invalid username or password"},
        RefusalCase{"other_mac", {{"mac-address", "02:00:00:00:00:99"}}, "pw",
                    "user a is not allowed to log in from this MAC address"}),
    [](const ::testing::TestParamInfo<RefusalCase>& param_info) { return param_info.param.name; });

TEST_F(ActiveTest, SharedUsersLimitsSimultaneousLogins) {
  add_user("one");
  add_user("two", {{"profile", "pair"}});
  EXPECT_EQ(kinds(login("one", "02:00:00:00:00:01")), "!done");
  EXPECT_EQ(trap_message(login("one", "02:00:00:00:00:02")), "no more sessions are allowed for user one");
  EXPECT_EQ(kinds(login("two", "02:00:00:00:00:03")), "!done");
  EXPECT_EQ(kinds(login("two", "02:00:00:00:00:04")), "!done");
  EXPECT_EQ(trap_message(login("two", "02:00:00:00:00:05")), "no more sessions are allowed for user two");
  EXPECT_EQ(trap_message(login("two", "02:00:00:00:00:04")), "already logged in");
}

TEST_F(ActiveTest, ClockMovesCountersAndLogsOutAtTheUptimeLimit) {
  add_user("a", {{"limit-uptime", "30m"}});
  ASSERT_EQ(kinds(login("a", "02:00:00:00:00:01")), "!done");
  state.advance(seconds(600));
  Replies r = run(command("/ip/hotspot/active/print"));
  EXPECT_EQ(attribute(r[0], "uptime"), "10m");
  EXPECT_EQ(attribute(r[0], "bytes-in"), "600000");
  EXPECT_EQ(attribute(r[0], "bytes-out"), "5400000");
  EXPECT_EQ(attribute(r[0], "session-time-left"), "20m");
  state.advance(seconds(3600));  // far past the limit: logged out exactly at it
  EXPECT_EQ(active_count(), 0u);
  Reply u = user("a");
  EXPECT_EQ(attribute(u, "uptime"), "30m");
  EXPECT_EQ(attribute(u, "bytes-in"), "1800000");
  EXPECT_EQ(attribute(u, "bytes-out"), "16200000");
  EXPECT_EQ(trap_message(login("a", "02:00:00:00:00:01")), "user a has reached uptime limit");
}

TEST_F(ActiveTest, ClockLogsOutAtTheByteLimit) {
  add_user("a", {{"limit-bytes-total", "95000"}});
  ASSERT_EQ(kinds(login("a", "02:00:00:00:00:01")), "!done");
  state.advance(seconds(9));
  EXPECT_EQ(active_count(), 1u);
  state.advance(seconds(1));  // 100,000 bytes after 10 s: the limit is crossed
  EXPECT_EQ(active_count(), 0u);
  Reply u = user("a");
  EXPECT_EQ(attribute(u, "uptime"), "10s");
  EXPECT_EQ(trap_message(login("a", "02:00:00:00:00:01")), "user a has reached traffic limit");
}

TEST_F(ActiveTest, PerSessionTrafficRateAndSessionTimeout) {
  run(command("/ip/hotspot/user/profile/set", {{"numbers", "default"}, {"session-timeout", "1h"}}));
  add_user("a", {{"limit-bytes-out", "1000"}});
  add_user("b");
  login("a", "02:00:00:00:00:01");
  login("b", "02:00:00:00:00:02");
  ASSERT_TRUE(state.set_traffic_rate("*1", {0, 0}).ok());  // a idle: never reaches its limit
  EXPECT_FALSE(state.set_traffic_rate("*9", {0, 0}).ok());
  state.advance(seconds(3599));
  EXPECT_EQ(active_count(), 2u);
  state.advance(seconds(1));
  EXPECT_EQ(active_count(), 0u);
  EXPECT_EQ(attribute(user("a"), "bytes-out"), "0");
}

TEST_F(ActiveTest, IdleSessionsEndAtTheProfilesIdleTimeout) {
  run(command("/ip/hotspot/user/profile/set", {{"numbers", "default"}, {"idle-timeout", "5m"}}));
  add_user("a");
  add_user("b");
  login("a", "02:00:00:00:00:01");
  login("b", "02:00:00:00:00:02");
  ASSERT_TRUE(state.set_traffic_rate("*2", {0, 0}).ok());
  state.advance(seconds(120));
  Replies r = run(command("/ip/hotspot/active/print", {{".proplist", "user,idle-time"}}));
  ASSERT_EQ(kinds(r), "!re !re !done");
  EXPECT_EQ(attribute(r[0], "idle-time"), "0s");
  EXPECT_EQ(attribute(r[1], "idle-time"), "2m");
  state.advance(seconds(180));
  r = run(command("/ip/hotspot/active/print", {{".proplist", "user"}}));
  ASSERT_EQ(kinds(r), "!re !done");
  EXPECT_EQ(attribute(r[0], "user"), "a");
  EXPECT_EQ(attribute(user("b"), "uptime"), "5m");
}

TEST_F(ActiveTest, KickLogsOutAndAccountsTheSession) {
  add_user("a");
  login("a", "02:00:00:00:00:01");
  state.advance(seconds(90));
  EXPECT_EQ(kinds(run(command("/ip/hotspot/active/remove", {{".id", "*1"}}))), "!done");
  EXPECT_EQ(active_count(), 0u);
  EXPECT_EQ(attribute(user("a"), "uptime"), "1m30s");
  EXPECT_EQ(trap_message(run(command("/ip/hotspot/active/remove", {{".id", "*1"}}))), "no such item");
  // The next session gets a new ID.
  login("a", "02:00:00:00:00:01");
  EXPECT_EQ(attribute(run(command("/ip/hotspot/active/print"))[0], ".id"), "*2");
  EXPECT_EQ(kinds(run(command("/ip/hotspot/user/reset-counters", {{"numbers", "a"}}))), "!done");
  EXPECT_EQ(attribute(user("a"), "uptime"), "0s");
}

TEST_F(ActiveTest, RemovingAUserLeavesItsSessionAsARouterDoes) {
  add_user("a");
  login("a", "02:00:00:00:00:01");
  run(command("/ip/hotspot/user/remove", {{"numbers", "a"}}));
  EXPECT_EQ(active_count(), 1u);
}

TEST(SystemMenus, ReportVersionBoardIdentityClockAndLicence) {
  RouterState state(testing::options_for("7.12"));
  Account admin = testing::full_account();
  Replies r = state.execute(command("/system/resource/print"), admin);
  ASSERT_EQ(kinds(r), "!re !done");
  EXPECT_EQ(attribute(r[0], "version"), "7.12 (stable)");
  EXPECT_EQ(attribute(r[0], "uptime"), "0s");
  state.advance(seconds(3725));
  r = state.execute(command("/system/resource/print", {{".proplist", "uptime,board-name"}}), admin);
  EXPECT_EQ(attribute(r[0], "uptime"), "1h2m5s");
  EXPECT_EQ(r[0].attributes.size(), 2u);
  r = state.execute(command("/system/clock/print"), admin);
  EXPECT_EQ(attribute(r[0], "date"), "2024-06-01");
  EXPECT_EQ(attribute(r[0], "time"), "09:02:05");
  EXPECT_EQ(kinds(state.execute(command("/system/identity/set", {{"name", "site-hs-01"}}), admin)), "!done");
  EXPECT_EQ(attribute(state.execute(command("/system/identity/print"), admin)[0], "name"), "site-hs-01");
  EXPECT_EQ(trap_message(state.execute(command("/system/identity/set", {{"name", std::string(65, 'x')}}), admin)),
            "invalid value for argument name");
  EXPECT_EQ(attribute(state.execute(command("/system/license/print"), admin)[0], "nlevel"), "4");
  EXPECT_EQ(attribute(state.execute(command("/system/routerboard/print"), admin)[0], "routerboard"), "true");
  RouterState old(testing::options_for("6.49"));
  r = old.execute(command("/system/clock/print"), admin);
  EXPECT_EQ(attribute(r[0], "date"), "jun/01/2024");
}

}  // namespace
}  // namespace hotspot::routeros::sim

// The router state on its own: add, print, set and remove with the replies and traps a router
// sends (routeros.md §1.5, §1.8, §2).
#include <gtest/gtest.h>

#include "routeros/sim/router_state.h"
#include "sim_test_support.h"

namespace hotspot::routeros::sim {
namespace {

using testing::attribute;
using testing::command;
using testing::kinds;
using testing::trap_message;

class StateTest : public ::testing::Test {
 protected:
  Replies run(Command c) { return state.execute(c, admin); }
  std::string add_user(std::string name, std::vector<Attribute> extra = {}) {
    extra.push_back({"name", std::move(name)});
    Replies r = run(command("/ip/hotspot/user/add", std::move(extra)));
    EXPECT_EQ(kinds(r), "!done") << trap_message(r);
    return attribute(r.back(), "ret").value_or("");
  }

  RouterState state{testing::options_for("7.12")};
  Account admin = testing::full_account();
};

TEST_F(StateTest, AddReturnsIncreasingHexIdsNeverReused) {
  EXPECT_EQ(add_user("a"), "*1");
  EXPECT_EQ(add_user("b"), "*2");
  EXPECT_EQ(kinds(run(command("/ip/hotspot/user/remove", {{".id", "*2"}}))), "!done");
  EXPECT_EQ(add_user("c"), "*3");
  for (int i = 0; i < 12; ++i) add_user("u" + std::to_string(i));
  EXPECT_EQ(add_user("last"), "*10");
}

TEST(ItemId, IsUpperCaseHexAfterAStarAndParsesBack) {
  EXPECT_EQ(format_item_id(0), "*0");
  EXPECT_EQ(format_item_id(31), "*1F");
  EXPECT_EQ(format_item_id(0xABCDEF), "*ABCDEF");
  EXPECT_EQ(format_item_id(~std::uint64_t{0}), "*FFFFFFFFFFFFFFFF");
  EXPECT_EQ(parse_item_id(format_item_id(0x2A47)), 0x2A47u);
}

TEST_F(StateTest, PrintShowsDefaultsAndNormalisedValues) {
  add_user("v8K2pq", {{"password", "4711"}, {"limit-uptime", "01:00:00"},
                      {"limit-bytes-total", "1073741824"}, {"disabled", "no"},
                      {"mac-address", "aa:bb:cc:dd:ee:0f"}});
  Replies r = run(command("/ip/hotspot/user/print"));
  ASSERT_EQ(kinds(r), "!re !done");
  EXPECT_EQ(attribute(r[0], ".id"), "*1");
  EXPECT_EQ(attribute(r[0], "profile"), "default");
  EXPECT_EQ(attribute(r[0], "limit-uptime"), "1h");
  EXPECT_EQ(attribute(r[0], "disabled"), "false");
  EXPECT_EQ(attribute(r[0], "mac-address"), "AA:BB:CC:DD:EE:0F");
  EXPECT_EQ(attribute(r[0], "uptime"), "0s");
  EXPECT_EQ(attribute(r[0], "bytes-in"), "0");
  EXPECT_FALSE(attribute(r[0], "comment"));  // never set: absent, not empty
}

TEST_F(StateTest, ProplistKeepsListedPropertiesInListedOrder) {
  add_user("a", {{"comment", "order-1"}});
  Replies r = run(command("/ip/hotspot/user/print", {{".proplist", "name,.id,nothing"}}));
  ASSERT_EQ(kinds(r), "!re !done");
  ASSERT_EQ(r[0].attributes.size(), 2u);
  EXPECT_EQ(r[0].attributes[0], (Attribute{"name", "a"}));
  EXPECT_EQ(r[0].attributes[1], (Attribute{".id", "*1"}));
  // A property no item has prints one empty !re per item.
  r = run(command("/ip/hotspot/user/print", {{".proplist", "nothing"}}));
  ASSERT_EQ(kinds(r), "!re !done");
  EXPECT_TRUE(r[0].attributes.empty());
}

struct PrintCase {
  std::vector<std::string> queries;
  std::vector<std::string> names;
};

class PrintQueries : public StateTest, public ::testing::WithParamInterface<PrintCase> {};

TEST_P(PrintQueries, SelectItems) {
  add_user("a", {{"comment", "appliance"}, {"limit-bytes-total", "100"}});
  add_user("b", {{"limit-bytes-total", "5000"}});
  add_user("c", {{"comment", "manual"}, {"disabled", "yes"}});
  Replies r = run(command("/ip/hotspot/user/print", {{".proplist", "name"}}, GetParam().queries));
  std::vector<std::string> names;
  for (const Reply& reply : r) {
    if (reply.kind == ReplyKind::re) names.push_back(attribute(reply, "name").value_or("?"));
  }
  EXPECT_EQ(names, GetParam().names);
}

INSTANTIATE_TEST_SUITE_P(
    Users, PrintQueries,
    ::testing::Values(PrintCase{{}, {"a", "b", "c"}}, PrintCase{{"?name=b"}, {"b"}},
                      PrintCase{{"?name=a", "?name=c", "?#|"}, {"a", "c"}},
                      PrintCase{{"?>comment="}, {"a", "c"}},
                      PrintCase{{"?limit-bytes-total"}, {"a", "b"}},
                      PrintCase{{"?-limit-bytes-total"}, {"c"}},
                      PrintCase{{"?>limit-bytes-total=200"}, {"b"}},
                      PrintCase{{"?comment=manual", "?disabled=true", "?#&!"}, {"a", "b"}},
                      PrintCase{{"?.id=*2"}, {"b"}}, PrintCase{{"?name=zzz"}, {}}));

TEST_F(StateTest, CountOnlyReturnsTheCountOnDone) {
  add_user("a");
  add_user("b", {{"comment", "x"}});
  Replies r = run(command("/ip/hotspot/user/print", {{"count-only", ""}}));
  ASSERT_EQ(kinds(r), "!done");
  EXPECT_EQ(attribute(r[0], "ret"), "2");
  r = run(command("/ip/hotspot/user/print", {{"count-only", ""}}, {"?comment=x"}));
  EXPECT_EQ(attribute(r[0], "ret"), "1");
}

TEST_F(StateTest, SetByIdNumbersOrName) {
  add_user("a");
  add_user("b");
  run(command("/ip/hotspot/user/profile/add", {{"name", "plan-5m"}, {"rate-limit", "1M/5M"}}));
  EXPECT_EQ(kinds(run(command("/ip/hotspot/user/set", {{".id", "*1"}, {"comment", "x"}}))), "!done");
  EXPECT_EQ(kinds(run(command("/ip/hotspot/user/set", {{"numbers", "*2"}, {"profile", "plan-5m"}}))), "!done");
  EXPECT_EQ(kinds(run(command("/ip/hotspot/user/set", {{"numbers", "a,b"}, {"disabled", "yes"}}))), "!done");
  Replies r = run(command("/ip/hotspot/user/print", {{".proplist", "comment,profile,disabled"}}));
  ASSERT_EQ(kinds(r), "!re !re !done");
  EXPECT_EQ(attribute(r[0], "comment"), "x");
  EXPECT_EQ(attribute(r[1], "profile"), "plan-5m");
  EXPECT_EQ(attribute(r[0], "disabled"), "true");
  EXPECT_EQ(attribute(r[1], "disabled"), "true");
}

struct TrapCase {
  std::string name;
  Command command;
  std::string message;
  std::optional<std::string> category;
};

class Traps : public StateTest, public ::testing::WithParamInterface<TrapCase> {};

TEST_P(Traps, AnswerWithTheRoutersMessageThenDone) {
  add_user("taken");
  Replies r = run(GetParam().command);
  ASSERT_EQ(kinds(r), "!trap !done");
  EXPECT_EQ(attribute(r[0], "message"), GetParam().message);
  EXPECT_EQ(attribute(r[0], "category"), GetParam().category);
}

INSTANTIATE_TEST_SUITE_P(
    Commands, Traps,
    ::testing::Values(
        TrapCase{"duplicate_user", command("/ip/hotspot/user/add", {{"name", "taken"}}),
                 "failure: already have user with this name", std::nullopt},
        TrapCase{"duplicate_profile", command("/ip/hotspot/user/profile/add", {{"name", "default"}}),
                 "failure: already have profile with this name", std::nullopt},
        TrapCase{"remove_missing", command("/ip/hotspot/user/remove", {{".id", "*9"}}), "no such item",
                 std::nullopt},
        TrapCase{"set_missing_name", command("/ip/hotspot/user/set", {{"numbers", "nobody"}, {"comment", "x"}}),
                 "no such item", std::nullopt},
        TrapCase{"unknown_verb", command("/ip/hotspot/user/frobnicate"),
                 "no such command or directory (frobnicate)", "0"},
        TrapCase{"unknown_menu", command("/ip/nothing/print"), "no such command prefix", "0"},
        TrapCase{"active_add", command("/ip/hotspot/active/add", {{"user", "taken"}}),
                 "no such command or directory (add)", "0"},
        TrapCase{"unknown_parameter", command("/ip/hotspot/user/add", {{"name", "n"}, {"colour", "red"}}),
                 "unknown parameter", std::nullopt},
        TrapCase{"read_only_field", command("/ip/hotspot/user/set", {{".id", "*1"}, {"bytes-in", "5"}}),
                 "unknown parameter", std::nullopt},
        TrapCase{"bad_duration", command("/ip/hotspot/user/add", {{"name", "n"}, {"limit-uptime", "soon"}}),
                 "invalid value for argument limit-uptime", "1"},
        TrapCase{"bad_mac", command("/ip/hotspot/user/add", {{"name", "n"}, {"mac-address", "nope"}}),
                 "invalid value for argument mac-address", "1"},
        TrapCase{"unknown_profile", command("/ip/hotspot/user/add", {{"name", "n"}, {"profile", "gold"}}),
                 "input does not match any value of profile", "1"},
        TrapCase{"no_name", command("/ip/hotspot/user/add", {{"password", "p"}}),
                 "missing value(s) of argument(s) name", std::nullopt},
        TrapCase{"print_argument", command("/ip/hotspot/user/print", {{"where", "x"}}), "unknown parameter",
                 std::nullopt}),
    [](const ::testing::TestParamInfo<TrapCase>& param_info) { return param_info.param.name; });

TEST_F(StateTest, AccountWithoutWritePolicyMayOnlyRead) {
  Account reader = testing::read_only_account();
  Replies r = state.execute(command("/ip/hotspot/user/add", {{"name", "x"}}), reader);
  ASSERT_EQ(kinds(r), "!trap !done");
  EXPECT_EQ(trap_message(r), "not enough permissions (9)");
  EXPECT_EQ(kinds(state.execute(command("/ip/hotspot/user/print"), reader)), "!done");
  EXPECT_EQ(trap_message(state.execute(command("/system/identity/set", {{"name", "x"}}), reader)),
            "not enough permissions (9)");
}

struct EmptyCase {
  std::string version;
  std::string shape;
};

class EmptyByVersion : public ::testing::TestWithParam<EmptyCase> {};

TEST_P(EmptyByVersion, EmptyPrintStartsWithEmptyFrom718) {
  RouterState state(testing::options_for(GetParam().version));
  Replies r = state.execute(command("/ip/hotspot/user/print", {}, {"?name=nobody"}), testing::full_account());
  EXPECT_EQ(kinds(r), GetParam().shape);
  // A print with data and a count-only print never carry !empty.
  r = state.execute(command("/ip/hotspot/user/profile/print"), testing::full_account());
  EXPECT_EQ(kinds(r), "!re !done");
  r = state.execute(command("/ip/hotspot/user/print", {{"count-only", ""}}), testing::full_account());
  EXPECT_EQ(kinds(r), "!done");
}

INSTANTIATE_TEST_SUITE_P(Versions, EmptyByVersion,
                         ::testing::Values(EmptyCase{"6.42", "!done"}, EmptyCase{"6.49.10", "!done"},
                                           EmptyCase{"7.12", "!done"}, EmptyCase{"7.17.2", "!done"},
                                           EmptyCase{"7.18", "!empty !done"},
                                           EmptyCase{"7.19.1", "!empty !done"}));

TEST_F(StateTest, DefaultProfileIsStarZeroAndCannotBeRemoved) {
  Replies r = run(command("/ip/hotspot/user/profile/print", {{".proplist", ".id,name,shared-users"}}));
  ASSERT_EQ(kinds(r), "!re !done");
  EXPECT_EQ(attribute(r[0], ".id"), "*0");
  EXPECT_EQ(attribute(r[0], "shared-users"), "1");
  EXPECT_EQ(trap_message(run(command("/ip/hotspot/user/profile/remove", {{"numbers", "default"}}))),
            "failure: cannot remove default profile");
}

TEST_F(StateTest, WalledGardenAndHostMenus) {
  Replies r = run(command("/ip/hotspot/walled-garden/ip/add",
                          {{"dst-address", "10.5.50.2"}, {"action", "accept"}, {"comment", "portal"}}));
  EXPECT_EQ(attribute(r[0], "ret"), "*1");
  r = run(command("/ip/hotspot/walled-garden/add", {{"dst-host", "portal.example.lan"}, {"comment", "portal"}}));
  EXPECT_EQ(attribute(r[0], "ret"), "*1");
  r = run(command("/ip/hotspot/walled-garden/print"));
  EXPECT_EQ(attribute(r[0], "action"), "allow");
  std::string host = state.add_host("02:00:00:00:00:10", "10.5.50.20");
  r = run(command("/ip/hotspot/host/print", {}, {"?mac-address=02:00:00:00:00:10"}));
  ASSERT_EQ(kinds(r), "!re !done");
  EXPECT_EQ(attribute(r[0], ".id"), host);
  EXPECT_EQ(attribute(r[0], "authorized"), "false");
}

}  // namespace
}  // namespace hotspot::routeros::sim

namespace hotspot::routeros::sim {
namespace {

// A router holding 10,000 users (the reconciliation figure of the issue): lookups by name and
// by ID come from the index, renames keep it right, removed names are free again.
TEST(StateScale, TenThousandUsersByNameAndId) {
  RouterState state(testing::options_for("7.12"));
  Account admin = testing::full_account();
  for (int i = 0; i < 10'000; ++i) {
    Replies r = state.execute(command("/ip/hotspot/user/add", {{"name", "u" + std::to_string(i)}}), admin);
    ASSERT_EQ(kinds(r), "!done") << i;
  }
  for (int i = 0; i < 10'000; i += 97) {
    Replies r = state.execute(command("/ip/hotspot/user/print", {{".proplist", ".id"}}, {"?name=u" + std::to_string(i)}), admin);
    ASSERT_EQ(kinds(r), "!re !done");
    EXPECT_EQ(attribute(r[0], ".id"), format_item_id(static_cast<std::uint64_t>(i + 1)));
  }
  state.execute(command("/ip/hotspot/user/set", {{"numbers", "u5"}, {"name", "renamed"}}), admin);
  EXPECT_EQ(kinds(state.execute(command("/ip/hotspot/user/print", {}, {"?name=u5"}), admin)), "!done");
  EXPECT_EQ(kinds(state.execute(command("/ip/hotspot/user/print", {}, {"?name=renamed", "?.id=*6"}), admin)),
            "!re !done");
  EXPECT_EQ(kinds(state.execute(command("/ip/hotspot/user/add", {{"name", "u5"}}), admin)), "!done");
  state.execute(command("/ip/hotspot/user/remove", {{"numbers", "u7"}}), admin);
  EXPECT_EQ(kinds(state.execute(command("/ip/hotspot/user/add", {{"name", "u7"}}), admin)), "!done");
  Replies r = state.execute(command("/ip/hotspot/user/print", {{"count-only", ""}}), admin);
  EXPECT_EQ(attribute(r[0], "ret"), "10001");
}

}  // namespace
}  // namespace hotspot::routeros::sim

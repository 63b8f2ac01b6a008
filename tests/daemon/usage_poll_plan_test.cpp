// One poll of the router's live sessions against the sessions the books hold open (pure).

#include <gtest/gtest.h>

#include "daemon/usage_poll_plan.h"

namespace hotspot::daemon {
namespace {

routeros::ActiveSession live(std::string id, std::string user, std::string mac, long uptime,
                             std::uint64_t in = 0, std::uint64_t out = 0) {
  routeros::ActiveSession s;
  s.id = std::move(id);
  s.user = std::move(user);
  s.mac_address = std::move(mac);
  s.address = "10.5.50.7";
  s.uptime = Seconds(uptime);
  s.bytes_in = in;
  s.bytes_out = out;
  return s;
}

storage::Session open(std::int64_t id, std::int64_t ticket, std::string router_id, std::string mac,
                      std::int64_t uptime) {
  storage::Session s;
  s.id = id;
  s.ticket_id = ticket;
  s.router_session_id = std::move(router_id);
  s.mac = std::move(mac);
  s.uptime_s = uptime;
  return s;
}

const std::map<std::string, std::int64_t> kTickets{{"AAAAAAAA", 1}, {"BBBBBBBB", 2}};
const std::string kMac1 = "AA:BB:CC:00:00:01";
const std::string kMac2 = "AA:BB:CC:00:00:02";

TEST(UsagePollPlan, LiveSessionsOfOurTicketsAreReportedWithTheirCounters) {
  auto poll = plan_usage_poll({live("*1", "AAAAAAAA", kMac1, 60, 100, 2000),
                               live("*2", "provider-own-user", kMac2, 60)},
                              {}, kTickets);
  ASSERT_EQ(poll.live.size(), 1u) << "a user that is not our ticket is none of our business";
  EXPECT_EQ(poll.live[0].ticket_id, 1);
  EXPECT_EQ(poll.live[0].router_session_id, "*1");
  EXPECT_EQ(poll.live[0].uptime_s, 60);
  EXPECT_EQ(poll.live[0].bytes_in, 100);
  EXPECT_EQ(poll.live[0].bytes_out, 2000);
  EXPECT_TRUE(poll.ended.empty());
}

TEST(UsagePollPlan, SessionsGoneFromTheRouterEnd) {
  auto poll = plan_usage_poll({live("*1", "AAAAAAAA", kMac1, 90)},
                              {open(10, 1, "*1", kMac1, 60), open(11, 2, "*2", kMac2, 60)}, kTickets);
  ASSERT_EQ(poll.ended.size(), 1u);
  EXPECT_EQ(poll.ended[0].session_id, 11);
  EXPECT_EQ(poll.live.size(), 1u);
}

TEST(UsagePollPlan, AReusedRouterIdAfterARebootIsANewSession) {
  // Same id, but the uptime went backwards: the router rebooted and numbered afresh.
  auto backwards = plan_usage_poll({live("*1", "AAAAAAAA", kMac1, 5)}, {open(10, 1, "*1", kMac1, 3000)},
                                   kTickets);
  ASSERT_EQ(backwards.ended.size(), 1u);
  EXPECT_EQ(backwards.ended[0].session_id, 10);
  ASSERT_EQ(backwards.live.size(), 1u);
  // Same id, another ticket or device.
  auto other_ticket = plan_usage_poll({live("*1", "BBBBBBBB", kMac1, 500)},
                                      {open(10, 1, "*1", kMac1, 60)}, kTickets);
  EXPECT_EQ(other_ticket.ended.size(), 1u);
  auto other_mac = plan_usage_poll({live("*1", "AAAAAAAA", kMac2, 500)},
                                   {open(10, 1, "*1", kMac1, 60)}, kTickets);
  EXPECT_EQ(other_mac.ended.size(), 1u);
}

TEST(UsagePollPlan, AnEmptyRouterEndsEveryOpenSession) {
  auto poll = plan_usage_poll({}, {open(10, 1, "*1", kMac1, 60), open(11, 2, "*2", kMac2, 60)}, kTickets);
  EXPECT_EQ(poll.ended.size(), 2u);
  EXPECT_TRUE(poll.live.empty());
}

}  // namespace
}  // namespace hotspot::daemon

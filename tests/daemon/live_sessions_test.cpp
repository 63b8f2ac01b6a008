// The router's live sessions as the portal's workers see them: the last poll, logins made since,
// and sessions ended since.
#include "daemon/live_sessions.h"

#include <gtest/gtest.h>

namespace hotspot::daemon {
namespace {

routeros::ActiveSession session(std::string id, std::string user, std::string mac, std::string ip) {
  routeros::ActiveSession s;
  s.id = std::move(id);
  s.user = std::move(user);
  s.mac_address = std::move(mac);
  s.address = std::move(ip);
  return s;
}

TEST(LiveSessions, FindsThePollsSessionsByIpMacAndUser) {
  LiveSessions live;
  live.replace({session("*1", "AAAAAAAA", "02:00:00:00:00:01", "10.5.50.1"),
                session("*2", "AAAAAAAA", "02:00:00:00:00:02", "10.5.50.2"),
                session("*3", "BBBBBBBB", "02:00:00:00:00:03", "10.5.50.3")});
  EXPECT_EQ(live.by_ip("10.5.50.2")->id, "*2");
  EXPECT_EQ(live.by_mac("02:00:00:00:00:03")->user, "BBBBBBBB");
  EXPECT_EQ(live.of_user("AAAAAAAA").size(), 2u);
  EXPECT_FALSE(live.by_ip("10.5.50.9"));
  EXPECT_TRUE(live.of_user("CCCCCCCC").empty());
}

TEST(LiveSessions, ALoginCountsBeforeThePollSeesItAndOnce) {
  LiveSessions live;
  live.replace({session("*1", "AAAAAAAA", "02:00:00:00:00:01", "10.5.50.1")});
  live.note_login("AAAAAAAA", "02:00:00:00:00:02", "10.5.50.2");
  EXPECT_EQ(live.of_user("AAAAAAAA").size(), 2u);
  EXPECT_EQ(live.by_ip("10.5.50.2")->user, "AAAAAAAA");
  // A poll sent before the login does not list it yet: the login stays.
  live.replace({session("*1", "AAAAAAAA", "02:00:00:00:00:01", "10.5.50.1")});
  EXPECT_EQ(live.of_user("AAAAAAAA").size(), 2u);
  // The next one does: counted once, with the router's id.
  live.replace({session("*1", "AAAAAAAA", "02:00:00:00:00:01", "10.5.50.1"),
                session("*2", "AAAAAAAA", "02:00:00:00:00:02", "10.5.50.2")});
  EXPECT_EQ(live.of_user("AAAAAAAA").size(), 2u);
  EXPECT_EQ(live.by_mac("02:00:00:00:00:02")->id, "*2");
  // A phone that logs in again on another ticket is that ticket's only.
  live.note_login("BBBBBBBB", "02:00:00:00:00:02", "10.5.50.2");
  EXPECT_EQ(live.of_user("AAAAAAAA").size(), 1u);
  EXPECT_EQ(live.of_user("BBBBBBBB").size(), 1u);
}

TEST(LiveSessions, ASessionEndedByTheApplianceIsGoneBeforeThePollSaysSo) {
  LiveSessions live;
  live.replace({session("*1", "AAAAAAAA", "02:00:00:00:00:01", "10.5.50.1")});
  live.forget("02:00:00:00:00:01");
  EXPECT_FALSE(live.by_ip("10.5.50.1"));
  EXPECT_FALSE(live.by_mac("02:00:00:00:00:01"));
  EXPECT_TRUE(live.of_user("AAAAAAAA").empty());
  live.note_login("AAAAAAAA", "02:00:00:00:00:01", "10.5.50.1");
  EXPECT_TRUE(live.by_mac("02:00:00:00:00:01")) << "logged in again";
}

}  // namespace
}  // namespace hotspot::daemon

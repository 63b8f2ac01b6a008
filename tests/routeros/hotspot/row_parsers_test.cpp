// A router's reply is input like any other: malformed values are clear errors.
#include <gtest/gtest.h>

#include "routeros/hotspot/row_parsers.h"

namespace hotspot::routeros {
namespace {

Row user_row(std::string id, std::string bytes_in = "0", std::string uptime = "1h2m3s") {
  return {{".id", std::move(id)}, {"name", "u1"}, {"password", "p"}, {"profile", "default"},
          {"limit-uptime", "1h"}, {"limit-bytes-total", "1000"}, {"comment", "hotspot-edge"},
          {"disabled", "false"}, {"uptime", std::move(uptime)}, {"bytes-in", std::move(bytes_in)},
          {"bytes-out", "7"}};
}

TEST(RowParsers, AUserRow) {
  auto u = parse_user_row(user_row("*1f", "42"));
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->record.id, "*1F");
  EXPECT_EQ(u->record.limit_uptime_s, 3600);
  EXPECT_EQ(u->record.limit_bytes_total, 1000u);
  EXPECT_EQ(u->uptime, Seconds(3723));
  EXPECT_EQ(u->bytes_in, 42u);
  EXPECT_EQ(u->bytes_out, 7u);
}

TEST(RowParsers, MalformedValuesAreProtocolErrors) {
  for (const Row& row : {user_row("1F"), user_row("*XYZ"), user_row(""), user_row("*1", "12a"),
                         user_row("*1", "-1"), user_row("*1", "99999999999999999999999"),
                         user_row("*1", "0", "forever")}) {
    auto u = parse_user_row(row);
    ASSERT_FALSE(u.ok());
    EXPECT_EQ(u.error().code, RouterErrc::protocol);
    EXPECT_NE(u.error().message.find("/ip/hotspot/user"), std::string::npos) << u.error().message;
  }
  EXPECT_FALSE(parse_user_row({{".id", "*1"}}).ok()) << "a user without a name";
  EXPECT_FALSE(parse_active_row({{".id", "*1"}, {"user", "u"}, {"bytes-out", "x"}}).ok());
  EXPECT_FALSE(parse_profile_row({{".id", "*1"}, {"name", "p"}, {"idle-timeout", "soon"}}).ok());
  EXPECT_FALSE(parse_resource_row({{"version", "7.18"}, {"free-memory", "lots"}}).ok());
  EXPECT_FALSE(parse_host_row({{".id", "*1"}, {"authorized", "perhaps"}}).ok());
}

TEST(RowParsers, ProfileTimeoutsAndSharedUsers) {
  auto p = parse_profile_row({{".id", "*2"}, {"name", "plan"}, {"shared-users", "unlimited"},
                              {"idle-timeout", "none"}, {"keepalive-timeout", "2m"},
                              {"session-timeout", "0s"}, {"add-mac-cookie", "yes"}});
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->spec.shared_users, 0u);
  EXPECT_FALSE(p->spec.idle_timeout.has_value());
  EXPECT_EQ(p->spec.keepalive_timeout, Seconds(120));
  EXPECT_FALSE(p->spec.session_timeout.has_value());
  EXPECT_TRUE(p->spec.add_mac_cookie);
}

TEST(RowParsers, ClockInBothDateFormsWithItsOffset) {
  const WallTime appliance = from_unix_seconds(1689336000);  // 2023-07-14 12:00:00 UTC
  auto v7 = parse_clock_row({{"date", "2023-07-14"}, {"time", "15:00:30"}, {"gmt-offset", "+03:00"}}, appliance);
  ASSERT_TRUE(v7.ok()) << v7.error().message;
  EXPECT_EQ(v7->gmt_offset, std::chrono::hours(3));
  EXPECT_EQ(v7->offset_from_appliance, std::chrono::seconds(30));
  auto v6 = parse_clock_row({{"date", "jul/14/2023"}, {"time", "11:59:00"}, {"gmt-offset", "+00:00"}}, appliance);
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  EXPECT_EQ(v6->offset_from_appliance, std::chrono::seconds(-60));
  EXPECT_FALSE(parse_clock_row({{"date", "14/07/2023"}, {"time", "12:00:00"}}, appliance).ok());
  EXPECT_FALSE(parse_clock_row({{"date", "2023-07-14"}, {"time", "12:00:00"}, {"gmt-offset", "EAT"}}, appliance).ok());
  EXPECT_FALSE(parse_clock_row({{"time", "12:00:00"}}, appliance).ok());
}

TEST(RowParsers, LicenceLevels) {
  auto board = parse_licence_row({{"software-id", "1A2B-3C4D"}, {"nlevel", "5"}});
  ASSERT_TRUE(board.ok());
  EXPECT_EQ(board->capacity.active_users, 500u);
  auto chr = parse_licence_row({{"level", "p1"}});
  ASSERT_TRUE(chr.ok());
  EXPECT_EQ(chr->capacity.kind, LicenceCapacity::Kind::unknown);
  EXPECT_FALSE(parse_licence_row({{"software-id", "x"}}).ok());
  EXPECT_EQ(licence_capacity("4").active_users, 200u);
  EXPECT_TRUE(licence_capacity("4").confirmed);
  EXPECT_EQ(licence_capacity("6").kind, LicenceCapacity::Kind::unlimited);
  EXPECT_EQ(licence_capacity("3").active_users, 1u);
  EXPECT_FALSE(licence_capacity("3").confirmed);
  EXPECT_EQ(licence_capacity("9").kind, LicenceCapacity::Kind::unknown);
}

}  // namespace
}  // namespace hotspot::routeros

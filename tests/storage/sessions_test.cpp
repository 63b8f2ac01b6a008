// Router sessions in the books: opened and closed once, counters refreshed while open, every
// field from the router validated before it is stored.

#include "store_fixture.h"

namespace hotspot::storage::testing {
namespace {

class SessionsTest : public StoreTest {
 protected:
  void SetUp() override {
    Plan plan = add_plan("Daily", 100);
    ticket_ = must(store().sales().sell(plan.id, SaleChannel::cash, std::nullopt, "portal")).ticket;
  }
  Session open_one(std::string router_id = "*1A") {
    return must(store().sessions().open(ticket_.id, "aa-bb-cc-dd-ee-0f", "10.5.50.23",
                                        std::move(router_id), "router"),
                "open session");
  }

  Ticket ticket_;
};

TEST_F(SessionsTest, OpenNormalisesAndIsListed) {
  Session s = open_one();
  EXPECT_GT(s.id, 0);
  EXPECT_EQ(s.mac, "AA:BB:CC:DD:EE:0F");
  EXPECT_EQ(s.ip, "10.5.50.23");
  EXPECT_EQ(s.router_session_id, "*1A");
  EXPECT_TRUE(s.is_open());
  EXPECT_EQ(s.started_at, 1'767'225'600);
  auto open = must(store().sessions().list_open());
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, s.id);
  EXPECT_EQ(must(store().sessions().for_ticket(ticket_.id)).size(), 1u);
  EXPECT_TRUE(must(store().sessions().for_ticket(ticket_.id + 100)).empty());
  EXPECT_EQ(must(store().audit().recent(1))[0].action, "session.opened");
}

TEST_F(SessionsTest, BadFieldsFromTheRouterAreRefused) {
  struct Case {
    const char* starts;
    std::string mac;
    std::string ip;
    std::optional<std::string> router_id;
  };
  const Case cases[] = {
      {"mac:", "AA:BB:CC:DD:EE", "10.0.0.1", "*1"},
      {"mac:", "AA:BB:CC:DD:EE:GG", "10.0.0.1", "*1"},
      {"mac:", "AA:BB:CC:DD:EE:FF\n", "10.0.0.1", "*1"},
      {"mac:", "AABB.CCDD.EEFF.00", "10.0.0.1", "*1"},
      {"ip:", "AA:BB:CC:DD:EE:FF", "10.0.0.256", "*1"},
      {"ip:", "AA:BB:CC:DD:EE:FF", "10.0.0.1;reboot", "*1"},
      {"ip:", "AA:BB:CC:DD:EE:FF", "", "*1"},
      {"router_session_id:", "AA:BB:CC:DD:EE:FF", "10.0.0.1", "*1 =name=x"},
      {"router_session_id:", "AA:BB:CC:DD:EE:FF", "10.0.0.1", ""},
  };
  for (const Case& c : cases) {
    auto opened = store().sessions().open(ticket_.id, c.mac, c.ip, c.router_id, "router");
    ASSERT_FALSE(opened) << c.starts << " " << c.mac << " " << c.ip;
    EXPECT_EQ(opened.error().code, Errc::invalid_argument);
    EXPECT_EQ(opened.error().message.rfind(c.starts, 0), 0u) << opened.error().message;
  }
  auto unknown =
      store().sessions().open(9999, "AA:BB:CC:DD:EE:FF", "10.0.0.1", std::nullopt, "router");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::not_found);
  EXPECT_TRUE(must(store().sessions().list_open()).empty());
  // IPv6 and no router id are fine.
  EXPECT_TRUE(
      store().sessions().open(ticket_.id, "AA:BB:CC:DD:EE:FF", "fe80::1", std::nullopt, "router"));
}

TEST_F(SessionsTest, ARouterSessionIsOpenOnlyOnce) {
  Session s = open_one("*2B");
  auto twice =
      store().sessions().open(ticket_.id, "AA:BB:CC:DD:EE:01", "10.5.50.24", "*2B", "router");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, Errc::conflict);
  must(store().sessions().close(s.id, "user request", "router"));
  // RouterOS reuses ids (after a reboot): a closed one does not block a new session.
  EXPECT_TRUE(
      store().sessions().open(ticket_.id, "AA:BB:CC:DD:EE:01", "10.5.50.24", "*2B", "router"));
}

TEST_F(SessionsTest, CountersAreRefreshedWithoutAuditing) {
  Session s = open_one();
  const std::int64_t audit_before = counts().audit_entries;
  must(store().sessions().update_counters(s.id, 60, 1'000'000, 50'000));
  must(store().sessions().update_counters(s.id, 120, 3'000'000, 90'000));
  Session now = must(store().sessions().find(s.id));
  EXPECT_EQ(now.uptime_s, 120);
  EXPECT_EQ(now.bytes_in, 3'000'000);
  EXPECT_EQ(now.bytes_out, 90'000);
  EXPECT_EQ(counts().audit_entries, audit_before);

  auto negative = store().sessions().update_counters(s.id, -1, 0, 0);
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().code, Errc::invalid_argument);
  auto missing = store().sessions().update_counters(s.id + 50, 1, 1, 1);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
}

TEST_F(SessionsTest, CloseEndsTheSessionOnce) {
  Session s = open_one();
  must(store().sessions().update_counters(s.id, 300, 10, 20));
  clock_.advance(std::chrono::minutes(5));
  Session closed = must(store().sessions().close(s.id, "session timeout", "router"));
  EXPECT_FALSE(closed.is_open());
  EXPECT_EQ(closed.ended_at, s.started_at + 300);
  EXPECT_EQ(closed.end_cause, "session timeout");
  EXPECT_EQ(closed.uptime_s, 300);
  EXPECT_TRUE(must(store().sessions().list_open()).empty());
  EXPECT_EQ(must(store().sessions().for_ticket(ticket_.id)).size(), 1u);
  EXPECT_EQ(must(store().audit().recent(1))[0].action, "session.closed");

  const std::string before = table_text(db_path(), "sessions");
  const std::int64_t audit_before = counts().audit_entries;
  auto again = store().sessions().close(s.id, "kicked", "dashboard:owner");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::conflict);
  auto late = store().sessions().update_counters(s.id, 400, 11, 21);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, Errc::conflict);
  EXPECT_EQ(table_text(db_path(), "sessions"), before);
  EXPECT_EQ(counts().audit_entries, audit_before);

  for (const char* cause : {"", "line\nbreak"}) {
    auto bad = store().sessions().close(s.id, cause, "router");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message.rfind("cause:", 0), 0u);
  }
  auto missing = store().sessions().close(777, "kicked", "router");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
}

TEST_F(SessionsTest, AnOpenSessionIsFoundByItsRouterId) {
  EXPECT_FALSE(must(store().sessions().find_open_by_router_id("*1A")));
  Session s = open_one("*1A");
  open_one("*1B");
  auto found = must(store().sessions().find_open_by_router_id("*1A"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, s.id);
  EXPECT_EQ(found->mac, "AA:BB:CC:DD:EE:0F");
  must(store().sessions().close(s.id, "user request", "router"));
  EXPECT_FALSE(must(store().sessions().find_open_by_router_id("*1A")));
  // The router reuses the id for a new login: that one is found, not the closed one.
  Session reused = open_one("*1A");
  EXPECT_EQ(must(store().sessions().find_open_by_router_id("*1A"))->id, reused.id);
  for (const char* bad : {"", "*1 =name=x", "*1\n"}) {
    auto refused = store().sessions().find_open_by_router_id(bad);
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().code, Errc::invalid_argument);
  }
}

TEST_F(SessionsTest, ADevicesRecentSessionsComeNewestFirst) {
  Session first = open_one("*1");
  must(store().sessions().close(first.id, "user request", "router"));
  clock_.advance(std::chrono::minutes(10));
  Session second = open_one("*2");
  must(store().sessions().open(ticket_.id, "AA:BB:CC:DD:EE:10", "10.5.50.30", "*3", "router"));
  for (const char* mac : {"AA:BB:CC:DD:EE:0F", "aa:bb:cc:dd:ee:0f", "aa-bb-cc-dd-ee-0f"}) {
    auto recent = must(store().sessions().recent_for_mac(mac, 10));
    ASSERT_EQ(recent.size(), 2u) << mac;
    EXPECT_EQ(recent[0].id, second.id);
    EXPECT_TRUE(recent[0].is_open());
    EXPECT_EQ(recent[1].id, first.id);
    EXPECT_FALSE(recent[1].is_open());
  }
  auto one = must(store().sessions().recent_for_mac("AA:BB:CC:DD:EE:0F", 1));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].id, second.id);
  EXPECT_TRUE(must(store().sessions().recent_for_mac("AA:BB:CC:DD:EE:11", 10)).empty());

  auto bad_mac = store().sessions().recent_for_mac("AA:BB:CC:DD:EE", 10);
  ASSERT_FALSE(bad_mac);
  EXPECT_EQ(bad_mac.error().message.rfind("mac:", 0), 0u);
  for (int limit : {0, -1, 1001}) {
    auto bad_limit = store().sessions().recent_for_mac("AA:BB:CC:DD:EE:0F", limit);
    ASSERT_FALSE(bad_limit) << limit;
    EXPECT_EQ(bad_limit.error().message.rfind("limit:", 0), 0u);
  }
}

TEST(MacTest, NormalisesSeparatorsAndCase) {
  EXPECT_EQ(must(normalize_mac("00:1a:2B:3c:4D:5e")), "00:1A:2B:3C:4D:5E");
  EXPECT_EQ(must(normalize_mac("00-1A-2B-3C-4D-5E")), "00:1A:2B:3C:4D:5E");
  EXPECT_FALSE(normalize_mac("00:1A:2B:3C:4D:5E:6F"));
  EXPECT_FALSE(normalize_mac("001A2B3C4D5E"));
  EXPECT_FALSE(normalize_mac(std::string("00:1A:2B:3C:4D:5\0", 17)));
}

}  // namespace
}  // namespace hotspot::storage::testing

// Every facade call against the RouterOS simulator over loopback.
#include "tests/routeros/hotspot/router_fixture.h"

namespace hotspot::routeros::testing {
namespace {

using Users = std::vector<HotspotUser>;

class HotspotRouterTest : public RouterFixture {
 protected:
  std::string add(const UserRecord& user) {
    auto id = await<std::string>([&](auto h) { router->add_user(user, h); });
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? id.value() : std::string();
  }
  Users users(UserColumns columns = UserColumns::with_counters) {
    auto listed = await<Users>([&](auto h) { router->list_users(columns, h); });
    EXPECT_TRUE(listed.ok()) << listed.error().message;
    return listed.ok() ? listed.value() : Users{};
  }
  RouterResult<void> log_in(const std::string& user, const std::string& mac, const std::string& ip) {
    return await<void>([&](auto h) { router->login({user, "pw-" + user, mac, ip}, h); });
  }
  std::vector<ActiveSession> active() {
    auto listed = await<std::vector<ActiveSession>>([&](auto h) { router->list_active(h); });
    EXPECT_TRUE(listed.ok()) << listed.error().message;
    return listed.ok() ? listed.value() : std::vector<ActiveSession>{};
  }
};

TEST_F(HotspotRouterTest, AddListSetAndRemoveUsers) {
  const UserRecord wanted = ticket_user("v8K2pq");
  const std::string id = add(wanted);
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(id.front(), '*');

  Users listed = users();
  ASSERT_EQ(listed.size(), 1u);
  UserRecord expected = wanted;
  expected.id = id;
  EXPECT_EQ(listed[0].record, expected);
  EXPECT_EQ(listed[0].uptime, Seconds(0));

  UserChanges changes;
  changes.comment = owner_comment("ticket=changed");
  changes.disabled = true;
  ASSERT_TRUE(await<void>([&](auto h) { router->set_user(id, changes, h); }).ok());
  listed = users();
  ASSERT_EQ(listed.size(), 1u);
  expected.comment = *changes.comment;
  expected.disabled = true;
  EXPECT_EQ(listed[0].record, expected) << "only the given fields change";

  auto removed = await<void>([&](auto h) { router->remove_user(id, wanted.name, h); });
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_TRUE(users().empty());
}

TEST_F(HotspotRouterTest, DuplicateNameIsTheRoutersTrap) {
  add(ticket_user("alice"));
  auto again = await<std::string>([&](auto h) { router->add_user(ticket_user("alice"), h); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, RouterErrc::trap);
  ASSERT_FALSE(again.error().traps.empty());
  EXPECT_NE(again.error().traps[0].message.find("already have user"), std::string::npos);
}

TEST_F(HotspotRouterTest, LoginCountersAndKickById) {
  add(ticket_user("bob"));
  auto logged = log_in("bob", "aa:bb:cc:dd:ee:01", "10.5.50.2");
  ASSERT_TRUE(logged.ok()) << logged.error().message;
  // 10 s at the simulator's default rate stays under the ticket's byte limit.
  sim_state([](sim::RouterState& s) { s.advance(std::chrono::seconds(10)); });
  auto sessions = active();
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].user, "bob");
  EXPECT_EQ(sessions[0].mac_address, "AA:BB:CC:DD:EE:01");
  EXPECT_EQ(sessions[0].address, "10.5.50.2");
  EXPECT_EQ(sessions[0].uptime, Seconds(10));
  EXPECT_GT(sessions[0].bytes_out, 0u);

  ASSERT_TRUE(await<void>([&](auto h) { router->kick(sessions[0].id, h); }).ok());
  EXPECT_TRUE(active().empty());
  // The user's own counters take the ended session in.
  Users listed = users();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].uptime, Seconds(10));
  EXPECT_GT(listed[0].bytes_out, 0u);
}

TEST_F(HotspotRouterTest, KickByUserEndsEverySession) {
  ProfileSpec shared;
  shared.name = "family";
  shared.shared_users = 3;
  ASSERT_TRUE(await<EnsureOutcome>([&](auto h) { router->ensure_profile(shared, h); }).ok());
  add(ticket_user("carol", "family"));
  ASSERT_TRUE(log_in("carol", "AA:BB:CC:DD:EE:02", "10.5.50.3").ok());
  ASSERT_TRUE(log_in("carol", "AA:BB:CC:DD:EE:03", "10.5.50.4").ok());
  auto kicked = await<std::size_t>([&](auto h) { router->kick_user("carol", h); });
  ASSERT_TRUE(kicked.ok()) << kicked.error().message;
  EXPECT_EQ(kicked.value(), 2u);
  EXPECT_TRUE(active().empty());
}

TEST_F(HotspotRouterTest, RemovingAUserKicksItsSessionFirst) {
  const std::string id = add(ticket_user("dave"));
  ASSERT_TRUE(log_in("dave", "AA:BB:CC:DD:EE:04", "10.5.50.5").ok());
  ASSERT_EQ(active().size(), 1u);
  ASSERT_TRUE(await<void>([&](auto h) { router->remove_user(id, "dave", h); }).ok());
  EXPECT_TRUE(active().empty()) << "the router itself would have kept the session";
  EXPECT_EQ(sim_count("/ip/hotspot/user"), 0u);
}

TEST_F(HotspotRouterTest, EnsureProfileIsIdempotent) {
  ProfileSpec spec;
  spec.name = "plan-2m";
  spec.rate_limit = "5M/2M";
  spec.shared_users = 2;
  spec.session_timeout = std::chrono::hours(1);
  spec.idle_timeout = std::chrono::minutes(5);
  spec.keepalive_timeout = std::chrono::minutes(2);
  spec.add_mac_cookie = true;
  spec.mac_cookie_timeout = std::chrono::hours(24);

  auto first = await<EnsureOutcome>([&](auto h) { router->ensure_profile(spec, h); });
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first.value(), EnsureOutcome::created);

  const auto before = router->commands_sent();
  auto second = await<EnsureOutcome>([&](auto h) { router->ensure_profile(spec, h); });
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second.value(), EnsureOutcome::unchanged);
  EXPECT_EQ(router->commands_sent() - before, 1u) << "one print, no set";

  spec.rate_limit = "10M/4M";
  spec.idle_timeout.reset();
  auto third = await<EnsureOutcome>([&](auto h) { router->ensure_profile(spec, h); });
  ASSERT_TRUE(third.ok()) << third.error().message;
  EXPECT_EQ(third.value(), EnsureOutcome::updated);

  auto profiles = await<std::vector<HotspotProfile>>([&](auto h) { router->list_profiles(h); });
  ASSERT_TRUE(profiles.ok()) << profiles.error().message;
  ASSERT_EQ(profiles->size(), 2u) << "default and plan-2m";
  EXPECT_EQ(profiles->at(1).spec, spec);
}

TEST_F(HotspotRouterTest, EnsureUserAddsThenSetsOnlyWhatDiffers) {
  UserRecord user = ticket_user("K7PQ2M9X");
  user.limit_uptime_s = 3600;
  auto first = await<EnsureOutcome>([&](auto h) { router->ensure_user(user, h); });
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first.value(), EnsureOutcome::created);

  const auto before = router->commands_sent();
  auto second = await<EnsureOutcome>([&](auto h) { router->ensure_user(user, h); });
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second.value(), EnsureOutcome::unchanged);
  EXPECT_EQ(router->commands_sent() - before, 1u) << "one print, no set";

  user.limit_uptime_s = 1800;
  user.limit_bytes_total = 1'000'000;
  auto third = await<EnsureOutcome>([&](auto h) { router->ensure_user(user, h); });
  ASSERT_TRUE(third.ok()) << third.error().message;
  EXPECT_EQ(third.value(), EnsureOutcome::updated);
  auto users = await<std::vector<HotspotUser>>([&](auto h) { router->list_users(UserColumns::books, h); });
  ASSERT_TRUE(users.ok()) << users.error().message;
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ(users->front().record.limit_uptime_s, 1800);
  EXPECT_EQ(users->front().record.limit_bytes_total, 1'000'000u);

  user.limit_bytes_total.reset();  // a limit no longer wanted is cleared on the router
  ASSERT_TRUE(await<EnsureOutcome>([&](auto h) { router->ensure_user(user, h); }).ok());
  users = await<std::vector<HotspotUser>>([&](auto h) { router->list_users(UserColumns::books, h); });
  ASSERT_TRUE(users.ok());
  EXPECT_EQ(users->front().record.limit_bytes_total.value_or(0), 0u);
}

TEST_F(HotspotRouterTest, FindUserReturnsTheUserWithItsCountersOrNothing) {
  add(ticket_user("erin"));
  ASSERT_TRUE(log_in("erin", "AA:BB:CC:DD:EE:07", "10.5.50.8").ok());
  sim_state([](sim::RouterState& s) { s.advance(std::chrono::seconds(100)); });
  auto found = await<std::optional<HotspotUser>>(
      [&](auto h) { router->find_user("erin", UserColumns::with_counters, h); });
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_TRUE(found.value().has_value());
  EXPECT_EQ(found.value()->record.name, "erin");
  EXPECT_GT(found.value()->uptime.count(), 0);
  EXPECT_GT(found.value()->bytes_in + found.value()->bytes_out, 0u);
  auto missing = await<std::optional<HotspotUser>>(
      [&](auto h) { router->find_user("nobody", UserColumns::books, h); });
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing.value().has_value());
  auto hostile = await<std::optional<HotspotUser>>(
      [&](auto h) { router->find_user("x\n?name=y", UserColumns::books, h); });
  ASSERT_FALSE(hostile.ok());
  EXPECT_EQ(hostile.error().code, RouterErrc::invalid_command);
}

TEST_F(HotspotRouterTest, EnsureUserRefusesAHostileNameWithoutSending) {
  const auto before = router->commands_sent();
  auto r = await<EnsureOutcome>([&](auto h) { router->ensure_user(ticket_user("a\nb=c"), h); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, RouterErrc::invalid_command);
  EXPECT_EQ(router->commands_sent(), before);
}

TEST_F(HotspotRouterTest, HostsAreListed) {
  sim_state([](sim::RouterState& s) { s.add_host("AA:BB:CC:DD:EE:10", "10.5.50.9"); });
  auto hosts = await<std::vector<HotspotHost>>([&](auto h) { router->list_hosts(h); });
  ASSERT_TRUE(hosts.ok()) << hosts.error().message;
  ASSERT_EQ(hosts->size(), 1u);
  EXPECT_EQ(hosts->at(0).mac_address, "AA:BB:CC:DD:EE:10");
  EXPECT_EQ(hosts->at(0).address, "10.5.50.9");
  EXPECT_FALSE(hosts->at(0).authorized);
}

TEST_F(HotspotRouterTest, WalledGardenEntriesAreReplacedByTag) {
  const std::string tag = owner_comment("portal");
  for (const WalledGardenEntry& e :
       {WalledGardenEntry{GardenLevel::ip, "", "accept", "", "10.5.50.10", tag},
        WalledGardenEntry{GardenLevel::ip, "", "", "*.safaricom.co.ke", "", tag},
        WalledGardenEntry{GardenLevel::ip, "", "", "provider.example", "", "the provider's"}}) {
    auto id = await<std::string>([&](auto h) { router->add_walled_garden(e, h); });
    ASSERT_TRUE(id.ok()) << id.error().message;
  }
  auto http = await<std::string>([&](auto h) {
    router->add_walled_garden({GardenLevel::http, "", "allow", "portal.local", "", tag}, h);
  });
  ASSERT_TRUE(http.ok()) << http.error().message;

  auto removed = await<std::size_t>([&](auto h) { router->remove_walled_garden(GardenLevel::ip, tag, h); });
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_EQ(removed.value(), 2u);
  auto left = await<std::vector<WalledGardenEntry>>([&](auto h) { router->list_walled_garden(GardenLevel::ip, h); });
  ASSERT_TRUE(left.ok()) << left.error().message;
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->at(0).comment, "the provider's");
  auto http_left = await<std::vector<WalledGardenEntry>>([&](auto h) { router->list_walled_garden(GardenLevel::http, h); });
  ASSERT_TRUE(http_left.ok()) << http_left.error().message;
  ASSERT_EQ(http_left->size(), 1u) << "the other level is untouched";
  EXPECT_EQ(http_left->at(0).dst_host, "portal.local");
}

TEST_F(HotspotRouterTest, SystemMenus) {
  auto resource = await<SystemResource>([&](auto h) { router->system_resource(h); });
  ASSERT_TRUE(resource.ok()) << resource.error().message;
  EXPECT_EQ(resource->version.rfind("7.18", 0), 0u);
  EXPECT_FALSE(resource->board_name.empty());
  EXPECT_GT(resource->total_memory, resource->free_memory);
  EXPECT_LE(resource->cpu_load, 100u);

  auto name = await<std::string>([&](auto h) { router->identity(h); });
  ASSERT_TRUE(name.ok()) << name.error().message;
  EXPECT_EQ(name.value(), "MikroTik");

  sim_state([](sim::RouterState& s) { s.advance(std::chrono::seconds(100)); });
  clock.advance(std::chrono::seconds(10));  // the appliance is 90 s behind the router
  auto router_clock = await<RouterClock>([&](auto h) { router->clock(h); });
  ASSERT_TRUE(router_clock.ok()) << router_clock.error().message;
  EXPECT_EQ(router_clock->offset_from_appliance, std::chrono::seconds(90));
  EXPECT_EQ(router_clock->gmt_offset, std::chrono::seconds(0));

  auto board = await<Routerboard>([&](auto h) { router->routerboard(h); });
  ASSERT_TRUE(board.ok()) << board.error().message;
  EXPECT_TRUE(board->routerboard);
  EXPECT_FALSE(board->model.empty());

  auto licence = await<Licence>([&](auto h) { router->licence(h); });
  ASSERT_TRUE(licence.ok()) << licence.error().message;
  EXPECT_EQ(licence->level, "4");
  EXPECT_EQ(licence->capacity.kind, LicenceCapacity::Kind::limited);
  EXPECT_EQ(licence->capacity.active_users, 200u);
}

TEST_F(HotspotRouterTest, OldRouterDatesAndChallengeLogin) {
  session->close();
  server->stop();
  drain(io, 2s);
  start("6.42");
  auto router_clock = await<RouterClock>([&](auto h) { router->clock(h); });
  ASSERT_TRUE(router_clock.ok()) << router_clock.error().message;
  EXPECT_EQ(router_clock->offset_from_appliance, std::chrono::seconds(0));
}

TEST_F(HotspotRouterTest, AMalformedCounterIsAnErrorNotACrash) {
  add(ticket_user("erin"));
  sim_state([](sim::RouterState& s) { s.table("/ip/hotspot/user")->items()[0].values["bytes-in"] = "lots"; });
  auto listed = await<Users>([&](auto h) { router->list_users(UserColumns::with_counters, h); });
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(listed.error().code, RouterErrc::protocol);
  EXPECT_NE(listed.error().message.find("bytes-in"), std::string::npos) << listed.error().message;
  EXPECT_EQ(users(UserColumns::books).size(), 1u) << "without the counter the row is fine";
}

}  // namespace
}  // namespace hotspot::routeros::testing

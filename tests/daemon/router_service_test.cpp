// The daemon's router side against the simulator: health recorded in the books, plans pushed
// as user profiles, a router reset repaired, and "down" with the reason when it goes away.
#include "daemon/router_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/testutils/capturing_logger.h"
#include "core/testutils/fake_clock.h"
#include "routeros/reconcile/desired.h"
#include "routeros/reconcile/records.h"
#include "routeros/settings/router_settings.h"
#include "routeros/sim/router_state.h"
#include "routeros/sim/server.h"
#include "storage/health.h"
#include "storage/plans.h"
#include "run_until.h"
#include "temp_dir.h"

namespace hotspot::daemon::testing {
namespace {

using namespace std::chrono_literals;
namespace sim = routeros::sim;

class RouterServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::Store::open({dir_.path() / "data", true}, clock_, log_);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    sim::RouterOptions options;
    options.version = *sim::parse_router_os_version("7.12");
    options.boot_time = clock_.wall_now() + router_clock_error_;
    state_ = std::make_unique<sim::RouterState>(options);
    state_->add_account({"api", "s3cret", {"read", "write", "api", "test"}});
    server_ = std::make_unique<sim::Server>(io_, *state_);
    ASSERT_TRUE(server_->listen("127.0.0.1", 0).ok());
    routeros::RouterSettings settings;
    settings.host = "127.0.0.1";
    settings.port = server_->local_endpoint().port();
    settings.user = "api";
    ASSERT_TRUE(routeros::save_router_settings(*store_, settings, "s3cret", "test"));
    Plan plan;
    plan.name = "1 Hour";
    plan.price = Kes{10};
    plan.time_allowance = Seconds(3600);
    plan.upload_bps = 2'000'000;
    plan.download_bps = 5'000'000;
    plan_ = *store_->plans().add(plan, "test");
  }
  void TearDown() override {
    if (service_) service_->stop();
    if (server_) server_->stop();
    run_until(io_, [] { return false; }, 200ms);
  }

  std::string health_state() {
    auto h = store_->health().get("router");
    return h && *h ? (*h)->state : "";
  }
  bool router_has_profile(const std::string& name) {
    return server_->with_state([&](sim::RouterState& s) {
      auto replies = s.execute(routeros::Command{"/ip/hotspot/user/profile/print", {}, {"?name=" + name}, {}},
                               *s.find_account("api"));
      return std::count_if(replies.begin(), replies.end(),
                           [](const routeros::Reply& r) { return r.kind == routeros::ReplyKind::re; }) > 0;
    });
  }

  TempDir dir_;
  hotspot::testing::FakeClock clock_;
  std::chrono::seconds router_clock_error_{0};
  hotspot::testing::CapturingLogger log_;
  boost::asio::io_context io_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<sim::RouterState> state_;
  std::unique_ptr<sim::Server> server_;
  std::shared_ptr<RouterService> service_;
  Plan plan_;
};

TEST_F(RouterServiceTest, UpHealthyAndPlansPushedThenDownWithTheReason) {
  service_ = RouterService::create(io_, *store_, clock_, log_, {200ms, 60s});
  service_->start();
  ASSERT_TRUE(run_until(io_, [&] { return health_state() == "up"; })) << log_.text();
  ASSERT_TRUE(run_until(io_, [&] { return log_.contains("ROUTER_RECONCILED"); })) << log_.text();
  auto detail = nlohmann::json::parse((*store_->health().get("router"))->detail);
  EXPECT_FALSE(detail["version"].get<std::string>().empty());
  EXPECT_EQ(detail["clock_offset_s"], 0);
  EXPECT_FALSE(detail.contains("warning")) << detail.dump();
  EXPECT_TRUE(detail.contains("user_capacity"));
  EXPECT_FALSE(log_.contains("ROUTER_REPAIR_FAILED")) << log_.text();
  const std::string profile = routeros::plan_profile_name(plan_.id);
  EXPECT_TRUE(router_has_profile(profile));

  // Someone removes it by hand (or the router is reset): the next reconciliation puts it back.
  server_->with_state([&](sim::RouterState& s) {
    return s.execute(routeros::Command{"/ip/hotspot/user/profile/remove", {{"numbers", profile}}, {}, {}},
                     *s.find_account("api"));
  });
  ASSERT_FALSE(router_has_profile(profile));
  service_->reconcile_now();
  ASSERT_TRUE(run_until(io_, [&] { return router_has_profile(profile); })) << log_.text();

  server_->stop();
  ASSERT_TRUE(run_until(io_, [&] { return health_state() == "down"; })) << log_.text();
  detail = nlohmann::json::parse((*store_->health().get("router"))->detail);
  EXPECT_FALSE(detail["error"].get<std::string>().empty());
}

class RouterClockOffTest : public RouterServiceTest {
 protected:
  void SetUp() override {
    router_clock_error_ = std::chrono::hours(-24 * 365);  // a router that booted without NTP
    RouterServiceTest::SetUp();
  }
};

TEST_F(RouterClockOffTest, AFarOffRouterClockIsAWarning) {
  service_ = RouterService::create(io_, *store_, clock_, log_, {200ms, 60s});
  service_->start();
  ASSERT_TRUE(run_until(io_, [&] { return health_state() == "up"; })) << log_.text();
  auto detail = nlohmann::json::parse((*store_->health().get("router"))->detail);
  EXPECT_LT(detail["clock_offset_s"].get<long long>(), -300);
  EXPECT_NE(detail["warning"].get<std::string>().find("clock"), std::string::npos);
  EXPECT_TRUE(log_.contains("ROUTER_CLOCK_OFF"));
}

TEST_F(RouterServiceTest, WithoutARouterItSaysSoAndIdles) {
  auto other = storage::Store::open({dir_.path() / "empty", true}, clock_, log_);
  ASSERT_TRUE(other);
  auto service = RouterService::create(io_, **other, clock_, log_);
  service->start();
  EXPECT_TRUE(log_.contains("ROUTER_NOT_CONFIGURED"));
  auto recorded = [&] {
    auto h = (*other)->health().get("router");
    return h && *h;
  };
  ASSERT_TRUE(run_until(io_, recorded)) << "the record is written without blocking the loop";
  auto h = (*other)->health().get("router");
  EXPECT_EQ((*h)->state, "not configured");
  service->stop();
}

TEST(RouterDesired, ProfilesForPlansOnSaleAndUsersForActiveTickets) {
  Plan on_sale;
  on_sale.id = 1;
  on_sale.name = "Daily";
  on_sale.time_allowance = Seconds(86400);
  on_sale.upload_bps = 1'000'000;
  on_sale.download_bps = 2'000'000;
  on_sale.shared_devices = 2;
  Plan retired = on_sale;
  retired.id = 2;
  retired.enabled = false;
  Plan data = on_sale;
  data.id = 3;
  data.time_allowance.reset();
  data.data_allowance_bytes = 1000;
  Ticket active;
  active.id = 9;
  active.code = "ABCD2345";
  active.plan_id = 1;
  active.used_seconds = 600;
  Ticket data_ticket = active;
  data_ticket.id = 10;
  data_ticket.code = "WXYZ6789";
  data_ticket.plan_id = 3;
  data_ticket.used_bytes = 1200;  // over: the sweep ends it; the router's limit is the allowance
  Ticket orphan = active;
  orphan.plan_id = 77;
  auto desired = routeros::desired_router_state({on_sale, retired, data}, {active, data_ticket, orphan});
  ASSERT_EQ(desired.profiles.size(), 2u);
  EXPECT_EQ(desired.profiles[0].name, routeros::plan_profile_name(1));
  EXPECT_EQ(desired.profiles[0].rate_limit, "1M/2M");
  EXPECT_EQ(desired.profiles[0].shared_users, 2);
  ASSERT_EQ(desired.users.size(), 2u);
  EXPECT_EQ(desired.users[0].name, "ABCD2345");
  EXPECT_EQ(desired.users[0].limit_uptime_s, 86400) << "the router counts from the first login";
  EXPECT_TRUE(routeros::is_owned(desired.users[0].comment));
  EXPECT_EQ(desired.users[1].limit_bytes_total, 1000u);
}

}  // namespace
}  // namespace hotspot::daemon::testing

// The executor against the RouterOS simulator on loopback: drift repaired, the provider's
// objects untouched, failures reported without stopping the rest, and pacing held.
#include "routeros/reconcile/executor.h"

#include <boost/asio/steady_timer.hpp>

#include "tests/routeros/hotspot/router_fixture.h"

namespace hotspot::routeros::testing {
namespace {

class ExecutorTest : public RouterFixture {
 protected:
  ExecutionReport reconcile_now(const DesiredState& desired, ExecutorOptions options = {}) {
    auto report = await<ExecutionReport>(
        [&](auto h) { async_reconcile(io.get_executor(), *router, desired, options, h); }, 20s);
    EXPECT_TRUE(report.ok()) << report.error().message;
    return report.ok() ? report.value() : ExecutionReport{};
  }

  DesiredState tickets(int count) {
    DesiredState desired;
    for (int i = 0; i < count; ++i) desired.users.push_back(ticket_user("t" + std::to_string(i)));
    return desired;
  }

  sim::Item* sim_user(sim::RouterState& s, std::string_view name) {
    return s.table("/ip/hotspot/user")->find_by_name(name);
  }
};

TEST_F(ExecutorTest, AnEmptyRouterIsFilled) {
  const DesiredState desired = tickets(25);
  ExecutionReport report = reconcile_now(desired);
  EXPECT_TRUE(report.ok()) << report.summary();
  EXPECT_EQ(report.applied[ActionKind::add_user], 25u);
  EXPECT_EQ(report.commands_sent, 2u + 25u) << "two reads, one add each";
  EXPECT_EQ(sim_count("/ip/hotspot/user"), 25u);

  report = reconcile_now(desired);
  EXPECT_EQ(report.applied_total(), 0u) << report.summary();
  EXPECT_EQ(report.commands_sent, 2u) << "in step: the reads alone";
}

TEST_F(ExecutorTest, DriftIsRepairedAndTheProvidersUsersAreLeftAlone) {
  DesiredState desired = tickets(10);
  reconcile_now(desired);
  // The provider's own user, and one that happens to carry a wanted name.
  UserRecord staff = ticket_user("staff");
  staff.comment = "the provider's";
  ASSERT_TRUE(await<std::string>([&](auto h) { router->add_user(staff, h); }).ok());
  UserRecord clash = ticket_user("t-clash");
  clash.comment = "";
  ASSERT_TRUE(await<std::string>([&](auto h) { router->add_user(clash, h); }).ok());
  desired.users.push_back(ticket_user("t-clash"));
  // A ticket the books no longer want, still logged in.
  ASSERT_TRUE(await<std::string>([&](auto h) { router->add_user(ticket_user("expired"), h); }).ok());
  ASSERT_TRUE(await<void>([&](auto h) {
                router->login({"expired", "pw-expired", "AA:BB:CC:DD:EE:01", "10.5.50.2"}, h);
              }).ok());
  // By hand: t3 removed, t5 edited in WinBox.
  sim_state([&](sim::RouterState& s) {
    s.table("/ip/hotspot/user")->erase(sim_user(s, "t3")->number);
    s.table("/ip/hotspot/user")->set_value(*sim_user(s, "t5"), "limit-uptime", "10h");
  });

  ExecutionReport report = reconcile_now(desired);
  EXPECT_TRUE(report.ok()) << report.summary();
  EXPECT_EQ(report.applied[ActionKind::add_user], 1u) << report.summary();
  EXPECT_EQ(report.applied[ActionKind::set_user], 1u) << report.summary();
  EXPECT_EQ(report.applied[ActionKind::kick_user], 1u) << report.summary();
  EXPECT_EQ(report.applied[ActionKind::remove_user], 1u) << report.summary();
  ASSERT_EQ(report.conflicts.size(), 1u);
  EXPECT_EQ(report.conflicts[0].name, "t-clash");
  // Reads 2, add 1, set 1, kick (print + remove) 2, remove 1.
  EXPECT_EQ(report.commands_sent, 7u) << report.summary();

  sim_state([&](sim::RouterState& s) {
    ASSERT_NE(sim_user(s, "t3"), nullptr) << "re-added";
    EXPECT_EQ(sim_user(s, "t5")->value_or("limit-uptime"), "1h") << "set back";
    EXPECT_EQ(sim_user(s, "expired"), nullptr);
    EXPECT_TRUE(s.table("/ip/hotspot/active")->items().empty()) << "its session ended first";
    ASSERT_NE(sim_user(s, "staff"), nullptr);
    EXPECT_EQ(sim_user(s, "staff")->value_or("comment"), "the provider's");
    EXPECT_EQ(sim_user(s, "t-clash")->value_or("comment"), "") << "a conflict is not overwritten";
  });
  EXPECT_EQ(reconcile_now(desired).applied_total(), 0u) << "repaired for good";
}

TEST_F(ExecutorTest, AUserTheDaemonStillWantsIsNotRemoved) {
  // Added after the desired state was taken (a customer redeeming a code at that moment).
  ASSERT_TRUE(await<std::string>([&](auto h) { router->add_user(ticket_user("redeeming"), h); }).ok());
  ASSERT_TRUE(await<std::string>([&](auto h) { router->add_user(ticket_user("ended"), h); }).ok());
  ExecutorOptions options;
  std::vector<std::string> asked;
  options.may_remove_user = [&](const std::string& name) {
    asked.push_back(name);
    return name != "redeeming";
  };
  ExecutionReport report = reconcile_now(DesiredState{}, options);
  EXPECT_EQ(report.applied[ActionKind::remove_user], 1u) << report.summary();
  EXPECT_EQ(sim_count("/ip/hotspot/user"), 1u);
  EXPECT_TRUE(sim_state([&](sim::RouterState& s) { return sim_user(s, "redeeming") != nullptr; }));
  EXPECT_NE(std::find(asked.begin(), asked.end(), "ended"), asked.end());
}

TEST_F(ExecutorTest, FailuresAreReportedAndTheRestGoOn) {
  DesiredState desired = tickets(5);
  desired.users[2].profile = "no-such-plan";
  ExecutionReport report = reconcile_now(desired);
  EXPECT_EQ(report.applied[ActionKind::add_user], 4u) << report.summary();
  EXPECT_EQ(report.failed[ActionKind::add_user], 1u) << report.summary();
  ASSERT_EQ(report.failures.size(), 1u);
  EXPECT_EQ(report.failures[0].action.name, "t2");
  EXPECT_EQ(report.failures[0].error.code, RouterErrc::trap);
  ASSERT_FALSE(report.failures[0].error.traps.empty());
  EXPECT_NE(report.failures[0].error.traps[0].message.find("profile"), std::string::npos);
  EXPECT_NE(report.summary().find("failed 1"), std::string::npos) << report.summary();
}

TEST_F(ExecutorTest, AFailedReadChangesNothing) {
  server->faults().set_trap_all("not enough permissions (9)");
  auto report = await<ExecutionReport>([&](auto h) {
    async_reconcile(io.get_executor(), *router, tickets(3), ExecutorOptions{}, h);
  });
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, RouterErrc::trap);
  server->faults().clear();
  EXPECT_EQ(sim_count("/ip/hotspot/user"), 0u);
}

TEST_F(ExecutorTest, NeverMoreCommandsInFlightThanThePacerAllows) {
  server->faults().set_reply_delay(std::chrono::milliseconds(3));
  std::size_t most = 0;
  bool sampling = true;
  bool stopped = false;  // the sampler's last wait has ended: its handler cannot outlive us
  boost::asio::steady_timer sampler(io);
  std::function<void()> sample = [&] {
    most = std::max(most, session->in_flight());
    if (!sampling) {
      stopped = true;
      return;
    }
    sampler.expires_after(std::chrono::microseconds(200));
    sampler.async_wait([&](boost::system::error_code ec) {
      if (ec) stopped = true;
      else sample();
    });
  };
  sample();
  ExecutorOptions options;
  options.pacing = PacingOptions{3, 0, 1};
  ExecutionReport report = reconcile_now(tickets(40), options);
  sampling = false;
  ASSERT_TRUE(run_until(io, [&] { return stopped; }));
  EXPECT_EQ(report.applied[ActionKind::add_user], 40u) << report.summary();
  EXPECT_LE(report.max_in_flight, 3u);
  EXPECT_LE(most, 3u) << "as the session saw it";
  EXPECT_GE(most, 2u) << "commands did overlap";
}

TEST_F(ExecutorTest, TheRateLimitSpacesCommands) {
  ExecutorOptions options;
  options.pacing = PacingOptions{20, 100, 1};  // 100 per second, no burst
  const auto started = std::chrono::steady_clock::now();
  ExecutionReport report = reconcile_now(tickets(21), options);
  EXPECT_EQ(report.applied[ActionKind::add_user], 21u) << report.summary();
  // 21 starts at 100 per second from an empty bucket: at least 200 ms (a lower bound only).
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(195));
}

}  // namespace
}  // namespace hotspot::routeros::testing

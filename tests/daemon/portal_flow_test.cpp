// The customer's journey end to end: HTTP over loopback to the portal, the books in a real
// SQLite file, and the RouterOS simulator over the real API protocol. Redeeming, coming back,
// logging out, and tickets ending while online, across a router that goes away, an appliance
// restart and a clock that jumps.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>

#include "appliance_fixture.h"
#include "core/branding.h"
#include "core/testutils/fake_clock.h"
#include "storage/plans.h"
#include "storage/sessions.h"
#include "storage/settings.h"
#include "storage/tickets.h"

namespace hotspot::daemon::testing {
namespace {

using namespace std::chrono_literals;
namespace sim = routeros::sim;

constexpr const char* kMac = "AA:BB:CC:00:00:01";
constexpr const char* kIp = "10.5.50.11";
constexpr const char* kOtherMac = "AA:BB:CC:00:00:02";
constexpr const char* kOtherIp = "10.5.50.12";

struct HttpAnswer {
  int status = 0;
  std::string location;
  std::string body;
  std::string set_cookie;  // the ticket's (hs_code), when set
};

HttpAnswer answer_of(const httplib::Response& res) {
  HttpAnswer a{res.status, res.get_header_value("Location"), res.body, ""};
  for (std::size_t i = 0; i < res.get_header_value_count("Set-Cookie"); ++i) {
    const std::string cookie = res.get_header_value("Set-Cookie", i);
    if (cookie.rfind("hs_code=", 0) == 0) a.set_cookie = cookie;
  }
  return a;
}

class PortalFlowTest : public ApplianceFixture {
 protected:
  const Clock& appliance_clock() const override { return clock_; }
  void add_hosts(sim::RouterState& state) override {
    state.add_host(kMac, kIp);
    state.add_host(kOtherMac, kOtherIp);
  }
  void fill_books() override {
    hour_ = add_plan("1 Hour", [](Plan& p) { p.time_allowance = Seconds(3600); });
    online_ = add_plan("1 Hour Online", [](Plan& p) {
      p.time_allowance = Seconds(3600);
      p.validity = ValidityMode::connected_time;
    });
    data_ = add_plan("1 MB", [](Plan& p) { p.data_allowance_bytes = 1 << 20; });
    family_ = add_plan("Family", [](Plan& p) {
      p.time_allowance = Seconds(3600);
      p.shared_devices = 2;
    });
  }
  void shape_usage(UsageServiceOptions& options) override {
    options.clock_synchronised = [this] { return ntp_synchronised_.load(); };
  }

  Plan add_plan(const std::string& name, const std::function<void(Plan&)>& shape) {
    Plan p;
    p.name = name;
    p.price = Kes{20};
    shape(p);
    auto added = store_->plans().add(p, "test");
    EXPECT_TRUE(added) << added.error().message;
    return *added;
  }

  std::string voucher(const Plan& plan) {
    std::vector<Ticket> made;
    auto batch = store_->tickets().create_batch({plan.id, 1, 8, "test"}, "test", made);
    EXPECT_TRUE(batch) << batch.error().message;
    return made.at(0).code;
  }

  Ticket ticket(const std::string& code) {
    auto t = store_->tickets().find_by_code(code);
    EXPECT_TRUE(t) << t.error().message;
    return t ? *t : Ticket{};
  }

  HttpAnswer redeem(const std::string& code, const std::string& mac = kMac,
                    const std::string& ip = kIp, const std::string& lang = "en") {
    httplib::Client http("127.0.0.1", portal_->port());
    httplib::Params form{{"code", code}, {"mac", mac}, {"ip", ip},
                         {"link-login-only", "http://10.5.50.1/login"},
                         {"link-orig", "http://example.com/news"}, {"lang", lang}};
    auto res = http.Post("/redeem", form);
    EXPECT_TRUE(res) << "no answer from the portal";
    if (!res) return {};
    return answer_of(*res);
  }

  HttpAnswer get(const std::string& path, const httplib::Headers& headers = {}) {
    httplib::Client http("127.0.0.1", portal_->port());
    auto res = http.Get(path.c_str(), headers);
    EXPECT_TRUE(res) << "no answer from the portal";
    if (!res) return {};
    return answer_of(*res);
  }

  bool router_has_user(const std::string& name) {
    return router_->with_state([&](sim::RouterState& s) {
      auto replies = s.execute(routeros::Command{"/ip/hotspot/user/print", {}, {"?name=" + name}, {}},
                               *s.find_account("api"));
      return std::any_of(replies.begin(), replies.end(),
                         [](const routeros::Reply& r) { return r.kind == routeros::ReplyKind::re; });
    });
  }
  bool online(const std::string& code, const std::string& mac = kMac) {
    auto sessions = router_sessions();
    return std::find(sessions.begin(), sessions.end(), std::make_pair(code, mac)) != sessions.end();
  }

  // The phone gets online with `code`, then leaves and its session ends on the router.
  void redeem_and_leave(const std::string& code) {
    ASSERT_EQ(redeem(code).status, 303);
    wait_rounds();
    end_router_sessions();
    wait_rounds();
    ASSERT_FALSE(online(code));
  }

  // Every phone leaves: the router ends their sessions (as an idle timeout would).
  void end_router_sessions() {
    router_->with_state([](sim::RouterState& s) {
      for (const auto& reply : s.execute(routeros::Command{"/ip/hotspot/active/print", {}, {}, {}},
                                         *s.find_account("api"))) {
        if (auto id = reply.get(".id")) {
          s.execute(routeros::Command{"/ip/hotspot/active/remove", {{".id", *id}}, {}, {}},
                    *s.find_account("api"));
        }
      }
      return 0;
    });
  }

  // Time passes for the appliance and the router alike.
  void advance(std::chrono::seconds dt) {
    clock_.advance(dt);
    router_->with_state([&](sim::RouterState& s) {
      s.advance(dt);
      return 0;
    });
  }
  void wait_rounds(int n = 2) {
    const auto start = usage_->rounds();
    ASSERT_TRUE(eventually([&] { return usage_->rounds() >= start + n; })) << log_.text();
  }

  hotspot::testing::FakeClock clock_;
  std::atomic<bool> ntp_synchronised_{true};
  Plan hour_, online_, data_, family_;
};

TEST_F(PortalFlowTest, AVoucherPutsThePhoneOnlineAndSendsItWhereItWasGoing) {
  const std::string code = voucher(hour_);
  // Typed as people type: lower case, with a dash.
  std::string typed = code.substr(0, 4) + "-" + code.substr(4);
  std::transform(typed.begin(), typed.end(), typed.begin(), ::tolower);
  HttpAnswer answer = redeem(typed);
  ASSERT_EQ(answer.status, 303) << answer.body << log_.text();
  EXPECT_EQ(answer.location, "http://example.com/news");
  EXPECT_TRUE(online(code)) << "logged in by the appliance with /ip/hotspot/active/login";
  EXPECT_TRUE(router_has_user(code));
  Ticket t = ticket(code);
  EXPECT_EQ(t.state, TicketState::active);
  EXPECT_EQ(t.first_login_at, clock_.wall_now());

  // The poll records the session in the books.
  wait_rounds();
  auto sessions = store_->sessions().for_ticket(t.id);
  ASSERT_TRUE(sessions);
  ASSERT_EQ(sessions->size(), 1u);
  EXPECT_EQ(sessions->front().mac, kMac);
  EXPECT_TRUE(sessions->front().is_open());
}

TEST_F(PortalFlowTest, TheLandingPageShowsTheProvidersBrandingAndPlans) {
  ASSERT_TRUE(store_->settings().set(kBrandNameSetting, "Mama Mboga Wi-Fi", "test"));
  ASSERT_TRUE(store_->settings().set(kBrandColourSetting, "#ffff00;}</style>", "test"))
      << "written by another version, unchecked: the portal must not use it";
  HttpAnswer page = get(std::string("/?mac=") + kOtherMac + "&ip=" + kOtherIp);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Mama Mboga Wi-Fi"), std::string::npos);
  EXPECT_EQ(page.body.find("#ffff00;"), std::string::npos);
  EXPECT_NE(page.body.find("1 Hour Online"), std::string::npos);
  EXPECT_NE(page.body.find("KES 20"), std::string::npos);
  HttpAnswer sw = get("/?lang=sw");
  EXPECT_NE(sw.body.find("lang=\"sw\""), std::string::npos);
}

TEST_F(PortalFlowTest, SubmittingTwiceIsHarmless) {
  const std::string code = voucher(hour_);
  ASSERT_EQ(redeem(code).status, 303) << log_.text();
  const Ticket first = ticket(code);
  advance(30s);
  HttpAnswer again = redeem(code);
  EXPECT_EQ(again.status, 303) << again.body;
  EXPECT_EQ(router_sessions().size(), 1u);
  EXPECT_EQ(ticket(code).first_login_at, first.first_login_at) << "the time started once";
}

TEST_F(PortalFlowTest, RefusedCodesSayWhyAndChangeNothing) {
  const std::string code = voucher(hour_);
  std::string typo = code;
  typo[2] = typo[2] == 'A' ? 'B' : 'A';
  HttpAnswer answer = redeem(typo);
  EXPECT_EQ(answer.status, 200);
  EXPECT_NE(answer.body.find("typo"), std::string::npos) << answer.body;
  answer = redeem("");
  EXPECT_EQ(answer.status, 200);
  answer = redeem("ZZZZ<script>");
  EXPECT_EQ(answer.body.find("<script>"), std::string::npos) << "what was typed comes back escaped";
  ASSERT_TRUE(store_->tickets().revoke(code, "test", "lost").ok());
  answer = redeem(code, kMac, kIp, "sw");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(ticket(code).state, TicketState::revoked);
  EXPECT_TRUE(router_sessions().empty());
  // Without the router's MAC and IP the phone cannot be logged in; the code is not used up.
  const std::string other = voucher(hour_);
  answer = redeem(other, "", "");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(ticket(other).state, TicketState::issued);
}

TEST_F(PortalFlowTest, TheRouterDownDuringRedemptionLosesNothingAndARetryWorks) {
  const std::string code = voucher(hour_);
  on_loop([this] { router_->stop(); });
  ASSERT_TRUE(eventually([&] { return !router_connected(); }));
  HttpAnswer answer = redeem(code);
  EXPECT_EQ(answer.status, 200);
  EXPECT_NE(answer.body.find("could not reach"), std::string::npos) << answer.body;
  EXPECT_EQ(ticket(code).state, TicketState::issued) << "its time has not started";

  // The router comes back on the same port.
  on_loop([this] {
    router_ = std::make_unique<sim::Server>(io_, *router_state_);
    ASSERT_TRUE(router_->listen("127.0.0.1", router_port_).ok());
  });
  ASSERT_TRUE(eventually([&] { return router_connected(); }, 20s)) << log_.text();
  EXPECT_EQ(redeem(code).status, 303) << log_.text();
  EXPECT_TRUE(online(code));
}

TEST_F(PortalFlowTest, AReturningPhoneIsLoggedInAgainWithoutTypingAnything) {
  const std::string code = voucher(hour_);
  // The phone leaves (the router ends the session) and comes back to the login page.
  ASSERT_NO_FATAL_FAILURE(redeem_and_leave(code));
  HttpAnswer answer = get(std::string("/?mac=") + kMac + "&ip=" + kIp +
                          "&link-orig=http%3A%2F%2Fexample.com%2F");
  EXPECT_EQ(answer.status, 303) << answer.body << log_.text();
  EXPECT_TRUE(online(code));
}

TEST_F(PortalFlowTest, APhoneThatSawThePlansFirstIsStillWelcomedBackOnceItHasATicket) {
  // The first visits find nothing to welcome back, and the portal remembers that...
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(get(std::string("/?mac=") + kMac + "&ip=" + kIp).status, 200);
  }
  // ...until the books change: the phone redeems a code, leaves, and comes back.
  const std::string code = voucher(hour_);
  ASSERT_NO_FATAL_FAILURE(redeem_and_leave(code));
  HttpAnswer answer = get(std::string("/?mac=") + kMac + "&ip=" + kIp);
  EXPECT_EQ(answer.status, 303) << answer.body << log_.text();
  EXPECT_TRUE(online(code));
}

TEST_F(PortalFlowTest, AnotherDeviceGetsInWithTheCodeOnlyWithinThePlansDeviceLimit) {
  const std::string single = voucher(hour_);
  ASSERT_EQ(redeem(single).status, 303);
  // The same phone with a randomised MAC would be a second device: refused on a one-device plan.
  HttpAnswer refused = redeem(single, kOtherMac, kOtherIp);
  EXPECT_EQ(refused.status, 200);
  EXPECT_FALSE(online(single, kOtherMac));

  const std::string shared = voucher(family_);
  ASSERT_EQ(redeem(shared, kMac, kIp).status, 303);
  EXPECT_EQ(redeem(shared, kOtherMac, kOtherIp).status, 303) << log_.text();
  EXPECT_TRUE(online(shared, kOtherMac));
}

TEST_F(PortalFlowTest, StatusShowsTimeLeftAndLogoutEndsTheSession) {
  // The portal tells phones apart by the address their requests come from; here that is
  // loopback, so the phone is one the router knows at 127.0.0.1.
  router_->with_state([](sim::RouterState& s) { return s.add_host("AA:BB:CC:00:00:09", "127.0.0.1"); });
  const std::string code = voucher(hour_);
  HttpAnswer redeemed = redeem(code, "AA:BB:CC:00:00:09", "127.0.0.1");
  ASSERT_EQ(redeemed.status, 303);
  advance(600s);
  wait_rounds();
  const std::string cookie = redeemed.set_cookie.substr(0, redeemed.set_cookie.find(';'));
  HttpAnswer status = get("/status", {{"Cookie", cookie}});
  EXPECT_EQ(status.status, 200);
  EXPECT_NE(status.body.find("50 min"), std::string::npos) << "50 minutes left: " << status.body;

  httplib::Client http("127.0.0.1", portal_->port());
  httplib::Headers headers{{"Cookie", cookie}};
  auto res = http.Post("/logout", headers, httplib::Params{});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  ASSERT_TRUE(eventually([&] { return !online(code, "AA:BB:CC:00:00:09"); })) << log_.text();
  EXPECT_EQ(ticket(code).state, TicketState::active) << "the ticket keeps what it has left";
  wait_rounds();
  status = get("/status", {{"Cookie", cookie}});
  EXPECT_EQ(status.status, 200);
}

TEST_F(PortalFlowTest, LogoutFindsThePhoneByItsTicketWhenThePortalSeesAnotherAddress) {
  // Requests arrive from 127.0.0.1, not the phone's hotspot address (as behind a NAT): the
  // browser holding the ticket's cookie is its one phone.
  const std::string code = voucher(hour_);
  HttpAnswer redeemed = redeem(code);
  ASSERT_EQ(redeemed.status, 303);
  wait_rounds();
  const std::string cookie = redeemed.set_cookie.substr(0, redeemed.set_cookie.find(';'));
  httplib::Client http("127.0.0.1", portal_->port());
  auto res = http.Post("/logout", httplib::Headers{{"Cookie", cookie}}, httplib::Params{});
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("kept for next time"), std::string::npos) << log_.text();
  ASSERT_TRUE(eventually([&] { return !online(code); }));
  // Nothing left to end: the page says so instead of pretending.
  res = http.Post("/logout", httplib::Headers{{"Cookie", cookie}}, httplib::Params{});
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("not online"), std::string::npos) << res->body;
  // Another ticket's cookie ends nothing.
  const std::string other = voucher(hour_);
  ASSERT_EQ(redeem(other).status, 303);
  res = http.Post("/logout", httplib::Headers{{"Cookie", "hs_code=" + code}}, httplib::Params{});
  EXPECT_TRUE(online(other));
}

TEST_F(PortalFlowTest, AWallClockTicketExpiresWhileOnlineAndIsKicked) {
  const std::string code = voucher(hour_);
  ASSERT_EQ(redeem(code).status, 303);
  wait_rounds();
  advance(3599s);
  wait_rounds();
  EXPECT_EQ(ticket(code).state, TicketState::active);
  advance(1s);
  ASSERT_TRUE(eventually([&] { return ticket(code).state == TicketState::expired; })) << log_.text();
  ASSERT_TRUE(eventually([&] { return !online(code); })) << "kicked";
  ASSERT_TRUE(eventually([&] { return !router_has_user(code); })) << "and its user removed";
  auto sessions = store_->sessions().for_ticket(ticket(code).id);
  ASSERT_TRUE(eventually([&] {
    auto s = store_->sessions().for_ticket(ticket(code).id);
    return s && !s->empty() && !s->front().is_open();
  }));
  // Coming back with the code is refused with the reason.
  HttpAnswer again = redeem(code);
  EXPECT_EQ(again.status, 200);
  EXPECT_FALSE(online(code));
}

TEST_F(PortalFlowTest, AConnectedTimeTicketCountsOnlyTimeOnline) {
  const std::string code = voucher(online_);
  ASSERT_EQ(redeem(code).status, 303);
  wait_rounds();
  advance(1800s);
  wait_rounds();
  // Offline for two hours: that time does not count.
  end_router_sessions();
  wait_rounds();
  advance(7200s);
  wait_rounds();
  EXPECT_EQ(ticket(code).state, TicketState::active);
  EXPECT_GE(ticket(code).used_seconds, 1800);
  ASSERT_EQ(redeem(code).status, 303) << log_.text();
  wait_rounds();
  advance(1800s);
  ASSERT_TRUE(eventually([&] { return ticket(code).state == TicketState::expired; })) << log_.text();
  ASSERT_TRUE(eventually([&] { return !online(code); }));
}

TEST_F(PortalFlowTest, ADataTicketIsExhaustedWhenItsBytesAreUsed) {
  const std::string code = voucher(data_);
  ASSERT_EQ(redeem(code).status, 303);
  wait_rounds();
  // The simulator moves 22,000 bytes a second by default: 1 MiB takes about 48 s.
  for (int i = 0; i < 6 && ticket(code).state == TicketState::active; ++i) {
    advance(10s);
    wait_rounds();
  }
  ASSERT_TRUE(eventually([&] { return ticket(code).state == TicketState::exhausted; })) << log_.text();
  ASSERT_TRUE(eventually([&] { return !online(code); }));
  EXPECT_GE(ticket(code).used_bytes, 1u << 20);
}

TEST_F(PortalFlowTest, ExpiryStaysRightAcrossAnApplianceRestart) {
  const std::string code = voucher(hour_);
  HttpAnswer first = redeem(code);
  ASSERT_EQ(first.status, 303) << first.body << log_.text();
  wait_rounds();
  advance(1200s);
  wait_rounds();
  stop_appliance();
  advance(1200s);  // the appliance is down for 20 minutes; the phone stays online
  start_appliance();
  wait_rounds();
  EXPECT_EQ(ticket(code).state, TicketState::active);
  EXPECT_TRUE(online(code));
  advance(1200s);
  ASSERT_TRUE(eventually([&] { return ticket(code).state == TicketState::expired; })) << log_.text();
  ASSERT_TRUE(eventually([&] { return !online(code); }));
}

TEST_F(PortalFlowTest, ExpiryStaysRightAcrossARouterReboot) {
  const std::string code = voucher(hour_);
  ASSERT_EQ(redeem(code).status, 303);
  wait_rounds();
  advance(1200s);
  wait_rounds();
  // The router reboots: its sessions end, the API connection drops, sessions are numbered
  // from *1 again when it is back.
  on_loop([this] {
    router_->stop();
    router_->with_state([](sim::RouterState& s) {
      s.reboot();
      return 0;
    });
  });
  ASSERT_TRUE(eventually([&] { return !router_connected(); }));
  on_loop([this] {
    router_ = std::make_unique<sim::Server>(io_, *router_state_);
    ASSERT_TRUE(router_->listen("127.0.0.1", router_port_).ok());
  });
  ASSERT_TRUE(eventually([&] { return router_connected(); }, 20s)) << log_.text();
  wait_rounds();
  const Ticket before = ticket(code);
  EXPECT_EQ(before.used_seconds, 1200) << "the session before the reboot counts";
  // The phone comes back and is logged in again without its code; the new session reuses *1.
  ASSERT_EQ(get(std::string("/?mac=") + kMac + "&ip=" + kIp).status, 303) << log_.text();
  advance(600s);
  wait_rounds();
  auto sessions = store_->sessions().for_ticket(before.id);
  ASSERT_TRUE(sessions);
  ASSERT_EQ(sessions->size(), 2u);
  EXPECT_GE(ticket(code).used_seconds, 1800);
  EXPECT_EQ(ticket(code).first_login_at, before.first_login_at);
  // An hour after the first login, however the time was split, it ends.
  advance(1800s);
  ASSERT_TRUE(eventually([&] { return ticket(code).state == TicketState::expired; })) << log_.text();
  ASSERT_TRUE(eventually([&] { return !online(code); }));
}

TEST_F(PortalFlowTest, AClockJumpWithoutEvidenceEndsNothingEarly) {
  const std::string code = voucher(hour_);
  ASSERT_EQ(redeem(code).status, 303);
  wait_rounds();
  // NTP is gone, and the wall clock leaps a day ahead (a bad RTC, a wrong manual setting): the
  // router's clock, which did not leap, disagrees; nothing ends on the clock's word.
  ntp_synchronised_ = false;
  clock_.jump_wall(24h);
  on_loop([this] { usage_->poll_now(); });
  wait_rounds(3);
  EXPECT_EQ(ticket(code).state, TicketState::active) << log_.text();
  EXPECT_TRUE(online(code));
  EXPECT_EQ(redeem(code).status, 303) << "the portal does not refuse it on that clock either";
  // NTP is back and confirms the time: the ticket, a day past its hour, ends.
  ntp_synchronised_ = true;
  ASSERT_TRUE(eventually([&] { return ticket(code).state == TicketState::expired; })) << log_.text();
}

}  // namespace
}  // namespace hotspot::daemon::testing

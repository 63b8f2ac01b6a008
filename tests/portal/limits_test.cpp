// A captive portal faces hostile clients: oversized bodies, header floods, slow senders, and
// its own failures must all end in a short, friendly page, never a 500 or a hung worker.

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/portal/fake_backend.h"
#include "tests/portal/raw_connection.h"

namespace hotspot::portal::testing {
namespace {

using LimitsTest = PortalTest;

void expect_security_headers(const httplib::Response& res, const std::string& what) {
  EXPECT_NE(res.get_header_value("Content-Security-Policy").find("default-src 'none'"),
            std::string::npos)
      << what;
  EXPECT_NE(res.get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"),
            std::string::npos)
      << what;
  EXPECT_EQ(res.get_header_value("X-Content-Type-Options"), "nosniff") << what;
  EXPECT_EQ(res.get_header_value("Referrer-Policy"), "no-referrer") << what;
  EXPECT_EQ(res.get_header_value("X-Frame-Options"), "DENY") << what;
}

TEST_F(LimitsTest, AnOversizedBodyGetsAClearPage) {
  httplib::Params params = router_params();
  params.emplace("code", std::string(20 * 1024, 'A'));
  auto res = client().Post("/redeem", params);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_NE(res->body.find("That request was too large for us to read."), std::string::npos);
  expect_security_headers(*res, "413");
  EXPECT_TRUE(backend_.redeem_calls().empty());
}

TEST_F(LimitsTest, TooManyHeadersGet431) {
  httplib::Headers headers;
  for (int i = 0; i < 70; ++i) headers.emplace("X-Filler-" + std::to_string(i), "1");
  auto res = client().Get("/", headers);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 431);
  EXPECT_NE(res->body.find("Your phone sent too much with its request."), std::string::npos);
  expect_security_headers(*res, "431");
  EXPECT_TRUE(logger_.contains("PORTAL_TOO_MANY_HEADERS"));

  headers.clear();
  for (int i = 0; i < 50; ++i) headers.emplace("X-Filler-" + std::to_string(i), "1");
  auto fine = client().Get("/", headers);
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->status, 200);
}

TEST_F(LimitsTest, AFailingHandlerGivesAFriendlyPageNotA500) {
  backend_.throw_on_offers(true);
  auto res = client().Get("/", {{"Accept-Language", "sw"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_NE(res->body.find("Kuna hitilafu upande wetu."), std::string::npos);
  EXPECT_EQ(res->body.find("secret"), std::string::npos);
  EXPECT_EQ(res->body.find("exploded"), std::string::npos);
  EXPECT_FALSE(res->has_header("EXCEPTION_WHAT"));
  expect_security_headers(*res, "exception");
  EXPECT_TRUE(logger_.contains("PORTAL_HANDLER_FAILED"));
}

TEST_F(LimitsTest, UnknownPagesAndMethodsGetAFriendlyPage) {
  auto missing = client().Get("/wp-admin");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(missing->body.find("This page does not exist."), std::string::npos);
  EXPECT_NE(missing->body.find("href=\"/\""), std::string::npos);

  auto wrong = client().Delete("/");
  ASSERT_TRUE(wrong);
  EXPECT_GE(wrong->status, 400);
  EXPECT_LT(wrong->status, 500);
  EXPECT_NE(wrong->body.find("<html"), std::string::npos);
}

TEST_F(LimitsTest, AnOverlongAddressGetsAFriendlyPage) {
  auto res = client().Get("/?x=" + std::string(10'000, 'a'));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 414);
  EXPECT_NE(res->body.find("Your phone sent a request we could not read."), std::string::npos);
  expect_security_headers(*res, "414");
}

TEST_F(LimitsTest, BuyingWhereMpesaIsOffGetsAClearPage) {
  httplib::Params params = router_params();
  params.emplace("plan", "1");
  params.emplace("phone", "0712345678");
  auto res = client().Post("/buy", params);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_NE(res->body.find("Paying by M-PESA is not available right now."), std::string::npos);
  EXPECT_EQ(backend_.start_calls().size(), 1u);
}

TEST_F(LimitsTest, EveryResponseCarriesTheSecurityHeaders) {
  backend_.set_status(active_ticket());
  auto c = client();
  expect_security_headers(*c.Get("/"), "/");
  expect_security_headers(*c.Get("/status"), "/status");
  expect_security_headers(*c.Get("/api/captive"), "/api/captive");
  expect_security_headers(*c.Get("/healthz"), "/healthz");
  expect_security_headers(*c.Get("/nowhere"), "404");
  expect_security_headers(*c.Post("/logout", httplib::Params{}), "/logout");
  expect_security_headers(*c.Post("/redeem", httplib::Params{{"code", "X"}}), "/redeem");
}

TEST_F(LimitsTest, EveryPageStaysUnder30KilobytesWithManyPlans) {
  std::vector<PlanOffer> offers;
  for (int i = 0; i < 30; ++i) {  // more than a page shows
    PlanOffer offer = i % 2 ? hour_plan() : data_plan();
    offer.id = i + 1;
    offer.name = std::string(60, 'N');
    offers.push_back(offer);
  }
  backend_.set_offers(offers);
  backend_.set_status(active_ticket());
  backend_.set_branding({std::string(64, 'W'), std::string(400, 'w'), "#0b5fa5", "0712345678"});
  auto c = client();
  std::vector<std::pair<std::string, httplib::Result>> pages;
  pages.emplace_back("/", c.Get("/?mac=AA:BB:CC:DD:EE:FF&ip=10.5.50.7"));
  pages.emplace_back("/status", c.Get("/status"));
  pages.emplace_back("/logout", c.Post("/logout", httplib::Params{}));
  pages.emplace_back("/redeem", c.Post("/redeem", httplib::Params{{"code", "X"}}));
  pages.emplace_back("404", c.Get("/missing"));
  backend_.set_redeem({RedeemOutcome::login_by_form, active_ticket(), "ABCD2345", "secret"});
  pages.emplace_back("login form", c.Post("/redeem", router_params()));
  backend_.set_mpesa_available(true);
  httplib::Params params = router_params();
  params.erase("link-orig");
  params.emplace("link-orig", "http://connectivitycheck.gstatic.com/generate_204?" +
                                  std::string(200, 'q'));
  params.emplace("chap-id", "\\371");
  params.emplace("chap-challenge", "\\357\\015\\330\\013\\021\\234\\145\\245");
  pages.emplace_back("/ with M-PESA",
                     c.Get("/?" + httplib::detail::params_to_query_str(params)));
  for (const auto& [name, res] : pages) {
    ASSERT_TRUE(res) << name;
    EXPECT_LT(res->body.size(), 30u * 1024) << name;
    EXPECT_NE(res->body.find("<!DOCTYPE html>"), std::string::npos) << name;
  }
}

TEST_F(LimitsTest, APhoneStillConnectedAfterStopIsToldToRetryWithoutReachingTheBackend) {
  const int phone = connect_raw(server_->port());
  ASSERT_GE(phone, 0);
  ASSERT_TRUE(send_all(phone, "GET /healthz HTTP/1.1\r\nHost: portal\r\n\r\n"));
  ASSERT_NE(read_response(phone).find("\r\n\r\nok\n"), std::string::npos);

  server_->stop();  // returns although the phone's connection is still open
  const std::size_t logged = logger_.entries().size();
  ASSERT_TRUE(send_all(phone, "GET /status HTTP/1.1\r\nHost: portal\r\n\r\n"));
  const std::string answer = read_response(phone);
  ::close(phone);
  // The worker may also have closed the connection already; either way nothing went further.
  if (!answer.empty()) {
    EXPECT_NE(answer.find("HTTP/1.1 503"), std::string::npos) << answer;
    EXPECT_NE(answer.find("The hotspot is restarting."), std::string::npos) << answer;
  }
  EXPECT_TRUE(backend_.status_calls().empty());
  EXPECT_EQ(logger_.entries().size(), logged);
}

TEST_F(LimitsTest, AnAnnouncedHugeBodyIsRefusedBeforeItIsSent) {
  const int phone = connect_raw(server_->port());
  ASSERT_GE(phone, 0);
  ASSERT_TRUE(send_all(phone,
                       "POST /redeem HTTP/1.1\r\nHost: portal\r\n"
                       "Content-Type: application/x-www-form-urlencoded\r\n"
                       "Content-Length: 1000000000\r\n\r\ncode=AB"));
  const std::string answer = read_response(phone);
  ::close(phone);
  EXPECT_NE(answer.find("HTTP/1.1 413"), std::string::npos) << answer;
  EXPECT_NE(answer.find("That request was too large for us to read."), std::string::npos);
  EXPECT_TRUE(backend_.redeem_calls().empty());
}

TEST_F(LimitsTest, ASlowClientIsDroppedAfterTheReadTimeoutWhileOthersAreServed) {
  options_.read_timeout = std::chrono::seconds(1);
  options_.keep_alive_timeout = std::chrono::seconds(1);
  start_server();
  const int slow = connect_raw(server_->port());
  ASSERT_GE(slow, 0);
  const std::string half = "GET / HTTP/1.1\r\nHost: portal\r\nAccept-Lang";
  ASSERT_EQ(::send(slow, half.data(), half.size(), 0), static_cast<ssize_t>(half.size()));

  auto other = client().Get("/healthz");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);

  // Watchdog, not a timing assertion: the server must close the connection well before this.
  timeval watchdog{10, 0};
  ASSERT_EQ(::setsockopt(slow, SOL_SOCKET, SO_RCVTIMEO, &watchdog, sizeof watchdog), 0);
  char buffer[4096];
  ssize_t n = 0;
  std::string answer;
  while ((n = ::recv(slow, buffer, sizeof buffer, 0)) > 0) answer.append(buffer, n);
  ::close(slow);
  EXPECT_EQ(n, 0) << "the server still held the half-sent request after the watchdog";
  EXPECT_EQ(answer.find(" 200 "), std::string::npos) << answer;
}

TEST_F(LimitsTest, ManyKeepAliveClientsAreAllServedByAFewWorkers) {
  // More phones than workers, each reusing its connection: the per-connection request cap
  // hands every worker back in turn.
  constexpr int kClients = 24;
  constexpr int kRequests = 25;
  std::atomic<int> served{0};
  std::vector<std::thread> phones;
  for (int i = 0; i < kClients; ++i) {
    phones.emplace_back([this, &served] {
      httplib::Client c = client();
      c.set_keep_alive(true);
      for (int r = 0; r < kRequests; ++r) {
        auto res = c.Get("/healthz");
        if (res && res->status == 200) ++served;
      }
    });
  }
  for (std::thread& t : phones) t.join();
  EXPECT_EQ(served.load(), kClients * kRequests);
}

TEST_F(LimitsTest, StartAndStopAreSafeToRepeat) {
  EXPECT_GT(server_->port(), 0);
  EXPECT_TRUE(logger_.contains("PORTAL_STARTED"));
  EXPECT_FALSE(server_->start().ok());
  server_->stop();
  server_->stop();
  EXPECT_EQ(server_->port(), 0);
  EXPECT_EQ(logger_.count("PORTAL_STOPPED"), 1u);

  PortalServer never_started(backend_, clock_, logger_, options_);
  never_started.stop();
}

TEST_F(LimitsTest, APortInUseIsAnError) {
  PortalOptions taken = options_;
  taken.port = server_->port();
  PortalServer second(backend_, clock_, logger_, taken);
  const Status started = second.start();
  EXPECT_FALSE(started.ok());
  EXPECT_TRUE(logger_.contains("PORTAL_BIND_FAILED"));
  second.stop();
}

}  // namespace
}  // namespace hotspot::portal::testing

// Redeeming a voucher: the redirect, the router's login form with CHAP, every refusal in both
// languages, and the lockout after repeated wrong codes.

#include <gtest/gtest.h>

#include "tests/portal/fake_backend.h"

namespace hotspot::portal::testing {
namespace {

class RedeemTest : public PortalTest {
 protected:
  httplib::Result redeem(std::string code, httplib::Params params = router_params(),
                         const httplib::Headers& headers = {}) {
    params.emplace("code", std::move(code));
    return client().Post("/redeem", headers, params);
  }
};

TEST_F(RedeemTest, LoggedInGoesWhereTheCustomerWasGoingWithTheCodeInACookie) {
  backend_.set_redeem({RedeemOutcome::logged_in, active_ticket(), "", ""});
  auto res = redeem("abcd-2345");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "http://example.com/news");
  EXPECT_EQ(res->get_header_value("Set-Cookie"),
            "hs_code=ABCD2345; Path=/; HttpOnly; SameSite=Lax; Max-Age=4800");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");

  ASSERT_EQ(backend_.redeem_calls().size(), 1u);
  const auto call = backend_.redeem_calls()[0];
  EXPECT_EQ(call.code, "abcd-2345");
  EXPECT_EQ(call.device.mac, "AA:BB:CC:DD:EE:FF");
  EXPECT_EQ(call.device.ip, "10.5.50.7");
  EXPECT_EQ(call.device.client_ip, "127.0.0.1");
  EXPECT_EQ(call.device.link_login_only, "http://10.5.50.1/login");

  EXPECT_TRUE(logger_.contains("PORTAL_VOUCHER_REDEEMED"));
  const std::string logged = logger_.text();
  EXPECT_NE(logged.find("ab\xE2\x80\xA6"), std::string::npos) << logged;
  EXPECT_EQ(logged.find("abcd"), std::string::npos) << logged;
  EXPECT_EQ(logged.find("ABCD2345"), std::string::npos) << logged;
}

TEST_F(RedeemTest, WithoutAnOriginalPageTheStatusPageIsNext) {
  TicketView ticket = active_ticket();
  ticket.seconds_left.reset();  // a data-only plan: the cookie lasts 30 days
  backend_.set_redeem({RedeemOutcome::logged_in, ticket, "", ""});
  httplib::Params params = router_params();
  params.erase("link-orig");
  auto res = redeem("ABCD2345", params);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/status");
  EXPECT_NE(res->get_header_value("Set-Cookie").find("Max-Age=2592000"), std::string::npos);
}

TEST_F(RedeemTest, LoginByFormPostsTheChapHashToTheRouter) {
  backend_.set_redeem({RedeemOutcome::login_by_form, active_ticket(), "ABCD2345", "secret"});
  httplib::Params params = router_params();
  // routeros.md §3.3's test vector.
  params.emplace("chap-id", "\\371");
  params.emplace(
      "chap-challenge",
      "\\357\\015\\330\\013\\021\\234\\145\\245\\303\\253\\142\\246\\133\\175\\375\\316");
  auto res = redeem("ABCD2345", params);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const std::string& page = res->body;
  EXPECT_NE(page.find("action=\"http://10.5.50.1/login\""), std::string::npos);
  EXPECT_NE(page.find("name=\"username\" value=\"ABCD2345\""), std::string::npos);
  EXPECT_NE(page.find("name=\"password\" value=\"e5627b636f982d6233d0cf5931d404c2\""),
            std::string::npos);
  EXPECT_NE(page.find("name=\"dst\" value=\"http://example.com/news\""), std::string::npos);
  EXPECT_EQ(page.find("secret"), std::string::npos);
  EXPECT_NE(page.find(">Continue</button>"), std::string::npos);  // for phones without scripts
  EXPECT_NE(page.find("<script>"), std::string::npos);
  EXPECT_NE(res->get_header_value("Content-Security-Policy").find("script-src 'unsafe-inline'"),
            std::string::npos);
  EXPECT_EQ(res->get_header_value_count("Content-Security-Policy"), 1u);
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
}

TEST_F(RedeemTest, LoginByFormWithoutChapPostsThePlainPassword) {
  backend_.set_redeem({RedeemOutcome::login_by_form, active_ticket(), "ABCD2345", "secret"});
  auto res = redeem("ABCD2345", router_params(), {{"Accept-Language", "sw"}});
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("name=\"password\" value=\"secret\""), std::string::npos);
  EXPECT_NE(res->body.find(">Endelea</button>"), std::string::npos);
}

TEST_F(RedeemTest, OtherPagesAllowNoScript) {
  auto res = client().Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Security-Policy").find("script-src"), std::string::npos);
  EXPECT_EQ(res->body.find("<script"), std::string::npos);
}

struct Refusal {
  RedeemOutcome outcome;
  const char* english;
  const char* swahili;
};

TEST_F(RedeemTest, EveryRefusalIsOneClearSentenceInBothLanguagesKeepingTheCode) {
  const Refusal refusals[] = {
      {RedeemOutcome::mistyped, "That code has a typo: check it and try again.",
       "Nambari hiyo ina kosa la kuandika"},
      {RedeemOutcome::unknown, "We do not know that code.", "Hatuitambui nambari hiyo."},
      {RedeemOutcome::malformed, "That is not a voucher code.", "Hiyo si nambari ya vocha."},
      {RedeemOutcome::expired, "That voucher has expired.", "Muda wa vocha hiyo umekwisha."},
      {RedeemOutcome::exhausted, "That voucher is used up.", "Vocha hiyo imeshatumika yote."},
      {RedeemOutcome::revoked, "That voucher has been cancelled.", "Vocha hiyo imefutwa."},
      {RedeemOutcome::device_limit, "already in use on as many devices",
       "tayari inatumika kwenye vifaa vyote"},
      {RedeemOutcome::no_device, "Open this page from the hotspot&#39;s Wi-Fi login page.",
       "Fungua ukurasa huu kutoka kwenye ukurasa wa kuingia"},
      {RedeemOutcome::router_down,
       "We could not reach the hotspot router. Nothing was used; please try again in a minute.",
       "Hatukuweza kufikia router ya hotspot."},
  };
  options_.attempts.max_failures = 100;  // this test is about the sentences, not the lockout
  start_server();
  for (const Refusal& r : refusals) {
    backend_.set_redeem({r.outcome, std::nullopt, "", ""});
    auto en = redeem("abcd-2345<x>");
    ASSERT_TRUE(en);
    EXPECT_EQ(en->status, 200);
    EXPECT_NE(en->body.find(r.english), std::string::npos) << r.english;
    EXPECT_NE(en->body.find("value=\"abcd-2345&lt;x&gt;\""), std::string::npos);
    EXPECT_NE(en->body.find("name=\"mac\" value=\"AA:BB:CC:DD:EE:FF\""), std::string::npos);
    auto sw = redeem("abcd-2345", router_params(), {{"Accept-Language", "sw"}});
    ASSERT_TRUE(sw);
    EXPECT_NE(sw->body.find(r.swahili), std::string::npos) << r.swahili;
  }
  EXPECT_EQ(logger_.count("PORTAL_VOUCHER_REFUSED"), 2 * std::size(refusals));
}

TEST_F(RedeemTest, FiveWrongCodesLockThePhoneOutWithRetryAfter) {
  backend_.set_redeem({RedeemOutcome::unknown, std::nullopt, "", ""});
  for (int i = 0; i < 5; ++i) {
    auto res = redeem("WRONG" + std::to_string(i));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << i;
  }
  auto locked = redeem("ABCD2345");
  ASSERT_TRUE(locked);
  EXPECT_EQ(locked->status, 429);
  EXPECT_EQ(locked->get_header_value("Retry-After"), "60");
  EXPECT_NE(locked->body.find("Too many wrong codes. Try again in 60 seconds."), std::string::npos);
  EXPECT_EQ(backend_.redeem_calls().size(), 5u);  // the sixth never reached the books
  EXPECT_TRUE(logger_.contains("PORTAL_LOCKED_OUT"));

  auto swahili = redeem("ABCD2345", router_params(), {{"Accept-Language", "sw"}});
  ASSERT_TRUE(swahili);
  EXPECT_NE(swahili->body.find("Jaribu tena baada ya sekunde 60."), std::string::npos);

  clock_.advance(std::chrono::seconds(61));
  auto later = redeem("ABCD2345");
  ASSERT_TRUE(later);
  EXPECT_EQ(later->status, 200);
  EXPECT_EQ(backend_.redeem_calls().size(), 6u);
}

TEST_F(RedeemTest, TheLockoutFollowsTheClientAddressAcrossMacs) {
  backend_.set_redeem({RedeemOutcome::mistyped, std::nullopt, "", ""});
  for (int i = 0; i < 5; ++i) {
    httplib::Params params = router_params();
    params.erase("mac");
    params.emplace("mac", "AA:BB:CC:DD:EE:0" + std::to_string(i));
    ASSERT_TRUE(redeem("WRONG", params));
  }
  auto locked = redeem("ABCD2345");
  ASSERT_TRUE(locked);
  EXPECT_EQ(locked->status, 429);
}

TEST_F(RedeemTest, RouterTroubleAndDeviceLimitsAreNotGuesses) {
  backend_.set_redeem({RedeemOutcome::router_down, std::nullopt, "", ""});
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(redeem("ABCD2345"));
  backend_.set_redeem({RedeemOutcome::device_limit, std::nullopt, "", ""});
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(redeem("ABCD2345"));
  auto res = redeem("ABCD2345");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(RedeemTest, ASuccessClearsEarlierMistakes) {
  backend_.set_redeem({RedeemOutcome::mistyped, std::nullopt, "", ""});
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(redeem("WRONG"));
  backend_.set_redeem({RedeemOutcome::logged_in, active_ticket(), "", ""});
  ASSERT_TRUE(redeem("ABCD2345"));
  backend_.set_redeem({RedeemOutcome::mistyped, std::nullopt, "", ""});
  for (int i = 0; i < 4; ++i) {
    auto res = redeem("WRONG");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  }
}

}  // namespace
}  // namespace hotspot::portal::testing

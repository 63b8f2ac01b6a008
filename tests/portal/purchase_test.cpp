// Buying with M-PESA over real HTTP: starting a push, the waiting page at every stage in both
// languages, "I paid but I'm not online", and what hostile or broken input gets.

#include <gtest/gtest.h>
#include <mbedtls/base64.h>
#include <mbedtls/sha256.h>

#include "portal/purchase_pages.h"
#include "portal/request.h"
#include "portal/routes.h"
#include "tests/portal/fake_backend.h"

namespace hotspot::portal::testing {
namespace {

constexpr const char* kKey = "pk_0123456789abcdefXYZ";

bool has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

PurchaseView waiting_purchase() {
  PurchaseView p;
  p.stage = PurchaseStage::waiting;
  p.plan_name = "Saa Moja";
  p.amount_kes = 50;
  p.phone_masked = "0712 *** 678";
  return p;
}

PurchaseView paid_purchase(RedeemOutcome login_outcome) {
  PurchaseView p = waiting_purchase();
  p.stage = PurchaseStage::paid;
  p.receipt = "QK12AB34CD";
  p.login = RedeemResult{login_outcome, active_ticket(), "ABCD2345", "secret"};
  return p;
}

PurchaseView failed_purchase(bool can_retry) {
  PurchaseView p = waiting_purchase();
  p.stage = PurchaseStage::failed;
  p.message = "You cancelled the payment on your phone.";
  p.can_retry = can_retry;
  return p;
}

class PurchaseTest : public PortalTest {
 protected:
  void SetUp() override {
    PortalTest::SetUp();
    backend_.set_mpesa_available(true);
  }

  httplib::Result buy(std::string plan, std::string phone, httplib::Params params = router_params(),
                      const httplib::Headers& headers = {}) {
    params.emplace("plan", std::move(plan));
    params.emplace("phone", std::move(phone));
    return client().Post("/buy", headers, params);
  }

  httplib::Result wait(std::string key, httplib::Params params = router_params(),
                       const httplib::Headers& headers = {}) {
    params.emplace("k", std::move(key));
    return client().Get("/buy/wait?" + httplib::detail::params_to_query_str(params), headers);
  }

  httplib::Result claim(std::string receipt, httplib::Params params = router_params(),
                        const httplib::Headers& headers = {}) {
    params.emplace("receipt", std::move(receipt));
    return client().Post("/paid", headers, params);
  }

  static inline const httplib::Headers kSwahili = {{"Accept-Language", "sw"}};
};

TEST(PurchaseInput, PlanIdsArePositiveDecimalIntegers) {
  EXPECT_EQ(parse_plan_id("1"), 1);
  EXPECT_EQ(parse_plan_id("007"), 7);
  EXPECT_EQ(parse_plan_id("999999999999999999"), 999999999999999999);
  for (const char* bad : {"", "0", "000", "-1", "+1", " 1", "1 ", "1e3", "0x1", "1.0",
                          "1000000000000000000", "99999999999999999999"}) {
    EXPECT_FALSE(parse_plan_id(bad)) << bad;
  }
}

TEST(PurchaseInput, KeysAre16To64SafeCharacters) {
  EXPECT_TRUE(is_purchase_key(std::string(16, 'a')));
  EXPECT_TRUE(is_purchase_key(std::string(64, 'Z')));
  EXPECT_TRUE(is_purchase_key("pk_0123456789-abcdef"));
  EXPECT_FALSE(is_purchase_key(std::string(15, 'a')));
  EXPECT_FALSE(is_purchase_key(std::string(65, 'a')));
  for (const char* bad : {"pk_0123456789abcde/", "pk_0123456789abcde=", "pk_0123456789 abcde",
                          "pk_0123456789abcd\n", "pk_0123456789abc%2F"}) {
    EXPECT_FALSE(is_purchase_key(bad)) << bad;
  }
}

// --- POST /buy -----------------------------------------------------------------------------

TEST_F(PurchaseTest, BuyStartsThePushAndRedirectsToTheWaitingPageWithTheRoutersFields) {
  backend_.set_start({PurchaseStartOutcome::started, kKey, 0});
  auto res = buy("1", "0712 345 678");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  // The client hands Location over percent-decoded.
  const std::string location = res->get_header_value("Location");
  EXPECT_EQ(location.rfind(std::string("/buy/wait?k=") + kKey + "&mac=AA:BB:CC:DD:EE:FF", 0), 0u)
      << location;
  EXPECT_TRUE(has(location, "&ip=10.5.50.7")) << location;
  EXPECT_TRUE(has(location, "&link-login-only=http://10.5.50.1/login")) << location;
  EXPECT_TRUE(has(location, "&link-orig=http://example.com/news")) << location;
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");

  ASSERT_EQ(backend_.start_calls().size(), 1u);
  const PurchaseRequest call = backend_.start_calls()[0];
  EXPECT_EQ(call.plan_id, 1);
  EXPECT_EQ(call.phone, "0712 345 678");  // as typed: the backend normalises it
  EXPECT_EQ(call.device.mac, "AA:BB:CC:DD:EE:FF");
  EXPECT_EQ(call.device.ip, "10.5.50.7");
  EXPECT_EQ(call.device.client_ip, "127.0.0.1");
  EXPECT_TRUE(logger_.contains("PORTAL_PURCHASE_STARTED"));
  EXPECT_FALSE(has(logger_.text(), "345 678")) << logger_.text();
}

struct StartRefusal {
  PurchaseStartOutcome outcome;
  std::int64_t wait;
  int status;
  const char* english;
  const char* swahili;
};

TEST_F(PurchaseTest, EveryStartRefusalIsOneSentenceInTheBuyAreaKeepingThePhone) {
  const StartRefusal refusals[] = {
      {PurchaseStartOutcome::unavailable, 0, 503, "Paying by M-PESA is not available right now.",
       "Malipo kwa M-PESA hayapatikani kwa sasa."},
      {PurchaseStartOutcome::unknown_plan, 0, 200, "That plan is not on sale.",
       "Kifurushi hicho hakiuzwi."},
      {PurchaseStartOutcome::invalid_phone, 0, 200, "That is not a Kenyan mobile number.",
       "Hiyo si nambari ya simu ya Kenya."},
      {PurchaseStartOutcome::phone_busy, 45, 200,
       "That phone already has an M-PESA request open. Answer it on the phone, or try again in "
       "45 seconds.",
       "jaribu tena baada ya sekunde 45."},
      {PurchaseStartOutcome::too_many_attempts, 30, 429,
       "Too many payment requests. Try again in 30 seconds.",
       "Maombi mengi mno ya malipo. Jaribu tena baada ya sekunde 30."},
      {PurchaseStartOutcome::no_device, 0, 200, "Open this page from the hotspot&#39;s Wi-Fi",
       "Fungua ukurasa huu kutoka kwenye ukurasa wa kuingia"},
      {PurchaseStartOutcome::failed, 0, 503, "We could not start the payment. Nothing was charged",
       "Hatukuweza kuanzisha malipo."},
  };
  for (const StartRefusal& r : refusals) {
    backend_.set_start({r.outcome, "", r.wait});
    auto en = buy("2", "0712 345 678");
    ASSERT_TRUE(en);
    EXPECT_EQ(en->status, r.status) << r.english;
    const std::size_t area = en->body.find("<section id=\"buy\">");
    ASSERT_NE(area, std::string::npos);
    EXPECT_NE(en->body.find(r.english, area), std::string::npos) << r.english;
    EXPECT_TRUE(has(en->body, "value=\"0712 345 678\"")) << r.english;
    EXPECT_TRUE(has(en->body, "name=\"mac\" value=\"AA:BB:CC:DD:EE:FF\""));
    EXPECT_EQ(en->get_header_value("Cache-Control"), "no-store");
    if (r.outcome == PurchaseStartOutcome::too_many_attempts) {
      EXPECT_EQ(en->get_header_value("Retry-After"), "30");
    }
    auto sw = buy("2", "0712 345 678", router_params(), kSwahili);
    ASSERT_TRUE(sw);
    EXPECT_TRUE(has(sw->body, r.swahili)) << r.swahili;
  }
  EXPECT_EQ(backend_.start_calls().size(), 2 * std::size(refusals));
  EXPECT_EQ(logger_.count("PORTAL_PURCHASE_REFUSED"), 2 * std::size(refusals));
}

TEST_F(PurchaseTest, WithMpesaOffTheRefusalReplacesTheUsualSentence) {
  backend_.set_mpesa_available(false);
  auto res = buy("1", "0712345678");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_TRUE(has(res->body, "Paying by M-PESA is not available right now."));
  EXPECT_FALSE(has(res->body, "not available at this hotspot yet"));
}

TEST_F(PurchaseTest, ABadPlanOrPhoneIsAnsweredWithoutAskingTheBackend) {
  backend_.set_start({PurchaseStartOutcome::started, kKey, 0});
  for (const char* plan : {"", "0", "-1", "abc", "1e3", " 1", "+1", "1.0",
                           "99999999999999999999", "<script>"}) {
    auto res = buy(plan, "0712345678");
    ASSERT_TRUE(res) << plan;
    EXPECT_EQ(res->status, 200) << plan;
    EXPECT_TRUE(has(res->body, "That plan is not on sale.")) << plan;
  }
  const std::string long_phone(300, '0');
  for (const std::string& phone : {std::string(), std::string("12345"),
                                   std::string("+44 7700 900123"), long_phone,
                                   std::string("<b>0712</b>")}) {
    auto res = buy("1", phone);
    ASSERT_TRUE(res) << phone;
    EXPECT_EQ(res->status, 200) << phone;
    EXPECT_TRUE(has(res->body, "That is not a Kenyan mobile number.")) << phone;
    EXPECT_FALSE(has(res->body, "<b>0712")) << phone;
  }
  auto escaped = buy("1", "<b>0712</b>");
  ASSERT_TRUE(escaped);
  EXPECT_TRUE(has(escaped->body, "value=\"&lt;b&gt;0712&lt;/b&gt;\""));
  auto bounded = buy("1", long_phone);
  ASSERT_TRUE(bounded);
  EXPECT_TRUE(has(bounded->body, "value=\"" + std::string(32, '0') + "\""));
  EXPECT_FALSE(has(bounded->body, std::string(33, '0')));
  EXPECT_TRUE(backend_.start_calls().empty());
}

TEST_F(PurchaseTest, TheLandingPageFormsPostWhatTheHandlersRead) {
  auto res = client().Get("/?" + httplib::detail::params_to_query_str(router_params()));
  ASSERT_TRUE(res);
  const std::string& page = res->body;
  const std::size_t form = page.find("<form method=\"post\" action=\"/buy#buy\">");
  ASSERT_NE(form, std::string::npos);
  const std::string buy_form = page.substr(form, page.find("</form>", form) - form);
  EXPECT_TRUE(has(buy_form, "name=\"plan\" value=\"1\""));
  EXPECT_TRUE(has(buy_form, "name=\"mac\" value=\"AA:BB:CC:DD:EE:FF\""));
  EXPECT_TRUE(has(buy_form, "<label for=\"phone-1\">M-PESA phone number</label>"));
  EXPECT_TRUE(has(buy_form, "name=\"phone\" type=\"tel\" inputmode=\"tel\" autocomplete=\"tel\""));
  EXPECT_TRUE(has(buy_form, "placeholder=\"07XX XXX XXX\""));

  const std::size_t paid = page.find("<form method=\"post\" action=\"/paid\">");
  ASSERT_NE(paid, std::string::npos);
  EXPECT_GT(paid, page.rfind("action=\"/buy#buy\""));  // under the buy area
  EXPECT_TRUE(has(page, "I paid but I&#39;m not online"));
  EXPECT_TRUE(has(page, "<label for=\"receipt\">"));
  EXPECT_TRUE(has(page.substr(paid), "name=\"receipt\""));
  EXPECT_TRUE(has(page.substr(paid), "name=\"link-login-only\""));

  auto sw = client().Get("/", kSwahili);
  ASSERT_TRUE(sw);
  EXPECT_TRUE(has(sw->body, "Nimelipa lakini sijaunganishwa"));
  EXPECT_TRUE(has(sw->body, ">Lipa KES 50</button>"));
}

// --- GET /buy/wait ---------------------------------------------------------------------------

TEST_F(PurchaseTest, WaitingPageSaysCheckYourPhoneAndUpdatesItself) {
  backend_.set_purchase(kKey, waiting_purchase());
  auto res = wait(kKey);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const std::string& page = res->body;
  EXPECT_TRUE(has(page, "Check your phone and enter your M-PESA PIN."));
  EXPECT_TRUE(has(page, "Saa Moja"));
  EXPECT_TRUE(has(page, "KES 50"));
  EXPECT_TRUE(has(page, "0712 *** 678"));
  EXPECT_TRUE(has(page, "<noscript><meta http-equiv=\"refresh\" content=\"4\"></noscript>"));
  EXPECT_TRUE(has(page, "<form method=\"get\" action=\"/buy/wait\">"));
  EXPECT_TRUE(has(page, std::string("name=\"k\" value=\"") + kKey + "\""));
  EXPECT_TRUE(has(page, ">Refresh</button>"));
  EXPECT_TRUE(has(page, "<script>" + std::string(kWaitReloadScript) + "</script>"));
  const std::string csp = res->get_header_value("Content-Security-Policy");
  // The hash comes first: a browser that knows hashes then ignores 'unsafe-inline'.
  EXPECT_TRUE(has(csp, "script-src '" + std::string(kWaitReloadScriptHash) + "'")) << csp;
  EXPECT_EQ(res->get_header_value_count("Content-Security-Policy"), 1u);
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");

  ASSERT_EQ(backend_.purchase_calls().size(), 1u);
  const auto call = backend_.purchase_calls()[0];
  EXPECT_EQ(call.key, kKey);
  EXPECT_EQ(call.device.mac, "AA:BB:CC:DD:EE:FF");
  EXPECT_EQ(call.lang, Lang::en);

  auto sw = wait(kKey, router_params(), kSwahili);
  ASSERT_TRUE(sw);
  EXPECT_TRUE(has(sw->body, "Angalia simu yako na uweke PIN yako ya M-PESA."));
  EXPECT_TRUE(has(sw->body, ">Sasisha</button>"));
  EXPECT_TRUE(has(sw->body, "http-equiv=\"refresh\""));
  EXPECT_EQ(backend_.purchase_calls()[1].lang, Lang::sw);
  // The language link keeps the purchase.
  EXPECT_TRUE(has(sw->body, std::string("href=\"/buy/wait?lang=en&amp;k=") + kKey));
}

TEST_F(PurchaseTest, WhileSendingThePageSaysSo) {
  PurchaseView sending = waiting_purchase();
  sending.stage = PurchaseStage::sending;
  backend_.set_purchase(kKey, sending);
  auto res = wait(kKey);
  ASSERT_TRUE(res);
  EXPECT_TRUE(has(res->body, "We are sending the payment request to your phone."));
  EXPECT_TRUE(has(res->body, ">Refresh</button>"));
  EXPECT_TRUE(has(res->body, "http-equiv=\"refresh\""));
}

TEST_F(PurchaseTest, TheScriptHashInThePolicyIsTheScriptsOwn) {
  unsigned char digest[32];
  ASSERT_EQ(mbedtls_sha256_ret(reinterpret_cast<const unsigned char*>(kWaitReloadScript.data()),
                               kWaitReloadScript.size(), digest, 0),
            0);
  unsigned char encoded[64];
  std::size_t length = 0;
  ASSERT_EQ(mbedtls_base64_encode(encoded, sizeof encoded, &length, digest, sizeof digest), 0);
  const std::string expected = "sha256-" + std::string(reinterpret_cast<char*>(encoded), length);
  EXPECT_EQ(kWaitReloadScriptHash, expected);
  EXPECT_TRUE(has(std::string(kWaitPageSecurityPolicy), "'" + expected + "'"));
}

TEST_F(PurchaseTest, PaidAndOnlineShowsTheCodeAndReceiptAndKeepsTheCode) {
  backend_.set_purchase(kKey, paid_purchase(RedeemOutcome::logged_in));
  auto res = wait(kKey);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(has(res->body, "You are online"));
  EXPECT_TRUE(has(res->body, "ABCD2345"));
  EXPECT_TRUE(has(res->body, "QK12AB34CD"));
  EXPECT_TRUE(has(res->body, "<a class=\"button\" href=\"http://example.com/news\">Continue</a>"));
  EXPECT_FALSE(has(res->body, "http-equiv=\"refresh\""));
  EXPECT_FALSE(has(res->body, "<script"));
  EXPECT_FALSE(has(res->body, "secret"));
  EXPECT_EQ(res->get_header_value("Set-Cookie"),
            "hs_code=ABCD2345; Path=/; HttpOnly; SameSite=Lax; Max-Age=4800");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  EXPECT_TRUE(logger_.contains("PORTAL_PURCHASE_PAID"));

  httplib::Params no_orig = router_params();
  no_orig.erase("link-orig");
  auto sw = wait(kKey, no_orig, kSwahili);
  ASSERT_TRUE(sw);
  EXPECT_TRUE(has(sw->body, "Umeunganishwa"));
  EXPECT_TRUE(has(sw->body, "Risiti ya M-PESA"));
  EXPECT_TRUE(has(sw->body, "<a class=\"button\" href=\"/status\">Endelea</a>"));
}

TEST_F(PurchaseTest, AReceiptNotArrivedYetWillFollow) {
  PurchaseView paid = paid_purchase(RedeemOutcome::logged_in);
  paid.receipt.clear();
  backend_.set_purchase(kKey, paid);
  auto res = wait(kKey);
  ASSERT_TRUE(res);
  EXPECT_TRUE(has(res->body, "<dt>M-PESA receipt</dt><dd>will follow</dd>"));
  EXPECT_TRUE(has(res->body, "ABCD2345"));
}

TEST_F(PurchaseTest, PaidWithLoginByFormPostsTheRoutersFormAndShowsTheCode) {
  backend_.set_purchase(kKey, paid_purchase(RedeemOutcome::login_by_form));
  httplib::Params params = router_params();
  // routeros.md §3.3's test vector.
  params.emplace("chap-id", "\\371");
  params.emplace(
      "chap-challenge",
      "\\357\\015\\330\\013\\021\\234\\145\\245\\303\\253\\142\\246\\133\\175\\375\\316");
  auto res = wait(kKey, params);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const std::string& page = res->body;
  EXPECT_TRUE(has(page, "action=\"http://10.5.50.1/login\""));
  EXPECT_TRUE(has(page, "name=\"username\" value=\"ABCD2345\""));
  EXPECT_TRUE(has(page, "name=\"password\" value=\"e5627b636f982d6233d0cf5931d404c2\""));
  EXPECT_TRUE(has(page, "name=\"dst\" value=\"http://example.com/news\""));
  EXPECT_FALSE(has(page, "secret"));
  EXPECT_TRUE(has(page, "QK12AB34CD"));
  EXPECT_TRUE(has(page, "<dd class=\"code\">ABCD2345</dd>"));
  EXPECT_TRUE(has(page, ">Continue</button>"));
  EXPECT_TRUE(has(page, "setTimeout(function(){document.getElementById('login').submit();}"));
  EXPECT_TRUE(has(res->get_header_value("Content-Security-Policy"), "script-src"));
  EXPECT_EQ(res->get_header_value_count("Content-Security-Policy"), 1u);
  EXPECT_TRUE(has(res->get_header_value("Set-Cookie"), "hs_code=ABCD2345;"));
}

struct NotOnline {
  RedeemOutcome outcome;
  const char* english;
  const char* swahili;
};

TEST_F(PurchaseTest, PaidButNotOnlineSaysWhyAndThatTheCodeWorksAsAVoucher) {
  const NotOnline cases[] = {
      {RedeemOutcome::router_down, "We could not reach the hotspot router.",
       "Hatukuweza kufikia router ya hotspot."},
      {RedeemOutcome::device_limit, "already in use on as many devices",
       "tayari inatumika kwenye vifaa vyote"},
      {RedeemOutcome::no_device, "Open this page from the hotspot&#39;s Wi-Fi login page.",
       "Fungua ukurasa huu"},
  };
  for (const NotOnline& c : cases) {
    backend_.set_purchase(kKey, paid_purchase(c.outcome));
    auto en = wait(kKey);
    ASSERT_TRUE(en);
    EXPECT_EQ(en->status, 200);
    EXPECT_TRUE(has(en->body, c.english)) << c.english;
    EXPECT_TRUE(has(en->body, "Payment received"));
    EXPECT_TRUE(has(en->body, "<dd class=\"code\">ABCD2345</dd>"));
    EXPECT_TRUE(has(en->body, "QK12AB34CD"));
    EXPECT_TRUE(has(en->body, "you can enter it as a voucher"));
    EXPECT_TRUE(has(en->body, ">Try again</button>"));
    EXPECT_TRUE(has(en->get_header_value("Set-Cookie"), "hs_code=ABCD2345;"));
    auto sw = wait(kKey, router_params(), kSwahili);
    ASSERT_TRUE(sw);
    EXPECT_TRUE(has(sw->body, c.swahili)) << c.swahili;
    EXPECT_TRUE(has(sw->body, "Malipo yamepokelewa"));
    EXPECT_TRUE(has(sw->body, ">Jaribu tena</button>"));
  }
}

TEST_F(PurchaseTest, LoginByFormWithoutTheRoutersFormSaysToOpenTheLoginPage) {
  backend_.set_purchase(kKey, paid_purchase(RedeemOutcome::login_by_form));
  httplib::Params params = router_params();
  params.erase("link-login-only");
  auto res = wait(kKey, params);
  ASSERT_TRUE(res);
  EXPECT_TRUE(has(res->body, "Open this page from the hotspot&#39;s Wi-Fi login page."));
  EXPECT_TRUE(has(res->body, "ABCD2345"));
  EXPECT_FALSE(has(res->body, "name=\"password\""));
}

TEST_F(PurchaseTest, FailedOffersTryAgainOnlyWhenItMayWork) {
  backend_.set_branding({"Wi-Fi", "", "#0b5fa5", "0712 000 111"});
  backend_.set_purchase(kKey, failed_purchase(true));
  auto retry = wait(kKey);
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->status, 200);
  EXPECT_TRUE(has(retry->body, "Payment not completed"));
  EXPECT_TRUE(has(retry->body, "You cancelled the payment on your phone."));
  EXPECT_TRUE(has(retry->body, "<a class=\"button\" href=\"/?mac=AA%3ABB%3ACC%3ADD%3AEE%3AFF&amp;"
                               "ip=10.5.50.7&amp;link-login-only="));
  EXPECT_TRUE(has(retry->body, ">Try again</a>"));
  EXPECT_FALSE(has(retry->body, "http-equiv=\"refresh\""));

  backend_.set_purchase(kKey, failed_purchase(false));
  auto final_answer = wait(kKey, router_params(), kSwahili);
  ASSERT_TRUE(final_answer);
  EXPECT_TRUE(has(final_answer->body, "Malipo hayajakamilika"));
  EXPECT_FALSE(has(final_answer->body, "Jaribu tena"));
  EXPECT_TRUE(has(final_answer->body, "<a class=\"button\" href=\"/\">Rudi mwanzo</a>"));
  EXPECT_TRUE(has(final_answer->body, "Piga simu 0712 000 111."));
}

TEST_F(PurchaseTest, NoAnswerFromMpesaOffersTheIPaidForm) {
  PurchaseView unknown = waiting_purchase();
  unknown.stage = PurchaseStage::unknown;
  unknown.message = "M-PESA did not answer. If you paid, enter the receipt below.";
  backend_.set_purchase(kKey, unknown);
  auto res = wait(kKey);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(has(res->body, "M-PESA did not answer. If you paid, enter the receipt below."));
  EXPECT_TRUE(has(res->body, "<form method=\"post\" action=\"/paid\">"));
  EXPECT_TRUE(has(res->body, "name=\"receipt\""));
  EXPECT_TRUE(has(res->body, "name=\"mac\" value=\"AA:BB:CC:DD:EE:FF\""));
  EXPECT_TRUE(has(res->body, ">Refresh</button>"));
  auto sw = wait(kKey, router_params(), kSwahili);
  ASSERT_TRUE(sw);
  EXPECT_TRUE(has(sw->body, "Nimelipa lakini sijaunganishwa"));
}

TEST_F(PurchaseTest, ABadKeyNeverReachesTheBackend) {
  backend_.set_purchase(kKey, waiting_purchase());
  const std::string bad_keys[] = {"",
                                  "short",
                                  std::string(65, 'a'),
                                  "<script>alert(1)</script>xxxxxxxx",
                                  "abc def ghi jkl mno",
                                  "pk_0123456789abcdef\nXYZ",
                                  "pk_0123456789abcdef%00"};
  for (const std::string& key : bad_keys) {
    auto res = wait(key);
    ASSERT_TRUE(res) << key;
    EXPECT_EQ(res->status, 404) << key;
    EXPECT_TRUE(has(res->body, "We could not find this purchase.")) << key;
    EXPECT_TRUE(has(res->body, "href=\"/\"")) << key;
    EXPECT_FALSE(has(res->body, "<script>")) << key;
  }
  auto no_key = client().Get("/buy/wait");
  ASSERT_TRUE(no_key);
  EXPECT_EQ(no_key->status, 404);
  EXPECT_TRUE(backend_.purchase_calls().empty());

  // Well-formed but forged: the backend knows no such purchase.
  auto forged = wait("pk_AAAAAAAAAAAAAAAAAAAA", router_params(), kSwahili);
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 404);
  EXPECT_TRUE(has(forged->body, "Hatukupata ununuzi huu."));
  EXPECT_EQ(backend_.purchase_calls().size(), 1u);
}

TEST_F(PurchaseTest, HostileNamesAndMessagesAreEscaped) {
  PurchaseView evil = failed_purchase(true);
  evil.plan_name = "<script>alert('plan')</script>";
  evil.message = "<img src=x onerror=alert(1)>";
  evil.phone_masked = "\"><b>";
  evil.receipt = "<i>QK</i>";
  for (PurchaseStage stage : {PurchaseStage::waiting, PurchaseStage::failed,
                              PurchaseStage::unknown, PurchaseStage::paid}) {
    evil.stage = stage;
    evil.login = RedeemResult{RedeemOutcome::router_down, active_ticket(), "", ""};
    evil.login->ticket->code = "<u>CODE</u>";
    backend_.set_purchase(kKey, evil);
    auto res = wait(kKey);
    ASSERT_TRUE(res);
    const std::string& page = res->body;
    EXPECT_FALSE(has(page, "<script>alert")) << static_cast<int>(stage);
    EXPECT_FALSE(has(page, "<img")) << static_cast<int>(stage);
    EXPECT_FALSE(has(page, "\"><b>")) << static_cast<int>(stage);
    EXPECT_FALSE(has(page, "<i>QK")) << static_cast<int>(stage);
    EXPECT_FALSE(has(page, "<u>CODE")) << static_cast<int>(stage);
    EXPECT_FALSE(has(res->get_header_value("Set-Cookie"), "CODE")) << static_cast<int>(stage);
  }
}

// --- POST /paid ------------------------------------------------------------------------------

TEST_F(PurchaseTest, IPaidLogsInOnTheTicketLikeAVoucher) {
  backend_.set_claim({RedeemOutcome::logged_in, active_ticket(), "", ""});
  auto res = claim("QK12AB34CD");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "http://example.com/news");
  EXPECT_EQ(res->get_header_value("Set-Cookie"),
            "hs_code=ABCD2345; Path=/; HttpOnly; SameSite=Lax; Max-Age=4800");
  ASSERT_EQ(backend_.claim_calls().size(), 1u);
  EXPECT_EQ(backend_.claim_calls()[0].code, "QK12AB34CD");
  EXPECT_EQ(backend_.claim_calls()[0].device.mac, "AA:BB:CC:DD:EE:FF");
  EXPECT_TRUE(logger_.contains("PORTAL_PAYMENT_CLAIMED"));

  backend_.set_claim({RedeemOutcome::login_by_form, active_ticket(), "ABCD2345", "secret"});
  auto form = claim("0712 345 678");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 200);
  EXPECT_TRUE(has(form->body, "name=\"password\" value=\"secret\""));
  EXPECT_EQ(backend_.claim_calls()[1].code, "0712 345 678");
}

TEST_F(PurchaseTest, IPaidRefusalsAreSentencesAndUnknownPaymentsCountTowardTheLockout) {
  backend_.set_claim({RedeemOutcome::payment_not_settled, std::nullopt, "", ""});
  for (int i = 0; i < 7; ++i) {
    auto res = claim("QK12AB34CD");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << i;
    EXPECT_TRUE(has(res->body, "M-PESA has not confirmed that payment yet.")) << i;
  }
  auto sw = claim("QK12AB34CD", router_params(), kSwahili);
  ASSERT_TRUE(sw);
  EXPECT_TRUE(has(sw->body, "M-PESA bado haijathibitisha malipo hayo."));

  backend_.set_claim({RedeemOutcome::no_payment, std::nullopt, "", ""});
  for (int i = 0; i < 4; ++i) {
    auto res = claim("QK0000000" + std::to_string(i));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << i;
    const std::size_t area = res->body.find("<section id=\"paid\">");
    ASSERT_NE(area, std::string::npos);
    EXPECT_NE(res->body.find("We found no paid M-PESA payment", area), std::string::npos);
    EXPECT_TRUE(has(res->body, "value=\"QK0000000" + std::to_string(i) + "\""));
  }
  // The answer comes first on the page: the form is otherwise at its bottom.
  auto refused = claim("QK00000009");
  ASSERT_TRUE(refused);
  EXPECT_LT(refused->body.find("<section id=\"paid\">"), refused->body.find("action=\"/redeem\""));
  auto locked = claim("QK12AB34CD");
  ASSERT_TRUE(locked);
  EXPECT_EQ(locked->status, 429);
  EXPECT_EQ(locked->get_header_value("Retry-After"), "60");
  EXPECT_EQ(backend_.claim_calls().size(), 13u);  // the locked one never reached the books
  // The same lockout as for voucher codes.
  auto voucher = client().Post("/redeem", httplib::Params{{"code", "ABCD2345"}});
  ASSERT_TRUE(voucher);
  EXPECT_EQ(voucher->status, 429);
}

TEST_F(PurchaseTest, IPaidBoundsItsInput) {
  for (const std::string& typed : {std::string(), std::string(33, 'Q'), std::string(4000, 'Q')}) {
    auto res = claim(typed);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_TRUE(has(res->body, "Type the M-PESA receipt code (like QK12AB34CD)"));
    EXPECT_FALSE(has(res->body, std::string(33, 'Q')));
  }
  EXPECT_TRUE(backend_.claim_calls().empty());
  // Neither a receipt nor a phone number, as the backend sees it: not a voucher sentence.
  backend_.set_claim({RedeemOutcome::malformed, std::nullopt, "", ""});
  auto garbage = claim("??", router_params(), kSwahili);
  ASSERT_TRUE(garbage);
  EXPECT_EQ(garbage->status, 200);
  EXPECT_TRUE(has(garbage->body, "Andika nambari ya risiti ya M-PESA"));
  EXPECT_FALSE(has(garbage->body, "vocha."));
  auto hostile = claim("<script>x</script>");
  ASSERT_TRUE(hostile);
  EXPECT_FALSE(has(hostile->body, "<script>x"));
  EXPECT_TRUE(has(hostile->body, "value=\"&lt;script&gt;x&lt;/script&gt;\""));
}

TEST_F(PurchaseTest, EveryPurchaseAnswerCarriesTheSecurityHeaders) {
  backend_.set_start({PurchaseStartOutcome::started, kKey, 0});
  std::vector<std::pair<std::string, httplib::Result>> answers;
  answers.emplace_back("/buy started", buy("1", "0712345678"));
  answers.emplace_back("/buy refused", buy("x", "0712345678"));
  for (PurchaseStage stage : {PurchaseStage::waiting, PurchaseStage::paid, PurchaseStage::failed,
                              PurchaseStage::unknown}) {
    PurchaseView view = paid_purchase(RedeemOutcome::logged_in);
    view.stage = stage;
    backend_.set_purchase(kKey, view);
    answers.emplace_back("stage " + std::to_string(static_cast<int>(stage)), wait(kKey));
  }
  answers.emplace_back("not found", wait("x"));
  answers.emplace_back("/paid", claim("QK12AB34CD"));
  for (const auto& [name, res] : answers) {
    ASSERT_TRUE(res) << name;
    const std::string csp = res->get_header_value("Content-Security-Policy");
    EXPECT_TRUE(has(csp, "default-src 'none'")) << name;
    EXPECT_TRUE(has(csp, "frame-ancestors 'none'")) << name;
    if (has(csp, "script-src")) {  // only the waiting page runs a script, by its hash
      EXPECT_TRUE(has(csp, "script-src '" + std::string(kWaitReloadScriptHash) + "'")) << name;
    }
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << name;
    EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY") << name;
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store") << name;
  }
}

// --- Sizes -----------------------------------------------------------------------------------

TEST_F(PurchaseTest, EveryPurchasePageStaysUnder30Kilobytes) {
  std::vector<PlanOffer> offers;
  for (int i = 0; i < 30; ++i) {
    PlanOffer offer = i % 2 ? hour_plan() : data_plan();
    offer.id = i + 1;
    offer.name = std::string(60, 'N');
    offers.push_back(offer);
  }
  backend_.set_offers(offers);
  backend_.set_branding({std::string(64, 'W'), std::string(400, 'w'), "#0b5fa5", "0712345678"});
  httplib::Params params = router_params();
  params.erase("link-orig");
  params.emplace("link-orig", "http://connectivitycheck.gstatic.com/generate_204?" +
                                  std::string(200, 'q'));
  params.emplace("chap-id", "\\371");
  params.emplace("chap-challenge", "\\357\\015\\330\\013\\021\\234\\145\\245");

  std::vector<std::pair<std::string, httplib::Result>> pages;
  backend_.set_start({PurchaseStartOutcome::phone_busy, "", 90});
  pages.emplace_back("buy refused", buy("1", std::string(32, '7'), params));
  backend_.set_claim({RedeemOutcome::no_payment, std::nullopt, "", ""});
  pages.emplace_back("paid refused", claim(std::string(32, 'Q'), params));
  PurchaseView view = waiting_purchase();
  view.plan_name = std::string(200, 'P');
  view.message = std::string(300, 'm');
  for (PurchaseStage stage : {PurchaseStage::sending, PurchaseStage::waiting,
                              PurchaseStage::failed, PurchaseStage::unknown}) {
    view.stage = stage;
    backend_.set_purchase(kKey, view);
    pages.emplace_back("stage " + std::to_string(static_cast<int>(stage)), wait(kKey, params));
  }
  for (RedeemOutcome outcome : {RedeemOutcome::logged_in, RedeemOutcome::login_by_form,
                                RedeemOutcome::router_down}) {
    backend_.set_purchase(kKey, paid_purchase(outcome));
    pages.emplace_back("paid " + std::string(outcome_name(outcome)), wait(kKey, params));
  }
  pages.emplace_back("not found", wait("nope", params));
  for (const auto& [name, res] : pages) {
    ASSERT_TRUE(res) << name;
    EXPECT_LT(res->status, 500) << name;
    EXPECT_LT(res->body.size(), 30u * 1024) << name;
    EXPECT_NE(res->body.find("<!DOCTYPE html>"), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace hotspot::portal::testing

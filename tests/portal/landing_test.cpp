// The landing page: plans, languages, the router's fields carried and checked, escaping.

#include <gtest/gtest.h>

#include "tests/portal/fake_backend.h"

namespace hotspot::portal::testing {
namespace {

using LandingTest = PortalTest;

std::string query(const httplib::Params& params) {
  return httplib::detail::params_to_query_str(params);
}

TEST_F(LandingTest, ShowsTheProviderAndEveryPlanInEnglishByDefault) {
  auto res = client().Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(res->body.find("Mama Mboga Wi-Fi"), std::string::npos);
  EXPECT_NE(res->body.find("Fast internet by the market."), std::string::npos);
  EXPECT_NE(res->body.find("Saa Moja"), std::string::npos);
  EXPECT_NE(res->body.find("KES 50"), std::string::npos);
  EXPECT_NE(res->body.find("1 hour"), std::string::npos);
  EXPECT_NE(res->body.find("2 Mbps down / 1 Mbps up"), std::string::npos);
  EXPECT_NE(res->body.find("Data 500"), std::string::npos);
  EXPECT_NE(res->body.find("KES 100"), std::string::npos);
  EXPECT_NE(res->body.find("500 MB"), std::string::npos);
  EXPECT_NE(res->body.find("2 devices"), std::string::npos);
  EXPECT_NE(res->body.find("I have a voucher"), std::string::npos);
  EXPECT_NE(res->body.find("<label for=\"code\">"), std::string::npos);
  EXPECT_NE(res->body.find("action=\"/redeem\""), std::string::npos);
  EXPECT_NE(res->body.find("Paying by M-PESA is not available at this hotspot yet"),
            std::string::npos);
  EXPECT_EQ(res->body.find("action=\"/buy"), std::string::npos);  // M-PESA is off here
  EXPECT_EQ(res->body.find("action=\"/paid\""), std::string::npos);
  EXPECT_NE(res->body.find(">Kiswahili</a>"), std::string::npos);
  EXPECT_NE(res->body.find("name=\"viewport\""), std::string::npos);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
}

TEST_F(LandingTest, SpeaksSwahiliWhenThePhonePrefersIt) {
  auto res = client().Get("/", {{"Accept-Language", "sw-KE,sw;q=0.9,en;q=0.8"}});
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("<html lang=\"sw\">"), std::string::npos);
  EXPECT_NE(res->body.find("Nina vocha"), std::string::npos);
  EXPECT_NE(res->body.find("Nunua kwa M-PESA"), std::string::npos);
  EXPECT_NE(res->body.find("saa 1"), std::string::npos);
  EXPECT_NE(res->body.find("2 Mbps kupakua / 1 Mbps kupakia"), std::string::npos);
  EXPECT_NE(res->body.find("vifaa 2"), std::string::npos);
  EXPECT_NE(res->body.find(">English</a>"), std::string::npos);
  EXPECT_EQ(res->body.find("I have a voucher"), std::string::npos);
}

TEST_F(LandingTest, LanguageSwitchIsRememberedInACookie) {
  auto asked = client().Get("/?lang=sw", {{"Accept-Language", "en"}});
  ASSERT_TRUE(asked);
  EXPECT_NE(asked->body.find("Nina vocha"), std::string::npos);
  EXPECT_NE(asked->get_header_value("Set-Cookie").find("hs_lang=sw; Path=/"), std::string::npos);

  auto by_cookie = client().Get("/", {{"Cookie", "hs_lang=sw"}, {"Accept-Language", "en"}});
  ASSERT_TRUE(by_cookie);
  EXPECT_NE(by_cookie->body.find("Nina vocha"), std::string::npos);

  auto back = client().Get("/?lang=en", {{"Cookie", "hs_lang=sw"}});
  ASSERT_TRUE(back);
  EXPECT_NE(back->body.find("I have a voucher"), std::string::npos);
  EXPECT_NE(back->get_header_value("Set-Cookie").find("hs_lang=en"), std::string::npos);
}

TEST_F(LandingTest, CarriesTheRoutersFieldsInTheFormAndTheLanguageLink) {
  httplib::Params params = router_params();
  params.emplace("chap-id", "\\371");
  params.emplace("chap-challenge", "\\357\\015");
  auto res = client().Get("/?" + query(params));
  ASSERT_TRUE(res);
  // As the router escaped them: the decoded bytes are not text.
  EXPECT_NE(res->body.find("name=\"chap-id\" value=\"\\371\""), std::string::npos);
  EXPECT_NE(res->body.find("name=\"chap-challenge\" value=\"\\357\\015\""), std::string::npos);
  EXPECT_NE(res->body.find("&amp;chap-id=%5C371&amp;chap-challenge=%5C357%5C015\""),
            std::string::npos);
  EXPECT_NE(res->body.find("name=\"mac\" value=\"AA:BB:CC:DD:EE:FF\""), std::string::npos);
  EXPECT_NE(res->body.find("name=\"ip\" value=\"10.5.50.7\""), std::string::npos);
  EXPECT_NE(res->body.find("name=\"link-orig\" value=\"http://example.com/news\""),
            std::string::npos);
  EXPECT_NE(res->body.find("href=\"/?lang=sw&amp;mac=AA%3ABB%3ACC%3ADD%3AEE%3AFF&amp;ip=10.5.50.7"),
            std::string::npos);
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  ASSERT_EQ(backend_.welcome_back_calls().size(), 1u);
  EXPECT_EQ(backend_.welcome_back_calls()[0].mac, "AA:BB:CC:DD:EE:FF");
}

TEST_F(LandingTest, AcceptsTheRoutersFieldsPostedToLogin) {
  auto res = client().Post("/login", router_params());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("name=\"mac\" value=\"AA:BB:CC:DD:EE:FF\""), std::string::npos);
}

TEST_F(LandingTest, EscapesEveryDynamicString) {
  PlanOffer evil = hour_plan();
  evil.name = "<script>alert(\"plan\")</script>' onclick='x";
  backend_.set_offers({evil});
  backend_.set_branding({"Bad \"Name\" <b>", "<img src=x onerror=alert(1)>", "#0b5fa5",
                         "<script>0700</script>"});
  httplib::Params params = router_params();
  params.emplace("error", "<script>alert('router')</script>");
  auto res = client().Get("/?" + query(params));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body.find("<script"), std::string::npos);
  EXPECT_EQ(res->body.find("<img"), std::string::npos);
  EXPECT_EQ(res->body.find("<b>"), std::string::npos);
  EXPECT_EQ(res->body.find("' onclick"), std::string::npos);
  EXPECT_NE(res->body.find("&lt;script&gt;alert(&quot;plan&quot;)&lt;/script&gt;&#39; onclick"),
            std::string::npos);
  EXPECT_NE(res->body.find("The hotspot said: &lt;script&gt;alert(&#39;router&#39;)"),
            std::string::npos);
  EXPECT_NE(res->body.find("Bad &quot;Name&quot; &lt;b&gt;"), std::string::npos);
}

TEST_F(LandingTest, DropsForgedDeviceFields) {
  const httplib::Params forged = {
      {"mac", "AA:BB:CC:DD:EE:FF\"><script>x</script>"},
      {"ip", "10.5.50.7\r\nX-Injected: 1"},
      {"link-login-only", "javascript:alert(1)"},
      {"link-orig", "http://example.com/\r\nSet-Cookie: evil=1"},
      {"chap-id", "\\9999"},
      {"chap-challenge", "\\357"}};
  auto res = client().Get("/?" + query(forged));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body.find("javascript:"), std::string::npos);
  EXPECT_EQ(res->body.find("<script"), std::string::npos);
  EXPECT_EQ(res->body.find("X-Injected"), std::string::npos);
  EXPECT_EQ(res->body.find("evil=1"), std::string::npos);
  EXPECT_EQ(res->body.find("name=\"mac\""), std::string::npos);
  EXPECT_EQ(res->body.find("name=\"chap-id\""), std::string::npos);
  EXPECT_TRUE(backend_.welcome_back_calls().empty());  // no MAC: nobody to welcome back

  backend_.set_redeem({RedeemOutcome::no_device, std::nullopt, "", ""});
  httplib::Params post = forged;
  post.emplace("code", "ABCD2345");
  ASSERT_TRUE(client().Post("/redeem", post));
  ASSERT_EQ(backend_.redeem_calls().size(), 1u);
  const DeviceContext device = backend_.redeem_calls()[0].device;
  EXPECT_EQ(device.mac, "");
  EXPECT_EQ(device.ip, "");
  EXPECT_EQ(device.link_login_only, "");
  EXPECT_EQ(device.link_orig, "");
  EXPECT_EQ(device.chap_id, "");
  EXPECT_EQ(device.client_ip, "127.0.0.1");
}

TEST_F(LandingTest, UsesTheBrandColourOnlyWhenItIsOne) {
  backend_.set_branding({"Wi-Fi", "", "#ffd700", ""});
  auto light = client().Get("/");
  ASSERT_TRUE(light);
  EXPECT_NE(light->body.find("background:#ffd700;color:#111111"), std::string::npos);

  backend_.set_branding({"Wi-Fi", "", "red;}body{display:none", ""});
  auto bad = client().Get("/");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->body.find("display:none"), std::string::npos);
  EXPECT_NE(bad->body.find("background:#0b5fa5;color:#ffffff"), std::string::npos);
}

TEST_F(LandingTest, AReturningPhoneWithATicketGoesStraightOn) {
  RedeemResult back{RedeemOutcome::logged_in, active_ticket(), "", ""};
  backend_.set_welcome_back(back);
  auto res = client().Get("/?" + query(router_params()));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "http://example.com/news");
  EXPECT_NE(res->get_header_value("Set-Cookie").find("hs_code=ABCD2345"), std::string::npos);
  EXPECT_TRUE(logger_.contains("PORTAL_WELCOME_BACK"));
}

TEST_F(LandingTest, ThePhoneIsRememberedForPagesReachedWithoutTheRoutersFields) {
  auto first = client().Get("/?" + query(router_params()));
  ASSERT_TRUE(first);
  std::string device_cookie;
  for (std::size_t i = 0; i < first->get_header_value_count("Set-Cookie"); ++i) {
    const std::string c = first->get_header_value("Set-Cookie", i);
    if (c.rfind("hs_device=", 0) == 0) device_cookie = c.substr(0, c.find(';'));
  }
  ASSERT_FALSE(device_cookie.empty());
  // "Back to the start" after logging out: no router fields, but the cookie.
  auto later = client().Get("/", {{"Cookie", device_cookie}});
  ASSERT_TRUE(later);
  EXPECT_NE(later->body.find("value=\"AA:BB:CC:DD:EE:FF\""), std::string::npos) << later->body;
  // A forged cookie is checked like any field.
  auto forged = client().Get("/", {{"Cookie", "hs_device=<script>/10.5.50.7"}});
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->body.find("<script>"), std::string::npos);
}

TEST_F(LandingTest, WithMpesaEachPlanHasItsOwnPurchaseForm) {
  backend_.set_mpesa_available(true);
  auto res = client().Get("/?" + query(router_params()));
  ASSERT_TRUE(res);
  const std::string& page = res->body;
  EXPECT_NE(page.find("Buy with M-PESA"), std::string::npos);
  EXPECT_EQ(page.find("not available at this hotspot yet"), std::string::npos);
  EXPECT_NE(page.find("<label for=\"phone-1\">M-PESA phone number</label><input id=\"phone-1\""),
            std::string::npos);
  EXPECT_NE(page.find("<label for=\"phone-2\">"), std::string::npos);
  EXPECT_NE(page.find("name=\"plan\" value=\"1\""), std::string::npos);
  EXPECT_NE(page.find(">Pay KES 50</button>"), std::string::npos);
  EXPECT_NE(page.find(">Pay KES 100</button>"), std::string::npos);
  std::size_t forms = 0;
  for (auto pos = page.find("action=\"/buy#buy\""); pos != std::string::npos;
       pos = page.find("action=\"/buy#buy\"", pos + 1)) {
    ++forms;
  }
  EXPECT_EQ(forms, 2u);
}

TEST_F(LandingTest, ShowsTheSupportPhoneWhenSet) {
  backend_.set_branding({"Wi-Fi", "", "#0b5fa5", "0712 345 678"});
  auto res = client().Get("/", {{"Accept-Language", "sw"}});
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("Unahitaji msaada? Piga simu 0712 345 678."), std::string::npos);
}

}  // namespace
}  // namespace hotspot::portal::testing

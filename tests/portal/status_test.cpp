// What a customer sees once online: the status page, logging out, and the RFC 8908 API.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/portal/fake_backend.h"

namespace hotspot::portal::testing {
namespace {

using StatusTest = PortalTest;

TEST_F(StatusTest, ShowsTheTicketNamedByTheCookie) {
  backend_.set_status(active_ticket());
  auto res = client().Get("/status", {{"Cookie", "other=1; hs_code=ABCD2345"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  EXPECT_NE(res->body.find("Saa Moja"), std::string::npos);
  EXPECT_NE(res->body.find("1 h 20 min"), std::string::npos);
  EXPECT_NE(res->body.find("300 MB"), std::string::npos);
  EXPECT_NE(res->body.find("Connected"), std::string::npos);
  EXPECT_NE(res->body.find("action=\"/logout\""), std::string::npos);
  ASSERT_EQ(backend_.status_calls().size(), 1u);
  EXPECT_EQ(backend_.status_calls()[0], "ABCD2345|127.0.0.1");
}

TEST_F(StatusTest, InSwahili) {
  TicketView ticket = active_ticket();
  ticket.online = false;
  ticket.bytes_left.reset();
  backend_.set_status(ticket);
  auto res = client().Get("/status?lang=sw");
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("Muda uliobaki"), std::string::npos);
  EXPECT_NE(res->body.find("saa 1 dak 20"), std::string::npos);
  EXPECT_NE(res->body.find("Hujaunganishwa"), std::string::npos);
  EXPECT_NE(res->body.find("Hakuna kikomo cha data"), std::string::npos);
  EXPECT_NE(res->body.find(">Toka</button>"), std::string::npos);
}

TEST_F(StatusTest, AForgedCookieIsNotPassedOn) {
  auto res = client().Get("/status", {{"Cookie", "hs_code=AB\"<script>"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(backend_.status_calls().size(), 1u);
  EXPECT_EQ(backend_.status_calls()[0], "|127.0.0.1");
}

TEST_F(StatusTest, WithoutATicketOffersAWayOnline) {
  auto res = client().Get("/status");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("We could not find a ticket for this phone."), std::string::npos);
  EXPECT_NE(res->body.find("href=\"/\""), std::string::npos);
}

TEST_F(StatusTest, LogoutEndsTheSessionAndKeepsWhatIsLeft) {
  TicketView ticket = active_ticket();
  ticket.online = false;
  backend_.set_status(ticket);
  auto res = client().Post("/logout", {{"Cookie", "hs_code=ABCD2345"}}, "", "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("You are logged out"), std::string::npos);
  EXPECT_NE(res->body.find("1 h 20 min"), std::string::npos);
  ASSERT_EQ(backend_.logout_calls().size(), 1u);
  EXPECT_EQ(backend_.logout_calls()[0], "ABCD2345|127.0.0.1");
  EXPECT_TRUE(logger_.contains("PORTAL_LOGGED_OUT"));
  EXPECT_EQ(logger_.text().find("ABCD2345"), std::string::npos);
}

TEST_F(StatusTest, CaptiveApiSaysCaptiveWithoutALiveTicket) {
  auto res = client().Get("/api/captive", {{"Host", "portal.hotspot.lan:8080"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/captive+json");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "private, no-store");
  const auto body = nlohmann::json::parse(res->body);
  EXPECT_EQ(body["captive"], true);
  EXPECT_EQ(body["user-portal-url"], "http://portal.hotspot.lan:8080/");
  EXPECT_FALSE(body.contains("seconds-remaining"));
}

TEST_F(StatusTest, CaptiveApiGivesWhatIsLeftOnceOnline) {
  TicketView ticket = active_ticket();
  ticket.bytes_left.reset();
  backend_.set_status(ticket);
  auto res = client().Get("/api/captive", {{"Host", "10.5.50.2"}});
  ASSERT_TRUE(res);
  const auto body = nlohmann::json::parse(res->body);
  EXPECT_EQ(body["captive"], false);
  EXPECT_EQ(body["user-portal-url"], "http://10.5.50.2/");
  EXPECT_EQ(body["seconds-remaining"], 4800);
  EXPECT_FALSE(body.contains("bytes-remaining"));
}

TEST_F(StatusTest, CaptiveApiDoesNotEchoAForgedHost) {
  auto res = client().Get("/api/captive", {{"Host", "evil.com\"/><script>"}});
  ASSERT_TRUE(res);
  const auto body = nlohmann::json::parse(res->body);
  EXPECT_EQ(body["user-portal-url"],
            "http://127.0.0.1:" + std::to_string(server_->port()) + "/");
}

TEST_F(StatusTest, HealthCheck) {
  auto res = client().Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "ok\n");
}

}  // namespace
}  // namespace hotspot::portal::testing

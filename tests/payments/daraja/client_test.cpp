// The Daraja client against a scripted HTTPS peer: the answers the simulator does not give
// (malformed, oddly shaped, lost), and what the client keeps of each exchange.
#include "payments/daraja/client.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/testutils/fake_clock.h"
#include "payments/http/testutils/scripted_https_client.h"

namespace hotspot::payments::daraja {
namespace {

using http::testing::ScriptedHttpsClient;

constexpr const char* kToken = R"({"access_token":"tok-1","expires_in":"3599"})";
constexpr const char* kAccepted =
    R"({"MerchantRequestID":"m-1","CheckoutRequestID":"ws_CO_1","ResponseCode":"0",)"
    R"("ResponseDescription":"Success. Request accepted for processing",)"
    R"("CustomerMessage":"Success. Request accepted for processing"})";
constexpr const char* kInvalidToken =
    R"({"requestId":"r","errorCode":"404.001.03","errorMessage":"Invalid Access Token"})";

DarajaSettings test_settings() {
  DarajaSettings s;
  s.credentials = {"key", "secret", "174379", "passkey-123", ShortcodeType::paybill, ""};
  s.base_url = "https://daraja.test";
  return s;
}

StkPushRequest a_push() {
  return {PhoneNumber{"254708374100"}, Kes{10}, "https://hotspot.example/cb/abc", "HS42", "Wifi"};
}

class ClientTest : public ::testing::Test {
 protected:
  template <class T>
  T run_until_done(std::optional<T>& slot) {
    io_.run_for(std::chrono::seconds(5));  // a watchdog: the scripted client never hangs
    io_.restart();
    EXPECT_TRUE(slot.has_value()) << "the handler was not called";
    return std::move(*slot);
  }
  Result<StkPushResult> push() {
    std::optional<Result<StkPushResult>> got;
    client_.stk_push(a_push(), [&](Result<StkPushResult> r) { got = std::move(r); });
    return run_until_done(got);
  }
  Result<StkQueryResult> query() {
    std::optional<Result<StkQueryResult>> got;
    client_.stk_query("ws_CO_1", [&](Result<StkQueryResult> r) { got = std::move(r); });
    return run_until_done(got);
  }

  boost::asio::io_context io_;
  testing::FakeClock clock_;
  TokenCache tokens_{clock_};
  ScriptedHttpsClient https_{io_.get_executor()};
  DarajaClient client_{io_.get_executor(), https_, test_settings(), tokens_, clock_};
};

TEST_F(ClientTest, APushIsSentWithTheTokenAndItsAnswerKeptWithoutSecrets) {
  https_.answer(200, kToken);
  https_.answer(200, kAccepted);
  auto result = push();
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_TRUE(std::holds_alternative<StkPushAccepted>(result->outcome));
  EXPECT_EQ(std::get<StkPushAccepted>(result->outcome).checkout_request_id, "ws_CO_1");
  ASSERT_EQ(https_.requests().size(), 2u);
  EXPECT_EQ(https_.requests()[0].url,
            "https://daraja.test/oauth/v1/generate?grant_type=client_credentials");
  EXPECT_EQ(https_.requests()[1].headers[0].second, "Bearer tok-1");
  ASSERT_EQ(result->exchanges.size(), 1u);
  const RawExchange& kept = result->exchanges[0];
  EXPECT_EQ(kept.endpoint, "stk_push");
  EXPECT_EQ(kept.http_status, 200);
  EXPECT_EQ(kept.response_body, kAccepted);
  const std::string sent_password =
      nlohmann::json::parse(https_.requests()[1].body)["Password"].get<std::string>();
  EXPECT_EQ(kept.request_body.find(sent_password), std::string::npos);
  EXPECT_EQ(kept.request_body.find("tok-1"), std::string::npos);
  EXPECT_NE(kept.request_body.find("254708374100"), std::string::npos);
}

TEST_F(ClientTest, AnInvalidTokenIsRefreshedAndThePushRetriedOnce) {
  https_.answer(200, kToken);
  https_.answer(404, kInvalidToken);
  https_.answer(200, R"({"access_token":"tok-2","expires_in":"3599"})");
  https_.answer(404, kInvalidToken);
  auto result = push();
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_TRUE(std::holds_alternative<DarajaRefusal>(result->outcome));
  EXPECT_EQ(std::get<DarajaRefusal>(result->outcome).kind, DarajaErrorKind::invalid_token);
  ASSERT_EQ(https_.requests().size(), 4u);  // never a third token or a third push
  EXPECT_EQ(https_.requests()[3].headers[0].second, "Bearer tok-2");
  EXPECT_EQ(result->exchanges.size(), 2u);
  // A second refusal is about the app or the host, not the token: it is kept.
  EXPECT_EQ(tokens_.get(credentials_id(test_settings().credentials)), "tok-2");
}

TEST_F(ClientTest, MalformedPushAnswersAreALostReplyNotARefusal) {
  const char* bodies[] = {"<html>502 Bad Gateway</html>", R"({"ResponseCode":"0"})",
                          R"({"MerchantRequestID":7})", ""};
  https_.answer(200, kToken);
  for (const char* body : bodies) {
    https_.answer(502, body);
    auto result = push();
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_TRUE(std::holds_alternative<ReplyLost>(result->outcome)) << body;
  }
}

TEST_F(ClientTest, AnAnswerThatBrokeAfterTheRequestWasWrittenIsALostReply) {
  https_.answer(200, kToken);
  https_.answer(make_error(Errc::io, "the connection closed after the request was sent"));
  auto result = push();
  ASSERT_TRUE(result.ok());
  ASSERT_TRUE(std::holds_alternative<ReplyLost>(result->outcome));
  EXPECT_EQ(result->exchanges.at(0).http_status, 0);
}

TEST_F(ClientTest, AnUnreachableDarajaIsAnErrorAsNothingWasSent) {
  https_.answer(200, kToken);
  https_.answer(make_error(Errc::unavailable, "connection refused"));
  auto result = push();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::unavailable);
}

TEST_F(ClientTest, BadPushInputIsRefusedBeforeAnythingIsSent) {
  std::optional<Result<StkPushResult>> got;
  StkPushRequest bad = a_push();
  bad.callback_url = "http://not-https.example/cb";
  client_.stk_push(bad, [&](Result<StkPushResult> r) { got = std::move(r); });
  EXPECT_FALSE(got.has_value());  // never inside the call
  auto result = run_until_done(got);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::invalid_argument);
  EXPECT_TRUE(https_.requests().empty());
}

TEST_F(ClientTest, MalformedTokenAnswersSayWhoseFaultItIs) {
  https_.answer(200, R"({"access_token":"","expires_in":"3599"})");
  auto corrupt = push();
  ASSERT_FALSE(corrupt.ok());
  EXPECT_EQ(corrupt.error().code, Errc::corrupt);
  https_.answer(400, R"({"requestId":"r","errorCode":"400.008.01",)"
                     R"("errorMessage":"Invalid Authentication passed"})");
  auto refused = push();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::permission);
  EXPECT_NE(refused.error().message.find("400.008.01"), std::string::npos);
  https_.answer(503, "Service Unavailable");
  auto down = push();
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.error().code, Errc::unavailable);
}

TEST_F(ClientTest, MalformedQueryAnswersAreCorrupt) {
  https_.answer(200, kToken);
  https_.answer(200, R"({"ResponseCode":"0","ResultCode":[]})");
  auto result = query();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::corrupt);
}

TEST_F(ClientTest, ConcurrentCallersShareOneTokenRequest) {
  https_.answer(200, kToken);
  int answered = 0;
  for (int i = 0; i < 3; ++i) {
    client_.access_token([&](Result<TokenResult> r) {
      EXPECT_TRUE(r.ok() && r->access_token == "tok-1");
      ++answered;
    });
  }
  io_.run_for(std::chrono::seconds(5));
  EXPECT_EQ(answered, 3);
  EXPECT_EQ(https_.requests().size(), 1u);
}

TEST(RedactRequestBody, ThePasswordIsHiddenAndTheRestKept) {
  const std::string kept =
      redact_request_body(R"({"Password":"c2VjcmV0","Timestamp":"20260101120000"})");
  EXPECT_EQ(kept.find("c2VjcmV0"), std::string::npos);
  EXPECT_NE(kept.find("20260101120000"), std::string::npos);
}

}  // namespace
}  // namespace hotspot::payments::daraja

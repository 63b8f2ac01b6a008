// DarajaSim without IO: requests in, answers and planned callbacks out, on a fake clock.
#include "payments/sim/daraja_sim.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/testutils/fake_clock.h"

namespace hotspot::payments::sim {
namespace {

using http::ServerRequest;
using nlohmann::json;

// base64("hotspot-sim-consumer-key:hotspot-sim-consumer-secret")
constexpr const char* kBasic =
    "Basic aG90c3BvdC1zaW0tY29uc3VtZXIta2V5OmhvdHNwb3Qtc2ltLWNvbnN1bWVyLXNlY3JldA==";

class DarajaSimTest : public ::testing::Test {
 protected:
  DarajaSimTest() : sim_(options(), clock_) {}
  static SimOptions options() {
    SimOptions options;
    options.callback_delay = std::chrono::seconds(2);
    options.late_callback_after = std::chrono::seconds(10);
    return options;
  }

  SimReply token_request(const std::string& authorization,
                         const std::string& query = "grant_type=client_credentials") {
    return sim_.handle(
        {"GET", "/oauth/v1/generate?" + query, {{"Authorization", authorization}}, ""});
  }
  std::string token() {
    SimReply reply = token_request(kBasic);
    EXPECT_EQ(reply.response.status, 200) << reply.response.body;
    return json::parse(reply.response.body).value("access_token", "");
  }
  json signed_body(json body) {
    const Merchant merchant;
    body["BusinessShortCode"] = merchant.shortcode;
    body["Timestamp"] = "20260101120000";
    body["Password"] = stk_password(merchant.shortcode, merchant.passkey, "20260101120000");
    return body;
  }
  SimReply push(const std::string& phone, const std::string& bearer) {
    json body = signed_body({{"TransactionType", "CustomerPayBillOnline"},
                             {"Amount", 20},
                             {"PartyA", phone},
                             {"PartyB", "174379"},
                             {"PhoneNumber", phone},
                             {"CallBackURL", "https://relay.example/cb"},
                             {"AccountReference", "HS1"},
                             {"TransactionDesc", "Wi-Fi"}});
    return sim_.handle(
        {"POST",
         "/mpesa/stkpush/v1/processrequest",
         {{"Authorization", "Bearer " + bearer}, {"Content-Type", "application/json"}},
         body.dump()});
  }
  SimReply query(const std::string& checkout_id, const std::string& bearer) {
    json body = signed_body({{"CheckoutRequestID", checkout_id}});
    return sim_.handle(
        {"POST",
         "/mpesa/stkpushquery/v1/query",
         {{"Authorization", "Bearer " + bearer}, {"Content-Type", "application/json"}},
         body.dump()});
  }
  static json body_of(const SimReply& reply) { return json::parse(reply.response.body); }

  testing::FakeClock clock_;
  DarajaSim sim_;
};

TEST_F(DarajaSimTest, OAuthGivesATokenWithExpiresInAsAString) {
  SimReply reply = token_request(kBasic);
  ASSERT_EQ(reply.response.status, 200);
  json body = body_of(reply);
  EXPECT_EQ(body["expires_in"], "3599");
  EXPECT_EQ(body["access_token"].get<std::string>().size(), 28u);
}

TEST_F(DarajaSimTest, OAuthRefusesWrongCredentialsNonBasicAndWrongGrantType) {
  EXPECT_EQ(body_of(token_request("Basic d3Jvbmc6d3Jvbmc="))["errorCode"], "400.008.01");
  EXPECT_EQ(body_of(token_request("Bearer x"))["errorCode"], "400.008.01");
  EXPECT_EQ(body_of(token_request(kBasic, "grant_type=password"))["errorCode"], "400.008.02");
  EXPECT_EQ(token_request(kBasic, "grant_type=password").response.status, 400);
}

TEST_F(DarajaSimTest, ATokenExpiresOnTheClockAndANewOneReplacesTheOld) {
  const std::string first = token();
  EXPECT_EQ(push("254708374100", first).response.status, 200);
  const std::string second = token();
  SimReply stale = push("254708374200", first);
  EXPECT_EQ(stale.response.status, 404);
  EXPECT_EQ(body_of(stale)["errorCode"], "404.001.03");
  clock_.advance(std::chrono::seconds(3600));
  EXPECT_EQ(body_of(push("254708374300", second))["errorCode"], "404.001.03");
  EXPECT_EQ(push("254708374300", token()).response.status, 200);
}

TEST_F(DarajaSimTest, ASuccessfulPushIsAcceptedThenCalledBackWithAReceipt) {
  SimReply reply = push("254708374100", token());
  ASSERT_EQ(reply.response.status, 200) << reply.response.body;
  json accepted = body_of(reply);
  EXPECT_EQ(accepted["ResponseCode"], "0");
  EXPECT_EQ(accepted["CheckoutRequestID"].get<std::string>().rfind("ws_CO_", 0), 0u);
  ASSERT_EQ(reply.callbacks.size(), 1u);
  EXPECT_EQ(reply.callbacks[0].url, "https://relay.example/cb");
  EXPECT_EQ(reply.callbacks[0].delay, std::chrono::seconds(2));
  json callback = json::parse(reply.callbacks[0].body)["Body"]["stkCallback"];
  EXPECT_EQ(callback["ResultCode"], 0);
  EXPECT_EQ(callback["CheckoutRequestID"], accepted["CheckoutRequestID"]);
  const json& items = callback["CallbackMetadata"]["Item"];
  EXPECT_EQ(items[0]["Name"], "Amount");
  EXPECT_EQ(items[0]["Value"], 20.0);
  EXPECT_EQ(items[1]["Value"].get<std::string>().size(), 10u);
  EXPECT_FALSE(items[2].contains("Value"));  // Balance, as Daraja sends it
  EXPECT_EQ(items[4]["Value"], 254708374100LL);
}

TEST_F(DarajaSimTest, TheQueryIsPendingUntilTheCustomerAnswers) {
  const std::string bearer = token();
  const std::string id = body_of(push("254708374132", bearer))["CheckoutRequestID"];
  SimReply pending = query(id, bearer);
  EXPECT_EQ(pending.response.status, 500);
  EXPECT_EQ(body_of(pending)["errorCode"], "500.001.1001");
  EXPECT_EQ(body_of(pending)["errorMessage"], "The transaction is being processed");
  clock_.advance(std::chrono::seconds(2));
  SimReply settled = query(id, bearer);
  ASSERT_EQ(settled.response.status, 200);
  EXPECT_EQ(body_of(settled)["ResultCode"], "1032");  // a string here, a number in the callback
  EXPECT_EQ(body_of(settled)["ResponseCode"], "0");
}

TEST_F(DarajaSimTest, EachPhoneEndingGivesItsResultCode) {
  const std::pair<const char*, int> table[] = {{"254708374100", 0},    {"254708374132", 1032},
                                               {"254708374137", 1037}, {"254708374101", 2001},
                                               {"254708374111", 1},    {"254708374199", 0}};
  const std::string bearer = token();
  for (const auto& [phone, code] : table) {
    SimReply reply = push(phone, bearer);
    ASSERT_EQ(reply.callbacks.size(), 1u) << phone;
    json callback = json::parse(reply.callbacks[0].body)["Body"]["stkCallback"];
    EXPECT_EQ(callback["ResultCode"], code) << phone;
    EXPECT_EQ(callback.contains("CallbackMetadata"), code == 0) << phone;
  }
}

TEST_F(DarajaSimTest, CallbacksLostDuplicatedAndLate) {
  const std::string bearer = token();
  EXPECT_TRUE(push("254708374140", bearer).callbacks.empty());
  SimReply duplicated = push("254708374141", bearer);
  ASSERT_EQ(duplicated.callbacks.size(), 2u);
  EXPECT_EQ(duplicated.callbacks[0].body, duplicated.callbacks[1].body);
  SimReply late = push("254708374142", bearer);
  ASSERT_EQ(late.callbacks.size(), 1u);
  EXPECT_EQ(late.callbacks[0].delay, std::chrono::seconds(12));
}

TEST_F(DarajaSimTest, AQueryPendingPushSaysProcessingTwiceMoreAfterSettling) {
  const std::string bearer = token();
  const std::string id = body_of(push("254708374143", bearer))["CheckoutRequestID"];
  clock_.advance(std::chrono::seconds(5));
  EXPECT_EQ(query(id, bearer).response.status, 500);
  EXPECT_EQ(query(id, bearer).response.status, 500);
  SimReply settled = query(id, bearer);
  ASSERT_EQ(settled.response.status, 200);
  EXPECT_EQ(body_of(settled)["ResultCode"], "0");
}

TEST_F(DarajaSimTest, SynchronousFaultsRefuseThePush) {
  const std::string bearer = token();
  SimReply failed = push("254708374150", bearer);
  EXPECT_EQ(failed.response.status, 500);
  EXPECT_EQ(body_of(failed)["errorCode"], "500.003.1001");
  EXPECT_TRUE(failed.callbacks.empty());
  SimReply spike = push("254708374152", bearer);
  EXPECT_EQ(body_of(spike)["errorCode"], "500.003.02");
  EXPECT_EQ(body_of(spike)["errorMessage"], "Error Occurred: Spike Arrest Violation");
  SimReply expired = push("254708374151", bearer);
  EXPECT_EQ(body_of(expired)["errorCode"], "404.001.03");
  EXPECT_EQ(body_of(push("254708374100", bearer))["errorCode"], "404.001.03")
      << "the token was dropped";
}

TEST_F(DarajaSimTest, ASecondPushToABusyCustomerIsRefused) {
  const std::string bearer = token();
  EXPECT_EQ(push("254708374100", bearer).response.status, 200);
  SimReply busy = push("254708374100", bearer);
  EXPECT_EQ(body_of(busy)["errorCode"], "500.001.1001");
  EXPECT_NE(body_of(busy)["errorMessage"].get<std::string>().find("Unable to lock subscriber"),
            std::string::npos);
  clock_.advance(std::chrono::seconds(2));
  EXPECT_EQ(push("254708374100", bearer).response.status, 200);
}

TEST_F(DarajaSimTest, TheControlEndpointChoosesTheNextOutcome) {
  const std::string bearer = token();
  SimReply set =
      sim_.handle({"POST", "/sim/next", {}, R"({"outcome":"cancelled","phone":"254708374100"})"});
  ASSERT_EQ(set.response.status, 200) << set.response.body;
  sim_.handle({"POST", "/sim/next", {}, R"({"outcome":"spike_arrest"})"});
  EXPECT_EQ(body_of(push("254708374199", bearer))["errorCode"], "500.003.02");
  SimReply cancelled = push("254708374100", bearer);
  ASSERT_EQ(cancelled.callbacks.size(), 1u);
  EXPECT_EQ(json::parse(cancelled.callbacks[0].body)["Body"]["stkCallback"]["ResultCode"], 1032);
  EXPECT_EQ(sim_.handle({"POST", "/sim/next", {}, R"({"outcome":"nope"})"}).response.status, 400);
}

TEST_F(DarajaSimTest, TheControlClockExpiresTokens) {
  const std::string bearer = token();
  ASSERT_EQ(sim_.handle({"POST", "/sim/clock", {}, R"({"advance_seconds":3600})"}).response.status,
            200);
  EXPECT_EQ(body_of(push("254708374100", bearer))["errorCode"], "404.001.03");
}

TEST_F(DarajaSimTest, WrongPathsMethodsAndContentTypes) {
  EXPECT_EQ(body_of(sim_.handle({"GET", "/nowhere", {}, ""}))["errorCode"], "404.001.01");
  EXPECT_EQ(body_of(sim_.handle({"GET", "/mpesa/stkpush/v1/processrequest", {}, ""}))["errorCode"],
            "405.001");
  const std::string bearer = token();
  SimReply text =
      sim_.handle({"POST",
                   "/mpesa/stkpush/v1/processrequest",
                   {{"Authorization", "Bearer " + bearer}, {"Content-Type", "text/plain"}},
                   "{}"});
  EXPECT_EQ(body_of(text)["errorMessage"], "Bad Request - Invalid BusinessShortCode");
}

TEST_F(DarajaSimTest, TheSameAmountToTheSameCustomerWithinTwoMinutesIsRuleLimited) {
  const std::string bearer = token();
  ASSERT_EQ(push("254708374100", bearer).response.status, 200);
  clock_.advance(std::chrono::seconds(60));  // settled, so no lock, but within two minutes
  SimReply again = push("254708374100", bearer);
  ASSERT_EQ(again.response.status, 200) << "accepted, then refused in the callback";
  ASSERT_EQ(again.callbacks.size(), 1u);
  EXPECT_EQ(json::parse(again.callbacks[0].body)["Body"]["stkCallback"]["ResultCode"], 17);
  clock_.advance(std::chrono::seconds(61));
  SimReply later = push("254708374100", bearer);
  ASSERT_EQ(later.callbacks.size(), 1u);
  EXPECT_EQ(json::parse(later.callbacks[0].body)["Body"]["stkCallback"]["ResultCode"], 0);
}

TEST_F(DarajaSimTest, FaultsForTheNextQueryAndTheNextTokenRequest) {
  const std::string bearer = token();
  const std::string id = body_of(push("254708374100", bearer))["CheckoutRequestID"];
  clock_.advance(std::chrono::seconds(5));
  SimReply set =
      sim_.handle({"POST", "/sim/next", {}, R"({"outcome":"spike_arrest","endpoint":"query"})"});
  ASSERT_EQ(set.response.status, 200) << set.response.body;
  EXPECT_EQ(body_of(query(id, bearer))["errorCode"], "500.003.02");
  EXPECT_EQ(query(id, bearer).response.status, 200) << "only the next one";

  sim_.handle({"POST", "/sim/next", {}, R"({"outcome":"http_500","endpoint":"oauth"})"});
  SimReply failed = token_request(kBasic);
  EXPECT_EQ(failed.response.status, 500);
  EXPECT_EQ(body_of(failed)["errorCode"], "500.003.1001");
  EXPECT_EQ(token_request(kBasic).response.status, 200);

  EXPECT_EQ(sim_.handle({"POST", "/sim/next", {}, R"({"outcome":"cancelled","endpoint":"query"})"})
                .response.status,
            400);
  EXPECT_EQ(
      sim_.handle({"POST", "/sim/next", {}, R"({"outcome":"token_expired","endpoint":"oauth"})"})
          .response.status,
      400);
  EXPECT_EQ(sim_.handle({"POST", "/sim/next", {}, R"({"outcome":"success","endpoint":"c2b"})"})
                .response.status,
            400);
}

TEST_F(DarajaSimTest, PushesAreForgottenAfterADay) {
  const std::string bearer = token();
  const std::string id = body_of(push("254708374100", bearer))["CheckoutRequestID"];
  clock_.advance(std::chrono::hours(25));
  const std::string fresh = token();
  ASSERT_EQ(push("254708374199", fresh).response.status, 200);
  EXPECT_EQ(body_of(query(id, fresh))["errorMessage"], "Bad Request - Invalid CheckoutRequestID");
}

}  // namespace
}  // namespace hotspot::payments::sim

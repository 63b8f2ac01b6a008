#include "payments/daraja/responses.h"

#include <gtest/gtest.h>

#include <string>

namespace hotspot::payments::daraja {
namespace {

// Bodies follow the field lists and example values of reference/mpesa-pesapal.md 1, 2.2, 2.3, 4.

TEST(OAuthAnswer, AcceptsExpiresInAsStringOrNumber) {
  for (const char* body :
       {R"({"access_token":"c9SQxWWhmdVRlyh0zh8gZDTkubVF","expires_in":"3599"})",
        R"({"access_token":"c9SQxWWhmdVRlyh0zh8gZDTkubVF","expires_in":3599})"}) {
    auto t = parse_oauth_answer(body);
    ASSERT_TRUE(t.ok()) << body << ": " << t.error().message;
    EXPECT_EQ(t->access_token, "c9SQxWWhmdVRlyh0zh8gZDTkubVF");
    EXPECT_EQ(t->expires_in, Seconds(3599));
  }
}

TEST(OAuthAnswer, RefusesBadBodies) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "not JSON"},
      {"<html>", "not JSON"},
      {"\"token\"", "not a JSON object"},
      {R"({"expires_in":"3599"})", "access_token"},
      {R"({"access_token":"","expires_in":"3599"})", "access_token"},
      {R"({"access_token":"a b","expires_in":"3599"})", "access_token"},
      {R"({"access_token":42,"expires_in":"3599"})", "access_token"},
      {R"({"access_token":"t"})", "expires_in"},
      {R"({"access_token":"t","expires_in":"0"})", "expires_in"},
      {R"({"access_token":"t","expires_in":"-1"})", "expires_in"},
      {R"({"access_token":"t","expires_in":"3599s"})", "expires_in"},
      {R"({"access_token":"t","expires_in":3599.5})", "expires_in"},
      {R"({"access_token":"t","expires_in":99999999999999999999})", "expires_in"},
      {R"({"access_token":"t","expires_in":null})", "expires_in"},
      {R"({"requestId":"1-2","errorCode":"400.008.02","errorMessage":"Invalid grant type"})",
       "400.008.02"},
      {std::string(65 * 1024, ' '), "64 KiB"},
  };
  for (const auto& [body, field] : cases) {
    auto t = parse_oauth_answer(body);
    ASSERT_FALSE(t.ok()) << body.substr(0, 80);
    EXPECT_NE(t.error().message.find(field), std::string::npos) << t.error().message;
  }
}

TEST(StkPushAnswer, ReadsTheAcceptance) {
  auto a = parse_stk_push_answer(R"({"MerchantRequestID":"29115-34620561-1",
      "CheckoutRequestID":"ws_CO_191220191020363925","ResponseCode":"0",
      "ResponseDescription":"Success. Request accepted for processing",
      "CustomerMessage":"Success. Request accepted for processing"})");
  ASSERT_TRUE(a.ok()) << a.error().message;
  auto* ok = std::get_if<StkPushAccepted>(&*a);
  ASSERT_NE(ok, nullptr);
  EXPECT_EQ(ok->merchant_request_id, "29115-34620561-1");
  EXPECT_EQ(ok->checkout_request_id, "ws_CO_191220191020363925");
  EXPECT_EQ(ok->customer_message, "Success. Request accepted for processing");
}

TEST(StkPushAnswer, ReadsRefusals) {
  const std::pair<const char*, DarajaError> cases[] = {
      {R"({"requestId":"11728-2929992-1","errorCode":"400.002.02",
           "errorMessage":"Bad Request - Invalid PhoneNumber"})",
       {"11728-2929992-1", "400.002.02", "Bad Request - Invalid PhoneNumber"}},
      {R"({"requestId":"r","errorCode":"404.001.03","errorMessage":"Invalid Access Token"})",
       {"r", "404.001.03", "Invalid Access Token"}},
      {R"({"errorCode":"500.003.02","errorMessage":"Error Occurred: Spike Arrest Violation"})",
       {"", "500.003.02", "Error Occurred: Spike Arrest Violation"}},
      {R"({"ResponseCode":"1","ResponseDescription":"Rejected"})", {"", "1", "Rejected"}},
      {R"({"ResponseCode":1,"ResponseDescription":"Rejected"})", {"", "1", "Rejected"}},
  };
  for (const auto& [body, expected] : cases) {
    auto a = parse_stk_push_answer(body);
    ASSERT_TRUE(a.ok()) << body << ": " << a.error().message;
    auto* e = std::get_if<DarajaError>(&*a);
    ASSERT_NE(e, nullptr) << body;
    EXPECT_EQ(*e, expected);
  }
}

TEST(StkPushAnswer, RefusesBadBodies) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "not JSON"},
      {"[]", "not a JSON object"},
      {R"({"CheckoutRequestID":"ws_CO_1","ResponseCode":"0"})", "MerchantRequestID"},
      {R"({"MerchantRequestID":"m","ResponseCode":"0"})", "CheckoutRequestID"},
      {R"({"MerchantRequestID":"m","CheckoutRequestID":"c"})", "ResponseCode"},
      {R"({"MerchantRequestID":"m","CheckoutRequestID":"c","ResponseCode":false})", "ResponseCode"},
      {R"({"errorCode":7,"errorMessage":"x"})", "errorCode"},
      {R"({"errorCode":"","errorMessage":"x"})", "errorCode"},
      {R"({"errorCode":"500.003.02","requestId":["x"]})", "requestId"},
  };
  for (const auto& [body, field] : cases) {
    auto a = parse_stk_push_answer(body);
    ASSERT_FALSE(a.ok()) << body;
    EXPECT_EQ(a.error().code, Errc::invalid_argument);
    EXPECT_NE(a.error().message.find(field), std::string::npos) << a.error().message;
  }
}

TEST(StkQueryAnswer, ReadsSettledAnswers) {
  const std::pair<const char*, std::string> cases[] = {
      {R"({"ResponseCode":"0",
           "ResponseDescription":"The service request has been accepted successfully",
           "MerchantRequestID":"22205-34066-1","CheckoutRequestID":"ws_CO_13012021093521236557",
           "ResultCode":"0","ResultDesc":"The service request is processed successfully."})",
       "0"},
      {R"({"ResponseCode":"0","MerchantRequestID":"m","CheckoutRequestID":"c",
           "ResultCode":"1032","ResultDesc":"Request cancelled by user"})",
       "1032"},
      {R"({"ResponseCode":0,"MerchantRequestID":"m","CheckoutRequestID":"c",
           "ResultCode":1037,"ResultDesc":"DS timeout user cannot be reached"})",
       "1037"},
  };
  for (const auto& [body, code] : cases) {
    auto a = parse_stk_query_answer(body);
    ASSERT_TRUE(a.ok()) << body << ": " << a.error().message;
    auto* s = std::get_if<StkQuerySettled>(&*a);
    ASSERT_NE(s, nullptr) << body;
    EXPECT_EQ(s->result_code, code);
  }
}

TEST(StkQueryAnswer, BeingProcessedIsPendingNotFailure) {
  auto a = parse_stk_query_answer(R"({"requestId":"r","errorCode":"500.001.1001",
      "errorMessage":"The transaction is being processed"})");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(std::holds_alternative<StkQueryStillProcessing>(*a));
  auto other = parse_stk_query_answer(
      R"({"requestId":"r","errorCode":"500.003.03","errorMessage":"Quota Violation"})");
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(std::holds_alternative<DarajaError>(*other));
  EXPECT_EQ(std::get<DarajaError>(*other).error_code, "500.003.03");
}

TEST(StkQueryAnswer, RefusesBadBodies) {
  const std::pair<const char*, const char*> cases[] = {
      {"{", "not JSON"},
      {R"({"ResponseCode":"0","MerchantRequestID":"m","CheckoutRequestID":"c"})", "ResultCode"},
      {R"({"ResponseCode":"0","MerchantRequestID":"m","ResultCode":"0"})", "CheckoutRequestID"},
      {R"({"ResponseCode":"0","MerchantRequestID":"m","CheckoutRequestID":"c","ResultCode":{}})",
       "ResultCode"},
      {R"({"MerchantRequestID":"m","CheckoutRequestID":"c","ResultCode":"0"})", "ResponseCode"},
  };
  for (const auto& [body, field] : cases) {
    auto a = parse_stk_query_answer(body);
    ASSERT_FALSE(a.ok()) << body;
    EXPECT_NE(a.error().message.find(field), std::string::npos) << a.error().message;
  }
}

TEST(ClassifyDarajaError, BranchesOnTheMessageWhereTheCodeIsOverloaded) {
  using K = DarajaErrorKind;
  const std::pair<DarajaError, K> cases[] = {
      {{"", "404.001.03", "Invalid Access Token"}, K::invalid_token},
      {{"", "400.003.01", "Invalid Access Token"}, K::invalid_token},
      {{"", "400.002.02", "Bad Request - Invalid Amount"}, K::bad_request},
      {{"", "404.001.01", "Resource not found"}, K::merchant_config},
      {{"", "404.001.04", "Invalid Authentication Header"}, K::merchant_config},
      {{"", "405.001", "Method Not Allowed"}, K::merchant_config},
      {{"", "400.008.01", "Invalid Authentication passed"}, K::merchant_config},
      {{"", "500.001.1001", "Merchant does not exist"}, K::merchant_config},
      {{"", "500.001.1001", "Wrong credentials"}, K::merchant_config},
      {{"", "500.001.1001",
        "Unable to lock subscriber, a transaction is already in process for the current "
        "subscriber"},
       K::subscriber_locked},
      {{"", "500.001.1001", "The transaction is being processed"}, K::still_processing},
      {{"", "500.001.1001", ""}, K::server_error},
      {{"", "500.003.02", "System is busy. Please try again in few minutes"}, K::throttled},
      {{"", "500.003.02", "Error Occurred: Spike Arrest Violation"}, K::throttled},
      {{"", "500.003.03", "Quota Violation"}, K::throttled},
      {{"", "500.003.1001", "Internal Server Error"}, K::server_error},
      {{"", "1", "Rejected"}, K::server_error},
  };
  for (const auto& [e, kind] : cases) {
    EXPECT_EQ(classify_daraja_error(e), kind) << e.error_code << " " << e.error_message << " -> "
                                              << daraja_error_kind_name(classify_daraja_error(e));
  }
}

}  // namespace
}  // namespace hotspot::payments::daraja

#include "payments/daraja/callback.h"

#include <gtest/gtest.h>

#include <string>

namespace hotspot::payments::daraja {
namespace {

// Built from the field list and example values of reference/mpesa-pesapal.md 3.1 (the reference
// copies no payload verbatim): ResultCode a number, Amount a decimal, Balance without a Value,
// TransactionDate and PhoneNumber numbers.
const std::string kSuccess = R"({"Body":{"stkCallback":{
  "MerchantRequestID":"29115-34620561-1",
  "CheckoutRequestID":"ws_CO_191220191020363925",
  "ResultCode":0,
  "ResultDesc":"The service request is processed successfully.",
  "CallbackMetadata":{"Item":[
    {"Name":"Amount","Value":1.00},
    {"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},
    {"Name":"Balance"},
    {"Name":"TransactionDate","Value":20191219102115},
    {"Name":"PhoneNumber","Value":254708374149}]}}}})";

const std::string kCancelled = R"({"Body":{"stkCallback":{
  "MerchantRequestID":"29115-34620561-1",
  "CheckoutRequestID":"ws_CO_191220191020363925",
  "ResultCode":1032,
  "ResultDesc":"[STK_CB - ]Request cancelled by user"}}})";

// kSuccess with `from` replaced by `to` (the first occurrence, which must exist).
std::string spoil(const std::string& from, const std::string& to) {
  std::string s = kSuccess;
  const auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

TEST(StkCallback, ReadsTheDocumentedSuccess) {
  auto cb = parse_stk_callback(kSuccess);
  ASSERT_TRUE(cb.ok()) << cb.error().message;
  EXPECT_EQ(cb->merchant_request_id, "29115-34620561-1");
  EXPECT_EQ(cb->checkout_request_id, "ws_CO_191220191020363925");
  EXPECT_EQ(cb->result_code, "0");
  ASSERT_TRUE(cb->paid());
  EXPECT_EQ(cb->payment->amount, Kes{1});
  EXPECT_EQ(cb->payment->receipt, "NLJ7RT61SV");
  EXPECT_EQ(cb->payment->transaction_date, "20191219102115");
  EXPECT_EQ(cb->payment->phone.msisdn, "254708374149");
}

TEST(StkCallback, ReadsTheDocumentedFailure) {
  auto cb = parse_stk_callback(kCancelled);
  ASSERT_TRUE(cb.ok()) << cb.error().message;
  EXPECT_EQ(cb->result_code, "1032");
  EXPECT_EQ(cb->result_desc, "[STK_CB - ]Request cancelled by user");
  EXPECT_FALSE(cb->paid());
}

TEST(StkCallback, ToleratesStringsWhereTypesAreUnconfirmed) {
  const std::pair<std::string, std::string> cases[] = {
      {"\"ResultCode\":0", "\"ResultCode\":\"0\""},
      {"1.00}", "\"1\"}"},
      {"1.00}", "\"1.00\"}"},
      {"1.00}", "1}"},
      {"20191219102115}", "\"20191219102115\"}"},
      {"254708374149}", "\"254708374149\"}"},
      {",\n    {\"Name\":\"TransactionDate\",\"Value\":20191219102115}", ""},  // optional
      {"{\"Name\":\"Balance\"}", "{\"Name\":\"Balance\",\"Value\":32009.9}"},
      {"{\"Name\":\"Balance\"}", "{\"Name\":\"Something new\",\"Value\":[1,2]}"},
  };
  for (const auto& [from, to] : cases) {
    auto cb = parse_stk_callback(spoil(from, to));
    ASSERT_TRUE(cb.ok()) << to << ": " << cb.error().message;
    EXPECT_EQ(cb->payment->amount, Kes{1});
    EXPECT_EQ(cb->payment->phone.msisdn, "254708374149");
  }
  auto big = parse_stk_callback(spoil("1.00}", "10500.00}"));
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->payment->amount, Kes{10500});
}

struct Bad {
  std::string body;
  std::string field;  // the message must name it
};

TEST(StkCallback, RefusesEveryBadInputWithAClearError) {
  const Bad cases[] = {
      {"", "STK callback"},
      {"not json", "STK callback"},
      {"[1,2]", "STK callback"},
      {"{\"Body\":{\"stkCallback\":", "STK callback"},
      {std::string(70 * 1024, ' ') + "{}", "64 KiB"},
      {"{}", "Body"},
      {"{\"Body\":[]}", "Body"},
      {"{\"Body\":{}}", "Body.stkCallback"},
      {"{\"Body\":{\"stkCallback\":\"x\"}}", "Body.stkCallback"},
      {spoil("\"CheckoutRequestID\":\"ws_CO_191220191020363925\",", ""), "CheckoutRequestID"},
      {spoil("\"ws_CO_191220191020363925\"", "12345"), "CheckoutRequestID"},
      {spoil("\"ws_CO_191220191020363925\"", "\"ws CO\""), "CheckoutRequestID"},
      {spoil("\"ws_CO_191220191020363925\"", "\"" + std::string(65, 'w') + "\""),
       "CheckoutRequestID"},
      {spoil("\"29115-34620561-1\"", "null"), "MerchantRequestID"},
      {spoil("\"ResultCode\":0", "\"ResultCode\":0.5"), "ResultCode"},
      {spoil("\"ResultCode\":0", "\"ResultCode\":[]"), "ResultCode"},
      {spoil("\"ResultCode\":0,", ""), "ResultCode"},
      {spoil(",\n  \"CallbackMetadata\"", ",\"X\""), "CallbackMetadata"},
      {spoil("{\"Item\":[", "{\"Items\":["), "CallbackMetadata.Item"},
      {spoil("1.00}", "1.50}"), "Amount"},
      {spoil("1.00}", "0}"), "Amount"},
      {spoil("1.00}", "-5}"), "Amount"},
      {spoil("1.00}", "250001}"), "Amount"},
      {spoil("1.00}", "1e300}"), "Amount"},
      {spoil("1.00}", "\"1.5\"}"), "Amount"},
      {spoil("1.00}", "\"KES 1\"}"), "Amount"},
      {spoil("1.00}", "true}"), "Amount"},
      {spoil("{\"Name\":\"Amount\",\"Value\":1.00},", ""), "Amount"},
      {spoil("{\"Name\":\"Amount\",\"Value\":1.00}", "{\"Name\":\"Amount\"}"), "Amount"},
      {spoil("{\"Name\":\"Balance\"}", "{\"Name\":\"Amount\",\"Value\":1}"), "twice"},
      {spoil("\"NLJ7RT61SV\"", "\"nlj7rt61sv\""), "MpesaReceiptNumber"},
      {spoil("\"NLJ7RT61SV\"", "\"NLJ7RT61S\""), "MpesaReceiptNumber"},
      {spoil("\"NLJ7RT61SV\"", "\"NLJ7RT61SV1\""), "MpesaReceiptNumber"},
      {spoil("\"NLJ7RT61SV\"", "\"NLJ7RT;1SV\""), "MpesaReceiptNumber"},
      {spoil("\"NLJ7RT61SV\"", "1234567890"), "MpesaReceiptNumber"},
      {spoil("{\"Name\":\"MpesaReceiptNumber\",\"Value\":\"NLJ7RT61SV\"},", ""),
       "MpesaReceiptNumber"},
      {spoil("254708374149}", "255708374149}"), "PhoneNumber"},
      {spoil("254708374149}", "\"0708374149x\"}"), "PhoneNumber"},
      {spoil("254708374149}", "-254708374149}"), "PhoneNumber"},
      {spoil(",\n    {\"Name\":\"PhoneNumber\",\"Value\":254708374149}", ""), "PhoneNumber"},
      {spoil("20191219102115}", "2019121910}"), "TransactionDate"},
      {spoil("{\"Name\":\"Balance\"}", "7"), "Item"},
      {spoil("{\"Name\":\"Balance\"}", "{\"Value\":1}"), "Item"},
  };
  for (const auto& c : cases) {
    auto cb = parse_stk_callback(c.body);
    ASSERT_FALSE(cb.ok()) << c.body.substr(0, 300);
    EXPECT_EQ(cb.error().code, Errc::invalid_argument);
    EXPECT_NE(cb.error().message.find(c.field), std::string::npos)
        << c.field << " not in: " << cb.error().message;
  }
}

TEST(StkCallback, SurvivesHostileBodies) {
  // Deep nesting within the size bound must not overflow the stack.
  const std::string deep = std::string(30'000, '[') + std::string(30'000, ']');
  EXPECT_FALSE(parse_stk_callback(deep).ok());
  const std::string deep_open = "{\"Body\":" + std::string(60'000, '[');
  EXPECT_FALSE(parse_stk_callback(deep_open).ok());
  // Too many items.
  std::string many = R"({"Body":{"stkCallback":{"MerchantRequestID":"m","CheckoutRequestID":"c",)"
                     R"("ResultCode":0,"CallbackMetadata":{"Item":[)";
  for (int i = 0; i < 40; ++i) many += std::string(i ? "," : "") + R"({"Name":"Balance"})";
  many += "]}}}}";
  EXPECT_FALSE(parse_stk_callback(many).ok());
}

TEST(StkCallback, CutsALongDescriptionInsteadOfLosingTheMessage) {
  std::string body = kCancelled;
  body.replace(body.find("[STK_CB"), 8, std::string(5000, 'x') + "\\n");
  auto cb = parse_stk_callback(body);
  ASSERT_TRUE(cb.ok()) << cb.error().message;
  EXPECT_EQ(cb->result_desc.size(), 256u);
  // Control characters become spaces; multibyte characters are never cut in two.
  body = kCancelled;
  body.replace(body.find("[STK_CB"), 8, "a\\u0007b" + std::string(253, 'c') + "é");
  cb = parse_stk_callback(body);
  ASSERT_TRUE(cb.ok());
  EXPECT_EQ(cb->result_desc, "a b" + std::string(253, 'c'));
}

TEST(StkCallback, AcceptsNonNumericResultCodes) {
  std::string body = kCancelled;
  body.replace(body.find("1032"), 4, "\"SFC_IC0003\"");
  auto cb = parse_stk_callback(body);
  ASSERT_TRUE(cb.ok()) << cb.error().message;
  EXPECT_EQ(cb->result_code, "SFC_IC0003");
}

TEST(LooksLikeReceipt, IsTenUpperCaseAlphanumerics) {
  EXPECT_TRUE(looks_like_receipt("NLJ7RT61SV"));
  EXPECT_TRUE(looks_like_receipt("0123456789"));
  for (const char* bad :
       {"", "NLJ7RT61S", "NLJ7RT61SVX", "nlj7rt61sv", "NLJ7RT61S ", "NLJ7RT-1SV"}) {
    EXPECT_FALSE(looks_like_receipt(bad)) << bad;
  }
}

TEST(CallbackAcknowledgement, IsTheSmallJsonDarajaExpects) {
  EXPECT_EQ(callback_acknowledgement(), R"({"ResultCode":0,"ResultDesc":"Accepted"})");
}

}  // namespace
}  // namespace hotspot::payments::daraja

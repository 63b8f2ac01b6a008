#include "payments/daraja/requests.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace hotspot::payments::daraja {
namespace {

using nlohmann::json;

// 2026-01-01T00:00:00Z
constexpr long long kNewYear = 1'767'225'600;

DarajaCredentials paybill() {
  return {"consumerKey",
          "consumerSecret",
          "174379",
          "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919",
          ShortcodeType::paybill,
          ""};
}

DarajaCredentials till() {
  DarajaCredentials c = paybill();
  c.type = ShortcodeType::till;
  c.till_number = "5432109";
  return c;
}

StkPushRequest push() {
  return {PhoneNumber{"254708374149"}, Kes{50}, "https://relay.example.com/cb/abc123", "HS42",
          "Wifi 1 hour"};
}

// Written out here rather than calling the code under test, so that the password is checked
// against an encoding derived independently.
std::string reference_base64(const std::string& in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    for (int shift : {18, 12, 6, 0}) out.push_back(kAlphabet[(n >> shift) & 63]);
  }
  if (i + 1 == in.size()) {
    unsigned n = static_cast<unsigned char>(in[i]) << 16;
    out += {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    unsigned n =
        (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63], '='};
  }
  return out;
}

// Sets TZ for one test and puts the old value back.
class ScopedTz {
 public:
  explicit ScopedTz(const char* tz) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~ScopedTz() {
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  std::optional<std::string> old_;
};

TEST(StkTimestamp, IsNairobiTimeAroundMidnightUtc) {
  struct Case {
    long long unix;
    const char* expected;
  } cases[] = {
      {kNewYear - 3 * 3600 - 1, "20251231235959"},  // 20:59:59Z, still the old year in Nairobi
      {kNewYear - 3 * 3600, "20260101000000"},      // 21:00Z is midnight in Nairobi
      {kNewYear - 1, "20260101025959"},
      {kNewYear, "20260101030000"},
      {kNewYear + 86399, "20260102025959"},
      {1'709'164'800 - 3 * 3600, "20240229000000"},  // leap day starts at 21:00Z on the 28th
      {1'450'263'387, "20151216135627"},
  };
  for (const char* tz : {"UTC", "America/Los_Angeles", "Asia/Kolkata", "Africa/Nairobi"}) {
    ScopedTz scoped(tz);
    for (const auto& c : cases) {
      EXPECT_EQ(stk_timestamp(from_unix_seconds(c.unix)), c.expected) << tz << " " << c.unix;
    }
  }
}

TEST(ParseStkTimestamp, IsTheReverseInNairobiTime) {
  for (long long t : {kNewYear - 3 * 3600 - 1, kNewYear, 1'709'164'800LL, 1'576'740'075LL}) {
    auto back = parse_stk_timestamp(stk_timestamp(from_unix_seconds(t)));
    ASSERT_TRUE(back.ok()) << t;
    EXPECT_EQ(to_unix_seconds(*back), t);
  }
  auto doc = parse_stk_timestamp("20191219102115");  // the reference's TransactionDate
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(to_unix_seconds(*doc), 1'576'740'075);  // 07:21:15Z
  for (const char* bad : {"", "2019121910211", "201912191021155", "2019121910211x",
                          "20190229102115", "20191319102115", "20191200102115", "20191219242115",
                          "20191219106015", "20191219102160", "-0191219102115"}) {
    auto r = parse_stk_timestamp(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().message.rfind("timestamp", 0), 0u);
  }
}

TEST(StkPassword, IsBase64OfShortcodePasskeyTimestamp) {
  const auto creds = paybill();
  // The well-known sandbox sample, checked with coreutils' base64 when the test was written.
  EXPECT_EQ(stk_password(creds.shortcode, creds.passkey, "20160216165627"),
            "MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZG"
            "ExZWQyYzkxOTIwMTYwMjE2MTY1NjI3");
  for (const char* ts : {"20260101030000", "20251231235959", "1", "12"}) {
    EXPECT_EQ(stk_password("600000", "pk", ts), reference_base64(std::string("600000pk") + ts));
  }
}

TEST(Base64, PadsEveryLength) {
  const char* inputs[] = {"", "a", "ab", "abc", "abcd", "\xff\xfe\x00"};
  for (const char* in : inputs) EXPECT_EQ(base64_encode(in), reference_base64(in)) << in;
}

TEST(OauthBasicHeader, EncodesKeyColonSecret) {
  EXPECT_EQ(oauth_basic_header("key", "secret"), "Basic a2V5OnNlY3JldA==");
  EXPECT_EQ(oauth_basic_header("AbC", "x/y+z"), "Basic QWJDOngveSt6");
}

TEST(CleanAccountReference, KeepsLettersAndDigitsUpToTwelve) {
  const std::pair<const char*, const char*> cases[] = {
      {"HS42", "HS42"},
      {"HS-42 #7&@", "HS427"},
      {"ABCDEFGHIJKLMNOP", "ABCDEFGHIJKL"},
      {"", ""},
      {"@#&", ""},
      {"ñandú1", "and1"},
      {"a\nb\rc;d=e", "abcde"},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(clean_account_reference(in), out) << in;
}

TEST(CleanTransactionDesc, KeepsWordsUpToThirteen) {
  const std::pair<const char*, const char*> cases[] = {
      {"Wi-Fi 1 hour", "Wi Fi 1 hour"},
      {"  spaced  out ", "spaced out"},
      {"Internet access 24h", "Internet acce"},
      {"abcdefghijkl mn", "abcdefghijkl"},
      {"\n;=\"", ""},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(clean_transaction_desc(in), out) << in;
}

TEST(ValidateCallbackUrl, RefusesWhatDarajaRefuses) {
  EXPECT_TRUE(validate_callback_url("https://relay.example.com/cb/abc").ok());
  const std::string bad[] = {
      "",
      "http://relay.example.com/cb",
      "https://",
      "https:///path",
      "https://relay.example.com/c b",
      " https://relay.example.com/cb",
      "https://relay.example.com/cb\n",
      "https://relay.example.com/mpesa/cb",
      "https://relay.example.com/M-PESA",
      "https://safaricom.example.com/",
      "https://relay.example.com/cb?query=1",
      "https://relay.example.com/run.exe",
      "https://relay.example.com/" + std::string(1100, 'a'),
  };
  for (const auto& url : bad) {
    auto s = validate_callback_url(url);
    ASSERT_FALSE(s.ok()) << url;
    EXPECT_EQ(s.error().code, Errc::invalid_argument);
    EXPECT_NE(s.error().message.find("callback_url"), std::string::npos);
  }
}

TEST(StkPushBody, PaybillHasEveryDocumentedField) {
  const auto now = from_unix_seconds(kNewYear);
  auto body = stk_push_body(paybill(), push(), now);
  ASSERT_TRUE(body.ok()) << body.error().message;
  const json j = json::parse(*body);
  EXPECT_EQ(j["BusinessShortCode"], "174379");
  EXPECT_EQ(j["Timestamp"], "20260101030000");
  EXPECT_EQ(j["Password"], reference_base64("174379" + paybill().passkey + "20260101030000"));
  EXPECT_EQ(j["TransactionType"], "CustomerPayBillOnline");
  EXPECT_EQ(j["Amount"], 50);
  EXPECT_EQ(j["PartyA"], "254708374149");
  EXPECT_EQ(j["PartyB"], "174379");
  EXPECT_EQ(j["PhoneNumber"], "254708374149");
  EXPECT_EQ(j["CallBackURL"], "https://relay.example.com/cb/abc123");
  EXPECT_EQ(j["AccountReference"], "HS42");
  EXPECT_EQ(j["TransactionDesc"], "Wifi 1 hour");
}

TEST(StkPushBody, TillPaysTheTillNumber) {
  auto r = push();
  r.transaction_desc = "";
  auto body = stk_push_body(till(), r, from_unix_seconds(kNewYear));
  ASSERT_TRUE(body.ok()) << body.error().message;
  const json j = json::parse(*body);
  EXPECT_EQ(j["TransactionType"], "CustomerBuyGoodsOnline");
  EXPECT_EQ(j["BusinessShortCode"], "174379");
  EXPECT_EQ(j["PartyB"], "5432109");
  EXPECT_FALSE(j.contains("TransactionDesc"));
}

struct BadPush {
  const char* field;
  void (*spoil)(DarajaCredentials&, StkPushRequest&);
};

TEST(StkPushBody, NamesTheBadField) {
  const BadPush cases[] = {
      {"consumer_key", [](DarajaCredentials& c, StkPushRequest&) { c.consumer_key = ""; }},
      {"consumer_key", [](DarajaCredentials& c, StkPushRequest&) { c.consumer_key = "a:b"; }},
      {"consumer_secret", [](DarajaCredentials& c, StkPushRequest&) { c.consumer_secret = "a b"; }},
      {"passkey", [](DarajaCredentials& c, StkPushRequest&) { c.passkey = "pk\n"; }},
      {"shortcode", [](DarajaCredentials& c, StkPushRequest&) { c.shortcode = "1234"; }},
      {"shortcode", [](DarajaCredentials& c, StkPushRequest&) { c.shortcode = "12345678"; }},
      {"shortcode", [](DarajaCredentials& c, StkPushRequest&) { c.shortcode = "17437a"; }},
      {"till_number",
       [](DarajaCredentials& c, StkPushRequest&) {
         c.type = ShortcodeType::till;
         c.till_number = "";
       }},
      {"till_number", [](DarajaCredentials& c, StkPushRequest&) { c.till_number = "123456"; }},
      {"phone", [](DarajaCredentials&, StkPushRequest& r) { r.phone.msisdn = "0708374149"; }},
      {"phone", [](DarajaCredentials&, StkPushRequest& r) { r.phone.msisdn = "255708374149"; }},
      {"amount", [](DarajaCredentials&, StkPushRequest& r) { r.amount = Kes{0}; }},
      {"amount", [](DarajaCredentials&, StkPushRequest& r) { r.amount = Kes{250'001}; }},
      {"callback_url", [](DarajaCredentials&, StkPushRequest& r) { r.callback_url = "http://x"; }},
      {"account_reference",
       [](DarajaCredentials&, StkPushRequest& r) { r.account_reference = ""; }},
      {"account_reference",
       [](DarajaCredentials&, StkPushRequest& r) { r.account_reference = "HS#42"; }},
      {"account_reference",
       [](DarajaCredentials&, StkPushRequest& r) { r.account_reference = "ABCDEFGHIJKLM"; }},
      {"transaction_desc",
       [](DarajaCredentials&, StkPushRequest& r) { r.transaction_desc = "Internet access"; }},
  };
  for (const auto& c : cases) {
    auto creds = paybill();
    auto req = push();
    req.transaction_desc = "Wifi 1 hour";
    c.spoil(creds, req);
    auto body = stk_push_body(creds, req, from_unix_seconds(kNewYear));
    ASSERT_FALSE(body.ok()) << c.field;
    EXPECT_EQ(body.error().code, Errc::invalid_argument) << c.field;
    EXPECT_EQ(body.error().message.rfind(c.field, 0), 0u) << body.error().message;
  }
}

TEST(StkPushBody, RefusesAClockNtpHasNotSet) {
  auto req = push();
  req.transaction_desc = "Wifi";
  auto body = stk_push_body(paybill(), req, from_unix_seconds(86'400));
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().code, Errc::unavailable);
  EXPECT_FALSE(stk_query_body(paybill(), "ws_CO_1", from_unix_seconds(0)).ok());
}

TEST(StkQueryBody, CarriesTheCheckoutIdAndAFreshPassword) {
  auto body = stk_query_body(paybill(), "ws_CO_191220191020363925", from_unix_seconds(kNewYear));
  ASSERT_TRUE(body.ok()) << body.error().message;
  const json j = json::parse(*body);
  EXPECT_EQ(j.size(), 4u);
  EXPECT_EQ(j["BusinessShortCode"], "174379");
  EXPECT_EQ(j["Timestamp"], "20260101030000");
  EXPECT_EQ(j["Password"], reference_base64("174379" + paybill().passkey + "20260101030000"));
  EXPECT_EQ(j["CheckoutRequestID"], "ws_CO_191220191020363925");
  for (std::string bad :
       {std::string(), std::string("ws CO"), std::string(65, 'a'), std::string("ws\n")}) {
    auto r = stk_query_body(paybill(), bad, from_unix_seconds(kNewYear));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().message.rfind("checkout_request_id", 0), 0u);
  }
}

}  // namespace
}  // namespace hotspot::payments::daraja

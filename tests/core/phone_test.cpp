#include "core/phone.h"

#include <gtest/gtest.h>

#include <string>

namespace hotspot {
namespace {

struct Case {
  std::string text;
  std::string msisdn;
};

TEST(ParseKenyanPhone, AcceptsEveryLocalAndInternationalForm) {
  const Case cases[] = {
      {"0712345678", "254712345678"},        {"0112345678", "254112345678"},
      {"712345678", "254712345678"},         {"112345678", "254112345678"},
      {"254712345678", "254712345678"},      {"254112345678", "254112345678"},
      {"+254712345678", "254712345678"},     {"+254112345678", "254112345678"},
      {"0712 345 678", "254712345678"},      {"0712-345-678", "254712345678"},
      {"0712.345.678", "254712345678"},      {"(0712) 345 678", "254712345678"},
      {"+254 712 345 678", "254712345678"},  {"+254-712-345-678", "254712345678"},
      {"+254 (712) 345678", "254712345678"}, {" 0799999999 ", "254799999999"},
      {"0110 123 456", "254110123456"},
  };
  for (const auto& c : cases) {
    auto r = parse_kenyan_phone(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.error().message;
    EXPECT_EQ(r->msisdn, c.msisdn) << c.text;
  }
}

TEST(ParseKenyanPhone, RejectsEverythingElse) {
  const std::string cases[] = {
      "",
      "   ",
      "-",
      "()",
      "+",
      // letters
      "0712abc",
      "O712345678",
      "07I2345678",
      "phone",
      // wrong lengths
      "07123456789",
      "071234567",
      "71234567",
      "7123456789",
      "2547123456789",
      "+2547123456",
      "25471234567",
      std::string(1000, '7'),
      std::string(100000, '0'),
      // not Kenyan mobile prefixes
      "0812345678",
      "0212345678",
      "612345678",
      "0012345678",
      "254812345678",
      "254012345678",
      // other countries and other international notations
      "255712345678",
      "+255712345678",
      "+1 415 555 2671",
      "+0712345678",
      "00254712345678",
      "+254 0712 345 678",
      // stray symbols, non-ASCII and control bytes
      "0712+345678",
      "++254712345678",
      "0712_345_678",
      "0712,345,678",
      "0712345678\n",
      "0712345678#",
      "07 12 34 56 7\xef\xbc\x98",
      "\xef\xbc\x90\xef\xbc\x97\xef\xbc\x91",
      "\xff\xfe",
      std::string("0712\0"
                  "345678",
                  11),
  };
  for (const auto& text : cases) {
    auto r = parse_kenyan_phone(text);
    ASSERT_FALSE(r.ok()) << text << " gave " << r->msisdn;
    EXPECT_EQ(r.error().code, Errc::invalid_argument);
    EXPECT_NE(r.error().message.find("07XX XXX XXX, 01XX XXX XXX or +254 7XX XXX XXX"),
              std::string::npos)
        << r.error().message;
    EXPECT_LT(r.error().message.size(), 200u) << "the message must not echo huge input";
  }
}

TEST(ParseKenyanPhone, MessageQuotesTheInput) {
  EXPECT_EQ(parse_kenyan_phone("0712abc").error().message,
            "'0712abc' is not a Kenyan mobile number: use 07XX XXX XXX, 01XX XXX XXX or "
            "+254 7XX XXX XXX");
  EXPECT_EQ(parse_kenyan_phone("").error().message,
            "A phone number is required: use 07XX XXX XXX, 01XX XXX XXX or +254 7XX XXX XXX");
  // Control bytes never reach a log line or a page through the message.
  EXPECT_EQ(parse_kenyan_phone("07\n1").error().message.substr(0, 7), "'07?1' ");
}

TEST(FormatPhone, LocalAndMasked) {
  PhoneNumber p{"254712345678"};
  EXPECT_EQ(format_phone_local(p), "0712 345 678");
  EXPECT_EQ(mask_phone(p), "2547****5678");
  EXPECT_EQ(mask_phone(PhoneNumber{"254112345678"}), "2541****5678");
  EXPECT_EQ(mask_phone(PhoneNumber{"12345"}), "****");
  EXPECT_EQ(mask_phone(PhoneNumber{""}), "****");
}

TEST(FormatPhone, LocalFormRoundTrips) {
  for (const char* msisdn : {"254712345678", "254112345678", "254700000000", "254799999999"}) {
    PhoneNumber p{msisdn};
    auto r = parse_kenyan_phone(format_phone_local(p));
    ASSERT_TRUE(r.ok()) << msisdn;
    EXPECT_EQ(*r, p);
    auto international = parse_kenyan_phone("+" + p.msisdn);
    ASSERT_TRUE(international.ok());
    EXPECT_EQ(*international, p);
  }
}

}  // namespace
}  // namespace hotspot

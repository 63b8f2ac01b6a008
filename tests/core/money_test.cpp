#include "core/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace hotspot {
namespace {

struct ParseCase {
  std::string text;
  std::int64_t want;
};

TEST(ParseKes, AcceptsEveryWrittenForm) {
  const ParseCase cases[] = {
      {"50", 50},
      {"1500", 1500},
      {"1,500", 1500},
      {"KES 1,500", 1500},
      {"Ksh 50", 50},
      {"KSh.50", 50},
      {"KSh. 50", 50},
      {"50/=", 50},
      {"20/-", 20},
      {"KES 1,500/=", 1500},
      {"kes1500", 1500},
      {"Kshs 20", 20},
      {" 250,000 ", 250000},
      {"KES 1,000,000", 1000000},
      {"0", 0},
      {"007", 7},
      {"9223372036854775807", std::numeric_limits<std::int64_t>::max()},
  };
  for (const auto& c : cases) {
    auto r = parse_kes(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.error().message;
    EXPECT_EQ(r->shillings, c.want) << c.text;
  }
}

struct BadCase {
  std::string text;
  std::string message_part;
};

TEST(ParseKes, RejectsBadInputWithAReason) {
  const BadCase cases[] = {
      {"", "required"},
      {"   ", "required"},
      {"KES", "use whole shillings"},
      {"-50", "negative"},
      {"KES -50", "negative"},
      {"50.00", "no cents"},
      {"1.5", "no cents"},
      {"abc", "use whole shillings"},
      {"50 bob", "use whole shillings"},
      {"USD 50", "use whole shillings"},
      {"1,50", "use whole shillings"},
      {"1500,", "use whole shillings"},
      {",500", "use whole shillings"},
      {"1,5000", "use whole shillings"},
      {"1234,567", "use whole shillings"},
      {"1 500", "use whole shillings"},
      {"50/", "use whole shillings"},
      {"50\n", "use whole shillings"},
      {"\xef\xbc\x95\xef\xbc\x90", "use whole shillings"},  // fullwidth digits
      {"\xff", "use whole shillings"},
      {"9223372036854775808", "too large"},
      {"18446744073709551616", "too large"},
      {std::string(500, '9'), "too large"},
  };
  for (const auto& c : cases) {
    auto r = parse_kes(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().code, Errc::invalid_argument);
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos)
        << c.text << " -> " << r.error().message;
  }
}

TEST(ValidatePrice, BoundsAreInclusive) {
  EXPECT_TRUE(validate_price(Kes{1}).ok());
  EXPECT_TRUE(validate_price(Kes{250000}).ok());
  for (std::int64_t bad : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{250001},
                           std::numeric_limits<std::int64_t>::min()}) {
    Status s = validate_price(Kes{bad});
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().code, Errc::invalid_argument);
  }
}

TEST(ValidatePrice, MessageNamesTheFieldAndTheRange) {
  EXPECT_EQ(validate_price(Kes{0}).error().message,
            "price: must be between KES 1 and KES 250,000 (got 0)");
  EXPECT_EQ(validate_price(Kes{300000}).error().message,
            "price: must be between KES 1 and KES 250,000 (got 300000)");
}

TEST(FormatKes, GroupsThousands) {
  const std::pair<std::int64_t, const char*> cases[] = {
      {0, "KES 0"},
      {999, "KES 999"},
      {1000, "KES 1,000"},
      {1500, "KES 1,500"},
      {250000, "KES 250,000"},
      {1234567, "KES 1,234,567"},
      {-1500, "KES -1,500"},
      {std::numeric_limits<std::int64_t>::min(), "KES -9,223,372,036,854,775,808"},
  };
  for (const auto& [value, want] : cases) EXPECT_EQ(format_kes(Kes{value}), want);
}

TEST(FormatKes, RoundTripsThroughParse) {
  std::int64_t values[] = {
      0,    1,    9,     10,     99,     100,     999,
      1000, 1001, 12345, 250000, 999999, 1000000, std::numeric_limits<std::int64_t>::max()};
  for (std::int64_t v : values) {
    auto r = parse_kes(format_kes(Kes{v}));
    ASSERT_TRUE(r.ok()) << v;
    EXPECT_EQ(r->shillings, v);
  }
  for (std::int64_t v = 1; v < std::numeric_limits<std::int64_t>::max() / 4; v = v * 3 + 7) {
    auto r = parse_kes(format_kes(Kes{v}));
    ASSERT_TRUE(r.ok()) << v;
    EXPECT_EQ(r->shillings, v);
  }
}

TEST(Kes, Compares) {
  EXPECT_LT(Kes{1}, Kes{2});
  EXPECT_EQ(Kes{5}, Kes{5});
}

}  // namespace
}  // namespace hotspot

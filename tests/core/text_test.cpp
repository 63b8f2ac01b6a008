#include "core/internal/text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace hotspot::internal {
namespace {

TEST(Text, TrimOnlySpacesAndTabs) {
  EXPECT_EQ(trim("  a b\t"), "a b");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(trim("\na\n"), "\na\n");  // a newline is content, not padding
}

TEST(Text, CaseFoldingIsAsciiOnly) {
  EXPECT_EQ(ascii_lower("AbC-É"), "abc-É");
  EXPECT_TRUE(iequals("KES", "kes"));
  EXPECT_FALSE(iequals("KES", "kesh"));
  EXPECT_FALSE(iequals("É", "é"));
  // Bytes above 0x7F are negative chars on this platform; they must pass through untouched.
  std::string high = "\xff\x80";
  EXPECT_EQ(ascii_lower(high), high);
  EXPECT_FALSE(is_digit('\xb2'));
  EXPECT_FALSE(is_alpha('\xe9'));
}

TEST(Text, ParseU64RejectsOverflowAndJunk) {
  EXPECT_EQ(parse_u64("0"), 0u);
  EXPECT_EQ(parse_u64("18446744073709551615"), std::numeric_limits<std::uint64_t>::max());
  EXPECT_FALSE(parse_u64("18446744073709551616"));
  EXPECT_FALSE(parse_u64("99999999999999999999999999"));
  EXPECT_FALSE(parse_u64(""));
  EXPECT_FALSE(parse_u64("-1"));
  EXPECT_FALSE(parse_u64("1 "));
  EXPECT_FALSE(parse_u64("1a"));
}

TEST(Text, GroupThousands) {
  EXPECT_EQ(group_thousands(0), "0");
  EXPECT_EQ(group_thousands(999), "999");
  EXPECT_EQ(group_thousands(1000), "1,000");
  EXPECT_EQ(group_thousands(250000), "250,000");
  EXPECT_EQ(group_thousands(1234567), "1,234,567");
  EXPECT_EQ(group_thousands(18446744073709551615u), "18,446,744,073,709,551,615");
}

struct Utf8Case {
  const char* name;
  std::string bytes;
  bool valid;
  char32_t cp;
};

TEST(Text, DecodeUtf8IsStrict) {
  const Utf8Case cases[] = {
      {"ascii", "A", true, U'A'},
      {"two bytes", "\xc3\xa9", true, U'\u00e9'},
      {"three bytes", "\xe2\x98\x95", true, U'\u2615'},
      {"four bytes", "\xf0\x9f\x98\x80", true, U'\U0001F600'},
      {"max", "\xf4\x8f\xbf\xbf", true, U'\U0010FFFF'},
      {"lone continuation", "\x80", false, 0},
      {"overlong slash", "\xc0\xaf", false, 0},
      {"overlong three", "\xe0\x80\xaf", false, 0},
      {"surrogate", "\xed\xa0\x80", false, 0},
      {"past max", "\xf4\x90\x80\x80", false, 0},
      {"f5", "\xf5\x80\x80\x80", false, 0},
      {"truncated", "\xe2\x98", false, 0},
      {"bad continuation", "\xc3\x28", false, 0},
  };
  for (const auto& c : cases) {
    std::size_t pos = 0;
    auto cp = decode_utf8(c.bytes, pos);
    EXPECT_EQ(cp.has_value(), c.valid) << c.name;
    if (c.valid && cp) {
      EXPECT_EQ(*cp, c.cp) << c.name;
      EXPECT_EQ(pos, c.bytes.size()) << c.name;
    } else {
      EXPECT_EQ(pos, 0u) << c.name;
    }
  }
}

TEST(Text, QuoteForMessageIsBoundedAndSafe) {
  EXPECT_EQ(quote_for_message("abc"), "'abc'");
  EXPECT_EQ(quote_for_message("caf\xc3\xa9"), "'caf\xc3\xa9'");
  EXPECT_EQ(quote_for_message("a\nb\x01"), "'a?b?'");
  EXPECT_EQ(quote_for_message("\xff\xfe"),
            "'?"
            "?'");  // split: "??'" is a trigraph
  std::string longer(100, 'x');
  EXPECT_EQ(quote_for_message(longer), "'" + std::string(32, 'x') + "...'");
}

}  // namespace
}  // namespace hotspot::internal

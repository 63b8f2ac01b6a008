#include "core/bytes.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "core/testutils/seeded_random.h"

namespace hotspot {
namespace {

constexpr std::uint64_t kKi = 1024;
constexpr std::uint64_t kMi = kKi * kKi;
constexpr std::uint64_t kGi = kMi * kKi;
constexpr std::uint64_t kTi = kGi * kKi;
constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

struct Case {
  std::string text;
  std::uint64_t want;
};

TEST(ParseByteSize, AcceptsBinaryUnits) {
  const Case cases[] = {
      {"1048576", kMi},
      {"500M", 500 * kMi},
      {"500MB", 500 * kMi},
      {"500 MiB", 500 * kMi},
      {"500mb", 500 * kMi},
      {"1G", kGi},
      {"1gb", kGi},
      {"1.5G", kGi * 3 / 2},
      {"1.5 GB", kGi * 3 / 2},
      {"2T", 2 * kTi},
      {"64k", 64 * kKi},
      {"64K", 64 * kKi},
      {"64 KiB", 64 * kKi},
      {"0", 0},
      {"10 bytes", 10},
      {"1 byte", 1},
      {"1b", 1},
      {"1.0", 1},
      {"0.5k", 512},
      {"1.3k", 1331},  // 1331.2 rounded down
      {"1.000001T", kTi + kTi / 1'000'000},
      {" 7M ", 7 * kMi},
      {"18446744073709551615", kMax},
      {"16777215T", kMax - kTi + 1},
  };
  for (const auto& c : cases) {
    auto r = parse_byte_size(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.error().message;
    EXPECT_EQ(*r, c.want) << c.text;
  }
}

TEST(ParseByteSize, RejectsBadInput) {
  const std::string cases[] = {
      "",
      "  ",
      "-1M",
      "-0",
      "abc",
      "M",
      "5X",
      "5 M B",
      "5 MBs",
      "1.5",
      "1.",
      ".5M",
      "1..5M",
      "5M5",
      "1e6",
      "1,000",
      "18446744073709551616",
      "16777216T",
      "99999999999999999999G",
      "1.1234567G",
      std::string(400, '9'),
      "\xef\xbc\x95M",
      "5\xc2\xb5",
      "5M\n",
      "\xff",
  };
  for (const auto& text : cases) {
    auto r = parse_byte_size(text);
    ASSERT_FALSE(r.ok()) << text << " gave " << *r;
    EXPECT_EQ(r.error().code, Errc::invalid_argument);
    EXPECT_NE(r.error().message.find("is not a data size"), std::string::npos) << r.error().message;
  }
  EXPECT_NE(parse_byte_size("-1M").error().message.find("negative"), std::string::npos);
  EXPECT_NE(parse_byte_size("16777216T").error().message.find("too large"), std::string::npos);
  EXPECT_NE(parse_byte_size("5X").error().message.find("unknown unit 'x'"), std::string::npos);
}

TEST(FormatByteSize, ShortestExactForm) {
  const std::pair<std::uint64_t, const char*> cases[] = {
      {0, "0"},
      {1000, "1000"},
      {1024, "1k"},
      {1536, "1536"},
      {500 * kMi, "500M"},
      {kGi, "1G"},
      {1536 * kMi, "1536M"},
      {kTi, "1T"},
      {3 * kTi, "3T"},
      {kMax, "18446744073709551615"},
  };
  for (const auto& [bytes, want] : cases) EXPECT_EQ(format_byte_size(bytes), want);
}

TEST(FormatByteSize, RoundTripsThroughParse) {
  testing::SeededRandom random(3);
  std::vector<std::uint64_t> values = {0, 1, 1023, 1024, 1025, kMi, kGi, kTi, kMax, kMax - 1};
  for (int i = 0; i < 2'000; ++i) {
    std::uint64_t v = 0;
    random.fill(std::span(reinterpret_cast<std::uint8_t*>(&v), sizeof v));
    values.push_back(v);
    values.push_back(v >> 40 << (random.uniform(40)));  // mostly whole units
  }
  for (std::uint64_t v : values) {
    auto r = parse_byte_size(format_byte_size(v));
    ASSERT_TRUE(r.ok()) << v;
    EXPECT_EQ(*r, v) << format_byte_size(v);
  }
}

TEST(FormatHumanBytes, OneDecimalAtMostRoundedDown) {
  const std::pair<std::uint64_t, const char*> cases[] = {
      {0, "0 bytes"},          {1, "1 byte"},          {10, "10 bytes"},      {1023, "1023 bytes"},
      {1024, "1 KB"},          {12 * kKi, "12 KB"},    {500 * kMi, "500 MB"}, {kGi, "1 GB"},
      {kGi * 3 / 2, "1.5 GB"}, {kGi - 1, "1023.9 MB"}, {kTi * 2, "2 TB"},     {kTi * 1024, "1 PB"},
      {kMax, "16383.9 PB"},
  };
  for (const auto& [bytes, want] : cases) EXPECT_EQ(format_human_bytes(bytes), want);
}

TEST(ParseRate, DecimalPrefixesInBits) {
  const Case cases[] = {
      {"512k", 512'000},
      {"5M", 5'000'000},
      {"1G", 1'000'000'000},
      {"2000000", 2'000'000},
      {"5 Mbps", 5'000'000},
      {"5mbit", 5'000'000},
      {"10kbps", 10'000},
      {"100bps", 100},
      {"0", 0},
      {"1.5M", 1'500'000},
      {"18446744073709551615", kMax},
  };
  for (const auto& c : cases) {
    auto r = parse_rate(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.error().message;
    EXPECT_EQ(*r, c.want) << c.text;
  }
}

TEST(ParseRate, RejectsBadInput) {
  // "MB" is bytes, not bits: refusing it avoids an eightfold mistake in a speed limit.
  const std::string cases[] = {
      "",     "-5M",   "5X",           "5 MB", "1.5", "18446744073709551615k", "20000000000G",
      "fast", "5M/2M", "\xef\xbc\x95M"};
  for (const auto& text : cases) {
    auto r = parse_rate(text);
    ASSERT_FALSE(r.ok()) << text << " gave " << *r;
    EXPECT_NE(r.error().message.find("is not a rate"), std::string::npos) << r.error().message;
  }
}

TEST(FormatRate, RouterOsForm) {
  const std::pair<std::uint64_t, const char*> cases[] = {
      {0, "0"},
      {999, "999"},
      {1500, "1500"},
      {512'000, "512k"},
      {1'500'000, "1500k"},
      {5'000'000, "5M"},
      {1'000'000'000, "1G"},
  };
  for (const auto& [bps, want] : cases) EXPECT_EQ(format_rate(bps), want);
}

TEST(FormatRate, RoundTripsThroughParse) {
  testing::SeededRandom random(5);
  for (int i = 0; i < 2'000; ++i) {
    std::uint64_t v = 0;
    random.fill(std::span(reinterpret_cast<std::uint8_t*>(&v), sizeof v));
    for (std::uint64_t x : {v, v % 10'000 * 1'000, v % 1'000 * 1'000'000}) {
      auto r = parse_rate(format_rate(x));
      ASSERT_TRUE(r.ok()) << x;
      EXPECT_EQ(*r, x) << format_rate(x);
    }
  }
}

}  // namespace
}  // namespace hotspot

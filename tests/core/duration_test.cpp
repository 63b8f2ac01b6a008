#include "core/duration.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "core/testutils/seeded_random.h"

namespace hotspot {
namespace {

constexpr std::int64_t kMaxSeconds = 36'525LL * 86'400;  // 100 years

struct ParseCase {
  std::string text;
  std::int64_t seconds;
};

TEST(ParseDuration, RouterOsUnits) {
  const ParseCase cases[] = {
      {"1w2d3h4m5s", 788'645},
      {"30m", 1'800},
      {"0s", 0},
      {"90s", 90},
      {"1h", 3'600},
      {"5s1h", 3'605},  // any order
      {"1H30M", 5'400},
      {" 2d ", 172'800},
      {"1w4d1h16m55s", 950'400 + 3'600 + 960 + 55},
      {"59m58s", 3'598},
      {"1h 30m", 5'400},
      {"1m", 60},  // minutes...
      {"1ms", 0},  // ...but milliseconds, truncated
      {"1500ms", 1},
      {"999ms", 0},
      {"1s500ms", 1},
      {"1s999ms1ms", 2},  // fractions add up before truncation
      {"453us", 0},
      {"2000000us", 2},
      {"3000000000ns", 3},
  };
  for (const auto& c : cases) {
    auto r = parse_duration(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.error().message;
    EXPECT_EQ(r->count(), c.seconds) << c.text;
  }
}

TEST(ParseDuration, ClockForms) {
  const ParseCase cases[] = {
      {"01:00:00", 3'600},
      {"00:00:59", 59},
      {"49:00:00", 176'400},
      {"1:30:00", 5'400},
      {"100:00:01", 360'001},
      {"6w6d18:33:07", 6 * 604'800 + 6 * 86'400 + 18 * 3'600 + 33 * 60 + 7},
      {"2735w1d21:41:43.481891543", 2735LL * 604'800 + 86'400 + 21 * 3'600 + 41 * 60 + 43},
      {"1d 01:00:00", 90'000},
      {"00:00:01.999", 1},
  };
  for (const auto& c : cases) {
    auto r = parse_duration(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.error().message;
    EXPECT_EQ(r->count(), c.seconds) << c.text;
  }
}

TEST(ParseDuration, HumanWordsAndBareIntegers) {
  const ParseCase cases[] = {
      {"1 hour", 3'600},
      {"2 hours", 7'200},
      {"30 min", 1'800},
      {"90 minutes", 5'400},
      {"1 day", 86'400},
      {"1 week", 604'800},
      {"45 seconds", 45},
      {"1 hour 30 minutes", 5'400},
      {"1 hour and 30 minutes", 5'400},
      {"1 hour, 30 minutes", 5'400},
      {"2 hrs 15 mins", 8'100},
      {"3 Days", 259'200},
      {"90", 90},
      {"0", 0},
      {"3155760000", kMaxSeconds},
      {"36525d", kMaxSeconds},
  };
  for (const auto& c : cases) {
    auto r = parse_duration(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.error().message;
    EXPECT_EQ(r->count(), c.seconds) << c.text;
  }
}

TEST(ParseDuration, RejectsBadInput) {
  const std::string cases[] = {
      "",
      "   ",
      "-5m",
      "-1",
      "1h, -5m",
      "1x",
      "1 fortnight",
      "h",
      "1.5h",
      "1h30",
      "abc",
      "1:00",
      "01:60:00",
      "01:00:60",
      "1:2:3",
      "01:00:00.",
      "01:00:00 1h",
      "1h-5m",
      "and 1h",
      "1 h m",
      "1y",
      // past 100 years, and values that would overflow int64/uint64 anywhere on the way
      "3155760001",
      "36525d1s",
      "5218w",
      "18446744073709551616",
      "99999999999999999999s",
      "1000000000000w",
      "99999999999999999999:00:00",
      "2562047788015215h",
      std::string(1000, '9') + "s",
      // non-ASCII and control bytes
      "\xef\xbc\x91h",
      "1 h\xc3\xa9",
      "1h\n",
      "\xff",
      std::string("1h\0", 3),
  };
  for (const auto& text : cases) {
    auto r = parse_duration(text);
    ASSERT_FALSE(r.ok()) << text << " gave " << r->count();
    EXPECT_EQ(r.error().code, Errc::invalid_argument);
    EXPECT_NE(r.error().message.find("is not a duration"), std::string::npos) << r.error().message;
  }
}

TEST(ParseDuration, MessagesSayWhatIsWrong) {
  EXPECT_NE(parse_duration("-5m").error().message.find("negative"), std::string::npos);
  EXPECT_NE(parse_duration("1 fortnight").error().message.find("unknown unit 'fortnight'"),
            std::string::npos);
  EXPECT_NE(parse_duration("6000w0d").error().message.find("100 years"), std::string::npos);
  EXPECT_NE(parse_duration("99999999999999999999s").error().message.find("100 years"),
            std::string::npos);
}

TEST(FormatDuration, RouterOs) {
  const std::pair<std::int64_t, const char*> cases[] = {
      {0, "0s"},       {5, "5s"},        {60, "1m"},      {3'600, "1h"},
      {3'601, "1h1s"}, {90'000, "1d1h"}, {604'800, "1w"}, {788'645, "1w2d3h4m5s"},
      {-90, "-1m30s"},
  };
  for (const auto& [s, want] : cases) EXPECT_EQ(format_routeros_duration(Seconds(s)), want);
}

TEST(FormatDuration, Clock) {
  const std::pair<std::int64_t, const char*> cases[] = {
      {0, "00:00:00"},       {59, "00:00:59"},       {3'600, "01:00:00"}, {3'723, "01:02:03"},
      {176'400, "49:00:00"}, {360'000, "100:00:00"}, {-61, "-00:01:01"},
  };
  for (const auto& [s, want] : cases) EXPECT_EQ(format_clock_duration(Seconds(s)), want);
}

TEST(FormatDuration, HumanShowsTwoLargestUnitsRoundedDown) {
  const std::pair<std::int64_t, const char*> cases[] = {
      {0, "0 seconds"},           {1, "1 second"},
      {45, "45 seconds"},         {60, "1 minute"},
      {61, "1 minute 1 second"},  {3'600, "1 hour"},
      {3'661, "1 hour 1 minute"}, {5'400, "1 hour 30 minutes"},
      {7'200, "2 hours"},         {86'400, "1 day"},
      {86'460, "1 day"},  // the minute is below the two largest units
      {90'061, "1 day 1 hour"},   {172'800, "2 days"},
      {2'592'000, "30 days"},
  };
  for (const auto& [s, want] : cases) EXPECT_EQ(format_human_duration(Seconds(s)), want);
}

// Every printed form must read back as the value it came from.
TEST(FormatDuration, RoundTrips) {
  testing::SeededRandom random(7);
  std::vector<std::int64_t> values = {0,     1,      59,     60,      61,      3'599,
                                      3'600, 86'399, 86'400, 604'799, 604'800, kMaxSeconds};
  for (int i = 0; i < 2'000; ++i) {
    values.push_back(static_cast<std::int64_t>(random.uniform(1u << 31)) % kMaxSeconds);
    values.push_back(random.uniform(100'000));
  }
  for (std::int64_t v : values) {
    Seconds d(v);
    auto ros = parse_duration(format_routeros_duration(d));
    ASSERT_TRUE(ros.ok()) << v;
    EXPECT_EQ(*ros, d) << format_routeros_duration(d);
    auto clock = parse_duration(format_clock_duration(d));
    ASSERT_TRUE(clock.ok()) << v;
    EXPECT_EQ(*clock, d) << format_clock_duration(d);
    auto human = parse_duration(format_human_duration(d));
    ASSERT_TRUE(human.ok()) << format_human_duration(d);
    EXPECT_LE(*human, d);  // rounded down, never up
  }
}

TEST(FormatDuration, HumanRoundTripsExactlyForTwoAdjacentUnits) {
  const std::int64_t units[] = {86'400, 3'600, 60, 1};
  const std::int64_t limit[] = {40, 24, 60, 60};  // the larger unit must not carry over
  for (int u = 0; u < 3; ++u) {
    for (std::int64_t a = 1; a < limit[u]; a += 3) {
      for (std::int64_t b = 0; b < limit[u + 1]; b += 7) {
        Seconds d(a * units[u] + b * units[u + 1]);
        auto r = parse_duration(format_human_duration(d));
        ASSERT_TRUE(r.ok()) << format_human_duration(d);
        EXPECT_EQ(*r, d) << format_human_duration(d);
      }
    }
  }
}

}  // namespace
}  // namespace hotspot

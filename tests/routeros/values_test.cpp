#include "routeros/values.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace hotspot::routeros {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

bool mentions(const Error& error, std::string_view text) {
  return error.message.find(text) != std::string::npos;
}

// ---- durations -----------------------------------------------------------------------------

TEST(DurationValue, ParsesBothForms) {
  const std::pair<const char*, std::int64_t> cases[] = {
      {"1w4d1h16m55s", 7 * 86'400 + 4 * 86'400 + 3'600 + 16 * 60 + 55},
      {"2d20h12m20s", 2 * 86'400 + 20 * 3'600 + 12 * 60 + 20},
      {"59m58s", 59 * 60 + 58},
      {"0s", 0},
      {"453us", 0},
      {"1500ms", 1},
      {"3s999ms", 3},
      {"1w", 604'800},
      {"6w6d18:33:07", 6 * 604'800 + 6 * 86'400 + 18 * 3'600 + 33 * 60 + 7},
      {"00:30:00", 1'800},
      {"01:00:00", 3'600},
      {"2735w1d21:41:43.481891543", 2735LL * 604'800 + 86'400 + 21 * 3'600 + 41 * 60 + 43},
  };
  for (const auto& [text, expected] : cases) {
    auto r = parse_duration_value(text);
    ASSERT_TRUE(r.ok()) << text << ": " << r.error().message;
    EXPECT_EQ(r->count(), expected) << text;
  }
}

TEST(DurationValue, RefusesNoneAndNeverWithAHint) {
  for (const char* text : {"none", "never", "immediately"}) {
    auto r = parse_duration_value(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_TRUE(mentions(r.error(), "check for it before parsing")) << r.error().message;
  }
}

TEST(DurationValue, RefusesWhatARouterNeverPrints) {
  for (const char* text : {"", "1 hour", "30 minutes", "1h 30m", "-1s", "1.5h", "1x", "h", "1H",
                           "10:5:00", "12:00", "1s\n", "00:61:00"}) {
    auto r = parse_duration_value(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, Errc::invalid_argument);
    EXPECT_TRUE(mentions(r.error(), "is not a duration")) << r.error().message;
  }
}

// ---- booleans, counts, ids -----------------------------------------------------------------

TEST(BoolValue, ParsesTheFourWords) {
  EXPECT_EQ(parse_bool_value("true").value(), true);
  EXPECT_EQ(parse_bool_value("yes").value(), true);
  EXPECT_EQ(parse_bool_value("false").value(), false);
  EXPECT_EQ(parse_bool_value("no").value(), false);
  for (const char* text : {"", "True", "1", "0", "on", "yes ", "nope"}) {
    auto r = parse_bool_value(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_TRUE(mentions(r.error(), "is not a boolean")) << r.error().message;
  }
}

TEST(CountValue, ParsesPlainDecimals) {
  EXPECT_EQ(parse_count_value("0").value(), 0u);
  EXPECT_EQ(parse_count_value("1503133696").value(), 1'503'133'696u);
  EXPECT_EQ(parse_count_value("007").value(), 7u);
  EXPECT_EQ(parse_count_value("18446744073709551615").value(), UINT64_MAX);
}

TEST(CountValue, RefusesSignsSpacesAndOverflow) {
  for (const char* text : {"", "-1", "+1", " 1", "1 ", "1.5", "0x10", "1e6", "12a"}) {
    auto r = parse_count_value(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_TRUE(mentions(r.error(), "is not a count")) << r.error().message;
  }
  for (const char* text : {"18446744073709551616", "99999999999999999999999"}) {
    auto r = parse_count_value(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_TRUE(mentions(r.error(), "too large for a 64-bit count")) << r.error().message;
  }
}

TEST(IdValue, ReturnsTheCanonicalForm) {
  const std::pair<const char*, const char*> cases[] = {
      {"*1F", "*1F"}, {"*1f", "*1F"},   {"*0", "*0"},
      {"*00", "*0"},  {"*001a", "*1A"}, {"*ABCDEF0123456789", "*ABCDEF0123456789"},
  };
  for (const auto& [text, expected] : cases) {
    auto r = parse_id_value(text);
    ASSERT_TRUE(r.ok()) << text << ": " << r.error().message;
    EXPECT_EQ(*r, expected);
  }
}

TEST(IdValue, RefusesBadIds) {
  for (const char* text :
       {"", "*", "1F", "**1", "*1G", "*-1", "* 1", "*1F\n", "#1", "*ABCDEF01234567890"}) {
    auto r = parse_id_value(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_TRUE(mentions(r.error(), "is not an item id")) << r.error().message;
  }
}

// ---- dates and clock -----------------------------------------------------------------------

WallTime utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  std::chrono::sys_days day{std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d)};
  return WallTime(day) + hours(hh) + minutes(mm) + seconds(ss);
}

TEST(DateValue, ParsesTheV6Form) {
  EXPECT_EQ(parse_date_value("jan/02/1970", "00:00:00").value(), utc(1970, 1, 2));
  EXPECT_EQ(parse_date_value("jan/02/1970 00:00:00").value(), utc(1970, 1, 2));
  EXPECT_EQ(parse_date_value("jan/02/1970").value(), utc(1970, 1, 2));
  EXPECT_EQ(parse_date_value("jul/14/2023", "18:33:07").value(), utc(2023, 7, 14, 18, 33, 7));
  EXPECT_EQ(parse_date_value("Dec/04/2020 14:19:51").value(), utc(2020, 12, 4, 14, 19, 51));
  EXPECT_EQ(parse_date_value("feb/29/2024").value(), utc(2024, 2, 29));
}

TEST(DateValue, ParsesTheV7Form) {
  EXPECT_EQ(parse_date_value("2023-07-14", "00:00:00").value(), utc(2023, 7, 14));
  EXPECT_EQ(parse_date_value("2023-07-14").value(), utc(2023, 7, 14));
  EXPECT_EQ(parse_date_value("2020-12-04 14:19:51").value(), utc(2020, 12, 4, 14, 19, 51));
  EXPECT_EQ(parse_date_value("1970-01-02", "23:59:59").value(), utc(1970, 1, 2, 23, 59, 59));
  EXPECT_EQ(parse_date_value("2200-12-31", "23:59:59").value(), utc(2200, 12, 31, 23, 59, 59));
}

TEST(DateValue, AppliesTheGmtOffset) {
  // The router prints local time: 03:00 in Nairobi (+03:00) is midnight UTC.
  EXPECT_EQ(parse_date_value("2023-07-14", "03:00:00", hours(3)).value(), utc(2023, 7, 14));
  EXPECT_EQ(parse_date_value("jul/14/2023", "03:00:00", hours(3)).value(), utc(2023, 7, 14));
  // 19:30 on the 13th at -05:30 is 01:00 on the 14th UTC: the offset crosses midnight.
  EXPECT_EQ(parse_date_value("2023-07-13 19:30:00", {}, -(hours(5) + minutes(30))).value(),
            utc(2023, 7, 14, 1));
}

TEST(DateValue, RefusesBadDates) {
  for (const char* text :
       {"", "2023-7-14", "2023-13-01", "2023-02-29", "2023/07/14", "jux/14/2023", "jul/32/2023",
        "jul/14/23", "14-07-2023", "1969-12-31", "2023-07-14T00:00:00", "2023-07-14 ",
        "jul/14/2023x", "2201-01-01", "4149-06-01", "dec/31/9999"}) {
    auto r = parse_date_value(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, Errc::invalid_argument);
  }
}

TEST(DateValue, RefusesBadTimes) {
  for (const char* time :
       {"24:00:00", "12:60:00", "12:00:60", "1:00:00", "12:00", "12:00:00.5", "aa:bb:cc"}) {
    auto r = parse_date_value("2023-07-14", time);
    ASSERT_FALSE(r.ok()) << time;
    EXPECT_TRUE(mentions(r.error(), "is not a time of day")) << r.error().message;
  }
  auto twice = parse_date_value("2023-07-14 00:00:00", "00:00:00");
  ASSERT_FALSE(twice.ok());
  EXPECT_TRUE(mentions(twice.error(), "the time was given separately")) << twice.error().message;
}

TEST(DateValue, RefusesAnOffsetOfMoreThanADay) {
  auto r = parse_date_value("2023-07-14", {}, hours(25));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(mentions(r.error(), "more than a day")) << r.error().message;
  EXPECT_FALSE(parse_date_value("2023-07-14", {}, seconds::min()).ok());
}

TEST(GmtOffset, ParsesSignedOffsets) {
  EXPECT_EQ(parse_gmt_offset("+03:00").value(), hours(3));
  EXPECT_EQ(parse_gmt_offset("-05:30").value(), -(hours(5) + minutes(30)));
  EXPECT_EQ(parse_gmt_offset("+00:00").value(), seconds(0));
  EXPECT_EQ(parse_gmt_offset("+14:00").value(), hours(14));
  EXPECT_EQ(parse_gmt_offset("05:45").value(), hours(5) + minutes(45));
}

TEST(GmtOffset, RefusesBadOffsets) {
  for (const char* text :
       {"", "+3:00", "+03", "+0300", "+03:60", "+15:00", "++03:00", "+03:00 ", "UTC"}) {
    auto r = parse_gmt_offset(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_TRUE(mentions(r.error(), "is not a GMT offset")) << r.error().message;
  }
}

}  // namespace
}  // namespace hotspot::routeros

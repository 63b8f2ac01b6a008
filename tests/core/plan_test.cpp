#include "core/plan.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace hotspot {
namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

Plan one_hour() {
  Plan p;
  p.name = "1 hour";
  p.price = Kes{50};
  p.time_allowance = Seconds(3'600);
  p.upload_bps = 2'000'000;
  p.download_bps = 5'000'000;
  return p;
}

TEST(ValidityMode, NamesAndParsing) {
  EXPECT_STREQ(validity_mode_name(ValidityMode::wall_clock), "wall-clock");
  EXPECT_STREQ(validity_mode_name(ValidityMode::connected_time), "connected-time");
  for (auto mode : {ValidityMode::wall_clock, ValidityMode::connected_time}) {
    auto r = parse_validity_mode(validity_mode_name(mode));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, mode);
  }
  EXPECT_EQ(*parse_validity_mode(" WALL_CLOCK "), ValidityMode::wall_clock);
  EXPECT_EQ(*parse_validity_mode("connected_time"), ValidityMode::connected_time);
  for (const char* bad : {"", "wallclock", "time", "connected-time!", "\xff"}) {
    auto r = parse_validity_mode(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().message.rfind("validity: ", 0), 0u) << r.error().message;
  }
}

struct Mutation {
  const char* what;
  std::function<void(Plan&)> apply;
  const char* field;  // empty: the plan stays valid
};

TEST(ValidatePlan, EveryRuleNamesItsField) {
  const Mutation cases[] = {
      {"as is", [](Plan&) {}, ""},
      {"empty name", [](Plan& p) { p.name = ""; }, "name"},
      {"64 chars", [](Plan& p) { p.name = std::string(64, 'x'); }, ""},
      {"65 chars", [](Plan& p) { p.name = std::string(65, 'x'); }, "name"},
      // Length counts characters, not bytes: "é" is two bytes.
      {"64 two-byte chars", [](Plan& p) { p.name = repeat("\xc3\xa9", 64); }, ""},
      {"65 two-byte chars", [](Plan& p) { p.name = repeat("\xc3\xa9", 65); }, "name"},
      {"swahili and emoji", [](Plan& p) { p.name = "Saa 1 \xe2\x98\x95 bei nafuu"; }, ""},
      {"newline", [](Plan& p) { p.name = "a\nb"; }, "name"},
      {"tab", [](Plan& p) { p.name = "a\tb"; }, "name"},
      {"DEL", [](Plan& p) { p.name = "a\x7f"; }, "name"},
      {"C1 control", [](Plan& p) { p.name = "a\xc2\x85"; }, "name"},
      {"invalid UTF-8", [](Plan& p) { p.name = "a\xff"; }, "name"},
      {"overlong UTF-8", [](Plan& p) { p.name = "a\xc0\xaf"; }, "name"},
      {"surrogate", [](Plan& p) { p.name = "a\xed\xa0\x80"; }, "name"},
      {"NUL", [](Plan& p) { p.name = std::string("a\0b", 3); }, "name"},
      {"leading space", [](Plan& p) { p.name = " 1 hour"; }, "name"},
      {"trailing space", [](Plan& p) { p.name = "1 hour "; }, "name"},
      {"price 0", [](Plan& p) { p.price = Kes{0}; }, "price"},
      {"price -1", [](Plan& p) { p.price = Kes{-1}; }, "price"},
      {"price 1", [](Plan& p) { p.price = Kes{1}; }, ""},
      {"price max", [](Plan& p) { p.price = Kes{250'000}; }, ""},
      {"price max+1", [](Plan& p) { p.price = Kes{250'001}; }, "price"},
      {"no allowance", [](Plan& p) { p.time_allowance.reset(); }, "allowance"},
      {"59 seconds", [](Plan& p) { p.time_allowance = Seconds(59); }, "time_allowance"},
      {"zero time", [](Plan& p) { p.time_allowance = Seconds(0); }, "time_allowance"},
      {"negative time", [](Plan& p) { p.time_allowance = Seconds(-3'600); }, "time_allowance"},
      {"1 minute", [](Plan& p) { p.time_allowance = Seconds(60); }, ""},
      {"366 days", [](Plan& p) { p.time_allowance = Seconds(366 * 86'400); }, ""},
      {"366 days+1s", [](Plan& p) { p.time_allowance = Seconds(366 * 86'400 + 1); },
       "time_allowance"},
      {"data only",
       [](Plan& p) {
         p.time_allowance.reset();
         p.data_allowance_bytes = kMiB;
       },
       ""},
      {"data and time", [](Plan& p) { p.data_allowance_bytes = 500 * kMiB; }, ""},
      {"tiny data", [](Plan& p) { p.data_allowance_bytes = kMiB - 1; }, "data_allowance"},
      {"zero data", [](Plan& p) { p.data_allowance_bytes = 0; }, "data_allowance"},
      {"connected time", [](Plan& p) { p.validity = ValidityMode::connected_time; }, ""},
      {"connected, data only",
       [](Plan& p) {
         p.validity = ValidityMode::connected_time;
         p.time_allowance.reset();
         p.data_allowance_bytes = kMiB;
       },
       "validity"},
      {"0 devices", [](Plan& p) { p.shared_devices = 0; }, "shared_devices"},
      {"-1 devices", [](Plan& p) { p.shared_devices = -1; }, "shared_devices"},
      {"32 devices", [](Plan& p) { p.shared_devices = 32; }, ""},
      {"33 devices", [](Plan& p) { p.shared_devices = 33; }, "shared_devices"},
      {"unlimited speed", [](Plan& p) { p.upload_bps = p.download_bps = 0; }, ""},
  };
  for (const auto& c : cases) {
    Plan p = one_hour();
    c.apply(p);
    Status s = validate_plan(p);
    if (std::string(c.field).empty()) {
      EXPECT_TRUE(s.ok()) << c.what << ": " << s.error().message;
      continue;
    }
    ASSERT_FALSE(s.ok()) << c.what;
    EXPECT_EQ(s.error().code, Errc::invalid_argument);
    EXPECT_EQ(s.error().message.rfind(std::string(c.field) + ": ", 0), 0u)
        << c.what << ": " << s.error().message;
  }
}

TEST(ValidatePlan, MessagesSayTheRangeAndTheValue) {
  Plan p = one_hour();
  p.price = Kes{0};
  EXPECT_EQ(validate_plan(p).error().message,
            "price: must be between KES 1 and KES 250,000 (got 0)");
  p = one_hour();
  p.time_allowance = Seconds(30);
  EXPECT_EQ(validate_plan(p).error().message,
            "time_allowance: must be between 1 minute and 366 days (got 30s)");
  p = one_hour();
  p.shared_devices = 40;
  EXPECT_EQ(validate_plan(p).error().message, "shared_devices: must be between 1 and 32 (got 40)");
  p = one_hour();
  p.name = std::string(70, 'n');
  EXPECT_EQ(validate_plan(p).error().message, "name: must be at most 64 characters (got 70)");
}

TEST(RouterOsRateLimit, UploadSlashDownload) {
  Plan p = one_hour();
  EXPECT_EQ(routeros_rate_limit(p), "2M/5M");
  p.upload_bps = 512'000;
  p.download_bps = 1'500'000;
  EXPECT_EQ(routeros_rate_limit(p), "512k/1500k");
  p.upload_bps = 0;
  EXPECT_EQ(routeros_rate_limit(p), "0/1500k");  // RouterOS: 0 is unlimited
  p.download_bps = 0;
  EXPECT_EQ(routeros_rate_limit(p), "");
}

TEST(DescribeAllowance, OneLineForPeople) {
  Plan p = one_hour();
  EXPECT_EQ(describe_allowance(p), "1 hour, 2M/5M, 1 device");
  p.data_allowance_bytes = 500 * kMiB;
  EXPECT_EQ(describe_allowance(p), "1 hour, 500 MB, 2M/5M, 1 device");
  p.time_allowance.reset();
  p.data_allowance_bytes = 1024 * kMiB;
  p.upload_bps = p.download_bps = 0;
  p.shared_devices = 3;
  EXPECT_EQ(describe_allowance(p), "1 GB, 3 devices");
  p = one_hour();
  p.validity = ValidityMode::connected_time;
  p.upload_bps = 0;
  EXPECT_EQ(describe_allowance(p), "1 hour online, unlimited/5M, 1 device");
}

}  // namespace
}  // namespace hotspot

// What a reload may change, and the demo's plans and description.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "daemon/demo.h"
#include "daemon/reload.h"
#include "tests/daemon/temp_dir.h"

namespace hotspot::daemon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(CompareConfigs, NothingChanged) {
  const ReloadChanges c = compare_configs(Config{}, Config{});
  EXPECT_TRUE(c.empty());
  EXPECT_EQ(describe_reload("/etc/h.json", c), "config reloaded from /etc/h.json: no change applied");
  EXPECT_FALSE(describe_restart_needed(c));
}

TEST(CompareConfigs, LogLevelIsLiveTheRestWaitsForARestart) {
  Config loaded;
  loaded.log_level = LogLevel::debug;
  loaded.data_dir = "/srv/other";
  loaded.portal.port = 80;
  loaded.dashboard.address = "192.168.88.2";
  loaded.mpesa_callbacks.port = 9443;
  const ReloadChanges c = compare_configs(Config{}, loaded);
  EXPECT_THAT(c.applied, ElementsAre("log_level info -> debug"));
  EXPECT_THAT(c.restart_needed,
              ElementsAre("data_dir /var/lib/hotspot-edge -> /srv/other",
                          "portal 0.0.0.0:8080 -> 0.0.0.0:80",
                          "dashboard 127.0.0.1:8081 -> 192.168.88.2:8081",
                          "mpesa_callbacks 127.0.0.1:8082 -> 127.0.0.1:9443"));
  EXPECT_EQ(describe_reload("h.json", c), "config reloaded from h.json: applied log_level info -> debug");
  EXPECT_THAT(*describe_restart_needed(c), HasSubstr("not applied until hotspotd restarts: data_dir"));
}

TEST(ApplyLiveSettings, TakesOnlyTheLiveFields) {
  Config loaded;
  loaded.log_level = LogLevel::error;
  loaded.data_dir = "/srv/other";
  loaded.portal.port = 80;
  const Config next = apply_live_settings(Config{}, loaded);
  EXPECT_EQ(next.log_level, LogLevel::error);
  EXPECT_EQ(next.data_dir, Config{}.data_dir);
  EXPECT_EQ(next.portal, Config{}.portal);
  // Compared with what runs, the pending change is still reported on the next reload.
  EXPECT_EQ(compare_configs(next, loaded).restart_needed.size(), 2u);
}

TEST(LoadEffectiveConfig, DataDirOverrideWinsOverTheFile) {
  testing::TempDir dir;
  auto path = dir.write("h.json", R"({"data_dir": "/srv/file"})");
  auto plain = load_effective_config(path, std::nullopt);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->data_dir, "/srv/file");
  auto overridden = load_effective_config(path, std::filesystem::path("/srv/flag"));
  ASSERT_TRUE(overridden);
  EXPECT_EQ(overridden->data_dir, "/srv/flag");
}

TEST(LoadEffectiveConfig, FileErrorsPassThrough) {
  testing::TempDir dir;
  auto path = dir.write("h.json", "{\"log_level\": 1}");
  auto c = load_effective_config(path, std::filesystem::path("/srv/flag"));
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("log_level: must be one of"));
}

TEST(DemoPlans, AreValidDistinctAndCoverEachKindOfPlan) {
  const auto plans = demo_plans();
  ASSERT_GE(plans.size(), 4u);
  std::set<std::string> names;
  bool data_only = false;
  bool connected_time = false;
  for (const Plan& p : plans) {
    const Status valid = validate_plan(p);
    EXPECT_TRUE(valid) << p.name << ": " << (valid ? "" : valid.error().message);
    names.insert(p.name);
    data_only |= (p.data_allowance_bytes && !p.time_allowance);
    connected_time |= (p.validity == ValidityMode::connected_time);
  }
  EXPECT_EQ(names.size(), plans.size());
  EXPECT_TRUE(data_only);
  EXPECT_TRUE(connected_time);
  EXPECT_EQ(plans.front().name, "1 Hour");
  EXPECT_EQ(plans.front().price, Kes{10});
  EXPECT_EQ(routeros_rate_limit(plans.front()), "2M/5M");
}

TEST(DemoDirectory, IsCreatedUnderTmpdirAndRemovedWithItsContents) {
  testing::TempDir base;
  const char* saved = std::getenv("TMPDIR");
  const std::string restore = saved ? saved : "";
  ::setenv("TMPDIR", base.path().c_str(), 1);
  std::filesystem::path made;
  {
    auto dir = DemoDirectory::create();
    ASSERT_TRUE(dir) << dir.error().message;
    made = dir->path();
    EXPECT_EQ(made.parent_path(), base.path());
    EXPECT_THAT(made.filename().string(), ::testing::StartsWith("hotspot-demo-"));
    std::filesystem::create_directories(made / "sub");
    testing::TempDir::write_to(made / "sub" / "hotspot.db", "books");
    DemoDirectory moved(std::move(*dir));
    EXPECT_EQ(moved.path(), made);
  }
  EXPECT_FALSE(std::filesystem::exists(made));
  if (saved) {
    ::setenv("TMPDIR", restore.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
}

TEST(DemoDirectory, ReportsAnUnusableTmpdir) {
  const char* saved = std::getenv("TMPDIR");
  const std::string restore = saved ? saved : "";
  ::setenv("TMPDIR", "/nonexistent/hotspot-test", 1);
  auto dir = DemoDirectory::create();
  ASSERT_FALSE(dir);
  EXPECT_THAT(dir.error().message, HasSubstr("cannot create a demo directory under /nonexistent"));
  if (saved) {
    ::setenv("TMPDIR", restore.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
}

TEST(EndpointUrl, BracketsIpv6) {
  EXPECT_EQ(endpoint_url({"192.168.88.2", 8080}), "http://192.168.88.2:8080/");
  EXPECT_EQ(endpoint_url({"::1", 8081}), "http://[::1]:8081/");
}

TEST(DescribeDemo, SaysWhereItIsWhatItHoldsAndHowToTryIt) {
  DemoSummary s;
  s.data_dir = "/tmp/hotspot-demo-abc";
  s.database = "/tmp/hotspot-demo-abc/hotspot.db";
  s.schema_version = 3;
  s.plans = demo_plans();
  s.portal_port = 39123;
  s.voucher_plan = "1 Hour";
  s.voucher_codes = {"ABCDEFGH", "23456789"};
  const std::string text = describe_demo(s);
  EXPECT_THAT(text, HasSubstr("Data directory:  /tmp/hotspot-demo-abc (removed when"));
  EXPECT_THAT(text, HasSubstr("/tmp/hotspot-demo-abc/hotspot.db (schema version 3)"));
  EXPECT_THAT(text, HasSubstr("Plans on sale (5)"));
  EXPECT_THAT(text, HasSubstr("1 Hour"));
  EXPECT_THAT(text, HasSubstr("KES 10 "));
  EXPECT_THAT(text, HasSubstr("KES 250"));
  EXPECT_THAT(text, HasSubstr("counts only time online"));
  EXPECT_THAT(text, HasSubstr("http://0.0.0.0:39123/  (every address of this machine)"));
  EXPECT_THAT(text, HasSubstr("http://127.0.0.1:39123/?mac=02:00:00:00:00:01&ip=10.5.50.10"));
  EXPECT_THAT(text, HasSubstr("ABCD-EFGH 2345-6789"));
  EXPECT_THAT(text, HasSubstr("http://127.0.0.1:8081/"));
  EXPECT_THAT(text, HasSubstr("dashboard"));
  EXPECT_THAT(text, HasSubstr("Ctrl-C"));
  EXPECT_THAT(text, Not(HasSubstr("\t")));
}

}  // namespace
}  // namespace hotspot::daemon

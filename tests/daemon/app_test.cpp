// The lifecycle in-process, with systemd replaced by a recorder and the real books in a
// temporary directory. Every wait has a deadline; a hung App aborts the suite instead of
// hanging it.

#include "daemon/app.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "daemon/testutils/capturing_levelled_logger.h"
#include "daemon/testutils/fake_service_manager.h"
#include "storage/plans.h"
#include "storage/store.h"
#include "tests/daemon/temp_dir.h"

namespace hotspot::daemon {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using testing::CapturingLevelledLogger;
using testing::FakeServiceManager;
using testing::TempDir;

// Runs App::run() on its own thread, as main() would on the main thread.
class AppRunner {
 public:
  AppRunner(AppOptions options, LevelledLogger& log, ServiceManager& service)
      : app_(std::move(options), log, clock_, service, out_) {
    thread_ = std::thread([this] {
      code_ = app_.run();
      done_.set_value();
    });
  }
  ~AppRunner() {
    if (thread_.joinable()) {
      app_.request_stop();
      join();
    }
  }
  App& app() { return app_; }

  int join(std::chrono::seconds limit = 20s) {
    std::future<void> done = done_.get_future();
    if (done.wait_for(limit) == std::future_status::timeout) {
      ADD_FAILURE() << "App::run() did not return within " << limit.count() << " s";
      app_.request_stop();
      if (done.wait_for(5s) == std::future_status::timeout) {
        std::fputs("App::run() hung even after a stop request; aborting\n", stderr);
        std::abort();
      }
    }
    thread_.join();
    return code_;
  }
  // Only after join(), or after READY=1 (the demo summary is written before it).
  std::string out() const { return out_.str(); }

 private:
  SystemClock clock_;
  std::ostringstream out_;
  App app_;
  std::promise<void> done_;
  std::thread thread_;
  int code_ = -1;
};

class AppTest : public ::testing::Test {
 protected:
  AppOptions options_for(const std::string& config_text) {
    AppOptions o;
    config_path_ = dir_.write("hotspotd.json", config_text);
    auto config = load_config(config_path_);
    EXPECT_TRUE(config) << config.error().message;
    if (config) o.config = *config;
    o.config_path = config_path_;
    return o;
  }
  std::string books_config() const {
    return R"({"data_dir": ")" + (dir_ / "books").string() + R"("})";
  }

  TempDir dir_;
  std::filesystem::path config_path_;
  CapturingLevelledLogger log_{LogLevel::info};
};

TEST_F(AppTest, StartsReadyPingsTheWatchdogAndStopsCleanly) {
  FakeServiceManager service(100ms);
  AppRunner runner(options_for(books_config()), log_, service);
  ASSERT_TRUE(service.wait_for("READY=1")) << log_.text();
  EXPECT_TRUE(service.wait_for("WATCHDOG=1", 3)) << log_.text();
  EXPECT_THAT(service.messages().front(), HasSubstr("STATUS=books "));
  runner.app().request_stop();
  EXPECT_EQ(runner.join(), kExitOk);
  EXPECT_EQ(service.count("STOPPING=1"), 1u);
  EXPECT_TRUE(log_.contains("DAEMON_STARTED"));
  EXPECT_TRUE(log_.contains("DAEMON_WATCHDOG_ON"));
  EXPECT_TRUE(log_.contains("DAEMON_STOPPING"));
  EXPECT_TRUE(log_.contains("DAEMON_STOPPED"));
  EXPECT_TRUE(std::filesystem::exists(dir_ / "books" / "hotspot.db"));
}

TEST_F(AppTest, WithoutAWatchdogNothingIsPinged) {
  FakeServiceManager service(std::nullopt);
  AppRunner runner(options_for(books_config()), log_, service);
  ASSERT_TRUE(service.wait_for("READY=1"));
  std::this_thread::sleep_for(200ms);
  runner.app().request_stop();
  EXPECT_EQ(runner.join(), kExitOk);
  EXPECT_EQ(service.count("WATCHDOG=1"), 0u);
}

TEST_F(AppTest, WithholdsPingsWhileTheBooksDoNotAnswer) {
  FakeServiceManager service(40ms);
  std::atomic<bool> healthy{true};
  AppOptions options = options_for(books_config());
  options.health_probe = [&](storage::Store&) -> Status {
    if (healthy) return {};
    return make_error(Errc::unavailable, "database is locked");
  };
  AppRunner runner(std::move(options), log_, service);
  ASSERT_TRUE(service.wait_for("WATCHDOG=1", 2));
  healthy = false;
  ASSERT_TRUE(service.wait_for("STATUS=Unhealthy: database is locked"));
  const std::size_t pings = service.count("WATCHDOG=1");
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(service.count("WATCHDOG=1"), pings) << "pinged while unhealthy";
  EXPECT_EQ(log_.count("DAEMON_UNHEALTHY"), 1u) << "logged once, not on every tick";
  healthy = true;
  EXPECT_TRUE(service.wait_for("WATCHDOG=1", pings + 2));
  EXPECT_TRUE(log_.contains("DAEMON_HEALTHY"));
  runner.app().request_stop();
  EXPECT_EQ(runner.join(), kExitOk);
}

TEST_F(AppTest, ASlowProbeWithholdsPingsWithoutHoldingTheLoop) {
  FakeServiceManager service(40ms);
  std::atomic<bool> slow{false};
  AppOptions options = options_for(books_config());
  options.health_probe = [&](storage::Store&) -> Status {
    if (slow) std::this_thread::sleep_for(300ms);  // a commit stuck behind a slow disk
    return {};
  };
  AppRunner runner(std::move(options), log_, service);
  ASSERT_TRUE(service.wait_for("WATCHDOG=1", 2));
  slow = true;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!log_.contains("DAEMON_UNHEALTHY") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_THAT(log_.last_message("DAEMON_UNHEALTHY"), HasSubstr("the books did not answer within"));
  // The loop still serves: a reload is answered while the probe sleeps.
  runner.app().request_reload();
  ASSERT_TRUE(service.wait_for("RELOADING=1"));
  slow = false;
  EXPECT_TRUE(service.wait_for("WATCHDOG=1", service.count("WATCHDOG=1") + 2));
  runner.app().request_stop();
  EXPECT_EQ(runner.join(), kExitOk);
}

TEST_F(AppTest, AHandlerThatThrowsStopsTheDaemonWithAnInternalError) {
  FakeServiceManager service(20ms);
  AppOptions options = options_for(books_config());
  options.health_probe = [](storage::Store&) -> Status { throw std::runtime_error("boom"); };
  AppRunner runner(std::move(options), log_, service);
  EXPECT_EQ(runner.join(), kExitInternal);
  EXPECT_THAT(log_.last_message("DAEMON_HANDLER_FAILED"), HasSubstr("watchdog failed: boom"));
  EXPECT_EQ(service.count("STOPPING=1"), 1u);
}

TEST_F(AppTest, ReloadAppliesTheLogLevelAndRejectsABrokenFile) {
  FakeServiceManager service;
  AppRunner runner(options_for(books_config()), log_, service);
  ASSERT_TRUE(service.wait_for("READY=1"));

  dir_.write("hotspotd.json", "{\"log_level\": \"shouty\"}");
  runner.app().request_reload();
  ASSERT_TRUE(service.wait_for("RELOADING=1"));
  ASSERT_TRUE(service.wait_for("READY=1", 2));
  EXPECT_THAT(log_.last_message("DAEMON_RELOAD_REJECTED"),
              HasSubstr("kept the running config; " + config_path_.string() + ":1:15: log_level"));
  EXPECT_EQ(log_.level(), LogLevel::info);

  dir_.write("hotspotd.json", R"({"log_level": "debug", "data_dir": ")" +
                                  (dir_ / "books").string() + R"(", "portal": {"port": 80}})");
  runner.app().request_reload();
  ASSERT_TRUE(service.wait_for("READY=1", 3));
  EXPECT_EQ(log_.level(), LogLevel::debug);
  EXPECT_THAT(log_.last_message("DAEMON_RELOADED"), HasSubstr("applied log_level info -> debug"));
  EXPECT_THAT(log_.last_message("DAEMON_RELOAD_NEEDS_RESTART"),
              HasSubstr("portal 0.0.0.0:8080 -> 0.0.0.0:80"));
  runner.app().request_stop();
  EXPECT_EQ(runner.join(), kExitOk);
  EXPECT_EQ(runner.app().config().portal.port, 8080) << "a restart-only setting changed live";
  EXPECT_EQ(runner.app().config().log_level, LogLevel::debug);
}

TEST_F(AppTest, RaisingTheLevelPastInfoStillRecordsTheReload) {
  FakeServiceManager service;
  AppRunner runner(options_for(books_config()), log_, service);
  ASSERT_TRUE(service.wait_for("READY=1"));
  dir_.write("hotspotd.json", R"({"log_level": "error", "data_dir": ")" +
                                  (dir_ / "books").string() + R"("})");
  runner.app().request_reload();
  ASSERT_TRUE(service.wait_for("READY=1", 2));
  EXPECT_THAT(log_.last_message("DAEMON_RELOADED"), HasSubstr("info -> error"));
  runner.app().request_stop();
  EXPECT_EQ(runner.join(), kExitOk);
}

TEST_F(AppTest, BooksThatCannotOpenAreExitThreeBeforeReady) {
  FakeServiceManager service(100ms);
  dir_.write("not-a-dir", "x");
  AppRunner runner(options_for(R"({"data_dir": ")" + (dir_ / "not-a-dir").string() + R"("})"),
                   log_, service);
  EXPECT_EQ(runner.join(), kExitStore);
  EXPECT_EQ(service.count("READY=1"), 0u);
  EXPECT_THAT(log_.last_message("DAEMON_STORE_OPEN_FAILED"),
              HasSubstr("cannot open the books in " + (dir_ / "not-a-dir").string()));
}

TEST_F(AppTest, DemoSeedsPlansAndDescribesThem) {
  FakeServiceManager service;
  AppOptions options;
  options.config.data_dir = dir_ / "demo";
  options.demo = true;
  AppRunner runner(std::move(options), log_, service);
  ASSERT_TRUE(service.wait_for("READY=1"));
  runner.app().request_reload();  // nothing to reload without a file; must not fail
  runner.app().request_stop();
  EXPECT_EQ(runner.join(), kExitOk);
  EXPECT_TRUE(log_.contains("DAEMON_RELOAD_SKIPPED"));
  EXPECT_THAT(runner.out(), HasSubstr("Plans on sale (5)"));
  EXPECT_THAT(runner.out(), HasSubstr("Weekly"));

  SystemClock clock;
  auto store = storage::Store::open({dir_ / "demo", false}, clock, log_);
  ASSERT_TRUE(store) << store.error().message;
  auto plans = (*store)->plans().list();
  ASSERT_TRUE(plans);
  EXPECT_EQ(plans->size(), 5u);
}

}  // namespace
}  // namespace hotspot::daemon

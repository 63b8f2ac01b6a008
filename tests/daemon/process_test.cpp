// The real hotspotd binary, as systemd runs it: notifications on $NOTIFY_SOCKET, a watchdog,
// signals, and a damaged database. Every wait has a deadline; a child that overruns is killed
// by DaemonProcess's destructor and the test fails.

#include <signal.h>
#include <sys/stat.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <string>
#include <thread>

#include "storage/store.h"
#include "tests/daemon/daemon_process.h"
#include "tests/daemon/notify_socket.h"
#include "tests/daemon/temp_dir.h"

namespace hotspot::daemon {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using testing::DaemonProcess;
using testing::NotifySocket;
using testing::TempDir;
using Deadline = std::chrono::steady_clock::time_point;

// Generous: a sanitized binary on a shared two-core machine can take seconds to start.
Deadline deadline(std::chrono::seconds s = 20s) { return std::chrono::steady_clock::now() + s; }

class ProcessTest : public ::testing::Test {
 protected:
  ProcessTest() : notify_(dir_ / "notify.sock") {}

  std::filesystem::path write_config(const std::string& log_level = "info") {
    return dir_.write("hotspotd.json", R"({"data_dir": ")" + (dir_ / "books").string() +
                                           R"(", "log_level": ")" + log_level + "\"}");
  }
  testing::ProcessSpec spec(std::vector<std::string> args, bool watchdog = true) {
    testing::ProcessSpec s;
    s.args = std::move(args);
    s.env["NOTIFY_SOCKET"] = notify_.path().string();
    if (watchdog) {
      s.env["WATCHDOG_USEC"] = "200000";
      s.watchdog_pid_is_child = true;
    }
    s.output_dir = dir_.path();
    return s;
  }
  // Fails the test (with what the daemon said) unless `assignment` arrives in time.
  void expect_notification(DaemonProcess& d, const std::string& assignment) {
    EXPECT_TRUE(notify_.wait_for(assignment, deadline()))
        << "no " << assignment << "; received " << notify_.transcript() << "\nstderr:\n"
        << d.err();
  }

  void expect_damaged_books_refused(const std::string& content);

  TempDir dir_;
  NotifySocket notify_;
};

TEST_F(ProcessTest, ReadyThenWatchdogPingsThenStoppingAndExitZeroOnSigterm) {
  DaemonProcess d(spec({"--config", write_config().string()}));
  expect_notification(d, "READY=1");
  const std::string ready = notify_.received().back();
  EXPECT_THAT(ready, HasSubstr("STATUS=books " + (dir_ / "books" / "hotspot.db").string()));
  for (int i = 0; i < 3; ++i) expect_notification(d, "WATCHDOG=1");

  d.send(SIGTERM);
  expect_notification(d, "STOPPING=1");
  const auto code = d.wait_exit(deadline(10s));
  ASSERT_TRUE(code) << "still running 10 s after SIGTERM";
  EXPECT_EQ(*code, 0) << d.err();
  for (const char* id : {"DAEMON_STARTED", "DAEMON_WATCHDOG_ON", "DAEMON_STOPPING: stopping on SIGTERM",
                         "DAEMON_STOPPED: stopped cleanly"}) {
    EXPECT_THAT(d.err(), HasSubstr(id));
  }
}

TEST_F(ProcessTest, SigintStopsCleanlyToo) {
  DaemonProcess d(spec({"--config", write_config().string()}, /*watchdog=*/false));
  expect_notification(d, "READY=1");
  d.send(SIGINT);
  const auto code = d.wait_exit(deadline(10s));
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 0) << d.err();
  EXPECT_THAT(d.err(), HasSubstr("stopping on SIGINT"));
  EXPECT_EQ(notify_.count("WATCHDOG=1"), 0u) << "pinged without a watchdog";
}

TEST_F(ProcessTest, AWatchdogMeantForAnotherProcessIsIgnored) {
  testing::ProcessSpec s = spec({"--config", write_config().string()}, /*watchdog=*/false);
  s.env["WATCHDOG_USEC"] = "200000";
  s.env["WATCHDOG_PID"] = "1";
  DaemonProcess d(s);
  expect_notification(d, "READY=1");
  EXPECT_FALSE(notify_.wait_for("WATCHDOG=1", deadline(1s)));
  d.send(SIGTERM);
  EXPECT_EQ(d.wait_exit(deadline(10s)), 0);
}

TEST_F(ProcessTest, SighupReloadsAtomically) {
  const auto config = write_config();
  DaemonProcess d(spec({"--config", config.string()}));
  expect_notification(d, "READY=1");

  dir_.write("hotspotd.json", "{\n  \"log_level\": \"debug\",\n  \"portal\": {\"port\": \"80a\"}\n}\n");
  d.send(SIGHUP);
  expect_notification(d, "RELOADING=1");
  expect_notification(d, "READY=1");
  ASSERT_TRUE(d.wait_for_err("DAEMON_RELOAD_REJECTED", deadline())) << d.err();
  EXPECT_THAT(d.err(), HasSubstr("kept the running config; " + config.string() +
                                 ":3:22: portal.port: must be an integer from 1 to 65535"));
  EXPECT_THAT(d.err(), Not(HasSubstr("DAEMON_RELOADED")));
  // Still alive and healthy under the old config.
  expect_notification(d, "WATCHDOG=1");
  EXPECT_TRUE(d.running());

  write_config("debug");
  d.send(SIGHUP);
  ASSERT_TRUE(d.wait_for_err("DAEMON_RELOADED", deadline())) << d.err();
  EXPECT_THAT(d.err(), HasSubstr("applied log_level info -> debug"));
  expect_notification(d, "READY=1");

  d.send(SIGTERM);
  EXPECT_EQ(d.wait_exit(deadline(10s)), 0) << d.err();
}

TEST_F(ProcessTest, SighupWithARestartOnlyChangeSaysSo) {
  DaemonProcess d(spec({"--config", write_config().string()}, false));
  expect_notification(d, "READY=1");
  dir_.write("hotspotd.json", R"({"data_dir": ")" + (dir_ / "elsewhere").string() + "\"}");
  d.send(SIGHUP);
  ASSERT_TRUE(d.wait_for_err("DAEMON_RELOAD_NEEDS_RESTART", deadline())) << d.err();
  EXPECT_THAT(d.err(), HasSubstr("data_dir " + (dir_ / "books").string() + " -> "));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "elsewhere"));
  d.send(SIGTERM);
  EXPECT_EQ(d.wait_exit(deadline(10s)), 0);
}

// Under systemd, stderr is the stream named in $JOURNAL_STREAM: lines then carry sd-daemon
// priorities so that journald records levels, and no timestamp of their own.
TEST_F(ProcessTest, WritesJournaldPrioritiesWhenStderrIsTheJournalStream) {
  const auto err_file = dir_.write("stderr.txt", "");
  struct stat st {};
  ASSERT_EQ(::stat(err_file.c_str(), &st), 0);
  testing::ProcessSpec s = spec({"--config", write_config("debug").string()}, false);
  s.env["JOURNAL_STREAM"] = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  DaemonProcess d(s);
  expect_notification(d, "READY=1");
  d.send(SIGTERM);
  EXPECT_EQ(d.wait_exit(deadline(10s)), 0) << d.err();
  const std::string err = d.err();
  EXPECT_THAT(err, HasSubstr("<6>info daemon DAEMON_STARTED: "));
  EXPECT_THAT(err, HasSubstr("<7>debug "));
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_THAT(line, ::testing::MatchesRegex("<[3467]>(debug|info|warning|error) .*")) << line;
  }
}

// Runs the daemon on books holding `content` and expects it to refuse them.
void ProcessTest::expect_damaged_books_refused(const std::string& content) {
  std::filesystem::create_directories(dir_ / "books");
  const auto db = dir_.write("books/hotspot.db", content);
  DaemonProcess d(spec({"--config", write_config().string()}));
  const auto code = d.wait_exit(deadline());
  ASSERT_TRUE(code) << "still running with damaged books";
  EXPECT_EQ(*code, 3);
  const std::string err = d.err();
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_THAT(err, HasSubstr("DAEMON_STORE_OPEN_FAILED: cannot open the books in " +
                             (dir_ / "books").string() + ": "));
  EXPECT_EQ(testing::read_file(db), content) << "the damaged file was changed";
  EXPECT_EQ(notify_.count("READY=1"), 0u);
}

TEST_F(ProcessTest, CorruptDatabaseIsExitThreeWithOneLineAndLeftUntouched) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 131 + 7) % 251);
  expect_damaged_books_refused(garbage);
}

TEST_F(ProcessTest, TruncatedDatabaseIsExitThreeWithOneLineAndLeftUntouched) {
  std::string truncated("SQLite format 3", 16);  // a real header, then nothing of substance
  truncated += std::string(3000, '\0');
  expect_damaged_books_refused(truncated);
}

TEST_F(ProcessTest, CheckConfig) {
  const auto good = write_config();
  auto ok = testing::run_hotspotd({"--check-config", "--config", good.string()}, dir_.path());
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(ok.out, "config OK: " + good.string() + "\n");

  const auto bad = dir_.write("bad.json", "{\"portl\": {}}");
  auto rejected = testing::run_hotspotd({"--check-config", "--config", bad.string()}, dir_.path());
  EXPECT_EQ(rejected.code, 1);
  EXPECT_EQ(rejected.err,
            bad.string() + ":1:2: unknown key 'portl' (did you mean 'portal'?)\n");

  auto missing = testing::run_hotspotd(
      {"--check-config", "--config", (dir_ / "none.json").string()}, dir_.path());
  EXPECT_EQ(missing.code, 1);
  EXPECT_THAT(missing.err, StartsWith((dir_ / "none.json").string() + ": cannot open"));

  auto usage = testing::run_hotspotd({"--check-config", "--nonsense"}, dir_.path());
  EXPECT_EQ(usage.code, 2);
  EXPECT_THAT(usage.err, HasSubstr("Try 'hotspotd --help'"));
}

TEST_F(ProcessTest, VersionAndHelp) {
  auto version = testing::run_hotspotd({"--version"}, dir_.path());
  EXPECT_EQ(version.code, 0);
  EXPECT_THAT(version.out, StartsWith("hotspotd "));
  auto help = testing::run_hotspotd({"--help"}, dir_.path());
  EXPECT_EQ(help.code, 0);
  EXPECT_THAT(help.out, HasSubstr("--demo"));
}

TEST_F(ProcessTest, DemoRunsOnATemporaryDirectoryAndRemovesIt) {
  testing::ProcessSpec s = spec({"--demo"}, false);
  s.env["TMPDIR"] = dir_.path().string();
  DaemonProcess d(s);
  expect_notification(d, "READY=1");
  ASSERT_TRUE(d.wait_for_out("Press Ctrl-C", deadline())) << d.out() << d.err();
  const std::string out = d.out();
  EXPECT_THAT(out, HasSubstr("Data directory:  " + dir_.path().string() + "/hotspot-demo-"));
  EXPECT_THAT(out, HasSubstr("KES 10 "));
  EXPECT_THAT(out, HasSubstr("Provider dashboard:  http://127.0.0.1:"));
  EXPECT_THAT(out, HasSubstr("sign in as owner, password "));
  std::filesystem::path demo_dir;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    if (entry.path().filename().string().starts_with("hotspot-demo-")) demo_dir = entry.path();
  }
  ASSERT_FALSE(demo_dir.empty());
  EXPECT_TRUE(std::filesystem::exists(storage::database_path(demo_dir)));

  d.send(SIGINT);
  EXPECT_EQ(d.wait_exit(deadline(10s)), 0) << d.err();
  EXPECT_FALSE(std::filesystem::exists(demo_dir)) << "the demo left its directory behind";
  EXPECT_THAT(d.out(), HasSubstr("Demo stopped; removed " + demo_dir.string()));
}

}  // namespace
}  // namespace hotspot::daemon

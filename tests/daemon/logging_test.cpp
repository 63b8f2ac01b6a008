#include "daemon/logging.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <atomic>
#include <thread>
#include <vector>

#include "core/testutils/fake_clock.h"
#include "daemon/testutils/capturing_levelled_logger.h"

namespace hotspot::daemon {
namespace {

using ::testing::HasSubstr;

TEST(JournaldPrefix, MapsLevelsToSdDaemonPriorities) {
  EXPECT_EQ(journald_priority_prefix(LogLevel::error), "<3>");
  EXPECT_EQ(journald_priority_prefix(LogLevel::warning), "<4>");
  EXPECT_EQ(journald_priority_prefix(LogLevel::info), "<6>");
  EXPECT_EQ(journald_priority_prefix(LogLevel::debug), "<7>");
}

TEST(UtcTimestamp, HasMillisecondsAndAZone) {
  const WallTime t = from_unix_seconds(1'767'225'600) + std::chrono::milliseconds(42);
  EXPECT_EQ(format_utc_timestamp(t), "2026-01-01T00:00:00.042Z");
}

TEST(StderrLine, ForJournaldCarriesThePriorityAndNoTime) {
  const std::string line = format_stderr_line(LogLevel::warning, "daemon", "DAEMON_X", "two\nlines",
                                              true, from_unix_seconds(0));
  EXPECT_EQ(line, "<4>warning daemon DAEMON_X: two\\nlines\n");
}

TEST(StderrLine, ElsewhereStartsWithTheTime) {
  const std::string line = format_stderr_line(LogLevel::info, "daemon", "DAEMON_STARTED", "hi",
                                              false, from_unix_seconds(1'767'225'600));
  EXPECT_EQ(line, "2026-01-01T00:00:00.000Z info daemon DAEMON_STARTED: hi\n");
}

// Reads everything written to the pipe so far.
std::string drain(int fd) {
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, n);
  return text;
}

class PipeLoggerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::pipe(fds_), 0);
    // Only the reading end: the logger's writes must block, as they do on a real stderr.
    ASSERT_EQ(::fcntl(fds_[0], F_SETFL, O_NONBLOCK), 0);
  }
  void TearDown() override {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  int fds_[2] = {-1, -1};
  hotspot::testing::FakeClock clock_;
};

TEST_F(PipeLoggerTest, HelpersFilterByLevelAndTheLevelCanChange) {
  StderrLogger log(LogLevel::info, clock_, fds_[1], /*journald=*/true);
  log.debug("daemon", "HIDDEN", "x");
  log.info("daemon", "SHOWN", "y");
  log.set_level(LogLevel::debug);
  EXPECT_EQ(log.level(), LogLevel::debug);
  log.debug("daemon", "NOW_SHOWN", "z");
  log.set_level(LogLevel::error);
  log.warning("daemon", "HIDDEN_AGAIN", "w");
  EXPECT_EQ(drain(fds_[0]), "<6>info daemon SHOWN: y\n<7>debug daemon NOW_SHOWN: z\n");
}

TEST_F(PipeLoggerTest, ConcurrentWritersNeverInterleaveLines) {
  StderrLogger log(LogLevel::debug, clock_, fds_[1], false);
  // Longer than PIPE_BUF, so the kernel may split each write; the logger's lock must not.
  const std::string payload(6000, 'p');
  std::vector<std::thread> threads;
  std::string collected;
  std::atomic<bool> done{false};
  std::thread reader([&] {
    while (!done.load()) collected += drain(fds_[0]);
    collected += drain(fds_[0]);
  });
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) log.info("t" + std::to_string(t), "ID", payload);
    });
  }
  for (auto& th : threads) th.join();
  done = true;
  reader.join();
  std::istringstream lines(collected);
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    ASSERT_THAT(line, ::testing::MatchesRegex("[-0-9T:.]+Z info t[0-3] ID: p+")) << "line " << count;
    ASSERT_THAT(line, ::testing::EndsWith(" ID: " + payload)) << "line " << count;
  }
  EXPECT_EQ(count, 200);
}

TEST(JournalStream, RecognisesOnlyTheAnnouncedFile) {
  const char* saved = std::getenv("JOURNAL_STREAM");
  const std::string restore = saved ? saved : "";
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  struct stat st {};
  ASSERT_EQ(::fstat(fds[1], &st), 0);
  const std::string mine = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);

  ::unsetenv("JOURNAL_STREAM");
  EXPECT_FALSE(fd_is_journal_stream(fds[1]));
  ::setenv("JOURNAL_STREAM", mine.c_str(), 1);
  EXPECT_TRUE(fd_is_journal_stream(fds[1]));
  EXPECT_FALSE(fd_is_journal_stream(fds[0] + 1000)) << "a closed descriptor";
  ::setenv("JOURNAL_STREAM", "garbage", 1);
  EXPECT_FALSE(fd_is_journal_stream(fds[1]));
  ::setenv("JOURNAL_STREAM", (std::to_string(st.st_dev) + ":1").c_str(), 1);
  EXPECT_FALSE(fd_is_journal_stream(fds[1])) << "stderr redirected elsewhere";

  if (saved) {
    ::setenv("JOURNAL_STREAM", restore.c_str(), 1);
  } else {
    ::unsetenv("JOURNAL_STREAM");
  }
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(CapturingLevelledLogger, RecordsAndFilters) {
  testing::CapturingLevelledLogger log(LogLevel::warning);
  log.info("m", "DROPPED", "x");
  log.error("m", "KEPT", "y");
  log.set_level(LogLevel::debug);
  log.debug("m", "KEPT", "z");
  EXPECT_EQ(log.count("KEPT"), 2u);
  EXPECT_FALSE(log.contains("DROPPED"));
  EXPECT_EQ(log.last_message("KEPT"), "z");
  EXPECT_THAT(log.text(), HasSubstr("error m KEPT: y"));
}

}  // namespace
}  // namespace hotspot::daemon

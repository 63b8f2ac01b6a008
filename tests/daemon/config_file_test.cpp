// Reading the config file: each way a path can be wrong gets one message that starts with it.

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/config.h"
#include "tests/daemon/temp_dir.h"

namespace hotspot::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::TempDir;

TEST(LoadConfig, ReadsAGoodFile) {
  TempDir dir;
  auto path = dir.write("hotspotd.json", R"({"log_level": "warning", "portal": {"port": 80}})");
  auto c = load_config(path);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->log_level, LogLevel::warning);
  EXPECT_EQ(c->portal.port, 80);
}

TEST(LoadConfig, MissingFile) {
  TempDir dir;
  auto c = load_config(dir / "absent.json");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, Errc::not_found);
  EXPECT_EQ(c.error().message, (dir / "absent.json").string() +
                                   ": cannot open the config file: No such file or directory");
}

TEST(LoadConfig, Directory) {
  TempDir dir;
  auto c = load_config(dir.path());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, dir.path().string() + ": is a directory, not a config file");
}

TEST(LoadConfig, FifoIsRejectedWithoutBlocking) {
  TempDir dir;
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  auto c = load_config(dir / "fifo");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("fifo: is not a regular file"));
}

TEST(LoadConfig, DeviceIsRejected) {
  auto c = load_config("/dev/null");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "/dev/null: is not a regular file");
}

TEST(LoadConfig, PathThroughAFile) {
  TempDir dir;
  auto file = dir.write("plain", "{}");
  auto c = load_config(file / "hotspotd.json");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, StartsWith(file.string() + "/hotspotd.json: "));
  EXPECT_THAT(c.error().message, HasSubstr("Not a directory"));
}

TEST(LoadConfig, EmptyFile) {
  TempDir dir;
  auto path = dir.write("hotspotd.json", "");
  auto c = load_config(path);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, path.string() + ": the file is empty (write {} to use every default)");
}

TEST(LoadConfig, OversizedFile) {
  TempDir dir;
  auto path = dir.write("huge.json", std::string(kMaxConfigBytes + 1, ' '));
  auto c = load_config(path);
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("huge.json: is larger than 1 MiB"));
}

TEST(LoadConfig, ProblemsInsideTheFileCarryItsPath) {
  TempDir dir;
  auto path = dir.write("hotspotd.json", "{\n  \"portal\": {\"port\": \"80a\"}\n}\n");
  auto c = load_config(path);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message,
            path.string() + ":2:22: portal.port: must be an integer from 1 to 65535 (got \"80a\")");
}

TEST(LoadConfig, EmptyPath) {
  auto c = load_config("");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("the config path is empty"));
}

// Root reads any file, so the check runs in a child that gives up root first.
std::string load_message_as_nobody(const std::filesystem::path& path) {
  int fds[2];
  if (::pipe(fds) != 0) return "pipe failed";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(2);
    auto c = load_config(path);
    const std::string message = c ? "accepted" : c.error().message;
    (void)!::write(fds[1], message.data(), message.size());
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) message.append(buffer, n);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return message;
}

TEST(LoadConfig, UnreadableFile) {
  TempDir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
  auto path = dir.write("hotspotd.json", "{}");
  ASSERT_EQ(::chmod(path.c_str(), 0000), 0);
  EXPECT_EQ(load_message_as_nobody(path),
            path.string() + ": cannot open the config file: Permission denied");
}

}  // namespace
}  // namespace hotspot::daemon

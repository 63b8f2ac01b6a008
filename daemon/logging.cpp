#include "daemon/logging.h"

#include <sys/stat.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace hotspot::daemon {

std::string_view journald_priority_prefix(LogLevel level) {
  switch (level) {
    case LogLevel::error: return SD_ERR;
    case LogLevel::warning: return SD_WARNING;
    case LogLevel::info: return SD_INFO;
    case LogLevel::debug: return SD_DEBUG;
  }
  return SD_INFO;
}

std::string format_utc_timestamp(WallTime time) {
  const auto since_epoch = time.time_since_epoch();
  const auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds);
  const std::time_t t = static_cast<std::time_t>(seconds.count());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[96];  // room for any int the compiler can imagine in each field
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis.count()));
  return buffer;
}

std::string format_stderr_line(LogLevel level, std::string_view module, std::string_view id,
                               std::string_view message, bool journald, WallTime time) {
  std::string line;
  if (journald) {
    line = journald_priority_prefix(level);
  } else {
    line = format_utc_timestamp(time) + " ";
  }
  line += format_log_line(level, module, id, message);
  line += '\n';
  return line;
}

bool fd_is_journal_stream(int fd) {
  const char* announced = std::getenv("JOURNAL_STREAM");
  if (announced == nullptr) return false;
  std::uintmax_t device = 0;
  std::uintmax_t inode = 0;
  if (std::sscanf(announced, "%" SCNuMAX ":%" SCNuMAX, &device, &inode) != 2) return false;
  struct stat st {};
  if (::fstat(fd, &st) != 0) return false;
  return static_cast<std::uintmax_t>(st.st_dev) == device &&
         static_cast<std::uintmax_t>(st.st_ino) == inode;
}

StderrLogger::StderrLogger(LogLevel level, const Clock& clock, int fd, bool journald)
    : level_(level), clock_(clock), fd_(fd), journald_(journald) {}

void StderrLogger::log(LogLevel level, std::string_view module, std::string_view id,
                       std::string_view message) {
  const std::string line =
      format_stderr_line(level, module, id, message, journald_, clock_.wall_now());
  std::lock_guard lock(write_mutex_);
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere left to report it; logging must not take the daemon down
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace hotspot::daemon

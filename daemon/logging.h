#pragma once
// The daemon's log sink: one line per event on stderr. Under systemd, stderr is a journald
// stream; each line then starts with the sd-daemon priority ("<3>" ... "<7>") so that journald
// records the level, and the timestamp is left to journald. Elsewhere each line starts with a
// UTC timestamp instead.

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/log.h"

namespace hotspot::daemon {

// A logger whose threshold can change while the daemon runs (on SIGHUP).
class LevelledLogger : public Logger {
 public:
  virtual void set_level(LogLevel level) = 0;
  virtual LogLevel level() const = 0;
};

// "<3>" for error, "<4>" warning, "<6>" info, "<7>" debug (sd-daemon.h).
std::string_view journald_priority_prefix(LogLevel level);

// "2026-01-01T00:00:00.123Z".
std::string format_utc_timestamp(WallTime time);

// One complete line, newline included. With `journald` the priority prefix replaces the time.
std::string format_stderr_line(LogLevel level, std::string_view module, std::string_view id,
                               std::string_view message, bool journald, WallTime time);

// True when `fd` is the stream systemd announced in $JOURNAL_STREAM ("<device>:<inode>"), as
// systemd.exec(5) recommends: a redirected stderr must not get priority prefixes.
bool fd_is_journal_stream(int fd);

class StderrLogger final : public LevelledLogger {
 public:
  // `fd` is normally 2. `journald` is usually fd_is_journal_stream(fd).
  StderrLogger(LogLevel level, const Clock& clock, int fd = 2, bool journald = false);

  // Writes unconditionally; the Logger helpers (info(), ...) apply the threshold.
  void log(LogLevel level, std::string_view module, std::string_view id,
           std::string_view message) override;
  bool enabled(LogLevel level) const override { return level >= level_.load(); }
  void set_level(LogLevel level) override { level_.store(level); }
  LogLevel level() const override { return level_.load(); }

 private:
  std::atomic<LogLevel> level_;
  const Clock& clock_;
  const int fd_;
  const bool journald_;
  // Lines longer than a pipe's atomic write could interleave between threads without it.
  std::mutex write_mutex_;
};

}  // namespace hotspot::daemon
